"""A whole round of the positive list, from the balance to the published list, in a real browser.

RAR Testland has a list in force since 1 April with three courses. The secretariat starts an
extraordinary addition, proposes job titles from the labour-market balance and records the
chairmanship's fixing of two of them, and sends the round in consultation. EUC Nord answers
on a tablet through the form (a draft first, then two courses, one of them already on the
list); SOSU Nord fills in the XLSX template (first with a four-digit AMU number, which is
refused by row and column with nothing saved); Jobcenter Aalborg opens its link after the
deadline and is turned away. The secretariat closes the consultation, screens (rejects the
course already on the list with a reason, accepts the rest in one go), puts the
recommendation on today's council meeting with one click, checks the (B) item, its
recommendation and its attachment on the agenda, and records the council's decision. The
public list shows the new version, and its CSV holds exactly the decided courses.

Each step leaves a screenshot in test-artifacts/screenshots/positivelist-NN-….png.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from raadsrum.councils.models import (
    Council,
    CouncilArea,
    Membership,
    Municipality,
    Person,
    Region,
    Role,
)
from raadsrum.meetings import services as meeting_services
from raadsrum.positivelist.list_services import CourseRow, list_version_create
from raadsrum.positivelist.models import (
    BalanceCategory,
    BalanceEntry,
    Consultation,
    ConsultationResponse,
    CourseKind,
    CourseProposal,
    DurationUnit,
    JobTitle,
    LabourMarketBalance,
    Organisation,
    PositiveListVersion,
    Round,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("transactional_db")]

PASSWORD = "positivliste-2026"
TABLET = {"width": 820, "height": 1180}
SPRING = dt.date(2026, 4, 1)

# The balance for the half-year in progress: title → (DISCO-08, category, expected openings).
BALANCE = {
    "Bager": ("7512", BalanceCategory.SHORTAGE, 40),
    "Social- og sundhedshjælper": ("5322", BalanceCategory.SHORTAGE, 260),
    "Pædagog": ("2342", BalanceCategory.GOOD, 120),
    "Kontorassistent": ("4110", BalanceCategory.POOR, 25),
    "Lagerarbejder": ("9333", BalanceCategory.PARADOX, None),
}
FIXED = ("Bager", "Social- og sundhedshjælper")  # the chairmanship leaves Pædagog out

# The list in force: (course number, title, provider, days, job title).
LISTED = [
    ("40753", "Brød og kager til butik", "EUC Nord", "5", "Bager"),
    ("48833", "Truckcertifikat B", "AMU Nordjylland", "10", "Lagerarbejder"),
    (
        "47596",
        "Personlig hygiejne og hygiejne i plejen",
        "SOSU Nord",
        "1",
        "Social- og sundhedshjælper",
    ),
]

# EUC Nord's answer through the form: a new course, and one already on the list.
SOURDOUGH = ("47801", "Surdejsbrød i håndværksbageriet")
ALREADY = ("40753", "Brød og kager til butik")

# SOSU Nord's answer in the XLSX template (columns as the template has them).
SOSU_ROWS = [
    [
        "48201",
        "Forflytning og ergonomi i ældreplejen",
        "SOSU Nord",
        "AMU-kursus",
        "2",
        "dage",
        "nej",
        "Social- og sundhedshjælper",
        "",
        "",
        "Forflytning med hjælpemidler.",
    ],
    [
        "44870",
        "Demens – grundlæggende forståelse",
        "SOSU Nord",
        "AMU-kursus",
        "3",
        "dage",
        "ja",
        "Social- og sundhedshjælper",
        "",
        "",
        "Kommunikation med borgere med demens.",
    ],
]
REJECT_REASON = "Kurset står allerede på positivlisten."


@dataclass
class World:
    council: Council
    sara: User
    organisations: dict[str, Organisation]


def set_up_world() -> World:
    """RAR Testland with Sara in its secretariat, the balance, the list in force since
    1 April, the consultation's directory and a council meeting today."""
    region = Region.objects.create(code="1081", name="Region Nordjylland")
    council = Council.objects.create(
        slug="testland",
        name="RAR Testland",
        name_genitive="RAR Testlands",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
        secretariat_name="AMK Test",
        region=region,
    )
    for code, name in (("813", "Frederikshavn"), ("851", "Aalborg")):
        municipality = Municipality.objects.create(code=code, name=name, region=region)
        CouncilArea.objects.create(
            council=council, municipality=municipality, valid_from=dt.date(2015, 1, 1)
        )
    sara = User.objects.create_user(
        username="sara", password=PASSWORD, first_name="Sara", last_name="Sekretær"
    )
    Membership.objects.create(
        council=council,
        person=Person.objects.create(name="Sara Sekretær", user=sara),
        role=Role.SECRETARIAT,
        valid_from=dt.date(2022, 6, 1),
    )

    today = timezone.localdate()
    balance = LabourMarketBalance.objects.create(
        council=council,
        period_start=dt.date(today.year, 1 if today.month < 7 else 7, 1),
        source_name="arbejdsmarkedsbalance.xlsx",
        imported_by=sara,
    )
    for title, (disco, category, openings) in BALANCE.items():
        BalanceEntry.objects.create(
            balance=balance,
            job_title=JobTitle.objects.create(title=title, disco_code=disco),
            category=category,
            expected_openings=openings,
        )

    list_version_create(
        council=council,
        valid_from=SPRING,
        by=sara,
        note="Positivlisten pr. 1. april 2026",
        courses=[
            CourseRow(
                course_number=number,
                title=title,
                provider=provider,
                kind=CourseKind.AMU,
                duration=Decimal(days),
                duration_unit=DurationUnit.DAYS,
                job_titles=[job_title],
            )
            for number, title, provider, days, job_title in LISTED
        ],
    )

    organisations = {
        name: Organisation.objects.create(council=council, name=name, kind=kind, email=email)
        for name, kind, email in (
            ("EUC Nord", Organisation.Kind.INSTITUTION, "kurser@eucnord.example.dk"),
            ("SOSU Nord", Organisation.Kind.INSTITUTION, "efteruddannelse@sosunord.example.dk"),
            ("Jobcenter Aalborg", Organisation.Kind.JOB_CENTRE, "jobcenter@aalborg.example.dk"),
        )
    }

    meeting = meeting_services.meeting_create(
        council=council, date=today, by=sara, from_template=False, title="Rådsmøde"
    )
    section = meeting_services.section_add(meeting=meeting, title="Rådets opgaver", by=sara)
    meeting_services.item_add(section=section, title="Godkendelse af dagsorden", by=sara, kinds="B")
    meeting_services.item_add(section=section, title="Nyt fra sekretariatet", by=sara, kinds="O")
    return World(council=council, sara=sara, organisations=organisations)


# What every page of the flow must get right for WCAG 2.1 AA, checked in the page itself:
# one h1, no skipped heading level, a name on every form control, a caption on every table,
# and facts (term and value) that stay together and inside their box.
PAGE_PROBLEMS_JS = """() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const h1s = document.querySelectorAll("main h1");
  if (h1s.length !== 1) problems.push(`${h1s.length} h1 in main`);
  let last = 1;
  for (const h of document.querySelectorAll("main h1, main h2, main h3, main h4, main h5")) {
    const level = Number(h.tagName[1]);
    if (level > last + 1) problems.push(`h${level} after h${last}: ${h.textContent.trim()}`);
    last = level;
  }
  for (const el of document.querySelectorAll("main input, main select, main textarea")) {
    if (el.type === "hidden") continue;
    const named = (el.labels && el.labels.length) || el.getAttribute("aria-label")
      || el.getAttribute("aria-labelledby") || el.getAttribute("title");
    if (!named) problems.push(`unnamed ${el.outerHTML.slice(0, 160)}`);
  }
  for (const table of document.querySelectorAll("main table")) {
    if (visible(table) && !table.querySelector("caption") && !table.getAttribute("aria-label")
        && !table.getAttribute("aria-labelledby")) {
      problems.push(`table without caption: ${table.id || table.className}`);
    }
  }
  // Facts (dl.pl-facts): each value under or beside its own term, and inside its box.
  for (const dd of document.querySelectorAll("main dl.pl-facts dd")) {
    let dt = dd.previousElementSibling;
    while (dt && dt.tagName !== "DT") dt = dt.previousElementSibling;
    if (!dt || !visible(dd)) continue;
    const term = dt.getBoundingClientRect();
    const value = dd.getBoundingClientRect();
    const below = value.top >= term.bottom - 2;
    if (below ? Math.abs(value.left - term.left) > 2 : value.left < term.right - 2) {
      problems.push(`value away from its term: ${dt.textContent.trim()}`);
    }
    for (const child of dd.querySelectorAll("*")) {
      const box = child.getBoundingClientRect();
      if (box.width && box.right > value.right + 1) {
        problems.push(`value overflows its box: ${dt.textContent.trim()}`);
        break;
      }
    }
  }
  return problems;
}"""


def page_problems(page: Page) -> list[str]:
    """Accessibility problems a screen-reader user would meet on the page (see above)."""
    problems: list[str] = page.evaluate(PAGE_PROBLEMS_JS)
    return problems


def log_in(page: Page, username: str) -> None:
    expect(page.get_by_role("heading", name="Log ind", level=1)).to_be_visible()
    page.get_by_label("Brugernavn").fill(username)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))


def message(page: Page, role: Literal["status", "alert"], text: str | re.Pattern[str]) -> Locator:
    return page.locator(".messages").get_by_role(role).filter(has_text=text)


def tokens_from_outbox(organisations: dict[str, Organisation]) -> dict[str, str]:
    """Each organisation's token, from the personal link in its invitation e-mail."""
    tokens = {}
    for sent in mail.outbox:
        for name, organisation in organisations.items():
            if organisation.email in sent.to:
                found = re.search(r"/hoering/([A-Za-z0-9_-]+)/", str(sent.body))
                assert found, sent.body
                tokens[name] = found.group(1)
    return tokens


def fill_course(
    page: Page,
    index: int,
    *,
    number: str,
    title: str,
    days: str,
    online: bool,
    job_title: str,
    description: str,
    provider: str = "EUC Nord",
) -> None:
    course = page.locator(f"#kursus-{index}")
    course.get_by_label("Kursustitel").fill(title)
    course.get_by_label("Type").select_option(label="AMU-kursus")
    course.get_by_label("Kursusnummer").fill(number)
    course.get_by_label("Udbyder").fill(provider)
    course.get_by_label("Varighed").fill(days)
    course.get_by_label("Enhed").select_option(label="dage")
    if online:
        course.get_by_label("Kurset kan tages online").check(force=True)
    course.get_by_role("checkbox", name=job_title, exact=True).check(force=True)
    course.get_by_label("Beskrivelse").fill(description)


def filled_template(template: Path, rows: list[list[str]], target: Path) -> Path:
    """The downloaded template with its example row replaced by `rows`, as an organisation
    would fill it in Excel."""
    workbook = load_workbook(template)
    sheet = workbook["Kurser"]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append(row)
    workbook.save(target)
    return target


def test_a_round_from_job_titles_to_the_published_list(
    live_server, page: Page, open_page, screenshot, tmp_path
) -> None:
    url = live_server.url
    page.set_default_timeout(15_000)
    expect.set_options(timeout=10_000)
    world = set_up_world()
    today = timezone.localdate()
    problems: dict[str, list[str]] = {}

    def shot(name: str, on: Page | None = None, *, check: bool = True) -> None:
        """A screenshot of the step, and the page's accessibility problems noted (pages of
        the positive list only: the meetings app's pages have tests of their own)."""
        screenshot(name, on=on)
        found = page_problems(on or page) if check else []
        if found:
            problems[name] = found

    # 1. The secretariat starts an extraordinary addition from the positive-list overview.
    page.goto(url + "/sekretariat/positivliste/")
    log_in(page, "sara")
    expect(page.get_by_role("heading", name="Positivlisten", level=1)).to_be_visible()
    page.get_by_role("link", name="Opret runde").click()
    page.get_by_label("Ekstraordinær tilføjelse").check(force=True)
    shot("positivelist-01-opret-runde")
    page.get_by_role("button", name="Opret runde").click()
    expect(message(page, "status", "er oprettet")).to_be_visible()
    round = Round.objects.get(council=world.council)
    assert round.kind == Round.Kind.EXTRAORDINARY and round.valid_from == today
    round_url = f"{url}/sekretariat/positivliste/runde/{round.pk}/"

    # 2. Job titles proposed from the balance: shortage and good prospects are offered.
    page.get_by_role("link", name="Foreslå fra balancen").click()
    expect(page.get_by_role("heading", name="Foreslå stillingsbetegnelser")).to_be_visible()
    candidates = page.locator("table tbody")
    shown = {t.strip() for t in candidates.get_by_role("rowheader").all_inner_texts()}
    assert shown == {"Bager", "Social- og sundhedshjælper", "Pædagog"}, shown
    for title in ("Bager", "Social- og sundhedshjælper", "Pædagog"):
        page.get_by_label(f"Foreslå {title}", exact=True).check(force=True)
    shot("positivelist-02-foreslaa-fra-balancen")
    page.get_by_role("button", name="Foreslå de valgte").click()
    expect(message(page, "status", "3 stillingsbetegnelser er foreslået")).to_be_visible()

    # 3. The chairmanship fixes two of them; the secretariat records it.
    page.get_by_role("link", name="Registrér fastlæggelsen").click()
    page.get_by_role("checkbox", name=re.compile(r"^Pædagog")).uncheck(force=True)
    page.get_by_label("Fastlagt af").fill("Formandskabet")
    page.get_by_label("Dato for beslutningen").fill(today.isoformat())
    page.get_by_label("Beslutning", exact=True).fill(
        "Formandskabet fastlagde bager og social- og sundhedshjælper. Pædagog afventer "
        "næste balance."
    )
    shot("positivelist-03-fastlaeg")
    page.get_by_role("button", name="Gem fastlæggelsen").click()
    expect(message(page, "status", "Stillingsbetegnelserne er fastlagt")).to_be_visible()
    titles_step = page.locator("#step-titles")
    for title in FIXED:
        expect(titles_step.get_by_role("row", name=re.compile(title))).to_contain_text("Ja")
    expect(titles_step.get_by_role("row", name=re.compile("Pædagog"))).to_contain_text("Nej")
    shot("positivelist-04-runde-fastlagt")

    # 4. The consultation goes out to the whole directory with a deadline in two weeks.
    page.get_by_role("link", name="Send i høring").click()
    page.get_by_label("Svarfrist (dato)").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label("Følgebrev").fill(
        "Send jeres forslag til korte kurser, der kan gøre ledige klar til jobbene."
    )
    for name in world.organisations:
        expect(page.get_by_role("checkbox", name=re.compile(name))).to_be_checked()
    shot("positivelist-05-send-i-hoering")
    page.get_by_role("button", name="Send høringen").click()
    expect(message(page, "status", "Høringen er sendt til 3 organisationer")).to_be_visible()
    shot("positivelist-06-i-hoering")
    tokens = tokens_from_outbox(world.organisations)
    assert set(tokens) == set(world.organisations)

    # 5. EUC Nord answers on a tablet: a draft with one course, then a second, then submits.
    euc = open_page(**TABLET)
    euc.set_default_timeout(15_000)
    euc.goto(f"{url}/hoering/{tokens['EUC Nord']}/")
    expect(euc.get_by_role("heading", name="Forslag til kurser på positivlisten")).to_be_visible()
    euc.get_by_label("Kontaktperson").fill("Lone Larsen")
    fill_course(
        euc,
        0,
        number=SOURDOUGH[0],
        title=SOURDOUGH[1],
        days="0,5",
        online=True,
        job_title="Bager",
        description="Surdej, hævning og bagning i et lille bageri.",
    )
    shot("positivelist-07-euc-udfylder", on=euc)
    euc.get_by_role("button", name="Gem kladde").click()
    expect(message(euc, "status", "Kladden er gemt")).to_be_visible()
    expect(euc.get_by_text("Kladde – ikke indsendt")).to_be_visible()
    expect(euc.locator("#kursus-0").get_by_label("Varighed")).to_have_value("0,5")
    shot("positivelist-08-euc-kladde", on=euc)
    # A draft is not an answer: the secretariat sees it as a draft, not as submitted.
    page.goto(round_url)
    consultation_step = page.locator("#step-consultation")
    expect(consultation_step.get_by_role("row", name=re.compile("EUC Nord"))).to_contain_text(
        "Kladde"
    )
    expect(consultation_step).to_contain_text("0 af 3")
    euc.get_by_role("button", name="Tilføj endnu et kursus").click()
    expect(euc.locator("#kursus-1")).to_be_visible()
    fill_course(
        euc,
        1,
        number=ALREADY[0],
        title=ALREADY[1],
        days="5",
        online=False,
        job_title="Bager",
        description="Brød og kager til salg i butik.",
    )
    euc.get_by_role("button", name="Indsend svaret").click()
    expect(euc.get_by_role("heading", name="Tak for jeres svar")).to_be_visible()
    receipt = euc.locator("table")
    expect(receipt.locator("caption")).to_contain_text("2 kursusforslag")
    sourdough_row = receipt.get_by_role("row", name=re.compile(SOURDOUGH[1]))
    expect(sourdough_row).to_contain_text("0,5 dage")
    expect(sourdough_row).to_contain_text("Ja")
    shot("positivelist-09-euc-kvittering", on=euc)

    # 6. SOSU Nord downloads the XLSX template; a four-digit AMU number is refused.
    sosu = open_page()
    sosu.set_default_timeout(15_000)
    sosu.goto(f"{url}/hoering/{tokens['SOSU Nord']}/")
    with sosu.expect_download() as download_info:
        sosu.get_by_role("link", name="Hent skabelonen som Excel (XLSX)").click()
    assert download_info.value.suggested_filename == "kursusforslag-skabelon.xlsx"
    template = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(template)
    header = [c.value for c in load_workbook(template)["Kurser"][1]]
    assert header[:4] == ["Kursusnummer", "Kursustitel", "Udbyder", "Type"], header
    wrong = [list(SOSU_ROWS[0]), list(SOSU_ROWS[1])]
    wrong[1][0] = "4487"  # row 3 of the sheet
    upload = sosu.get_by_label("Udfyldt skabelon (XLSX eller CSV)")
    upload.set_input_files(str(filled_template(template, wrong, tmp_path / "forslag.xlsx")))
    sosu.get_by_role("button", name="Indlæs filen").click()
    errors = sosu.locator("#row-errors")
    expect(errors.locator("caption")).to_contain_text("1 fejl i filen. Intet er gemt.")
    error_row = errors.locator("tbody tr").first
    expect(error_row.locator("th")).to_have_text("3")
    expect(error_row.locator("td").first).to_have_text("Kursusnummer")
    expect(error_row).to_contain_text("fem cifre")
    expect(sosu.locator("#upload-error")).to_be_in_viewport()  # not far below the fold
    shot("positivelist-10-sosu-fejl-i-fil", on=sosu)
    assert not CourseProposal.objects.filter(
        response__invitation__organisation=world.organisations["SOSU Nord"]
    ).exists()

    # 7. The corrected file: both courses land in the form, and SOSU Nord submits.
    sosu.get_by_label("Udfyldt skabelon (XLSX eller CSV)").set_input_files(
        str(filled_template(template, SOSU_ROWS, tmp_path / "forslag-rettet.xlsx"))
    )
    sosu.get_by_role("button", name="Indlæs filen").click()
    expect(message(sosu, "status", "Filen er indlæst")).to_be_visible()
    expect(sosu.locator("#kursus-1").get_by_label("Kursustitel")).to_have_value(SOSU_ROWS[1][1])
    shot("positivelist-11-sosu-indlaest", on=sosu)
    sosu.get_by_label("Kontaktperson").fill("Per Poulsen")
    sosu.get_by_role("button", name="Indsend svaret").click()
    expect(sosu.get_by_role("heading", name="Tak for jeres svar")).to_be_visible()
    expect(sosu.locator("table caption")).to_contain_text("2 kursusforslag")
    shot("positivelist-12-sosu-kvittering", on=sosu)

    # 8. Jobcenter Aalborg fills in the form in time but sends it after the deadline: the
    #    answer is refused and nothing is saved, and the link now only says so.
    late = open_page()
    late.set_default_timeout(15_000)
    late.goto(f"{url}/hoering/{tokens['Jobcenter Aalborg']}/")
    late.get_by_label("Kontaktperson").fill("Jens Jobkonsulent")
    fill_course(
        late,
        0,
        number="40129",
        title="Kundeservice i bageributikken",
        days="2",
        online=False,
        job_title="Bager",
        description="Salg og service.",
        provider="AMU Nordjylland",
    )
    Consultation.objects.filter(round=round).update(
        deadline=timezone.now() - dt.timedelta(minutes=5)
    )
    late.get_by_role("button", name="Indsend svaret").click()
    expect(late.get_by_role("heading", name="Svarfristen er overskredet")).to_be_visible()
    expect(late.get_by_role("alert")).to_contain_text("der kan ikke længere svares")
    expect(late.get_by_role("alert")).to_contain_text("Det, du sendte, er ikke gemt.")
    shot("positivelist-13-jobcenter-for-sent", on=late)
    assert not ConsultationResponse.objects.filter(
        invitation__organisation=world.organisations["Jobcenter Aalborg"]
    ).exists()
    response = late.goto(f"{url}/hoering/{tokens['Jobcenter Aalborg']}/")
    assert response is not None and response.status == 410
    expect(late.get_by_role("heading", name="Svarfristen er overskredet")).to_be_visible()
    expect(late.get_by_role("button", name="Indsend svaret")).to_have_count(0)

    # 9. The secretariat sees two of three answers, closes the consultation and screens.
    page.goto(round_url)
    expect(consultation_step).to_contain_text("2 af 3")
    page.get_by_role("button", name="Luk høringen og screen forslagene").click()
    expect(message(page, "status", "4 forslag er screenet")).to_be_visible()
    expect(page.get_by_role("heading", name="Screening af kursusforslag")).to_be_visible()
    table = page.locator(".pl-screening-table")
    expect(table.locator("tbody tr")).to_have_count(4)
    listed_row = table.get_by_role("row", name=re.compile(ALREADY[1]))
    expect(listed_row).to_contain_text("Står allerede på listen")
    others = table.locator("tbody tr").filter(has_not_text=ALREADY[1])
    for n in range(3):
        expect(others.nth(n)).to_contain_text("Ingen flag")
    shot("positivelist-14-screening-flag")

    # 10. The course already on the list is rejected with a reason …
    page.get_by_label(f"Vælg {ALREADY[1]} fra EUC Nord").check(force=True)
    page.get_by_label("Begrundelse").fill(REJECT_REASON)
    page.get_by_role("button", name="Afvis de valgte").click()
    expect(message(page, "status", "1 forslag står nu som »Afvist«")).to_be_visible()
    expect(table.get_by_role("row", name=re.compile(ALREADY[1]))).to_contain_text(REJECT_REASON)

    # … and the three waiting ones are accepted in one go.
    page.get_by_label("Status").select_option(label="Afventer")
    page.get_by_role("button", name=re.compile(r"^Vis( forslag)?$")).click()
    expect(table.locator("tbody tr")).to_have_count(3)
    page.get_by_label("Vælg alle viste forslag").check(force=True)
    page.get_by_role("button", name="Indstil de valgte").click()
    expect(message(page, "status", "3 forslag står nu som »Indstilles«")).to_be_visible()
    page.goto(f"{round_url}screening/")
    shot("positivelist-15-screening-afgjort")
    statuses = dict(
        CourseProposal.objects.filter(response__invitation__consultation__round=round).values_list(
            "title", "status"
        )
    )
    assert statuses == {
        SOURDOUGH[1]: "accepted",
        ALREADY[1]: "rejected",
        SOSU_ROWS[0][1]: "accepted",
        SOSU_ROWS[1][1]: "accepted",
    }

    # 11. One click puts the recommendation on today's council meeting.
    page.goto(round_url + "#step-recommendation")
    step = page.locator("#step-recommendation")
    expect(step).to_contain_text("3 kurser er indstillet")
    step.get_by_role("button", name="Opret punkt på dagsordenen").click()
    expect(message(page, "status", "Indstillingen er sat på dagsordenen")).to_be_visible()
    expect(step.locator("blockquote")).to_contain_text("indstiller, at de 3 kurser")
    shot("positivelist-16-indstilling-oprettet")
    round.refresh_from_db()
    item = round.recommendation_item
    assert item is not None and item.kinds == "B"

    # 12. The agenda shows the (B) item with its attachment; the recommendation reads right.
    step.get_by_role("link", name="Gå til dagsordenen").click()
    agenda_item = page.locator(f"#item-{item.pk}")
    expect(agenda_item.locator(".item-title")).to_have_text(item.title)
    expect(agenda_item.locator(".item-marker")).to_contain_text("B")
    agenda_item.locator("summary").click()
    attachment = agenda_item.get_by_role(
        "link", name=re.compile("Kurser indstillet til positivlisten")
    )
    expect(attachment).to_be_visible()
    shot("positivelist-17-dagsorden", check=False)
    pdf_response = page.request.get(url + attachment.get_attribute("href"))
    assert pdf_response.ok
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_response.body())).pages)
    for number in (SOURDOUGH[0], SOSU_ROWS[0][0], SOSU_ROWS[1][0]):
        assert number in pdf_text, pdf_text
    assert ALREADY[0] not in pdf_text, pdf_text
    page.get_by_role("link", name="Beslutninger").click()
    decision_item = page.locator(f"#item-{item.pk}")
    expect(decision_item.locator(".recommendation")).to_contain_text(
        re.compile(r"Positivlisteudvalget indstiller, at de 3 kurser, der er oplistet i bilag")
    )
    expect(decision_item.locator(".recommendation")).to_contain_text(
        "2 kurser til social- og sundhedshjælper og 1 til bager"
    )
    shot("positivelist-18-indstilling-paa-dagsorden", check=False)

    # 13. After the meeting the secretariat records the decision: a new list version.
    page.goto(round_url + "#step-recommendation")
    step.get_by_label("Beslutning (skrives i referatet)").fill(
        "Rådet godkendte indstillingen. De tre kurser tilføjes positivlisten straks."
    )
    shot("positivelist-19-beslutning")
    step.get_by_role("button", name="Registrér beslutningen og offentliggør listen").click()
    expect(message(page, "status", "Beslutningen er registreret. Version 2")).to_be_visible()
    shot("positivelist-20-besluttet")
    round.refresh_from_db()
    assert round.status == Round.Status.DECIDED
    for step_id in ("#step-recommendation", "#step-decision"):
        expect(page.locator(step_id)).to_contain_text("Trin udført")

    # 14. Anyone sees the new version on the public list and downloads it as CSV.
    visitor = open_page()
    visitor.goto(f"{url}/positivliste/{world.council.slug}/")
    expect(visitor.get_by_role("heading", name="Positivlisten for RAR Testland")).to_be_visible()
    facts = visitor.locator(".pl-facts")

    def fact(term: str) -> Locator:
        return (
            facts.locator("div")
            .filter(has=visitor.locator("dt").get_by_text(term, exact=True))
            .locator("dd")
        )

    expect(fact("Version")).to_have_text("2")
    expect(fact("Gyldighed")).to_contain_text(f"Gælder fra {today.day}. ")
    expect(fact("Kurser i alt")).to_have_text("6")
    expect(visitor.locator("#courses tbody tr")).to_have_count(6)
    for title, duration in ((LISTED[2][1], "1 dag"), (SOURDOUGH[1], "0,5 dage")):
        row = visitor.get_by_role("row", name=re.compile(title))
        expect(row.get_by_role("cell", name=duration, exact=True)).to_be_visible()
    shot("positivelist-21-offentlig-liste", on=visitor)
    with visitor.expect_download() as download_info:
        visitor.get_by_role("link", name="Hent listen som CSV").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content), delimiter=";"))
    number_column, title_column = list(rows[0])[:2]
    downloaded = {(r[number_column], r[title_column]) for r in rows}
    decided = {(n, t) for n, t, *_ in LISTED} | {
        SOURDOUGH,
        (SOSU_ROWS[0][0], SOSU_ROWS[0][1]),
        (SOSU_ROWS[1][0], SOSU_ROWS[1][1]),
    }
    assert len(rows) == len(decided)
    assert downloaded == decided
    version = PositiveListVersion.objects.get(round=round)
    assert version.number == 2 and version.valid_from == today
    assert not problems, "\n".join(
        f"{name}: {'; '.join(found)}" for name, found in problems.items()
    )
