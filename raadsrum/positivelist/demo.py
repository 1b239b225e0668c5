"""Demo data for the positive list (called by raadsrum.core.demo.demo_load).

Everything goes through the positive list's services, so the demo passes the same rules and
leaves the same audit trail as real work: job titles and two balances, the consultation's
directory, RAR Nordjylland's 19 courses from 1 October 2020, the current council's list, a
round in consultation with two answers, pool money and two SIRI proposals. Each step first
looks for what it would create, so a second run creates nothing.

What is real and what is synthetic: the 19 courses' split over job titles (9 baker, 7 social
educator, 2 social and health care helper, 1 marketing) and the SIRI evidence range (4–5
pharmacists against 67–79 physiotherapists) come from the council minutes (docs/domain.md);
the DISCO-08 codes are the real codes; the organisation names are real public institutions
with example.org addresses (three course centres are invented). Course numbers, course
titles, balance categories and expected openings, pool amounts and the monthly job-wish
counts within the minutes' ranges are synthetic.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zlib
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.test.utils import override_settings
from django.utils import timezone

from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_municipalities
from raadsrum.positivelist import services
from raadsrum.positivelist.consultation_services import ProposalInput, response_save
from raadsrum.positivelist.list_services import CourseRow, list_version_create
from raadsrum.positivelist.models import (
    BalanceCategory,
    Consultation,
    ConsultationResponse,
    CourseKind,
    DurationUnit,
    Invitation,
    JobTitle,
    LabourMarketBalance,
    Organisation,
    PoolAllocation,
    PositiveListVersion,
    Round,
    RoundJobTitle,
    SupplementaryTitleProposal,
)
from raadsrum.positivelist.pool_services import pool_import
from raadsrum.positivelist.siri_services import (
    supplementary_title_decide,
    supplementary_title_propose,
)

if TYPE_CHECKING:
    from raadsrum.core.demo import DemoReport, DemoUsers

S, P, G, M = (
    BalanceCategory.SHORTAGE,
    BalanceCategory.PARADOX,
    BalanceCategory.GOOD,
    BalanceCategory.POOR,
)

# Title → (DISCO-08, category 2020 H1, category now, expected openings now). Categories and
# openings are synthetic; the codes are DISCO-08's.
JOB_TITLES: dict[str, tuple[str, str, str, int]] = {
    "Bager": ("7512", S, G, 45),
    "Pædagog": ("2342", S, S, 160),
    "Social- og sundhedshjælper": ("5322", S, S, 240),
    "Social- og sundhedsassistent": ("3221", S, S, 190),
    "Marketingkoordinator": ("2431", S, G, 35),
    "Tømrer": ("7115", G, S, 120),
    "Elektriker": ("7411", G, S, 140),
    "Sygeplejerske": ("2221", S, S, 310),
    "Farmaceut": ("2262", S, S, 12),
    "Fysioterapeut": ("2264", G, G, 40),
    "Ergoterapeut": ("2269", G, G, 30),
    "Murer": ("7112", G, S, 60),
    "VVS-montør": ("7126", G, S, 55),
    "Svejser": ("7212", P, S, 50),
    "Industritekniker": ("7223", G, S, 45),
    "Lastbilchauffør": ("8332", P, S, 110),
    "Buschauffør": ("8331", G, S, 70),
    "Kok": ("5120", P, S, 80),
    "Tjener": ("5131", M, P, 60),
    "Rengøringsassistent": ("9112", M, P, 150),
    "Lagerarbejder": ("9333", M, G, 90),
    "Kontorassistent": ("4110", M, M, 25),
    "Bogholder": ("3313", G, G, 40),
    "Salgsassistent": ("5223", M, M, 130),
    "Slagter": ("7511", P, G, 30),
    "Landbrugsmedarbejder": ("6121", P, S, 65),
    "Automekaniker": ("7231", G, S, 50),
    "Maskiningeniør": ("2144", G, G, 30),
    "Softwareudvikler": ("2512", G, S, 70),
    "IT-supporter": ("3512", G, G, 35),
    "Lægesekretær": ("3344", G, P, 30),
    "Tandklinikassistent": ("3251", G, S, 25),
    "Pædagogisk assistent": ("5311", G, G, 60),
    "Folkeskolelærer": ("2341", G, S, 90),
    "Jord- og betonarbejder": ("9312", G, G, 70),
    "Kranfører": ("8343", P, S, 20),
    "Maler": ("7131", M, G, 45),
    "Procesoperatør": ("3133", G, G, 40),
    "Receptionist": ("4226", M, M, 15),
    "Frisør": ("5141", M, M, 20),
    "Fiskeindustriarbejder": ("8160", P, P, 40),
}

ARCHIVE_BALANCE_PERIOD = dt.date(2020, 1, 1)

# (name, kind, e-mail). Real public names; example.org addresses. The last three
# institutions are invented.
INST, JOBC, AKASSE, UNION = (
    Organisation.Kind.INSTITUTION,
    Organisation.Kind.JOB_CENTRE,
    Organisation.Kind.A_KASSE,
    Organisation.Kind.UNION,
)
ORGANISATIONS: tuple[tuple[str, str, str], ...] = (
    ("AMU Nordjylland", INST, "kurser@amu-nordjylland.example.org"),
    ("EUC Nord", INST, "efteruddannelse@eucnord.example.org"),
    ("EUC Nordvest", INST, "kursus@eucnordvest.example.org"),
    ("Tech College Aalborg", INST, "amu@techcollege.example.org"),
    ("SOSU Nord", INST, "efteruddannelse@sosunord.example.org"),
    ("UCN – University College Nordjylland", INST, "videreuddannelse@ucn.example.org"),
    ("Aalborg Universitet", INST, "evu@aau.example.org"),
    ("Aalborg Handelsskole", INST, "kurser@ah.example.org"),
    ("VUC Nordjylland", INST, "kursus@vucnord.example.org"),
    ("Nordjyllands Landbrugsskole", INST, "kurser@nordjyllands-landbrugsskole.example.org"),
    ("Kursuscenter Vendsyssel", INST, "info@kursuscenter-vendsyssel.example.org"),
    ("Himmerland Kursuscenter", INST, "info@himmerland-kursuscenter.example.org"),
    ("Nordjysk Sprog- og Kursuscenter", INST, "info@nordjysk-kursus.example.org"),
    ("3F A-kasse", AKASSE, "nordjylland@3f-akasse.example.org"),
    ("FOA A-kasse", AKASSE, "nordjylland@foa-akasse.example.org"),
    ("HK A-kasse", AKASSE, "nordjylland@hk-akasse.example.org"),
    ("3F Aalborg", UNION, "aalborg@3f.example.org"),
    ("FOA Nordjylland", UNION, "nordjylland@foa.example.org"),
    ("Jobcenter Aalborg", JOBC, "jobcenter@aalborg.example.org"),
    ("Jobcenter Hjørring", JOBC, "jobcenter@hjoerring.example.org"),
)

AMU, ACADEMY = CourseKind.AMU, CourseKind.ACADEMY
DAYS, ECTS = DurationUnit.DAYS, DurationUnit.ECTS

# RAR Nordjylland's 19 courses added from 1 October 2020 (the split over job titles is the
# council's; titles, numbers and durations are synthetic): (title, provider, kind, duration,
# unit, online, job title).
COURSES_2020: tuple[tuple[str, str, str, str, str, bool, str], ...] = (
    ("Hygiejne og egenkontrol i bageriet", "AMU Nordjylland", AMU, "2", DAYS, False, "Bager"),
    ("Bagning af brød med surdej", "AMU Nordjylland", AMU, "3", DAYS, False, "Bager"),
    ("Wienerbrød og lamineret dej", "AMU Nordjylland", AMU, "3", DAYS, False, "Bager"),
    ("Kager og desserter til butik", "EUC Nord", AMU, "5", DAYS, False, "Bager"),
    ("Glutenfri bagning", "EUC Nord", AMU, "2", DAYS, False, "Bager"),
    ("Maskiner og sikkerhed i bageriet", "EUC Nord", AMU, "1", DAYS, False, "Bager"),
    ("Bageriets råvarer og næringsindhold", "AMU Nordjylland", AMU, "2", DAYS, True, "Bager"),
    ("Industriel brødproduktion", "Tech College Aalborg", AMU, "5", DAYS, False, "Bager"),
    ("Kundeservice i bagerbutikken", "AMU Nordjylland", AMU, "1", DAYS, True, "Bager"),
    ("Inklusion i dagtilbud", "UCN", ACADEMY, "10", ECTS, False, "Pædagog"),
    ("Sprogarbejde med børn", "UCN", ACADEMY, "5", ECTS, True, "Pædagog"),
    ("Pædagogisk arbejde med børn med særlige behov", "UCN", ACADEMY, "10", ECTS, False, "Pædagog"),
    ("Konflikthåndtering i pædagogisk arbejde", "UCN", ACADEMY, "5", ECTS, True, "Pædagog"),
    ("Forældresamarbejde", "UCN", ACADEMY, "5", ECTS, True, "Pædagog"),
    ("Leg og læring i udeområder", "SOSU Nord", AMU, "3", DAYS, False, "Pædagog"),
    ("Førstehjælp til børn", "SOSU Nord", AMU, "0.5", DAYS, False, "Pædagog"),
    (
        "Forflytning og ergonomi i hjemmeplejen",
        "SOSU Nord",
        AMU,
        "2",
        DAYS,
        False,
        "Social- og sundhedshjælper",
    ),
    ("Demens og kommunikation", "SOSU Nord", AMU, "3", DAYS, True, "Social- og sundhedshjælper"),
    ("Digital markedsføring", "UCN", ACADEMY, "5", ECTS, True, "Marketingkoordinator"),
)

# The current list: five synthetic courses per job title (title, kind, duration, unit).
CURRENT_COURSES: dict[str, Sequence[tuple[str, str, str, str]]] = {
    "Sygeplejerske": (
        ("Sårpleje", ACADEMY, "5", ECTS),
        ("Akut sygepleje", ACADEMY, "10", ECTS),
        ("Medicinhåndtering", AMU, "3", DAYS),
        ("Palliativ pleje", ACADEMY, "5", ECTS),
        ("Sundhedsfaglig dokumentation", AMU, "2", DAYS),
    ),
    "Social- og sundhedshjælper": (
        ("Forflytning og ergonomi", AMU, "2", DAYS),
        ("Demens og kommunikation", AMU, "3", DAYS),
        ("Rehabilitering i hjemmeplejen", AMU, "5", DAYS),
        ("Hygiejne og smitteforebyggelse", AMU, "1", DAYS),
        ("Velfærdsteknologi i plejen", AMU, "2", DAYS),
    ),
    "Social- og sundhedsassistent": (
        ("Observation af den ældre patient", AMU, "3", DAYS),
        ("Medicinadministration", AMU, "4", DAYS),
        ("Psykiatri for sosu-assistenter", AMU, "5", DAYS),
        ("Tidlig opsporing", AMU, "2", DAYS),
        ("Sårpleje for sosu-assistenter", AMU, "3", DAYS),
    ),
    "Pædagog": (
        ("Inklusion i dagtilbud", ACADEMY, "10", ECTS),
        ("Sprogarbejde med børn", ACADEMY, "5", ECTS),
        ("Konflikthåndtering", ACADEMY, "5", ECTS),
        ("Forældresamarbejde", ACADEMY, "5", ECTS),
        ("Førstehjælp til børn", AMU, "0.5", DAYS),
    ),
    "Tømrer": (
        ("Tagkonstruktioner", AMU, "5", DAYS),
        ("Montage af vinduer og døre", AMU, "3", DAYS),
        ("Stilladsopstilling", AMU, "3", DAYS),
        ("Energirenovering af klimaskærm", AMU, "5", DAYS),
        ("Betjening af teleskoplæsser", AMU, "3", DAYS),
    ),
    "Elektriker": (
        ("Solcelleanlæg, installation", AMU, "5", DAYS),
        ("Ladestandere til elbiler", AMU, "3", DAYS),
        ("Elsikkerhed (L-AUS)", AMU, "2", DAYS),
        ("Bygningsautomation", AMU, "5", DAYS),
        ("Fejlfinding i styringer", AMU, "4", DAYS),
    ),
    "Murer": (
        ("Facaderenovering", AMU, "5", DAYS),
        ("Flisemontering i vådrum", AMU, "5", DAYS),
        ("Murværk og forbandter", AMU, "3", DAYS),
        ("Pudsning og filtsning", AMU, "3", DAYS),
        ("Arbejdsmiljø på byggepladsen", AMU, "1", DAYS),
    ),
    "VVS-montør": (
        ("Varmepumper, installation", AMU, "5", DAYS),
        ("Vandinstallationer i nybyggeri", AMU, "4", DAYS),
        ("Pressfittings og rørsystemer", AMU, "2", DAYS),
        ("Gasinstallationer", AMU, "5", DAYS),
        ("Vådrumsmembraner", AMU, "2", DAYS),
    ),
    "Svejser": (
        ("MAG-svejsning af stumpsømme", AMU, "5", DAYS),
        ("TIG-svejsning af rustfrit stål", AMU, "5", DAYS),
        ("Svejsecertifikat, plade", AMU, "5", DAYS),
        ("Tegningslæsning for svejsere", AMU, "2", DAYS),
        ("Termisk skæring", AMU, "2", DAYS),
    ),
    "Industritekniker": (
        ("CNC-drejning", AMU, "5", DAYS),
        ("CNC-fræsning", AMU, "5", DAYS),
        ("Hydraulik, grundlæggende", AMU, "3", DAYS),
        ("Måleteknik i produktionen", AMU, "2", DAYS),
        ("Vedligehold af produktionsudstyr", AMU, "4", DAYS),
    ),
    "Lastbilchauffør": (
        ("Kørekort kategori C", AMU, "20", DAYS),
        ("Grundlæggende kvalifikation, gods", AMU, "20", DAYS),
        ("Transport af farligt gods", AMU, "4", DAYS),
        ("Kran på lastbil", AMU, "5", DAYS),
        ("Efteruddannelse for chauffører", AMU, "5", DAYS),
    ),
    "Buschauffør": (
        ("Kørekort kategori D", AMU, "15", DAYS),
        ("Grundlæggende kvalifikation, personbefordring", AMU, "20", DAYS),
        ("Kundeservice i kollektiv trafik", AMU, "1", DAYS),
        ("Konflikthåndtering for chauffører", AMU, "1", DAYS),
        ("Energirigtig kørsel", AMU, "1", DAYS),
    ),
    "Kok": (
        ("Madlavning til storkøkken", AMU, "5", DAYS),
        ("Hygiejnebevis for køkkenpersonale", AMU, "1", DAYS),
        ("Plantebaseret mad", AMU, "3", DAYS),
        ("Allergener og specialkost", AMU, "2", DAYS),
        ("Køkkenets råvarer og svind", AMU, "2", DAYS),
    ),
    "Landbrugsmedarbejder": (
        ("Pasning af søer og smågrise", AMU, "5", DAYS),
        ("Malkning og mælkekvalitet", AMU, "3", DAYS),
        ("Traktorkørsel og sikkerhed", AMU, "3", DAYS),
        ("Sprøjtecertifikat", AMU, "5", DAYS),
        ("Dyrevelfærd i stalden", AMU, "2", DAYS),
    ),
    "Automekaniker": (
        ("Service på el- og hybridbiler", AMU, "5", DAYS),
        ("Fejlfinding med diagnoseudstyr", AMU, "3", DAYS),
        ("Klimaanlæg i køretøjer", AMU, "2", DAYS),
        ("Bremsesystemer", AMU, "2", DAYS),
        ("Dæk- og hjulservice", AMU, "1", DAYS),
    ),
    "Softwareudvikler": (
        ("Webudvikling med Python", ACADEMY, "10", ECTS),
        ("Databaser og SQL", ACADEMY, "5", ECTS),
        ("Cloud og drift", ACADEMY, "5", ECTS),
        ("Softwaretest", ACADEMY, "5", ECTS),
        ("IT-sikkerhed for udviklere", ACADEMY, "5", ECTS),
    ),
}

# The round for the next 1 April: the job titles proposed, and those fixed.
ROUND_PROPOSED = (
    "Sygeplejerske",
    "Social- og sundhedshjælper",
    "Elektriker",
    "Tømrer",
    "Lastbilchauffør",
    "Kok",
    "Murer",
    "Softwareudvikler",
)
ROUND_FIXED = (
    "Sygeplejerske",
    "Social- og sundhedshjælper",
    "Elektriker",
    "Tømrer",
    "Lastbilchauffør",
    "Kok",
)

# Synthetic weights for the pool amounts (roughly the municipalities' size); other
# municipalities get 30.
POOL_WEIGHTS = {
    "851": 222,
    "860": 64,
    "813": 59,
    "846": 42,
    "787": 43,
    "849": 38,
    "810": 36,
    "820": 36,
    "840": 30,
    "773": 20,
    "825": 2,
}
POOL_TOTAL_PER_YEAR = Decimal("14000000")  # synthetic
POOL_SOURCE = "syntetiske-demotal-puljemidler.csv"

# SIRI: job-wish counts per month within the minutes' ranges (4–5 pharmacists, 67–79
# physiotherapists); the months themselves are synthetic.
PHARMACIST_WISHES = (4, 5, 4, 4, 5, 5)
PHYSIOTHERAPIST_WISHES = (67, 71, 74, 79, 76, 72)


def ensure_positive_list_demo(
    *, council: Council, archive: Council, users: DemoUsers, report: DemoReport, today: dt.date
) -> None:
    """Job titles, balances, the directory, the lists, a round in consultation, pool, SIRI."""
    by = users.secretary
    _ensure_balance(
        council=archive,
        period=ARCHIVE_BALANCE_PERIOD,
        column=1,
        by=by,
        report=report,
        label="arbejdsmarkedsbalance for RAR Nordjylland, 1. halvår 2020",
    )
    period = dt.date(today.year, 1 if today.month < 7 else 7, 1)
    _ensure_balance(
        council=council,
        period=period,
        column=2,
        by=by,
        report=report,
        label=f"arbejdsmarkedsbalance for {council.name}, {_half(period)}",
    )
    organisations = _ensure_organisations(council=council, by=by, report=report)
    _ensure_archive_list(council=archive, by=by, report=report)
    _ensure_current_list(council=council, today=today, by=by, report=report)
    _ensure_round(council=council, organisations=organisations, today=today, by=by, report=report)
    _ensure_pool(council=council, today=today, by=by, report=report)
    _ensure_siri(council=council, today=today, by=by, report=report)


def _half(period: dt.date) -> str:
    return f"{'1' if period.month == 1 else '2'}. halvår {period.year}"


def _ensure_balance(
    *,
    council: Council,
    period: dt.date,
    column: int,
    by: User,
    report: DemoReport,
    label: str,
) -> None:
    if LabourMarketBalance.objects.filter(council=council, period_start=period).exists():
        report.had(label)
        return
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Stillingsbetegnelse", "DISCO-08", "Kategori", "Forventede jobåbninger"])
    labels = dict(BalanceCategory.choices)
    for title, row in JOB_TITLES.items():
        writer.writerow([title, row[0], labels[str(row[column])], row[3] if column == 2 else ""])
    services.balance_import(
        council=council,
        period_start=period,
        content=out.getvalue().encode("utf-8"),
        filename=f"syntetisk-balance-{council.slug}-{period:%Y-%m}.csv",
        by=by,
    )
    report.made(f"{label} ({len(JOB_TITLES)} stillingsbetegnelser, syntetiske kategorier)")


def _ensure_organisations(*, council: Council, by: User, report: DemoReport) -> list[Organisation]:
    existing = {o.name: o for o in Organisation.objects.filter(council=council)}
    made = 0
    for name, kind, email in ORGANISATIONS:
        if name not in existing:
            existing[name] = services.organisation_add(
                council=council,
                name=name,
                kind=kind,
                email=email,
                by=by,
            )
            made += 1
    if made:
        report.made(f"høringsliste med {made} organisationer for {council.name}")
    else:
        report.had(f"høringsliste for {council.name}")
    return [existing[name] for name, _kind, _email in ORGANISATIONS]


def _course_number(seed: str) -> str:
    """A synthetic five-digit AMU-like number, the same on every run."""
    return str(40000 + zlib.crc32(seed.encode("utf-8")) % 9000)


def _ensure_archive_list(*, council: Council, by: User, report: DemoReport) -> None:
    valid_from = dt.date(2020, 10, 1)
    if PositiveListVersion.objects.filter(
        positive_list__council=council, valid_from=valid_from
    ).exists():
        report.had("RAR Nordjyllands positivliste pr. 1. oktober 2020")
        return
    rows = [
        CourseRow(
            title=title,
            provider=provider,
            course_number=_course_number(title) if kind == AMU else "",
            kind=kind,
            duration=Decimal(duration),
            duration_unit=unit,
            is_online=online,
            job_titles=[job_title],
            added_on=valid_from,
        )
        for title, provider, kind, duration, unit, online, job_title in COURSES_2020
    ]
    list_version_create(
        council=council,
        valid_from=valid_from,
        courses=rows,
        by=by,
        note=(
            "Rådet besluttede 4. juni 2020, at de 19 kurser tilføjes positivlisten pr. "
            "1. oktober 2020. Kursustitler og -numre er syntetiske demodata."
        ),
    )
    report.made("RAR Nordjyllands positivliste pr. 1. oktober 2020 (19 kurser)")


def _latest_april(today: dt.date) -> dt.date:
    april = dt.date(today.year, 4, 1)
    return april if april <= today else dt.date(today.year - 1, 4, 1)


def _next_april(today: dt.date) -> dt.date:
    april = dt.date(today.year, 4, 1)
    return april if april > today else dt.date(today.year + 1, 4, 1)


def _providers(job_title: str) -> tuple[str, str]:
    if job_title in {"Sygeplejerske", "Pædagog", "Softwareudvikler"}:
        return "UCN", "Aalborg Universitet"
    if job_title.startswith("Social- og"):
        return "SOSU Nord", "AMU Nordjylland"
    if job_title in {"Landbrugsmedarbejder"}:
        return "Nordjyllands Landbrugsskole", "AMU Nordjylland"
    return "AMU Nordjylland", "EUC Nord"


def _ensure_current_list(*, council: Council, today: dt.date, by: User, report: DemoReport) -> None:
    valid_from = _latest_april(today)
    if PositiveListVersion.objects.filter(positive_list__council=council).exists():
        report.had(f"{council.name_genitive} positivliste")
        return
    rows = []
    for job_title, courses in CURRENT_COURSES.items():
        providers = _providers(job_title)
        for index, (title, kind, duration, unit) in enumerate(courses):
            rows.append(
                CourseRow(
                    title=title,
                    provider=providers[index % 2],
                    course_number=_course_number(f"{job_title}/{title}") if kind == AMU else "",
                    kind=kind,
                    duration=Decimal(duration),
                    duration_unit=unit,
                    is_online=index == 3,
                    job_titles=[job_title],
                    added_on=valid_from,
                )
            )
    list_version_create(
        council=council,
        valid_from=valid_from,
        courses=rows,
        by=by,
        note="Demoliste: kurser, numre og udbydere er syntetiske.",
    )
    report.made(
        f"{council.name_genitive} positivliste pr. {valid_from:%d.%m.%Y} ({len(rows)} kurser)"
    )


def _ensure_round(
    *,
    council: Council,
    organisations: list[Organisation],
    today: dt.date,
    by: User,
    report: DemoReport,
) -> None:
    valid_from = _next_april(today)
    found = Round.objects.filter(
        council=council, kind=Round.Kind.YEARLY, valid_from=valid_from
    ).first()
    if found is None:
        found = services.round_create(
            council=council,
            kind=Round.Kind.YEARLY,
            valid_from=valid_from,
            by=by,
        )
        titles = {t.title: t for t in JobTitle.objects.filter(title__in=ROUND_PROPOSED)}
        services.round_propose_titles(
            round=found,
            job_titles=[titles[t] for t in ROUND_PROPOSED],
            by=by,
        )
        fixed_on = min(today, timezone.localdate()) - dt.timedelta(days=7)
        found = services.round_fix_titles(
            round=found,
            fixed=[titles[t].pk for t in ROUND_FIXED],
            fixed_by="Positivlisteudvalget",
            fixed_on=fixed_on,
            decision=(
                "Udvalget fastlagde seks stillingsbetegnelser med mangel på arbejdskraft og "
                "mange forventede jobåbninger; Murer og Softwareudvikler venter til næste runde."
            ),
            by=by,
            expected_version=found.version,
        )
        report.made(f"runde: {found.title} med {len(ROUND_FIXED)} fastlagte stillingsbetegnelser")
    else:
        report.had(f"runde: {found.title}")
    if found.status == Round.Status.TITLES_FIXED:
        deadline = timezone.make_aware(
            dt.datetime.combine(
                max(today, timezone.localdate()) + dt.timedelta(days=21), dt.time(12, 0)
            )
        )
        # The invitations go to example.org addresses: the demo never sends them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            services.consultation_open(
                round=found,
                deadline=deadline,
                organisations=organisations,
                message=(
                    "Rådet beder om forslag til korte erhvervsrettede kurser til de fastlagte "
                    "stillingsbetegnelser. Kurserne skal kunne gøre ledige kvalificerede til "
                    "jobbet inden for kort tid."
                ),
                by=by,
            )
        report.made(f"høring for {found.title} med frist {deadline:%d.%m.%Y} kl. 12")
    elif Consultation.objects.filter(round=found).exists():
        report.had(f"høring for {found.title}")
    _ensure_answers(round=found, report=report)


def _ensure_answers(*, round: Round, report: DemoReport) -> None:
    if ConsultationResponse.objects.filter(invitation__consultation__round=round).exists():
        report.had("høringssvar fra EUC Nord (indsendt) og SOSU Nord (kladde)")
        return
    if round.status != Round.Status.CONSULTATION:
        return
    fixed = {
        e.job_title.title: e.job_title_id
        for e in RoundJobTitle.objects.filter(round=round, is_fixed=True).select_related(
            "job_title"
        )
    }
    invitations = {
        i.organisation.name: i
        for i in Invitation.objects.filter(consultation__round=round).select_related("organisation")
    }
    submitted = [
        ProposalInput(
            title="Installation af varmepumper og solceller",
            provider="EUC Nord",
            kind=CourseKind.AMU,
            course_number=_course_number("EUC Nord/varmepumper"),
            duration="5",
            job_title_ids=[fixed["Elektriker"]],
        ),
        ProposalInput(
            title="Kørekort kategori C/CE",
            provider="EUC Nord",
            kind=CourseKind.AMU,
            course_number=_course_number("EUC Nord/kørekort"),
            duration="20",
            job_title_ids=[fixed["Lastbilchauffør"]],
        ),
        ProposalInput(
            title="Energirenovering af tage",
            provider="EUC Nord",
            kind=CourseKind.AMU,
            course_number=_course_number("EUC Nord/tage"),
            duration="3",
            is_online=False,
            job_title_ids=[fixed["Tømrer"]],
        ),
    ]
    response_save(
        invitation=invitations["EUC Nord"],
        contact_name="Henrik Holm, efteruddannelseskonsulent",
        proposals=submitted,
        expected_version=0,
        submit=True,
    )
    response_save(
        invitation=invitations["SOSU Nord"],
        contact_name="",
        proposals=[
            ProposalInput(
                title="Rehabilitering og hverdagsmestring",
                provider="SOSU Nord",
                kind=CourseKind.AMU,
                course_number=_course_number("SOSU Nord/rehabilitering"),
                duration="0,5",
                job_title_ids=[fixed["Social- og sundhedshjælper"]],
            )
        ],
        expected_version=0,
        submit=False,
    )
    report.made("høringssvar fra EUC Nord (indsendt, 3 kurser) og SOSU Nord (kladde, 1 kursus)")


def _ensure_pool(*, council: Council, today: dt.date, by: User, report: DemoReport) -> None:
    years = [today.year - 2, today.year - 1, today.year]
    municipalities = list(council_municipalities(council=council, on=today))
    if not municipalities:
        return
    if PoolAllocation.objects.filter(municipality__in=municipalities, year__in=years).exists():
        report.had(f"puljemidler {years[0]}–{years[-1]} (syntetiske demotal)")
        return
    weights = {m.code: POOL_WEIGHTS.get(m.code, 30) for m in municipalities}
    total_weight = sum(weights.values())
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Kommunekode", "År", "Udmøntning", "Forbrug"])
    for year in years:
        # The current year is not over: spending so far.
        year_share = Decimal(today.timetuple().tm_yday) / 366 if year == today.year else 1
        for municipality in municipalities:
            share = POOL_TOTAL_PER_YEAR * weights[municipality.code] / total_weight
            allocation = (share / 1000).quantize(Decimal(1)) * 1000
            # 70–104 % used, varying by municipality and year (synthetic).
            used = Decimal(70 + zlib.crc32(f"{municipality.code}{year}".encode()) % 35) / 100
            spent = (allocation * used * year_share).quantize(Decimal("0.01"))
            writer.writerow([municipality.code, year, _dk(allocation), _dk(spent)])
    result = pool_import(
        content=out.getvalue().encode("utf-8"),
        filename=POOL_SOURCE,
        by=by,
    )
    report.made(
        f"puljemidler {years[0]}–{years[-1]} for {result.created} kommune-år (syntetiske demotal)"
    )


def _dk(amount: Decimal) -> str:
    """1234567.5 → '1.234.567,50', as the municipalities' spreadsheets write it."""
    return f"{amount:,.2f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def _months_back(today: dt.date, count: int) -> list[str]:
    """The `count` months before `today`'s month, oldest first, as YYYY-MM."""
    months = []
    year, month = today.year, today.month
    for _i in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(f"{year:04d}-{month:02d}")
    return list(reversed(months))


def _ensure_siri(*, council: Council, today: dt.date, by: User, report: DemoReport) -> None:
    existing = set(
        SupplementaryTitleProposal.objects.filter(council=council).values_list(
            "job_title__title", flat=True
        )
    )
    if {"Farmaceut", "Fysioterapeut"} <= existing:
        report.had("SIRI-forslag: Farmaceut (godkendt) og Fysioterapeut (foreslået)")
        return
    titles = {t.title: t for t in JobTitle.objects.filter(title__in=["Farmaceut", "Fysioterapeut"])}
    # Decided 23 months ago: a month of the two years is left, so the warning shows.
    decided_on = _months_ago(today, 23)
    if "Farmaceut" not in existing:
        proposal = supplementary_title_propose(
            council=council,
            job_title=titles["Farmaceut"],
            job_wish_counts=dict(zip(_months_back(decided_on, 6), PHARMACIST_WISHES, strict=True)),
            evidence=(
                "Mangel på farmaceuter i regionen, og kun 4–5 ledige har farmaceut som "
                "jobønske: stillingerne kan ikke besættes med ledige her."
            ),
            by=by,
            on=decided_on,
        )
        supplementary_title_decide(
            proposal=proposal,
            status=SupplementaryTitleProposal.Status.APPROVED,
            decided_on=decided_on,
            by=by,
        )
    if "Fysioterapeut" not in existing:
        supplementary_title_propose(
            council=council,
            job_title=titles["Fysioterapeut"],
            job_wish_counts=dict(zip(_months_back(today, 6), PHYSIOTHERAPIST_WISHES, strict=True)),
            evidence=(
                "Til drøftelse: 67–79 ledige har fysioterapeut som jobønske, så manglen kan "
                "måske dækkes af ledige i regionen."
            ),
            by=by,
            on=today,
        )
    report.made(
        "SIRI-forslag: Farmaceut (godkendt for 23 måneder siden, udløber snart) og "
        "Fysioterapeut (foreslået); jobønsker pr. måned er syntetiske inden for referatets tal"
    )


def _months_ago(today: dt.date, months: int) -> dt.date:
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    day = min(today.day, 28)
    return dt.date(year, month + 1, day)
