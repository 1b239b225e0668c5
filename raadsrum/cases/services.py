"""Every write to the council's cases goes through one function here.

Each function checks who may do it, refuses CPR numbers in every text it would store,
validates, writes in one transaction and records an audit entry on the case. Views,
commands, the API and the importers call these, never the models.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from raadsrum.cases import workflows
from raadsrum.cases.access import (
    CASE_COMMITTEE,
    case_audit_record,
    case_roles,
    check_can_handle_cases,
)
from raadsrum.cases.cpr import check_no_cpr, cpr_message, find_cpr
from raadsrum.cases.cvr import cvr_clean
from raadsrum.cases.imports import (
    ImportRejected,
    Quarter,
    RowError,
    cell_bool,
    cell_date,
    cell_int,
    cell_text,
    numbered,
    parse_quarter,
)
from raadsrum.cases.models import (
    CASE_MODELS,
    AdministrativeDecisionRule,
    Case,
    CaseCounter,
    CaseDocument,
    CaseHearing,
    CaseKind,
    CaseNote,
    CaseStatus,
    DecidedBy,
    HearingAnswer,
    HearingRecipient,
    KLVReport,
    KLVRow,
    RatioRequirement,
    RatioStatus,
    WorkSharingCase,
    case_text_fields,
)
from raadsrum.cases.selectors import (
    RuleCache,
    administrative_refusal,
    hearing_open,
    hearing_tally,
    ratio_requirement_for,
)
from raadsrum.core.audit import acting_user
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.councils.models import Committee, Council, Dated, Membership, Municipality, Role
from raadsrum.councils.selectors import (
    UserLike,
    committee_members_on,
    council_lineage,
    council_municipalities,
)

# Fields a case's details may set at creation or update, per type; the rest is the lifecycle's.
BASE_EDITABLE = ("title", "deadline", "is_question_of_principle")
_NOT_DETAILS = {f.name for f in Case._meta.concrete_fields} | {"case_ptr", "id"}


def _details_fields(model: type[Case]) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in _NOT_DETAILS and not f.name.endswith("_ptr")
    ]


def _field_label(instance: models.Model, name: str) -> str:
    """The field's Danish name as the form shows it ("Arbejdssted"), else its code name."""
    try:
        field = instance._meta.get_field(name)
    except Exception:
        return name
    return str(getattr(field, "verbose_name", name)).capitalize()


def _cvr_required(model: type[Case]) -> bool:
    return any(f.name == "cvr" and not f.blank for f in model._meta.concrete_fields)


def _check_no_cpr_in(instance: models.Model) -> None:
    """Refuse the instance if any of its text fields holds a CPR number, naming the field."""
    for name, value in case_text_fields(instance):
        if isinstance(value, str) and find_cpr(value):
            raise ValidationFailed(f"{cpr_message()} ({_field_label(instance, name)})")


def _full_clean(instance: models.Model, *, exclude: list[str] | None = None) -> None:
    """Django's model validation, turned into one Danish ValidationFailed."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        messages = []
        for name, errors in error.message_dict.items():
            label = _field_label(instance, name)
            messages.append(f"{label}: {' '.join(errors)}")
        raise ValidationFailed(" ".join(messages)) from error


def _check_municipality(*, council: Council, municipality: Municipality, on: dt.date) -> None:
    lineage = council_lineage(council=council)
    if not any(
        council_municipalities(council=body, on=on).filter(pk=municipality.pk).exists()
        for body in lineage
    ):
        raise ValidationFailed(
            _("%(municipality)s hører ikke under %(council)s.")
            % {"municipality": municipality.name, "council": council.name}
        )


def _next_numbers(*, council: Council, year: int, count: int = 1) -> list[int]:
    """Reserve `count` consecutive case numbers for the council and year."""
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        council=council, year=year
    )
    CaseCounter.objects.filter(pk=counter.pk).update(last=F("last") + count)
    return list(range(counter.last + 1, counter.last + count + 1))


def case_reference(year: int, sequence: int) -> str:
    """2026-0042: the year the case was received and its number that year."""
    return f"{year}-{sequence:04d}"


def _default_title(kind: str, details: Mapping[str, Any]) -> str:
    name = (
        details.get("company_name") or details.get("employer_name") or details.get("workplace_name")
    )
    municipality = details.get("municipality")
    label = str(CaseKind(kind).label)
    if kind == CaseKind.WORK_SHARING and details.get("is_extension"):
        label = _("Forlængelse af arbejdsfordeling")
    if name:
        return f"{label} – {name}"
    if municipality is not None:
        return f"{label} – {municipality}"
    return str(label)


def _build_case(
    *,
    council: Council,
    kind: str,
    title: str,
    received_on: dt.date,
    deadline: dt.date | None,
    is_question_of_principle: bool,
    assignee: User | None,
    details: dict[str, Any],
    check_area: bool = True,
) -> Case:
    """An unsaved, validated case of the type (number not yet given)."""
    try:
        model = CASE_MODELS[CaseKind(kind)]
    except ValueError as unknown:
        raise ValidationFailed(_("Ukendt sagstype.")) from unknown
    allowed = set(_details_fields(model))
    unknown_fields = set(details) - allowed
    if unknown_fields:
        raise ValidationFailed(
            _("Felterne %(names)s findes ikke på denne sagstype.")
            % {"names": ", ".join(sorted(unknown_fields))}
        )
    if "cvr" in details:
        details["cvr"] = cvr_clean(str(details["cvr"] or ""), required=_cvr_required(model))
    case = model(
        council=council,
        kind=kind,
        title=(title or _default_title(kind, details)).strip(),
        received_on=received_on,
        deadline=deadline,
        is_question_of_principle=is_question_of_principle,
        assignee=assignee,
        year=received_on.year,
        sequence=0,
        reference="-",
        **details,
    )
    _check_no_cpr_in(case)
    municipality = details.get("municipality")
    # The council and municipality are objects we hold: no query to prove they exist.
    held = ["council"] + (["municipality"] if isinstance(municipality, Municipality) else [])
    _full_clean(case, exclude=["sequence", "reference", "year", *held])
    if check_area and isinstance(municipality, Municipality):
        _check_municipality(council=council, municipality=municipality, on=received_on)
    return case


def _check_assignee(*, council: Council, assignee: User | None) -> None:
    if assignee is None:
        return
    person = getattr(assignee, "person", None)
    in_secretariat = (
        person is not None
        and Membership.objects.filter(
            Dated.valid_on(timezone.localdate()),
            person=person,
            role=Role.SECRETARIAT,
            council__in=council_lineage(council=council),
        ).exists()
    )
    if not (in_secretariat or assignee.is_superuser):
        raise ValidationFailed(_("Sagsbehandleren skal være ansat i rådets sekretariat."))


# --- Creating and editing --------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    council: Council,
    kind: str,
    by: UserLike,
    title: str = "",
    received_on: dt.date | None = None,
    deadline: dt.date | None = None,
    assignee: User | None = None,
    is_question_of_principle: bool = False,
    **details: Any,
) -> Case:
    """A new case of the type, numbered 2026-0042 in the council's series for the year."""
    check_can_handle_cases(user=by, council=council)
    _check_assignee(council=council, assignee=assignee)
    received_on = received_on or timezone.localdate()
    case = _build_case(
        council=council,
        kind=kind,
        title=title,
        received_on=received_on,
        deadline=deadline,
        is_question_of_principle=is_question_of_principle,
        assignee=assignee,
        details=dict(details),
    )
    (case.sequence,) = _next_numbers(council=council, year=received_on.year)
    case.reference = case_reference(received_on.year, case.sequence)
    case.save()
    case_audit_record(actor=by, action="case.create", case=case, details={"kind": kind})
    return case


def _check_version(case: Case, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != case.version:
        raise Conflict(
            _("Sagen er ændret af en anden, siden du åbnede den. Genindlæs siden og prøv igen.")
        )


def _save(case: Case, fields: Iterable[str]) -> None:
    """Save the named fields and bump the version, in one UPDATE (optimistic locking)."""
    case.version += 1
    names = list(dict.fromkeys([*fields, "version"]))
    base = [n for n in names if n in _NOT_DETAILS]
    Case.objects.filter(pk=case.pk).update(**{n: getattr(case, n) for n in base})
    details = [n for n in names if n not in _NOT_DETAILS]
    if details:
        type(case).objects.filter(pk=case.pk).update(**{n: getattr(case, n) for n in details})


@transaction.atomic
def case_update(
    *, case: Case, by: UserLike, expected_version: int | None = None, **fields: Any
) -> Case:
    """Change the title, deadline, principle mark or the type's own fields of an open case."""
    check_can_handle_cases(user=by, council=case.council)
    # A fresh copy: the version is the stored one, and a refusal leaves the caller's object as is.
    case = CASE_MODELS[CaseKind(case.kind)].objects.select_related("council").get(pk=case.pk)
    _check_version(case, expected_version)
    if case.status not in workflows.OPEN_STATES:
        raise ValidationFailed(_("En afgjort sag kan ikke ændres. Genoptag den først."))
    allowed = set(BASE_EDITABLE) | set(_details_fields(type(case)))
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationFailed(
            _("Felterne %(names)s kan ikke ændres her.") % {"names": ", ".join(sorted(unknown))}
        )
    if "cvr" in fields:
        fields["cvr"] = cvr_clean(str(fields["cvr"] or ""), required=_cvr_required(type(case)))
    changed = {n: v for n, v in fields.items() if getattr(case, n) != v}
    for name, value in changed.items():
        setattr(case, name, value)
    _check_no_cpr_in(case)
    _full_clean(case)
    if isinstance(changed.get("municipality"), Municipality):
        _check_municipality(
            council=case.council, municipality=changed["municipality"], on=case.received_on
        )
    if changed:
        _save(case, changed)
        case_audit_record(
            actor=by, action="case.update", case=case, details={"fields": sorted(changed)}
        )
    return case


@transaction.atomic
def case_assign(*, case: Case, by: UserLike, assignee: User | None) -> Case:
    check_can_handle_cases(user=by, council=case.council)
    _check_assignee(council=case.council, assignee=assignee)
    case.assignee = assignee
    _save(case, ["assignee"])
    case_audit_record(
        actor=by,
        action="case.assign",
        case=case,
        details={"assignee": assignee.pk if assignee else None},
    )
    return case


def _transition(*, case: Case, by: UserLike, name: str) -> tuple[Case, workflows.Transition]:
    roles = case_roles(user=by, council=case.council)
    transition = workflows.check_transition(case.kind, case.status, name, roles)
    case.status = transition.target
    return case, transition


@transaction.atomic
def case_start(*, case: Case, by: UserLike) -> Case:
    """Received → in progress."""
    case, _t = _transition(case=case, by=by, name="start")
    _save(case, ["status"])
    case_audit_record(actor=by, action="case.start", case=case)
    return case


@transaction.atomic
def case_close(*, case: Case, by: UserLike) -> Case:
    """Decided → closed; the retention period runs from now."""
    case, _t = _transition(case=case, by=by, name="close")
    case.closed_at = timezone.now()
    _save(case, ["status", "closed_at"])
    case_audit_record(actor=by, action="case.close", case=case)
    return case


@transaction.atomic
def case_reopen(*, case: Case, by: UserLike, reason: str) -> Case:
    """Decided → in progress again (the decision is kept in the audit log, not on the case)."""
    check_no_cpr(reason)
    if not reason.strip():
        raise ValidationFailed(_("Skriv, hvorfor sagen genoptages."))
    case, _t = _transition(case=case, by=by, name="reopen")
    previous = {"outcome": case.outcome, "decided_by": case.decided_by}
    case.outcome = case.decided_by = case.decision = case.reasons = ""
    case.decided_at = None
    _save(case, ["status", "outcome", "decided_by", "decision", "reasons", "decided_at"])
    case_audit_record(
        actor=by, action="case.reopen", case=case, details={"reason": reason.strip(), **previous}
    )
    return case


# --- Notes and documents -------------------------------------------------------------------


@transaction.atomic
def case_note_add(*, case: Case, by: UserLike, text: str) -> CaseNote:
    check_can_handle_cases(user=by, council=case.council)
    if not text.strip():
        raise ValidationFailed(_("Skriv et notat."))
    note = CaseNote(case=case, author=acting_user(by), text=text.strip())
    _check_no_cpr_in(note)
    note.save()
    case_audit_record(actor=by, action="case.note_add", case=case, details={"note": note.pk})
    return note


@transaction.atomic
def case_document_add(
    *, case: Case, by: UserLike, title: str, upload: UploadedFile
) -> CaseDocument:
    """A document on the case. Its title and file name are checked for CPR numbers; the
    contents are the sender's document and are kept as received."""
    check_can_handle_cases(user=by, council=case.council)
    check_no_cpr(upload.name or "")
    if upload.size and upload.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationFailed(_("Filen er for stor."))
    document = CaseDocument(
        case=case, title=(title or upload.name or "").strip(), uploaded_by=acting_user(by)
    )
    _check_no_cpr_in(document)
    document.file.save(upload.name or "dokument", upload, save=False)
    document.save()
    case_audit_record(
        actor=by, action="case.document_add", case=case, details={"document": document.pk}
    )
    return document


# --- Deciding --------------------------------------------------------------------------------


def _decide(*, case: Case, outcome: str, reasons: str, decision: str, decided_by: str) -> Case:
    workflows.check_outcome(case.kind, outcome)
    check_no_cpr(reasons, decision)
    case.outcome = outcome
    case.decision = decision.strip() or str(workflows.check_outcome(case.kind, outcome).label)
    case.reasons = reasons.strip()
    case.decided_by = decided_by
    case.decided_at = timezone.now()
    return case


DECISION_FIELDS = ["status", "outcome", "decision", "reasons", "decided_by", "decided_at"]


def _decide_administratively(
    *,
    case: Case,
    by: UserLike,
    roles: frozenset[str],
    outcome: str | None,
    reasons: str,
    decision: str,
    rule_cache: RuleCache | None = None,
) -> Case:
    """Checks first, then writes: a refusal leaves nothing behind, even inside a batch."""
    case = case.specific
    transition = workflows.check_transition(
        case.kind, case.status, "decide_administratively", roles
    )
    refusal = administrative_refusal(case=case, rule_cache=rule_cache)
    if refusal:
        raise ValidationFailed(refusal)
    outcome = outcome or workflows.OUTCOMES[case.kind][0]
    _decide(
        case=case,
        outcome=outcome,
        reasons=reasons,
        decision=decision,
        decided_by=DecidedBy.ADMINISTRATIVE,
    )
    case.status = transition.target
    _save(case, DECISION_FIELDS)
    case_audit_record(
        actor=by, action="case.decide_administratively", case=case, details={"outcome": outcome}
    )
    return case


@transaction.atomic
def case_decide_administratively(
    *,
    case: Case,
    by: UserLike,
    outcome: str | None = None,
    reasons: str = "",
    decision: str = "",
) -> Case:
    """The secretariat decides on the council's behalf, if the council's rule lets it.

    Refused (ValidationFailed, with the rule's reason in Danish) when the rule sends the
    case to the case committee.
    """
    roles = case_roles(user=by, council=case.council)
    return _decide_administratively(
        case=case, by=by, roles=roles, outcome=outcome, reasons=reasons, decision=decision
    )


@dataclass
class BatchDecision:
    decided: list[Case] = field(default_factory=list)
    refused: list[tuple[Case, str]] = field(default_factory=list)


@transaction.atomic
def cases_decide_administratively(
    *, cases: Sequence[Case], by: UserLike, outcome: str | None = None, reasons: str = ""
) -> BatchDecision:
    """Decide every case the council's rule lets the secretariat decide; list the others
    with the reason they go to the committee. One transaction; roles and rules are looked
    up once per council."""
    result = BatchDecision()
    roles_by_council: dict[int, frozenset[str]] = {}
    rule_cache: RuleCache = {}
    for case in cases:
        if case.council_id not in roles_by_council:
            roles_by_council[case.council_id] = case_roles(user=by, council=case.council)
        try:
            result.decided.append(
                _decide_administratively(
                    case=case,
                    by=by,
                    roles=roles_by_council[case.council_id],
                    outcome=outcome,
                    reasons=reasons,
                    decision="",
                    rule_cache=rule_cache,
                )
            )
        except ValidationFailed as refused:
            result.refused.append((case, refused.message))
    return result


# --- Written hearing in the case committee -----------------------------------------------------


def case_committee(*, council: Council) -> Committee:
    committee = Committee.objects.filter(
        council__in=council_lineage(council=council), kind=Committee.Kind.CASE_COMMITTEE
    ).first()
    if committee is None:
        raise ValidationFailed(_("Rådet har intet sagsudvalg, så sagen kan ikke sendes i høring."))
    return committee


def _as_deadline(deadline: dt.datetime | dt.date) -> dt.datetime:
    """A date means the end of that day (23.59 Danish time)."""
    if isinstance(deadline, dt.datetime):
        return deadline if timezone.is_aware(deadline) else timezone.make_aware(deadline)
    return timezone.make_aware(dt.datetime.combine(deadline, dt.time(23, 59)))


@transaction.atomic
def case_send_to_hearing(
    *, case: Case, by: UserLike, deadline: dt.datetime | dt.date
) -> CaseHearing:
    """Send the case to the case committee's current members, who answer before the deadline."""
    deadline = _as_deadline(deadline)
    if deadline <= timezone.now():
        raise ValidationFailed(_("Fristen for høringen skal ligge i fremtiden."))
    roles = case_roles(user=by, council=case.council)
    transition = workflows.check_transition(case.kind, case.status, "send_to_hearing", roles)
    committee = case_committee(council=case.council)
    members = list(committee_members_on(committee=committee, on=timezone.localdate()))
    if not members:
        raise ValidationFailed(_("Sagsudvalget har ingen medlemmer i dag."))
    hearing = CaseHearing.objects.create(case=case, deadline=deadline, sent_by=acting_user(by))
    HearingRecipient.objects.bulk_create(
        HearingRecipient(hearing=hearing, person=m.person) for m in members
    )
    case.status = transition.target
    _save(case, ["status"])
    case_audit_record(
        actor=by,
        action="case.hearing_open",
        case=case,
        details={
            "hearing": hearing.pk,
            "deadline": deadline.isoformat(),
            "recipients": [m.person_id for m in members],
        },
    )
    return hearing


@transaction.atomic
def hearing_answer(*, case: Case, by: UserLike, answer: str, text: str = "") -> HearingAnswer:
    """A committee member's answer (agree, disagree or comment) before the deadline.

    Only the members the hearing was sent to may answer; a new answer replaces their earlier one.
    """
    hearing = hearing_open(case=case)
    person = getattr(by, "person", None) if by.is_authenticated else None
    if hearing is None or case.status != CaseStatus.HEARING:
        raise ValidationFailed(_("Sagen er ikke i høring, så der kan ikke svares nu."))
    if person is None or not hearing.recipients.filter(person=person).exists():
        raise PermissionDenied(
            _("Kun de medlemmer af sagsudvalget, høringen er sendt til, kan svare.")
        )
    if CASE_COMMITTEE not in case_roles(user=by, council=case.council):
        raise PermissionDenied(_("Du sidder ikke længere i sagsudvalget."))
    if timezone.now() > hearing.deadline:
        raise ValidationFailed(
            _("Fristen for at svare udløb %(when)s.")
            % {"when": f"{timezone.localtime(hearing.deadline):%d.%m.%Y kl. %H.%M}"}
        )
    if answer not in HearingAnswer.Answer.values:
        raise ValidationFailed(_("Svar enig, uenig eller med en bemærkning."))
    if answer == HearingAnswer.Answer.COMMENT and not text.strip():
        raise ValidationFailed(_("Skriv din bemærkning."))
    check_no_cpr(text)
    row, created = HearingAnswer.objects.update_or_create(
        hearing=hearing, person=person, defaults={"answer": answer, "text": text.strip()}
    )
    case_audit_record(
        actor=by,
        action="case.hearing_answer",
        case=case,
        details={"hearing": hearing.pk, "answer": answer, "replaced": not created},
    )
    return row


@transaction.atomic
def hearing_withdraw(*, case: Case, by: UserLike) -> Case:
    """Take the case back from the hearing (e.g. new information); answers are kept."""
    hearing = hearing_open(case=case)
    case, _t = _transition(case=case, by=by, name="withdraw_hearing")
    if hearing is not None:
        hearing.closed_at = timezone.now()
        hearing.save(update_fields=["closed_at"])
    _save(case, ["status"])
    case_audit_record(actor=by, action="case.hearing_withdraw", case=case)
    return case


@transaction.atomic
def hearing_close_and_decide(
    *, case: Case, by: UserLike, outcome: str, reasons: str, decision: str = ""
) -> Case:
    """Close the hearing and record the committee's decision and its reasons.

    Before the deadline only when every member asked has answered.
    """
    case = case.specific
    hearing = hearing_open(case=case)
    roles = check_can_handle_cases(user=by, council=case.council)
    closing = workflows.check_transition(case.kind, case.status, "close_hearing", roles)
    deciding = workflows.check_transition(case.kind, closing.target, "decide_by_committee", roles)
    assert hearing is not None  # the HEARING state always has an open hearing
    tally = hearing_tally(hearing=hearing)
    if timezone.now() < hearing.deadline and tally["no_answer"] > 0:
        raise ValidationFailed(
            _("Høringsfristen er ikke udløbet, og %(n)s medlem(mer) har ikke svaret endnu.")
            % {"n": tally["no_answer"]}
        )
    if not reasons.strip():
        raise ValidationFailed(_("Skriv begrundelsen for afgørelsen."))
    hearing.closed_at = timezone.now()
    hearing.save(update_fields=["closed_at"])
    _decide(
        case=case,
        outcome=outcome,
        reasons=reasons,
        decision=decision,
        decided_by=DecidedBy.COMMITTEE,
    )
    case.status = deciding.target
    _save(case, DECISION_FIELDS)
    case_audit_record(
        actor=by,
        action="case.hearing_close",
        case=case,
        details={"hearing": hearing.pk, "tally": tally},
    )
    case_audit_record(
        actor=by, action="case.decide_by_committee", case=case, details={"outcome": outcome}
    )
    return case


@transaction.atomic
def hearing_reminders_sent(
    *, reminders: Iterable[HearingRecipient], by: UserLike | None = None
) -> int:
    """Mark reminders as sent (after the mail went out), so each member gets one."""
    ids = [r.pk for r in reminders]
    now = timezone.now()
    count = HearingRecipient.objects.filter(pk__in=ids, reminded_at__isnull=True).update(
        reminded_at=now
    )
    for recipient in HearingRecipient.objects.filter(pk__in=ids).select_related("hearing__case"):
        case_audit_record(
            actor=by,
            action="case.hearing_reminder",
            case=recipient.hearing.case,
            details={"person": recipient.person_id},
        )
    return count


# --- Configuration ----------------------------------------------------------------------------


@transaction.atomic
def administrative_rule_set(
    *,
    council: Council,
    kind: str,
    by: UserLike,
    valid_from: dt.date,
    allowed: bool = True,
    principle_to_committee: bool = True,
    max_weeks: int | None = None,
    decided_on: dt.date | None = None,
    note: str = "",
) -> AdministrativeDecisionRule:
    """A new rule from `valid_from`; the rule in force until then ends the day before."""
    check_can_handle_cases(user=by, council=council)
    check_no_cpr(note)
    AdministrativeDecisionRule.objects.filter(
        Dated.valid_on(valid_from), council=council, kind=kind
    ).update(valid_to=valid_from - dt.timedelta(days=1))
    if AdministrativeDecisionRule.objects.filter(
        council=council, kind=kind, valid_from__gte=valid_from
    ).exists():
        raise ValidationFailed(
            _("Der findes allerede en regel, der gælder fra samme dag eller senere.")
        )
    rule = AdministrativeDecisionRule.objects.create(
        council=council,
        kind=kind,
        valid_from=valid_from,
        allowed=allowed,
        principle_to_committee=principle_to_committee,
        max_weeks=max_weeks,
        decided_on=decided_on,
        note=note,
    )
    from raadsrum.core.audit import audit_record

    audit_record(
        actor=by,
        action="cases.rule_set",
        target=rule,
        details={"kind": kind, "allowed": allowed, "max_weeks": max_weeks},
    )
    return rule


# --- Imports ---------------------------------------------------------------------------------


def _cpr_errors(row_number: int, row: Mapping[str, Any]) -> list[RowError]:
    """Every cell is checked, including columns the import does not use."""
    return [
        RowError(row_number, column, cpr_message())
        for column, value in row.items()
        if isinstance(value, str) and find_cpr(value)
    ]


def _get(row: Mapping[str, Any], *names: str) -> Any:
    for name in names:
        if name in row:
            return row[name]
    return None


def _column(errors: list[RowError], row_number: int, column: str, parse: Any, value: Any) -> Any:
    try:
        return parse(value)
    except (ValueError, ValidationFailed) as error:
        message = error.message if isinstance(error, ValidationFailed) else str(error)
        errors.append(RowError(row_number, column, message))
        return None


@dataclass
class KLVImportResult:
    report: KLVReport
    ratio: RatioRequirement
    breaches: list[KLVRow]
    near_limit: list[KLVRow]


KLV_COLUMNS = {
    "workplace_name": ("arbejdsplads", "virksomhed", "arbejdssted"),
    "cvr": ("cvr", "cvr-nummer", "cvr nr", "cvr-nr."),
    "internships": ("virksomhedspraktik", "praktik"),
    "utility_jobs": ("nytteindsats", "nyttejob"),
    "wage_subsidy_jobs": ("løntilskud", "loentilskud"),
    "staff_without_subsidy": ("ansatte uden tilskud", "ordinært ansatte", "ordinaert ansatte"),
}
KLV_LABELS = {
    "workplace_name": "Arbejdsplads",
    "cvr": "CVR",
    "internships": "Virksomhedspraktik",
    "utility_jobs": "Nytteindsats",
    "wage_subsidy_jobs": "Løntilskud",
    "staff_without_subsidy": "Ansatte uden tilskud",
}


def ratio_status(*, row: KLVRow, ratio: RatioRequirement) -> str:
    subsidised = row.subsidised
    if subsidised * ratio.per_staff > row.staff_without_subsidy * ratio.subsidised:
        return RatioStatus.BREACH
    limit = ratio.limit(row.staff_without_subsidy)
    if subsidised and subsidised >= float(ratio.near_share) * limit:
        return RatioStatus.NEAR
    return RatioStatus.OK


@transaction.atomic
def klv_import(
    *,
    council: Council,
    municipality: Municipality,
    quarter: str | tuple[int, int] | Quarter,
    rows: Sequence[Mapping[str, Any]],
    by: UserLike,
    received_on: dt.date | None = None,
) -> KLVImportResult:
    """A municipality's KLV list for a quarter, checked against the ratio requirement.

    All or nothing: any row error raises ImportRejected with every error (row, column,
    message). Rows breaching the requirement or near it are flagged, not refused.
    """
    check_can_handle_cases(user=by, council=council)
    q = parse_quarter(quarter)
    ratio = ratio_requirement_for(council=council, on=q.first_day)
    if ratio is None:
        raise ValidationFailed(
            _("Der er intet rimelighedskrav i kraft for %(quarter)s. Opret det først.")
            % {"quarter": q.label}
        )
    errors: list[RowError] = []
    parsed: list[KLVRow] = []
    lines = numbered(rows)
    if not lines:
        raise ValidationFailed(_("Filen har ingen rækker."))
    for number, row in lines:
        row_errors = _cpr_errors(number, row)
        if row_errors:
            errors.extend(row_errors)
            continue
        values: dict[str, Any] = {}
        for name, aliases in KLV_COLUMNS.items():
            raw = _get(row, *aliases)
            label = KLV_LABELS[name]
            if name == "workplace_name":
                values[name] = cell_text(raw)
                if not values[name]:
                    errors.append(RowError(number, label, _("mangler")))
            elif name == "cvr":
                values[name] = _column(
                    errors, number, label, lambda v: cvr_clean(cell_text(v), required=False), raw
                )
            elif name == "staff_without_subsidy":
                values[name] = _column(errors, number, label, cell_int, raw)
            else:
                values[name] = (
                    0 if raw in (None, "") else _column(errors, number, label, cell_int, raw)
                )
        parsed.append(KLVRow(row_number=number, **values))
    if errors:
        raise ImportRejected(errors)

    title = _("KLV-liste %(quarter)s – %(municipality)s") % {
        "quarter": q.label,
        "municipality": municipality.name,
    }
    if KLVReport.objects.filter(
        municipality=municipality, quarter_year=q.year, quarter=q.number
    ).exists():
        raise ValidationFailed(
            _("Der er allerede indlæst en KLV-liste for %(municipality)s i %(quarter)s.")
            % {"municipality": municipality.name, "quarter": q.label}
        )
    report = case_create(
        council=council,
        kind=CaseKind.KLV_REPORT,
        by=by,
        title=title,
        received_on=received_on,
        municipality=municipality,
        quarter_year=q.year,
        quarter=q.number,
    )
    assert isinstance(report, KLVReport)
    for klv_row in parsed:
        klv_row.report = report
        klv_row.ratio_status = ratio_status(row=klv_row, ratio=ratio)
    KLVRow.objects.bulk_create(parsed)
    breaches = [r for r in parsed if r.ratio_status == RatioStatus.BREACH]
    near = [r for r in parsed if r.ratio_status == RatioStatus.NEAR]
    case_audit_record(
        actor=by,
        action="case.klv_import",
        case=report,
        details={
            "rows": len(parsed),
            "breaches": len(breaches),
            "near_limit": len(near),
            "ratio": str(ratio),
        },
    )
    return KLVImportResult(report=report, ratio=ratio, breaches=breaches, near_limit=near)


WORKSHARING_COLUMNS = {
    "company_name": ("virksomhed", "virksomhedsnavn", "firma"),
    "cvr": ("cvr", "cvr-nummer", "cvr nr", "cvr-nr."),
    "municipality": ("kommune", "kommunekode"),
    "employees_affected": ("berørte medarbejdere", "berørte", "medarbejdere", "antal berørte"),
    "start_date": ("startdato", "start", "fra"),
    "weeks": ("uger", "uger i alt", "antal uger"),
    "is_extension": ("forlængelse",),
    "is_question_of_principle": ("principiel", "principiel sag"),
    "deadline": ("frist",),
    "title": ("titel",),
}
WORKSHARING_LABELS = {
    "company_name": "Virksomhed",
    "cvr": "CVR",
    "municipality": "Kommune",
    "employees_affected": "Berørte medarbejdere",
    "start_date": "Startdato",
    "weeks": "Uger",
    "is_extension": "Forlængelse",
    "is_question_of_principle": "Principiel",
    "deadline": "Frist",
    "title": "Titel",
}


def _municipality_lookup(council: Council, on: dt.date) -> dict[str, Municipality]:
    """Names and codes ('Frederikshavn', '813', '0813') of the municipalities in the area."""
    lookup: dict[str, Municipality] = {}
    for body in council_lineage(council=council):
        for municipality in council_municipalities(council=body, on=on):
            lookup[municipality.name.lower()] = municipality
            lookup[municipality.code] = municipality
            lookup[municipality.code.zfill(4)] = municipality
    return lookup


@transaction.atomic
def worksharing_batch_import(
    *,
    council: Council,
    rows: Sequence[Mapping[str, Any]],
    by: UserLike,
    received_on: dt.date | None = None,
) -> list[WorkSharingCase]:
    """Many work-sharing cases (notifications or extensions) in one transaction.

    All or nothing: any row error raises ImportRejected listing every error.
    """
    check_can_handle_cases(user=by, council=council)
    received_on = received_on or timezone.localdate()
    municipalities = _municipality_lookup(council, received_on)
    errors: list[RowError] = []
    built: list[WorkSharingCase] = []
    lines = numbered(rows)
    if not lines:
        raise ValidationFailed(_("Filen har ingen rækker."))
    for number, row in lines:
        row_errors = _cpr_errors(number, row)
        if row_errors:
            errors.extend(row_errors)
            continue
        raw = {name: _get(row, *aliases) for name, aliases in WORKSHARING_COLUMNS.items()}
        label = WORKSHARING_LABELS
        before = len(errors)
        company = cell_text(raw["company_name"])
        if not company:
            errors.append(RowError(number, label["company_name"], _("mangler")))
        municipality_key = cell_text(raw["municipality"]).lower()
        municipality = municipalities.get(municipality_key)
        if municipality is None:
            errors.append(
                RowError(
                    number,
                    label["municipality"],
                    _("'%(v)s' er ikke en kommune i %(council)s")
                    % {"v": cell_text(raw["municipality"]), "council": council.name}
                    if municipality_key
                    else _("mangler"),
                )
            )
        details = {
            "company_name": company,
            "cvr": _column(
                errors, number, label["cvr"], lambda v: cvr_clean(cell_text(v)), raw["cvr"]
            ),
            "municipality": municipality,
            "employees_affected": _column(
                errors, number, label["employees_affected"], cell_int, raw["employees_affected"]
            ),
            "start_date": _column(
                errors, number, label["start_date"], cell_date, raw["start_date"]
            ),
            "weeks": _column(errors, number, label["weeks"], cell_int, raw["weeks"]),
            "is_extension": _column(
                errors, number, label["is_extension"], cell_bool, raw["is_extension"]
            ),
        }
        principle = _column(
            errors,
            number,
            label["is_question_of_principle"],
            cell_bool,
            raw["is_question_of_principle"],
        )
        deadline = None
        if cell_text(raw["deadline"]):
            deadline = _column(errors, number, label["deadline"], cell_date, raw["deadline"])
        if len(errors) > before:
            continue
        try:
            case = _build_case(
                council=council,
                kind=CaseKind.WORK_SHARING,
                title=cell_text(raw["title"]),
                received_on=received_on,
                deadline=deadline,
                is_question_of_principle=bool(principle),
                assignee=None,
                details=details,
                check_area=False,  # the lookup only holds the council's municipalities
            )
        except ValidationFailed as invalid:
            errors.append(RowError(number, "", invalid.message))
            continue
        assert isinstance(case, WorkSharingCase)
        built.append(case)
    if errors:
        raise ImportRejected(errors)
    numbers = _next_numbers(council=council, year=received_on.year, count=len(built))
    for case, sequence in zip(built, numbers, strict=True):
        case.sequence = sequence
        case.reference = case_reference(received_on.year, sequence)
        try:
            case.save()
        except IntegrityError as clash:  # a number taken outside the counter: all rolls back
            raise Conflict(
                _("Sagsnummeret %(ref)s er allerede brugt.") % {"ref": case.reference}
            ) from clash
        case_audit_record(
            actor=by, action="case.create", case=case, details={"kind": case.kind, "import": True}
        )
    return built


# --- Retention ---------------------------------------------------------------------------------


@dataclass
class RetentionResult:
    mode: str
    cutoff: dt.datetime
    dry_run: bool
    references: list[str] = field(default_factory=list)
    by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.references)

    def summary(self) -> str:
        verb = {"anonymise": _("anonymiseret"), "delete": _("slettet")}[self.mode]
        if self.dry_run:
            verb = _("ville blive %(verb)s") % {"verb": verb}
        kinds = ", ".join(f"{CaseKind(k).label}: {n}" for k, n in sorted(self.by_kind.items()))
        head = _("%(count)s lukkede sager fra før %(cutoff)s %(verb)s.") % {
            "count": self.count,
            "cutoff": f"{timezone.localtime(self.cutoff):%d.%m.%Y}",
            "verb": verb,
        }
        return f"{head} {kinds}".strip()


def retention_years() -> int:
    return int(getattr(settings, "CASES_RETENTION_YEARS", 5))


def _years_before(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


ANONYMISED_TITLE = "Anonymiseret sag"


def _anonymise(case: Case) -> None:
    specific = case.specific
    for name, _value in case_text_fields(specific):
        if name == "reference":
            continue
        setattr(specific, name, "")
    specific.title = ANONYMISED_TITLE
    specific.assignee = None
    specific.anonymised_at = timezone.now()
    if hasattr(specific, "monthly_pay"):
        specific.monthly_pay = None
    specific.save()
    for document in specific.documents.all():
        document.file.delete(save=False)
    specific.documents.all().delete()
    specific.notes.all().delete()
    HearingAnswer.objects.filter(hearing__case=specific).update(text="")
    if isinstance(specific, KLVReport):
        specific.rows.update(workplace_name="", cvr="")


@transaction.atomic
def cases_retention(
    *,
    older_than_years: int | None = None,
    mode: str = "anonymise",
    dry_run: bool = False,
    by: UserLike | None = None,
    now: dt.datetime | None = None,
) -> RetentionResult:
    """Anonymise or delete the closed cases closed more than N years ago (setting
    CASES_RETENTION_YEARS, 5 by default). Each case gets an audit entry; a dry run writes
    nothing."""
    if mode not in ("anonymise", "delete"):
        raise ValidationFailed(_("Vælg anonymisering eller sletning."))
    years = retention_years() if older_than_years is None else older_than_years
    if years < 1:
        raise ValidationFailed(_("Opbevaringsperioden skal være mindst ét år."))
    cutoff = _years_before(now or timezone.now(), years)
    cases = Case.objects.filter(status=CaseStatus.CLOSED, closed_at__lt=cutoff).order_by("id")
    if mode == "anonymise":
        cases = cases.filter(anonymised_at__isnull=True)
    result = RetentionResult(mode=mode, cutoff=cutoff, dry_run=dry_run)
    for case in cases:
        result.references.append(f"{case.council.slug}/{case.reference}")
        result.by_kind[case.kind] = result.by_kind.get(case.kind, 0) + 1
        if dry_run:
            continue
        case_audit_record(
            actor=by, action=f"case.{mode}", case=case, details={"retention_years": years}
        )
        if mode == "anonymise":
            _anonymise(case)
        else:
            for document in case.documents.all():
                document.file.delete(save=False)
            case.delete()
    return result
