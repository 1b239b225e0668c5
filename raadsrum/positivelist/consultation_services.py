"""Writes of the consultation: an invited organisation saves, submits and uploads its answer.

The organisation has no account: the invitation (reached through the personal link) is the
only key, so every write here takes the invitation and touches nothing but its own response.
All rules for a course proposal live in `proposal_check`, used alike by the form and the
CSV/XLSX upload, and the deadline is checked again at the moment of writing.

A draft may hold half-filled courses (work over several days): it is refused only for values
that are wrong (an AMU number of four digits, a duration of 'en halv'), never for values not
given yet. A submitted answer is complete: every course has everything it needs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from raadsrum.core.audit import audit_record
from raadsrum.core.errors import Conflict, ValidationFailed
from raadsrum.core.tabular import (
    ImportRejected,
    RowError,
    cell_bool,
    cell_decimal,
    cell_text,
    normalise_header,
    numbered,
    read_table,
)
from raadsrum.positivelist.consultation_selectors import (
    ConsultationClosed,
    consultation_is_open,
    round_fixed_job_titles,
)
from raadsrum.positivelist.models import (
    ConsultationResponse,
    CourseKind,
    CourseProposal,
    DurationUnit,
    Invitation,
    JobTitle,
    Round,
)

MAX_PROPOSALS = 300
AMU_NUMBER = re.compile(r"\d{5}")
MAX_DURATION = Decimal("99999.9")  # the column holds six digits with one decimal
LIMITS = {  # field → longest text accepted (the model's max_length, or a sane bound)
    "course_number": 20,
    "title": 300,
    "provider": 200,
    "other_job_title": 200,
    "other_reason": 2000,
    "description": 5000,
}

FieldErrors = dict[str, list[str]]

# What a course lacks, by field, as the draft page names it ("Mangler: udbyder, varighed").
MISSING_LABELS = {
    "title": gettext_lazy("kursustitel"),
    "kind": gettext_lazy("type"),
    "course_number": gettext_lazy("AMU-nummer"),
    "provider": gettext_lazy("udbyder"),
    "duration": gettext_lazy("varighed"),
    "job_title_ids": gettext_lazy("stillingsbetegnelse"),
    "other_job_title": gettext_lazy("anden stillingsbetegnelse"),
    "other_reason": gettext_lazy("begrundelse for anden stillingsbetegnelse"),
}


@dataclass(frozen=True)
class ProposalInput:
    """One course as the organisation typed it (form) or wrote it (upload row).

    `duration` may be the raw text ('0,5') or a number: parsing it is one of the rules.
    `job_title_ids` are JobTitle primary keys; they must be the round's fixed titles.
    """

    title: str = ""
    provider: str = ""
    kind: str = ""
    course_number: str = ""
    duration: Decimal | int | float | str | None = None
    duration_unit: str = DurationUnit.DAYS
    is_online: bool = False
    job_title_ids: Sequence[int] = ()
    other_job_title: str = ""
    other_reason: str = ""
    description: str = ""


@dataclass(frozen=True)
class CleanProposal:
    """A proposal in its stored form. In a draft, values not given yet are empty ('' or a
    duration of None); in a submitted answer everything is there."""

    title: str
    provider: str
    kind: str
    course_number: str
    duration: Decimal | None
    duration_unit: str
    is_online: bool
    job_title_ids: tuple[int, ...]
    other_job_title: str
    other_reason: str
    description: str


class ResponseInvalid(ValidationFailed):
    """Nothing was saved; the errors say which field of which course to fix.

    `response_errors` holds errors on the answer as a whole (keys 'contact_name' and
    'proposals'); `proposal_errors[i]` the errors of the i-th proposal passed in (0-based),
    keyed by ProposalInput's field names, so a form can show each message beside its field.
    """

    def __init__(
        self,
        *,
        response_errors: FieldErrors | None = None,
        proposal_errors: dict[int, FieldErrors] | None = None,
    ) -> None:
        self.response_errors = response_errors or {}
        self.proposal_errors = proposal_errors or {}
        count = sum(len(m) for m in self.response_errors.values()) + sum(
            len(m) for errors in self.proposal_errors.values() for m in errors.values()
        )
        super().__init__(
            ngettext(
                "Svaret er ikke gemt: %(count)s fejl skal rettes.",
                "Svaret er ikke gemt: %(count)s fejl skal rettes.",
                count,
            )
            % {"count": count}
        )


# --- The rules for one proposal ------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalCheck:
    """One proposal against the rules.

    `errors` are values that are wrong (refused even in a draft); `missing` are values a
    course needs but has not been given yet (only a submitted answer needs them). `clean` is
    the proposal in its stored form, or None when there are errors.
    """

    clean: CleanProposal | None
    errors: FieldErrors
    missing: FieldErrors

    @property
    def all_errors(self) -> FieldErrors:
        """Both kinds, by field in the order of ProposalInput (what a submission must fix)."""
        names = [f.name for f in fields(ProposalInput)]
        names = [n for n in names if n in self.errors or n in self.missing]
        return {n: self.errors.get(n, []) + self.missing.get(n, []) for n in names}


def proposal_check(data: ProposalInput, *, fixed_job_title_ids: Iterable[int]) -> ProposalCheck:
    """Every rule for one proposal, with what is wrong kept apart from what is missing."""
    errors: FieldErrors = {}
    missing: FieldErrors = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    def lack(name: str, message: str) -> None:
        missing.setdefault(name, []).append(message)

    text = {name: (getattr(data, name) or "").strip() for name in LIMITS}
    text["course_number"] = re.sub(r"\s+", "", text["course_number"])
    for name, limit in LIMITS.items():
        if len(text[name]) > limit:
            fail(name, _("Højst %(limit)s tegn.") % {"limit": limit})

    if not text["title"]:
        lack("title", _("Skriv kursets titel."))
    if not text["provider"]:
        lack("provider", _("Skriv, hvem der udbyder kurset."))

    kind = data.kind or ""
    if not kind:
        lack("kind", _("Vælg kursets type."))
    elif kind not in CourseKind.values:
        fail("kind", _("Vælg en af typerne på listen."))

    if kind == CourseKind.AMU and "course_number" not in errors:
        if not text["course_number"]:
            lack("course_number", _("Skriv AMU-kursets nummer (fem cifre, fx 40123)."))
        elif not AMU_NUMBER.fullmatch(text["course_number"]):
            fail(
                "course_number",
                _("Et AMU-nummer er fem cifre, fx 40123. Der står '%(value)s'.")
                % {"value": text["course_number"]},
            )

    unit = data.duration_unit
    if unit not in DurationUnit.values:
        fail("duration_unit", _("Vælg enheden dage eller ECTS-point."))
    elif kind == CourseKind.ACADEMY and unit != DurationUnit.ECTS:
        fail("duration_unit", _("Et akademimodul måles i ECTS-point."))
    elif kind == CourseKind.AMU and unit != DurationUnit.DAYS:
        fail("duration_unit", _("Et AMU-kursus måles i dage."))

    duration: Decimal | None = None
    if data.duration is None or (isinstance(data.duration, str) and not data.duration.strip()):
        lack("duration", _("Skriv kursets varighed, fx 0,5 eller 3."))
    else:
        duration = _duration(data.duration, unit=unit, fail=fail)

    fixed = set(fixed_job_title_ids)
    chosen = tuple(dict.fromkeys(data.job_title_ids))  # keep the order, drop repeats
    if any(pk not in fixed for pk in chosen):
        fail("job_title_ids", _("Vælg kun blandt høringens stillingsbetegnelser."))
    if text["other_job_title"] and not text["other_reason"]:
        lack(
            "other_reason",
            _("Begrund, hvorfor kurset er relevant for den anden stillingsbetegnelse."),
        )
    if text["other_reason"] and not text["other_job_title"]:
        lack("other_job_title", _("Skriv den anden stillingsbetegnelse, eller slet begrundelsen."))
    if not chosen and not text["other_job_title"]:
        lack(
            "job_title_ids",
            _("Vælg mindst én stillingsbetegnelse, eller skriv en anden med en begrundelse."),
        )

    if errors:
        return ProposalCheck(None, errors, missing)
    clean = CleanProposal(
        title=text["title"],
        provider=text["provider"],
        kind=kind,
        course_number=text["course_number"],
        duration=duration,
        duration_unit=unit,
        is_online=bool(data.is_online),
        job_title_ids=chosen,
        other_job_title=text["other_job_title"],
        other_reason=text["other_reason"],
        description=text["description"],
    )
    return ProposalCheck(clean, errors, missing)


def proposal_clean(
    data: ProposalInput, *, fixed_job_title_ids: Iterable[int]
) -> tuple[CleanProposal | None, FieldErrors]:
    """The complete proposal in its stored form (as a submitted answer or an upload row
    needs it), or None and every broken rule by field: wrong values and missing ones."""
    check = proposal_check(data, fixed_job_title_ids=fixed_job_title_ids)
    errors = check.all_errors
    return (None if errors else check.clean), errors


def proposal_missing(data: ProposalInput) -> list[str]:
    """What the course still lacks before the answer can be submitted, as short labels in
    the form's order (["udbyder", "varighed"]); empty for a complete course."""
    # Which job titles the round allows is a question of wrong values, not of missing ones.
    check = proposal_check(data, fixed_job_title_ids=data.job_title_ids)
    return [str(MISSING_LABELS[name]) for name in MISSING_LABELS if name in check.missing]


def proposal_input_of(proposal: CourseProposal) -> ProposalInput:
    """A stored proposal as input again (its job titles should be prefetched)."""
    return ProposalInput(
        title=proposal.title,
        provider=proposal.provider,
        kind=proposal.kind,
        course_number=proposal.course_number,
        duration=proposal.duration,
        duration_unit=proposal.duration_unit,
        is_online=proposal.is_online,
        job_title_ids=[t.pk for t in proposal.job_titles.all()],
        other_job_title=proposal.other_job_title,
        other_reason=proposal.other_reason,
        description=proposal.description,
    )


def _duration(value: object, *, unit: str, fail: Callable[[str, str], None]) -> Decimal | None:
    """A given duration parsed, or None after `fail` has said what is wrong with it."""
    try:
        number = cell_decimal(value)
    except ValueError:
        if cell_text(value).startswith("-"):
            fail("duration", _("Varigheden skal være større end 0."))
            return None
        fail(
            "duration",
            _("Skriv varigheden som et tal, fx 0,5 eller 3. Der står '%(value)s'.")
            % {"value": cell_text(value)},
        )
        return None
    if number <= 0:
        fail("duration", _("Varigheden skal være større end 0."))
        return None
    if number > MAX_DURATION:
        fail("duration", _("Varigheden er for stor."))
        return None
    if number != number.quantize(Decimal("0.1")):
        fail("duration", _("Varigheden kan højst have én decimal, fx 0,5."))
        return None
    if unit == DurationUnit.DAYS and (number * 2) % 1:
        fail("duration", _("Dage angives i hele eller halve dage, fx 0,5, 1 eller 2,5."))
        return None
    return number.quantize(Decimal("0.1"))


def _clean_all(
    proposals: Sequence[ProposalInput], *, round: Round, complete: bool
) -> tuple[list[CleanProposal], dict[int, FieldErrors], int]:
    """The clean proposals, the errors by proposal index, and how many are incomplete."""
    fixed = [t.pk for t in round_fixed_job_titles(round)]
    cleaned: list[CleanProposal] = []
    errors: dict[int, FieldErrors] = {}
    incomplete = 0
    for index, data in enumerate(proposals):
        check = proposal_check(data, fixed_job_title_ids=fixed)
        field_errors = check.all_errors if complete else check.errors
        if field_errors or check.clean is None:
            errors[index] = field_errors
        else:
            cleaned.append(check.clean)
            incomplete += bool(check.missing)
    return cleaned, errors, incomplete


# --- Saving the answer ---------------------------------------------------------------------------


def _lock_open_invitation(invitation: Invitation) -> Invitation:
    """The invitation locked for this transaction (saves of one answer queue up here), and
    its round too, so the secretariat cannot start the screening halfway through a save.
    Refused once the consultation is over: the form may have been opened before that."""
    locked = (
        Invitation.objects.select_for_update(of=("self", "consultation__round"))
        .select_related("organisation", "consultation__round__council")
        .get(pk=invitation.pk)
    )
    if not consultation_is_open(locked.consultation, now=timezone.now()):
        raise ConsultationClosed(locked)
    return locked


def _stale_version() -> Conflict:
    return Conflict(
        _(
            "Svaret er ændret et andet sted (måske i en anden fane eller af en kollega), "
            "siden du åbnede siden. Dine ændringer er ikke gemt. Genindlæs siden, og indtast "
            "dem igen."
        )
    )


def _stored(response: ConsultationResponse) -> list[CleanProposal]:
    return [
        CleanProposal(
            title=p.title,
            provider=p.provider,
            kind=p.kind,
            course_number=p.course_number,
            duration=p.duration,
            duration_unit=p.duration_unit,
            is_online=p.is_online,
            job_title_ids=tuple(sorted(t.pk for t in p.job_titles.all())),
            other_job_title=p.other_job_title,
            other_reason=p.other_reason,
            description=p.description,
        )
        for p in response.proposals.order_by("position", "id").prefetch_related("job_titles")
    ]


def _same_content(
    response: ConsultationResponse, contact_name: str, cleaned: list[CleanProposal]
) -> bool:
    def normal(p: CleanProposal) -> CleanProposal:
        return replace(p, job_title_ids=tuple(sorted(p.job_title_ids)))

    return response.contact_name == contact_name and _stored(response) == [
        normal(p) for p in cleaned
    ]


def _create_proposals(
    response: ConsultationResponse, cleaned: Sequence[CleanProposal], *, first_position: int
) -> None:
    titles = {
        t.pk: t
        for t in JobTitle.objects.filter(pk__in={i for p in cleaned for i in p.job_title_ids})
    }
    for offset, clean in enumerate(cleaned):
        proposal = CourseProposal.objects.create(
            response=response,
            position=first_position + offset,
            title=clean.title,
            provider=clean.provider,
            kind=clean.kind,
            course_number=clean.course_number,
            duration=clean.duration,
            duration_unit=clean.duration_unit,
            is_online=clean.is_online,
            other_job_title=clean.other_job_title,
            other_reason=clean.other_reason,
            description=clean.description,
        )
        proposal.job_titles.set([titles[pk] for pk in clean.job_title_ids])


def _response_for_write(invitation: Invitation) -> ConsultationResponse | None:
    return ConsultationResponse.objects.filter(invitation=invitation).first()


@transaction.atomic
def response_save(
    *,
    invitation: Invitation,
    contact_name: str,
    proposals: Sequence[ProposalInput],
    expected_version: int,
    submit: bool,
) -> ConsultationResponse:
    """Save the organisation's answer: its proposals replace those saved before.

    `expected_version` is the version the page was loaded with (0 when there was no answer
    yet); a save from an older page is refused with Conflict, unless it would change nothing
    (a double click on "Indsend" is harmless). With `submit` the answer is submitted; once
    submitted it stays submitted, and later saves change it until the deadline.

    A draft is saved with what it has: empty, or with courses that still lack values (no
    title, provider, duration or job title yet); only wrong values refuse it. A submitted
    answer (also when a later save does not say `submit`) needs a contact person, at least
    one course and every course complete.
    """
    invitation = _lock_open_invitation(invitation)
    response = _response_for_write(invitation)
    contact_name = (contact_name or "").strip()
    complete = submit or (
        response is not None and response.status == ConsultationResponse.Status.SUBMITTED
    )

    response_errors: FieldErrors = {}
    if len(contact_name) > 200:
        response_errors["contact_name"] = [_("Højst %(limit)s tegn.") % {"limit": 200}]
    elif complete and not contact_name:
        response_errors["contact_name"] = [_("Skriv navnet på kontaktpersonen.")]
    if len(proposals) > MAX_PROPOSALS:
        response_errors["proposals"] = [
            _("Et svar kan højst have %(limit)s kurser.") % {"limit": MAX_PROPOSALS}
        ]
    elif complete and not proposals:
        response_errors["proposals"] = [_("Tilføj mindst ét kursus, før du indsender svaret.")]
    cleaned, proposal_errors, incomplete = _clean_all(
        proposals, round=invitation.consultation.round, complete=complete
    )
    if response_errors or proposal_errors:
        raise ResponseInvalid(response_errors=response_errors, proposal_errors=proposal_errors)

    current = response.version if response else 0
    unchanged = response is not None and _same_content(response, contact_name, cleaned)
    if (
        unchanged
        and response is not None
        and (not submit or response.status == ConsultationResponse.Status.SUBMITTED)
    ):
        return response  # nothing to write: a repeated click or a reloaded page
    if expected_version != current:
        raise _stale_version()

    now = timezone.now()
    if response is None:
        response = ConsultationResponse.objects.create(
            invitation=invitation, contact_name=contact_name, version=1
        )
    else:
        response.contact_name = contact_name
        response.version += 1
        response.proposals.all().delete()
    _create_proposals(response, cleaned, first_position=1)
    if submit:
        response.status = ConsultationResponse.Status.SUBMITTED
        response.submitted_at = now
    response.save()
    audit_record(
        actor=None,
        action="consultation_response.submit" if submit else "consultation_response.save",
        target=response,
        details={
            "organisation": invitation.organisation.name,
            "proposals": len(cleaned),
            "incomplete": incomplete,
            "status": response.status,
            "version": response.version,
        },
    )
    return response


# --- The upload ----------------------------------------------------------------------------------

# Column header → ProposalInput field, in the template's order.
UPLOAD_COLUMNS: dict[str, str] = {
    "Kursusnummer": "course_number",
    "Kursustitel": "title",
    "Udbyder": "provider",
    "Type": "kind",
    "Varighed": "duration",
    "Enhed": "duration_unit",
    "Online": "is_online",
    "Stillingsbetegnelser": "job_title_ids",
    "Anden stillingsbetegnelse": "other_job_title",
    "Begrundelse": "other_reason",
    "Beskrivelse": "description",
}
REQUIRED_COLUMNS = ("Kursustitel", "Udbyder", "Type", "Varighed", "Stillingsbetegnelser")
COLUMN_FOR_FIELD = {name: column for column, name in UPLOAD_COLUMNS.items()}
COLUMN_ORDER = {column: index for index, column in enumerate(UPLOAD_COLUMNS)}
EXAMPLE_MARK = "EKSEMPEL"

_KIND_WORDS: dict[str, str] = {
    "amu": CourseKind.AMU,
    "amu-kursus": CourseKind.AMU,
    "amukursus": CourseKind.AMU,
    "akademimodul": CourseKind.ACADEMY,
    "akademimodul (ects)": CourseKind.ACADEMY,
    "akademi": CourseKind.ACADEMY,
    "academy": CourseKind.ACADEMY,
    "privat": CourseKind.PRIVATE,
    "privat kursus": CourseKind.PRIVATE,
    "private": CourseKind.PRIVATE,
    "andet": CourseKind.OTHER,
    "other": CourseKind.OTHER,
}
_UNIT_WORDS: dict[str, str] = {
    "": DurationUnit.DAYS,
    "dag": DurationUnit.DAYS,
    "dage": DurationUnit.DAYS,
    "days": DurationUnit.DAYS,
    "ects": DurationUnit.ECTS,
    "ects-point": DurationUnit.ECTS,
    "ects point": DurationUnit.ECTS,
}


def _kind_from_cell(value: Any) -> str:
    text = cell_text(value).lower()
    if not text:
        return ""
    kind = _KIND_WORDS.get(text)
    if kind is None:
        raise ValueError(
            _("Skriv en af typerne %(kinds)s. Der står '%(value)s'.")
            % {"kinds": ", ".join(str(label) for label in CourseKind.labels), "value": text}
        )
    return kind


def _unit_from_cell(value: Any) -> str:
    text = cell_text(value).lower()
    unit = _UNIT_WORDS.get(text)
    if unit is None:
        raise ValueError(
            _("Skriv 'dage' eller 'ECTS'. Der står '%(value)s'.") % {"value": cell_text(value)}
        )
    return unit


def _job_titles_from_cell(value: Any, *, by_name: dict[str, JobTitle]) -> list[int]:
    names = [n.strip() for n in re.split(r"[;\n\r]+", cell_text(value)) if n.strip()]
    unknown = [n for n in names if n.lower() not in by_name]
    if unknown:
        raise ValueError(
            _(
                "%(names)s er ikke blandt høringens stillingsbetegnelser (se arket "
                "'Stillingsbetegnelser'). Brug kolonnen 'Anden stillingsbetegnelse' med en "
                "begrundelse."
            )
            % {"names": ", ".join(f"'{n}'" for n in unknown)}
        )
    return [by_name[n.lower()].pk for n in names]


def _parse_upload(content: bytes, filename: str, *, round: Round) -> list[CleanProposal]:
    """Every row of the file as a clean proposal, or ImportRejected with every error."""
    table = read_table(content, filename)
    headers = set(table.headers)
    errors: list[RowError] = [
        RowError(1, column, _("Kolonnen mangler. Brug skabelonen."))
        for column in REQUIRED_COLUMNS
        if normalise_header(column) not in headers
    ]
    if errors:
        raise ImportRejected(errors)
    rows = numbered(table.rows)
    if not rows:
        raise ValidationFailed(_("Filen har ingen kurser: udfyld en række pr. kursus."))
    if len(rows) > MAX_PROPOSALS:
        raise ValidationFailed(
            _("En fil kan højst have %(limit)s kurser.") % {"limit": MAX_PROPOSALS}
        )

    fixed = round_fixed_job_titles(round)
    by_name = {t.title.lower(): t for t in fixed}
    fixed_ids = [t.pk for t in fixed]
    cleaned: list[CleanProposal] = []
    for number, row in rows:
        cells = {column: row.get(normalise_header(column)) for column in UPLOAD_COLUMNS}
        if cell_text(cells["Kursustitel"]).upper().startswith(EXAMPLE_MARK):
            errors.append(
                RowError(number, "Kursustitel", _("Eksempelrækken fra skabelonen skal slettes."))
            )
            continue
        values: dict[str, Any] = {}
        row_errors: list[RowError] = []
        parsers: dict[str, Any] = {
            "kind": _kind_from_cell,
            "duration_unit": _unit_from_cell,
            "is_online": cell_bool,
            "job_title_ids": lambda v: _job_titles_from_cell(v, by_name=by_name),
            "duration": lambda v: v,  # parsed by proposal_clean, which names the rule
        }
        for column, name in UPLOAD_COLUMNS.items():
            parse = parsers.get(name, cell_text)
            try:
                values[name] = parse(cells[column])
            except ValueError as error:
                row_errors.append(RowError(number, column, str(error)))
        if isinstance(values.get("duration"), str):
            values["duration"] = values["duration"].strip()
        data = ProposalInput(**values)
        clean, field_errors = proposal_clean(data, fixed_job_title_ids=fixed_ids)
        failed_columns = {e.column for e in row_errors}
        for name, messages in field_errors.items():
            column = COLUMN_FOR_FIELD[name]
            if column in failed_columns:
                continue  # the cell could not be read; one message for it is enough
            row_errors.extend(RowError(number, column, m) for m in messages)
        errors.extend(sorted(row_errors, key=lambda e: COLUMN_ORDER[e.column]))
        if clean is not None and not row_errors:
            cleaned.append(clean)
    if errors:
        raise ImportRejected(errors)
    return cleaned


@transaction.atomic
def response_upload(
    *, invitation: Invitation, content: bytes, filename: str, expected_version: int
) -> ConsultationResponse:
    """Add the courses of a filled-in template (CSV or XLSX) to the organisation's answer.

    All or nothing: any error raises ImportRejected with every error by row and column (or
    ValidationFailed for a file that cannot be read), and nothing is saved. The courses are
    added after those already saved; a draft stays a draft for the organisation to review
    and submit on the form.
    """
    invitation = _lock_open_invitation(invitation)
    response = _response_for_write(invitation)
    cleaned = _parse_upload(content, filename, round=invitation.consultation.round)
    if expected_version != (response.version if response else 0):
        raise _stale_version()
    existing = 0
    if response is None:
        response = ConsultationResponse.objects.create(invitation=invitation, version=1)
    else:
        existing = response.proposals.count()
        if existing + len(cleaned) > MAX_PROPOSALS:
            raise ValidationFailed(
                _("Et svar kan højst have %(limit)s kurser.") % {"limit": MAX_PROPOSALS}
            )
        response.version += 1
        last = response.proposals.order_by("-position").values_list("position", flat=True)
        existing = max(existing, last.first() or 0)
    _create_proposals(response, cleaned, first_position=existing + 1)
    response.save()
    audit_record(
        actor=None,
        action="consultation_response.upload",
        target=response,
        details={
            "organisation": invitation.organisation.name,
            "proposals_added": len(cleaned),
            "file": filename[:200],
            "version": response.version,
        },
    )
    return response


# --- The template --------------------------------------------------------------------------------


def _example_row(round: Round) -> list[str]:
    titles = round_fixed_job_titles(round)
    return [
        "40123",
        f"{EXAMPLE_MARK} – slet denne række: Hygiejne for bagere",
        "AMU Nord",
        str(CourseKind.AMU.label),
        "0,5",
        str(DurationUnit.DAYS.label),
        "nej",
        "; ".join(t.title for t in titles[:2]) or "Bager",
        "",
        "",
        "Kort beskrivelse af kurset og hvorfor det gør ledige kvalificerede til jobbet.",
    ]


def template_csv(round: Round) -> bytes:
    """The upload template as CSV (';' and UTF-8 with BOM, so Excel opens it right)."""
    with translation.override(settings.LANGUAGE_CODE):  # the upload reads Danish values
        return _template_csv(round)


def _template_csv(round: Round) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(UPLOAD_COLUMNS))
    writer.writerow(_example_row(round))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(round: Round) -> bytes:
    """The upload template: one sheet to fill in (headers and an example row to delete),
    drop-down lists for Type, Enhed and Online, and the round's job titles on a second sheet.

    Always in Danish, whatever the visitor's language: the upload reads the Danish values,
    so an English drop-down would offer values the upload refuses."""
    with translation.override(settings.LANGUAGE_CODE):
        return _template_xlsx(round)


def _template_xlsx(round: Round) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Kurser"
    sheet.append(list(UPLOAD_COLUMNS))
    sheet.append(_example_row(round))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [14, 40, 24, 22, 10, 12, 8, 40, 28, 40, 50]
    for index, width in enumerate(widths):
        letter = chr(ord("A") + index)
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    last = MAX_PROPOSALS + 1
    # Course numbers as text, so Excel keeps them as written.
    for row in range(2, last + 1):
        sheet.cell(row=row, column=1).number_format = "@"

    def choice(values: Sequence[str], column: str, prompt: str) -> None:
        listing = ",".join(values)
        validation = DataValidation(type="list", formula1=f'"{listing}"', allow_blank=True)
        validation.error = prompt
        validation.errorTitle = _("Ugyldig værdi")
        validation.add(f"{column}2:{column}{last}")
        sheet.add_data_validation(validation)

    choice([str(label) for label in CourseKind.labels], "D", _("Vælg en type fra listen."))
    choice([str(label) for label in DurationUnit.labels], "F", _("Vælg dage eller ECTS-point."))
    choice(["ja", "nej"], "G", _("Skriv ja eller nej."))

    titles = workbook.create_sheet("Stillingsbetegnelser")
    titles.append(
        [
            _(
                "Høringens stillingsbetegnelser (skriv dem i kolonnen Stillingsbetegnelser, "
                "adskilt af ;)"
            )
        ]
    )
    titles["A1"].font = Font(bold=True)
    titles.column_dimensions["A"].width = 60
    for title in round_fixed_job_titles(round):
        titles.append([title.title])

    guide = workbook.create_sheet("Vejledning")
    for line in template_guide():
        guide.append([line])
    guide.column_dimensions["A"].width = 110

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_guide() -> list[str]:
    """How to fill in the template, line by line (also shown on the form page)."""
    return [
        _("Én række pr. kursus. Slet eksempelrækken, før du indlæser filen."),
        _("Kursusnummer: for AMU-kurser fem cifre, fx 40123; ellers valgfrit."),
        _("Kursustitel og Udbyder skal udfyldes."),
        _("Type: AMU-kursus, Akademimodul (ECTS), Privat kursus eller Andet."),
        _(
            "Varighed og Enhed: fx 0,5 dage eller 5 ECTS-point. Dage i hele eller halve dage; "
            "akademimoduler i ECTS-point."
        ),
        _("Online: ja eller nej."),
        _(
            "Stillingsbetegnelser: en eller flere fra arket Stillingsbetegnelser, adskilt af ; "
            "eller linjeskift."
        ),
        _(
            "Anden stillingsbetegnelse: kun hvis kurset er til en stilling, der ikke er på "
            "listen; skriv så også en Begrundelse."
        ),
        _("Er der fejl i blot én række, gemmes intet; fejlene vises med række og kolonne."),
    ]
