"""Every write of the positive list's staff side goes through one function here: the
labour-market balance import, rounds and their job titles, the organisation directory and
opening the consultation with a personal link per organisation.

Each function is keyword-only, checks that the user is the council's secretariat, validates,
writes in one transaction and records an audit entry. Tokens for the links are mailed and
never stored in clear (`tokens`). The functions that mail links commit their writes first and
then send each e-mail on its own: a mail server that fails never rolls back the consultation,
and an invitation's `sent_at` is set only once its e-mail went out.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.validators import validate_email
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from raadsrum.core.audit import audit_record
from raadsrum.core.danish import danish_date, danish_time
from raadsrum.core.errors import Conflict, ValidationFailed
from raadsrum.core.tabular import (
    ImportRejected,
    RowError,
    cell_int,
    cell_text,
    numbered,
    read_table,
)
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import today
from raadsrum.meetings.access import check_is_secretariat
from raadsrum.positivelist import selectors
from raadsrum.positivelist.models import (
    BalanceCategory,
    BalanceEntry,
    Consultation,
    Invitation,
    JobTitle,
    LabourMarketBalance,
    Organisation,
    Round,
    RoundJobTitle,
)
from raadsrum.positivelist.tokens import new_token

Actor = User | AnonymousUser | None

logger = logging.getLogger(__name__)


def _check_secretariat(*, by: Actor, council: Council) -> None:
    check_is_secretariat(
        user=by if by is not None else AnonymousUser(),
        council=council,
        refusal=_("Kun rådets sekretariat kan arbejde med positivlisten."),
    )


# --- Tables: column names as STAR and the secretariats write them -----------------------------


def _find_column(headers: Sequence[str], aliases: Sequence[str]) -> str | None:
    for alias in aliases:
        if alias in headers:
            return alias
    return None


BALANCE_TITLE = ("stillingsbetegnelse", "stillingsbetegnelser", "stilling", "titel")
BALANCE_DISCO = (
    "disco-08",
    "disco08",
    "disco 08",
    "disco",
    "disco-kode",
    "disco-08-kode",
    "discokode",
    "disco-08 kode",
)
BALANCE_CATEGORY = ("kategori", "vurdering", "jobmuligheder", "balance")
BALANCE_OPENINGS = (
    "forventede jobåbninger",
    "forventede jobåbninger (6 mdr.)",
    "jobåbninger",
    "forventede jobaabninger",
)

# Danish words and short codes in STAR-like exports → category. Keys are lower-case.
CATEGORY_WORDS: dict[str, str] = {
    "mangel på arbejdskraft": BalanceCategory.SHORTAGE,
    "mangel": BalanceCategory.SHORTAGE,
    "m": BalanceCategory.SHORTAGE,
    "shortage": BalanceCategory.SHORTAGE,
    "paradoksproblemer": BalanceCategory.PARADOX,
    "paradoks": BalanceCategory.PARADOX,
    "p": BalanceCategory.PARADOX,
    "paradox": BalanceCategory.PARADOX,
    "gode jobmuligheder": BalanceCategory.GOOD,
    "gode": BalanceCategory.GOOD,
    "g": BalanceCategory.GOOD,
    "good": BalanceCategory.GOOD,
    "mindre gode jobmuligheder": BalanceCategory.POOR,
    "mindre gode": BalanceCategory.POOR,
    "mg": BalanceCategory.POOR,
    "poor": BalanceCategory.POOR,
}


def parse_category(value: Any) -> str:
    """'Mangel på arbejdskraft', 'mangel', 'M', 'shortage' → 'shortage'; ValueError otherwise."""
    text = re.sub(r"\s+", " ", cell_text(value).lower())
    if not text:
        raise ValueError(_("mangler"))
    if text in CATEGORY_WORDS:
        return CATEGORY_WORDS[text]
    raise ValueError(
        _(
            "ukendt kategori '%(v)s': brug Mangel på arbejdskraft, Paradoksproblemer, "
            "Gode jobmuligheder eller Mindre gode jobmuligheder"
        )
        % {"v": cell_text(value)}
    )


def _title_key(title: str) -> str:
    return re.sub(r"\s+", " ", title.strip()).casefold()


@dataclass(frozen=True)
class BalanceRow:
    row: int
    title: str
    disco_code: str
    category: str
    expected_openings: int | None


def balance_parse(content: bytes, filename: str) -> list[BalanceRow]:
    """Read and validate a balance export; ImportRejected names every bad row and column."""
    table = read_table(content, filename)
    headers = table.headers
    title_col = _find_column(headers, BALANCE_TITLE)
    category_col = _find_column(headers, BALANCE_CATEGORY)
    disco_col = _find_column(headers, BALANCE_DISCO)
    openings_col = _find_column(headers, BALANCE_OPENINGS)
    missing = []
    if title_col is None:
        missing.append(RowError(1, "Stillingsbetegnelse", _("kolonnen mangler")))
    if category_col is None:
        missing.append(RowError(1, "Kategori", _("kolonnen mangler (eller 'Vurdering')")))
    if missing:
        raise ImportRejected(missing)
    assert title_col is not None and category_col is not None

    errors: list[RowError] = []
    rows: list[BalanceRow] = []
    first_row_of: dict[str, int] = {}
    label = {
        title_col: "Stillingsbetegnelse",
        category_col: "Kategori" if category_col == "kategori" else category_col.capitalize(),
    }
    for number, row in numbered(table.rows):
        row_errors: list[RowError] = []
        title = re.sub(r"\s+", " ", cell_text(row.get(title_col)))
        if not title:
            row_errors.append(RowError(number, label[title_col], _("mangler")))
        elif len(title) > JobTitle._meta.get_field("title").max_length:  # type: ignore[operator]
            row_errors.append(RowError(number, label[title_col], _("er for lang")))
        elif _title_key(title) in first_row_of:
            row_errors.append(
                RowError(
                    number,
                    label[title_col],
                    _("'%(t)s' står også i række %(r)s")
                    % {"t": title, "r": first_row_of[_title_key(title)]},
                )
            )
        else:
            first_row_of[_title_key(title)] = number
        category = ""
        try:
            category = parse_category(row.get(category_col))
        except ValueError as error:
            row_errors.append(RowError(number, label[category_col], str(error)))
        disco = ""
        if disco_col is not None:
            disco = cell_text(row.get(disco_col)).replace(" ", "")
            if disco and not re.fullmatch(r"\d{1,6}", disco):
                row_errors.append(
                    RowError(
                        number,
                        "DISCO-08",
                        _("skal være en talkode som 7512, der står '%(v)s'") % {"v": disco},
                    )
                )
        openings: int | None = None
        if openings_col is not None and cell_text(row.get(openings_col)):
            try:
                openings = cell_int(row.get(openings_col))
            except ValueError as error:
                row_errors.append(RowError(number, "Forventede jobåbninger", str(error)))
        if row_errors:
            errors.extend(row_errors)
        else:
            rows.append(BalanceRow(number, title, disco, category, openings))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ValidationFailed(_("Filen har ingen stillingsbetegnelser."))
    return rows


def _check_half_year(period_start: dt.date) -> None:
    if (period_start.month, period_start.day) not in {(1, 1), (7, 1)}:
        raise ValidationFailed(
            _("Balancen gælder et halvår: perioden skal begynde 1. januar eller 1. juli.")
        )


@transaction.atomic
def balance_import(
    *,
    council: Council,
    period_start: dt.date,
    content: bytes,
    filename: str,
    by: Actor,
) -> LabourMarketBalance:
    """Import a release of the balance for the council's area and half-year.

    Every row is checked before anything is written; a re-import of a half-year is a new
    release beside the old one (the newest is in force). New job titles are created; a
    DISCO-08 code in the file fills in or corrects the job title's code.
    """
    _check_secretariat(by=by, council=council)
    _check_half_year(period_start)
    rows = balance_parse(content, filename)

    known = {_title_key(t.title): t for t in JobTitle.objects.all()}
    created = 0
    recoded = 0
    balance = LabourMarketBalance.objects.create(
        council=council,
        period_start=period_start,
        source_name=filename[:255],
        imported_by=by if isinstance(by, User) else None,
    )
    entries = []
    for row in rows:
        job_title = known.get(_title_key(row.title))
        if job_title is None:
            job_title = JobTitle.objects.create(title=row.title, disco_code=row.disco_code)
            known[_title_key(row.title)] = job_title
            created += 1
        elif row.disco_code and job_title.disco_code != row.disco_code:
            job_title.disco_code = row.disco_code
            job_title.save(update_fields=["disco_code"])
            recoded += 1
        entries.append(
            BalanceEntry(
                balance=balance,
                job_title=job_title,
                category=row.category,
                expected_openings=row.expected_openings,
            )
        )
    BalanceEntry.objects.bulk_create(entries)
    audit_record(
        actor=by,
        action="positivelist.balance_import",
        target=balance,
        details={
            "period_start": period_start.isoformat(),
            "rows": len(entries),
            "new_job_titles": created,
            "disco_changed": recoded,
            "file": filename[:255],
        },
    )
    return balance


# --- Rounds ----------------------------------------------------------------------------------


def _next(month: int, day: int, after: dt.date) -> dt.date:
    candidate = dt.date(after.year, month, day)
    return candidate if candidate > after else dt.date(after.year + 1, month, day)


def round_default_valid_from(kind: str, on: dt.date) -> dt.date:
    """The next 1 April (yearly list), the next 1 October (supplement) or `on` (extraordinary)."""
    if kind == Round.Kind.YEARLY:
        return _next(4, 1, on)
    if kind == Round.Kind.SUPPLEMENT:
        return _next(10, 1, on)
    return on


def round_default_title(kind: str, valid_from: dt.date) -> str:
    when = danish_date(valid_from)
    if kind == Round.Kind.YEARLY:
        return _("Positivlisten pr. %(date)s") % {"date": when}
    if kind == Round.Kind.SUPPLEMENT:
        return _("Tilføjelser til positivlisten pr. %(date)s") % {"date": when}
    return _("Ekstraordinær tilføjelse til positivlisten pr. %(date)s") % {"date": when}


@transaction.atomic
def round_create(
    *,
    council: Council,
    kind: str,
    by: Actor,
    valid_from: dt.date | None = None,
    title: str = "",
) -> Round:
    """Start a round for the council, linked to the balance in force today."""
    _check_secretariat(by=by, council=council)
    if kind not in Round.Kind.values:
        raise ValidationFailed(_("Ukendt type runde."))
    valid_from = valid_from or round_default_valid_from(kind, today())
    if kind == Round.Kind.YEARLY and (valid_from.month, valid_from.day) != (4, 1):
        raise ValidationFailed(_("Den årlige positivliste gælder fra 1. april."))
    if kind == Round.Kind.SUPPLEMENT and (valid_from.month, valid_from.day) != (10, 1):
        raise ValidationFailed(_("Tilføjelserne til positivlisten gælder fra 1. oktober."))
    if (
        kind != Round.Kind.EXTRAORDINARY
        and Round.objects.filter(council=council, kind=kind, valid_from=valid_from).exists()
    ):
        raise ValidationFailed(
            _("Der findes allerede en runde af den type pr. %(date)s.")
            % {"date": danish_date(valid_from)}
        )
    title = title.strip() or round_default_title(kind, valid_from)
    if len(title) > 200:
        raise ValidationFailed(_("Titlen er for lang (højst 200 tegn)."))
    created = Round.objects.create(
        council=council,
        kind=kind,
        title=title,
        valid_from=valid_from,
        balance=selectors.balance_in_force(council=council, on=today()),
    )
    audit_record(
        actor=by,
        action="positivelist.round_create",
        target=created,
        details={"kind": kind, "valid_from": valid_from.isoformat()},
    )
    return created


def _lock_round(round: Round) -> Round:
    return (
        Round.objects.select_for_update(of=("self",))
        .select_related("council", "balance")
        .get(pk=round.pk)
    )


def _check_status(round: Round, *allowed: str, refusal: str) -> None:
    if round.status not in allowed:
        raise ValidationFailed(refusal)


def _bump(round: Round, *fields: str) -> None:
    round.version += 1
    round.save(update_fields=["version", *fields])


@transaction.atomic
def round_propose_titles(
    *, round: Round, job_titles: Iterable[JobTitle], by: Actor
) -> list[RoundJobTitle]:
    """Add job titles to the round's proposal, each with its category in the round's balance.
    Titles already in the round are left as they are; returns the ones added."""
    _check_secretariat(by=by, council=round.council)
    locked = _lock_round(round)
    _check_status(
        locked,
        Round.Status.DRAFT,
        refusal=_("Stillingsbetegnelserne er fastlagt: der kan ikke foreslås flere."),
    )
    wanted = {t.pk: t for t in job_titles}
    present = set(
        RoundJobTitle.objects.filter(round=locked, job_title_id__in=wanted).values_list(
            "job_title_id", flat=True
        )
    )
    categories: dict[int, str] = {}
    if locked.balance is not None:
        categories = dict(
            BalanceEntry.objects.filter(
                balance=locked.balance, job_title_id__in=wanted
            ).values_list("job_title_id", "category")
        )
    added = [
        RoundJobTitle.objects.create(round=locked, job_title=title, category=categories.get(pk, ""))
        for pk, title in wanted.items()
        if pk not in present
    ]
    if added:
        _bump(locked)
        audit_record(
            actor=by,
            action="positivelist.round_propose_titles",
            target=locked,
            details={"added": [str(a.job_title) for a in added]},
        )
    round.version = locked.version
    return added


@transaction.atomic
def round_remove_title(*, round: Round, job_title: JobTitle, by: Actor) -> None:
    """Take a proposed job title out of the round again (before the titles are fixed)."""
    _check_secretariat(by=by, council=round.council)
    locked = _lock_round(round)
    _check_status(
        locked,
        Round.Status.DRAFT,
        refusal=_("Stillingsbetegnelserne er fastlagt og kan ikke længere fjernes."),
    )
    deleted, _details = RoundJobTitle.objects.filter(round=locked, job_title=job_title).delete()
    if deleted:
        _bump(locked)
        audit_record(
            actor=by,
            action="positivelist.round_remove_title",
            target=locked,
            details={"removed": str(job_title)},
        )
    round.version = locked.version


@transaction.atomic
def round_fix_titles(
    *,
    round: Round,
    fixed: Sequence[int],
    fixed_by: str,
    fixed_on: dt.date,
    decision: str,
    by: Actor,
    expected_version: int,
) -> Round:
    """Record the committee's or chairmanship's decision fixing the round's job titles.

    `fixed` are job-title ids among the proposed; the others stay in the round, not fixed.
    Conflict when the round changed since the form was loaded (`expected_version`).
    """
    _check_secretariat(by=by, council=round.council)
    locked = _lock_round(round)
    if locked.version != expected_version:
        raise Conflict(
            _("Runden er ændret, mens du arbejdede. Indlæs siden igen og se ændringerne.")
        )
    _check_status(
        locked,
        Round.Status.DRAFT,
        Round.Status.TITLES_FIXED,
        refusal=_("Runden er sendt i høring: stillingsbetegnelserne kan ikke ændres."),
    )
    fixed_by = fixed_by.strip()
    decision = decision.strip()
    problems = []
    if not fixed_by:
        problems.append(_("Skriv hvem der fastlagde stillingsbetegnelserne."))
    if not decision:
        problems.append(_("Skriv beslutningen."))
    if fixed_on > today():
        problems.append(_("Beslutningsdatoen kan ikke ligge i fremtiden."))
    if len(fixed_by) > 200:
        problems.append(_("'Fastlagt af' er for lang (højst 200 tegn)."))
    entries = list(RoundJobTitle.objects.filter(round=locked).select_related("job_title"))
    proposed = {e.job_title_id for e in entries}
    chosen = set(fixed)
    if not chosen:
        problems.append(_("Vælg mindst én stillingsbetegnelse."))
    elif not chosen <= proposed:
        problems.append(_("Kun foreslåede stillingsbetegnelser kan fastlægges."))
    if problems:
        raise ValidationFailed(" ".join(problems))
    for entry in entries:
        should = entry.job_title_id in chosen
        if entry.is_fixed != should:
            entry.is_fixed = should
            entry.save(update_fields=["is_fixed"])
    locked.status = Round.Status.TITLES_FIXED
    locked.titles_fixed_by = fixed_by
    locked.titles_fixed_on = fixed_on
    locked.titles_decision = decision
    _bump(locked, "status", "titles_fixed_by", "titles_fixed_on", "titles_decision")
    audit_record(
        actor=by,
        action="positivelist.round_fix_titles",
        target=locked,
        details={
            "fixed": sorted(str(e.job_title) for e in entries if e.job_title_id in chosen),
            "fixed_by": fixed_by,
            "fixed_on": fixed_on.isoformat(),
        },
    )
    return locked


# --- Organisations ---------------------------------------------------------------------------

ORGANISATION_KIND_WORDS: dict[str, str] = {
    "uddannelsesinstitution": Organisation.Kind.INSTITUTION,
    "institution": Organisation.Kind.INSTITUTION,
    "skole": Organisation.Kind.INSTITUTION,
    "jobcenter": Organisation.Kind.JOB_CENTRE,
    "job_centre": Organisation.Kind.JOB_CENTRE,
    "a-kasse": Organisation.Kind.A_KASSE,
    "akasse": Organisation.Kind.A_KASSE,
    "a_kasse": Organisation.Kind.A_KASSE,
    "faglig organisation": Organisation.Kind.UNION,
    "fagforening": Organisation.Kind.UNION,
    "union": Organisation.Kind.UNION,
    "privat kursusudbyder": Organisation.Kind.PRIVATE_PROVIDER,
    "privat udbyder": Organisation.Kind.PRIVATE_PROVIDER,
    "private_provider": Organisation.Kind.PRIVATE_PROVIDER,
    "andet": Organisation.Kind.OTHER,
    "other": Organisation.Kind.OTHER,
}


def parse_organisation_kind(value: Any) -> str:
    text = re.sub(r"\s+", " ", cell_text(value).lower())
    if not text:
        raise ValueError(_("mangler"))
    if text in ORGANISATION_KIND_WORDS:
        return ORGANISATION_KIND_WORDS[text]
    raise ValueError(
        _(
            "ukendt type '%(v)s': brug Uddannelsesinstitution, Jobcenter, A-kasse, "
            "Faglig organisation, Privat kursusudbyder eller Andet"
        )
        % {"v": cell_text(value)}
    )


def _clean_organisation(name: str, kind: str, email: str) -> tuple[str, str, str]:
    name = re.sub(r"\s+", " ", name.strip())
    email = email.strip()
    problems = []
    if not name:
        problems.append(_("Skriv organisationens navn."))
    elif len(name) > 200:
        problems.append(_("Navnet er for langt (højst 200 tegn)."))
    if kind not in Organisation.Kind.values:
        problems.append(_("Vælg organisationens type."))
    try:
        validate_email(email)
    except ValidationError:
        problems.append(_("Skriv en gyldig e-mailadresse."))
    if problems:
        raise ValidationFailed(" ".join(problems))
    return name, kind, email


def _check_name_free(council: Council, name: str, exclude: int | None = None) -> None:
    clash = Organisation.objects.filter(council=council, name__iexact=name)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationFailed(_("Der findes allerede en organisation med det navn."))


@transaction.atomic
def organisation_add(
    *, council: Council, name: str, kind: str, email: str, by: Actor
) -> Organisation:
    _check_secretariat(by=by, council=council)
    name, kind, email = _clean_organisation(name, kind, email)
    _check_name_free(council, name)
    organisation = Organisation.objects.create(council=council, name=name, kind=kind, email=email)
    audit_record(actor=by, action="positivelist.organisation_add", target=organisation)
    return organisation


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    email: str,
    by: Actor,
    is_active: bool | None = None,
) -> Organisation:
    """Change the name, type or e-mail (and reactivate with is_active=True)."""
    _check_secretariat(by=by, council=organisation.council)
    name, kind, email = _clean_organisation(name, kind, email)
    _check_name_free(organisation.council, name, exclude=organisation.pk)
    before = {"name": organisation.name, "kind": organisation.kind, "email": organisation.email}
    organisation.name, organisation.kind, organisation.email = name, kind, email
    if is_active is not None:
        organisation.is_active = is_active
    organisation.save(update_fields=["name", "kind", "email", "is_active"])
    audit_record(
        actor=by,
        action="positivelist.organisation_update",
        target=organisation,
        details={"before": before},
    )
    return organisation


@transaction.atomic
def organisation_deactivate(*, organisation: Organisation, by: Actor) -> Organisation:
    """Take the organisation off the directory for new consultations; its history stays."""
    _check_secretariat(by=by, council=organisation.council)
    if organisation.is_active:
        organisation.is_active = False
        organisation.save(update_fields=["is_active"])
        audit_record(actor=by, action="positivelist.organisation_deactivate", target=organisation)
    return organisation


@dataclass(frozen=True)
class OrganisationImportResult:
    created: int
    updated: int


ORG_NAME = ("navn", "organisation", "name")
ORG_KIND = ("type", "organisationstype", "kind")
ORG_EMAIL = ("e-mail", "email", "mail", "kontaktmail", "e-mailadresse")


@transaction.atomic
def organisation_import(
    *, council: Council, content: bytes, filename: str, by: Actor
) -> OrganisationImportResult:
    """Add organisations from a file (navn, type, e-mail); a known name gets the file's type
    and e-mail. Every row is checked first: one bad row and nothing is saved."""
    _check_secretariat(by=by, council=council)
    table = read_table(content, filename)
    columns = {
        "Navn": _find_column(table.headers, ORG_NAME),
        "Type": _find_column(table.headers, ORG_KIND),
        "E-mail": _find_column(table.headers, ORG_EMAIL),
    }
    missing = [RowError(1, label, _("kolonnen mangler")) for label, c in columns.items() if not c]
    if missing:
        raise ImportRejected(missing)
    errors: list[RowError] = []
    parsed: list[tuple[str, str, str]] = []
    first_row_of: dict[str, int] = {}
    for number, row in numbered(table.rows):
        name = re.sub(r"\s+", " ", cell_text(row.get(columns["Navn"] or "")))
        row_errors = []
        if not name:
            row_errors.append(RowError(number, "Navn", _("mangler")))
        elif len(name) > 200:
            row_errors.append(RowError(number, "Navn", _("er for langt")))
        elif name.casefold() in first_row_of:
            row_errors.append(
                RowError(
                    number,
                    "Navn",
                    _("'%(n)s' står også i række %(r)s")
                    % {"n": name, "r": first_row_of[name.casefold()]},
                )
            )
        else:
            first_row_of[name.casefold()] = number
        kind = ""
        try:
            kind = parse_organisation_kind(row.get(columns["Type"] or ""))
        except ValueError as error:
            row_errors.append(RowError(number, "Type", str(error)))
        email = cell_text(row.get(columns["E-mail"] or ""))
        try:
            validate_email(email)
        except ValidationError:
            row_errors.append(
                RowError(
                    number,
                    "E-mail",
                    _("mangler")
                    if not email
                    else _("'%(v)s' er ikke en e-mailadresse") % {"v": email},
                )
            )
        if row_errors:
            errors.extend(row_errors)
        else:
            parsed.append((name, kind, email))
    if errors:
        raise ImportRejected(errors)
    if not parsed:
        raise ValidationFailed(_("Filen har ingen organisationer."))
    existing = {o.name.casefold(): o for o in Organisation.objects.filter(council=council)}
    created = updated = 0
    for name, kind, email in parsed:
        found = existing.get(name.casefold())
        if found is None:
            Organisation.objects.create(council=council, name=name, kind=kind, email=email)
            created += 1
        elif (found.kind, found.email) != (kind, email):
            found.kind, found.email = kind, email
            found.save(update_fields=["kind", "email"])
            updated += 1
    audit_record(
        actor=by,
        action="positivelist.organisation_import",
        target=council,
        details={"created": created, "updated": updated, "file": filename[:255]},
    )
    return OrganisationImportResult(created=created, updated=updated)


# --- The consultation ------------------------------------------------------------------------


def consultation_link(token: str) -> str:
    """The absolute address of an organisation's consultation form for this token."""
    try:
        path = reverse("positivelist:consultation_form", kwargs={"token": token})
    except NoReverseMatch:
        path = f"/hoering/{token}/"
    return settings.SITE_URL.rstrip("/") + path


def _deadline_text(deadline: dt.datetime) -> str:
    local = timezone.localtime(deadline)
    return _("%(date)s kl. %(time)s") % {
        "date": danish_date(local.date()),
        "time": danish_time(local.time()),
    }


def _invitation_mail(invitation: Invitation, token: str, *, reminder: bool = False) -> EmailMessage:
    # The organisations read Danish, whatever language the secretary's screen is in.
    with translation.override(settings.LANGUAGE_CODE):
        return _invitation_mail_text(invitation, token, reminder=reminder)


def _invitation_mail_text(invitation: Invitation, token: str, *, reminder: bool) -> EmailMessage:
    consultation = invitation.consultation
    round = consultation.round
    council = round.council
    titles = [
        str(e.job_title)
        for e in RoundJobTitle.objects.filter(round=round, is_fixed=True).select_related(
            "job_title"
        )
    ]
    subject = _("Høring: %(title)s – %(council)s") % {"title": round.title, "council": council}
    if reminder:
        subject = _("Nyt link – %(subject)s") % {"subject": subject}
    lines = [
        _("Til %(organisation)s") % {"organisation": invitation.organisation.name},
        "",
        _(
            "%(council)s beder om forslag til kurser til positivlisten for den regionale "
            "uddannelsespulje (%(title)s)."
        )
        % {"council": council.name, "title": round.title},
        "",
    ]
    if consultation.message.strip():
        lines += [consultation.message.strip(), ""]
    if titles:
        lines.append(_("Forslagene skal rette sig mod disse stillingsbetegnelser:"))
        lines += [f"- {t}" for t in titles]
        lines.append("")
    lines += [
        _("Giv jeres forslag via jeres personlige link (det kræver ikke login):"),
        consultation_link(token),
        "",
        _("Svarfristen er %(deadline)s. Linket virker indtil fristen.")
        % {"deadline": _deadline_text(consultation.deadline)},
        _("Linket er personligt: send det kun videre til kolleger, der skal svare for jer."),
    ]
    if reminder:
        lines += ["", _("Et tidligere link til høringen virker ikke længere.")]
    lines += ["", _("Med venlig hilsen"), council.secretariat_name or council.name]
    return EmailMessage(
        subject=subject,
        body="\n".join(str(line) for line in lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.organisation.email],
    )


def _invite(
    consultation: Consultation, organisations: Iterable[Organisation]
) -> list[tuple[Invitation, str]]:
    """One invitation per organisation not yet invited, each with its clear token.

    `sent_at` stays empty until the organisation's e-mail has gone out (`_mail_each`)."""
    invited = set(
        Invitation.objects.filter(consultation=consultation).values_list(
            "organisation_id", flat=True
        )
    )
    created = []
    for organisation in organisations:
        if organisation.pk in invited:
            continue
        token, hashed = new_token()
        invitation = Invitation.objects.create(
            consultation=consultation, organisation=organisation, token_hash=hashed, sent_at=None
        )
        invited.add(organisation.pk)
        created.append((invitation, token))
    return created


def _deliver(connection: BaseEmailBackend, build: Callable[[], EmailMessage], to: str) -> bool:
    """Build and send one e-mail; False (logged) if the mail server or the backend fails.

    After a failure the connection is closed, so the next e-mail starts on a fresh one."""
    try:
        return bool(connection.send_messages([build()]))
    except Exception:  # any backend failure: the caller records the e-mail as not sent
        logger.warning("Invitation e-mail to %s could not be sent", to, exc_info=True)
        try:
            connection.close()
        except Exception:
            logger.debug("Closing the mail connection failed", exc_info=True)
        return False


def _mail_each(
    invitations: Sequence[tuple[Invitation, str]], *, reminder: bool = False
) -> list[Invitation]:
    """Mail each invitation on its own, after its writes are committed, and set `sent_at`
    on those whose e-mail went out. Returns the invitations whose e-mail failed.

    `sent_at` is only set while the invitation still holds the token that was mailed, so a
    new link made meanwhile is never marked as sent by an older e-mail."""
    failed: list[Invitation] = []
    if not invitations:
        return failed
    connection = get_connection()
    try:
        for invitation, token in invitations:
            sent = _deliver(
                connection,
                partial(_invitation_mail, invitation, token, reminder=reminder),
                invitation.organisation.email,
            )
            if not sent:
                failed.append(invitation)
                continue
            moment = timezone.now()
            if Invitation.objects.filter(pk=invitation.pk, token_hash=invitation.token_hash).update(
                sent_at=moment
            ):
                invitation.sent_at = moment
    finally:
        try:
            connection.close()
        except Exception:
            logger.debug("Closing the mail connection failed", exc_info=True)
    return failed


def _record_mail_failures(
    *, by: Actor, target: Consultation | Invitation, failed: Sequence[Invitation]
) -> None:
    if failed:
        audit_record(
            actor=by,
            action="positivelist.invitation_mail_failed",
            target=target,
            details={"organisations": [i.organisation.name for i in failed]},
        )


def _check_organisations(council: Council, organisations: Sequence[Organisation]) -> None:
    for organisation in organisations:
        if organisation.council_id != council.pk:
            raise ValidationFailed(
                _("%(name)s hører ikke til rådets organisationer.") % {"name": organisation.name}
            )
        if not organisation.is_active:
            raise ValidationFailed(
                _("%(name)s er ikke længere aktiv i organisationslisten.")
                % {"name": organisation.name}
            )


def _check_deadline(deadline: dt.datetime) -> None:
    if timezone.is_naive(deadline):
        raise ValidationFailed(_("Svarfristen skal have en tidszone."))
    if deadline <= timezone.now():
        raise ValidationFailed(_("Svarfristen skal ligge i fremtiden."))


def consultation_open(
    *,
    round: Round,
    deadline: dt.datetime,
    organisations: Sequence[Organisation],
    message: str,
    by: Actor,
) -> Consultation:
    """Send the round's fixed job titles in consultation: each organisation gets an e-mail
    with its personal link, which works until the deadline.

    Not atomic on purpose: the consultation and its invitations are committed first, then
    each e-mail is sent on its own. An e-mail that fails leaves the consultation open and
    that invitation's `sent_at` empty (`selectors.invitations_not_mailed` lists them); the
    secretariat sends the link again from the round page. Call it outside any transaction of
    your own: inside one, the e-mails would go out before that transaction commits."""
    consultation, invitations = _consultation_open_write(
        round=round, deadline=deadline, organisations=organisations, message=message, by=by
    )
    _record_mail_failures(by=by, target=consultation, failed=_mail_each(invitations))
    return consultation


@transaction.atomic
def _consultation_open_write(
    *,
    round: Round,
    deadline: dt.datetime,
    organisations: Sequence[Organisation],
    message: str,
    by: Actor,
) -> tuple[Consultation, list[tuple[Invitation, str]]]:
    _check_secretariat(by=by, council=round.council)
    locked = _lock_round(round)
    _check_status(
        locked,
        Round.Status.TITLES_FIXED,
        refusal=_("Stillingsbetegnelserne skal fastlægges, før runden sendes i høring.")
        if locked.status == Round.Status.DRAFT
        else _("Runden er allerede sendt i høring."),
    )
    _check_deadline(deadline)
    organisations = list(organisations)
    if not organisations:
        raise ValidationFailed(_("Vælg mindst én organisation."))
    _check_organisations(locked.council, organisations)
    consultation = Consultation.objects.create(
        round=locked, deadline=deadline, message=message.strip()
    )
    invitations = _invite(consultation, organisations)
    locked.status = Round.Status.CONSULTATION
    _bump(locked, "status")
    audit_record(
        actor=by,
        action="positivelist.consultation_open",
        target=locked,
        details={
            "deadline": deadline.isoformat(),
            "organisations": [i.organisation.name for i, _t in invitations],
        },
    )
    round.status, round.version = locked.status, locked.version
    return consultation, invitations


def _check_consultation_running(consultation: Consultation) -> None:
    if consultation.round.status != Round.Status.CONSULTATION:
        raise ValidationFailed(_("Høringen er afsluttet."))
    if consultation.deadline <= timezone.now():
        raise ValidationFailed(_("Svarfristen er overskredet."))


def consultation_invite(
    *, consultation: Consultation, organisations: Sequence[Organisation], by: Actor
) -> list[Invitation]:
    """Invite more organisations to a running consultation (the same deadline applies).
    Organisations already invited are skipped; returns the new invitations.

    As `consultation_open`: the invitations are committed, then mailed one by one; those
    whose e-mail failed come back with `sent_at` empty."""
    invitations = _consultation_invite_write(
        consultation=consultation, organisations=organisations, by=by
    )
    _record_mail_failures(by=by, target=consultation, failed=_mail_each(invitations))
    return [i for i, _t in invitations]


@transaction.atomic
def _consultation_invite_write(
    *, consultation: Consultation, organisations: Sequence[Organisation], by: Actor
) -> list[tuple[Invitation, str]]:
    council = consultation.round.council
    _check_secretariat(by=by, council=council)
    _check_consultation_running(consultation)
    organisations = list(organisations)
    if not organisations:
        raise ValidationFailed(_("Vælg mindst én organisation."))
    _check_organisations(council, organisations)
    invitations = _invite(consultation, organisations)
    if invitations:
        audit_record(
            actor=by,
            action="positivelist.consultation_invite",
            target=consultation,
            details={"organisations": [i.organisation.name for i, _t in invitations]},
        )
    return invitations


def invitation_resend(*, invitation: Invitation, by: Actor) -> Invitation:
    """Mail the organisation a new link; the old link stops working at once.

    The new token is committed (with `sent_at` empty) before the e-mail is sent, and
    `sent_at` is set when it went out. If the e-mail fails, the invitation is put back as it
    was (the previous link works again, `sent_at` unchanged) and ValidationFailed says so: the
    new token is kept only if its e-mail went out."""
    token, previous_hash, previous_sent_at = _invitation_renew(invitation=invitation, by=by)
    if not _mail_each([(invitation, token)], reminder=True):
        return invitation
    if Invitation.objects.filter(pk=invitation.pk, token_hash=invitation.token_hash).update(
        token_hash=previous_hash, sent_at=previous_sent_at
    ):
        invitation.token_hash, invitation.sent_at = previous_hash, previous_sent_at
    _record_mail_failures(by=by, target=invitation, failed=[invitation])
    name = invitation.organisation.name
    if previous_sent_at is not None:
        raise ValidationFailed(
            _(
                "E-mailen med det nye link til %(name)s kunne ikke sendes. Det tidligere link "
                "virker stadig. Prøv igen senere."
            )
            % {"name": name}
        )
    raise ValidationFailed(
        _("E-mailen med linket til %(name)s kunne ikke sendes. Prøv igen senere.") % {"name": name}
    )


@transaction.atomic
def _invitation_renew(*, invitation: Invitation, by: Actor) -> tuple[str, str, dt.datetime | None]:
    """Give the invitation a new token (sent_at empty until mailed); returns the clear token
    and the previous hash and sent_at, to put back if the e-mail fails."""
    consultation = invitation.consultation
    _check_secretariat(by=by, council=consultation.round.council)
    _check_consultation_running(consultation)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    previous_hash, previous_sent_at = locked.token_hash, locked.sent_at
    token, hashed = new_token()
    invitation.token_hash, invitation.sent_at = hashed, None
    invitation.save(update_fields=["token_hash", "sent_at"])
    audit_record(
        actor=by,
        action="positivelist.invitation_resend",
        target=invitation,
        details={"organisation": invitation.organisation.name},
    )
    return token, previous_hash, previous_sent_at
