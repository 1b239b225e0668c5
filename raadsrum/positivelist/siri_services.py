"""Writes for SIRI's positive list for foreign labour: a council's supplementary job titles.

A council proposes a job title where there is a regional shortage that non-EU workers can
meet. The evidence is the title's category in the labour-market balance in force and how
many unemployed have the title as a job wish, month by month (4–5 pharmacists against
67–79 physiotherapists: propose pharmacist). An approved title stays two years.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from raadsrum.core.audit import audit_record
from raadsrum.core.danish import MONTHS
from raadsrum.core.errors import Conflict, ValidationFailed
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import today
from raadsrum.meetings.access import check_is_secretariat
from raadsrum.positivelist.models import BalanceEntry, JobTitle, SupplementaryTitleProposal
from raadsrum.positivelist.selectors import balance_in_force

UserLike = User | AnonymousUser
Status = SupplementaryTitleProposal.Status

VALIDITY_YEARS = 2
# The workflow: from which status a proposal may go where.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.APPROVED, Status.REJECTED}),
    Status.APPROVED: frozenset(),
    Status.REJECTED: frozenset(),
}

_MONTH_KEY = re.compile(r"(\d{4})-(\d{2})")


def _check_secretariat(user: UserLike, council: Council) -> None:
    check_is_secretariat(
        user=user,
        council=council,
        refusal=_("Kun sekretariatet kan foreslå og registrere supplerende stillingsbetegnelser."),
    )


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 1 March in a year without it.

    1 March (not 28 February) so that a validity counted from a leap day is never shorter
    than the whole number of years.
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def validity_for(decided_on: dt.date) -> tuple[dt.date, dt.date]:
    """Two years from the decision: (first day, last day)."""
    return decided_on, add_years(decided_on, VALIDITY_YEARS) - dt.timedelta(days=1)


def balance_category_in_force(*, council: Council, job_title: JobTitle, on: dt.date) -> str:
    """The title's category in the balance in force for the council ('' if none)."""
    balance = balance_in_force(council=council, on=on)
    if balance is None:
        return ""
    entry = BalanceEntry.objects.filter(balance=balance, job_title=job_title).first()
    return entry.category if entry else ""


def clean_job_wish_counts(counts: Mapping[str, Any]) -> dict[str, int]:
    """{'2020-01': 4, …} checked: real months as YYYY-MM, whole non-negative counts."""
    cleaned: dict[str, int] = {}
    for month, count in counts.items():
        match = _MONTH_KEY.fullmatch(str(month).strip())
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValidationFailed(_("Måneden '%(m)s' skal skrives som 2020-01.") % {"m": month})
        try:
            number = int(str(count).strip().replace(".", ""))
        except ValueError:
            raise ValidationFailed(
                _("Antallet for %(m)s skal være et helt tal.") % {"m": month}
            ) from None
        if number < 0:
            raise ValidationFailed(_("Antallet for %(m)s må ikke være negativt.") % {"m": month})
        cleaned[match.group(0)] = number
    return dict(sorted(cleaned.items()))


_NAMED_MONTH = {name: index + 1 for index, name in enumerate(MONTHS)}
_NAMED_MONTH.update({name[:3]: index + 1 for index, name in enumerate(MONTHS)})
_NAMED_MONTH["maj"] = 5


def parse_month(text: str) -> str:
    """'2020-01', '01-2020', '1/2020', 'januar 2020', 'jan. 2020' → '2020-01'."""
    value = text.strip().lower().rstrip(".")
    patterns = (
        (r"(\d{4})[-/.](\d{1,2})", (1, 2)),
        (r"(\d{1,2})[-/.](\d{4})", (2, 1)),
    )
    for pattern, (year_group, month_group) in patterns:
        match = re.fullmatch(pattern, value)
        if match:
            year, month = int(match.group(year_group)), int(match.group(month_group))
            break
    else:
        match = re.fullmatch(r"([a-zæøå]+)\.?\s+(\d{4})", value)
        if not match or match.group(1) not in _NAMED_MONTH:
            raise ValueError(text)
        year, month = int(match.group(2)), _NAMED_MONTH[match.group(1)]
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        raise ValueError(text)
    calendar.monthrange(year, month)  # a real month
    return f"{year:04d}-{month:02d}"


def parse_job_wish_text(text: str) -> dict[str, int]:
    """Two columns pasted from a spreadsheet (month, count) → {'2020-01': 4, …}.

    Columns may be separated by a tab, `;` or spaces; a header line without a number is
    skipped. Errors name the line.
    """
    counts: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        match = re.fullmatch(r"(.+?)[\s;,]+(-?[\d.]+)", line)
        if not match:
            if number == 1 and not re.search(r"\d", line):
                continue  # a header such as 'Måned  Antal'
            raise ValidationFailed(
                _("Linje %(n)s: skriv måned og antal, fx '2020-01  4'.") % {"n": number}
            )
        try:
            month = parse_month(match.group(1).strip(" ;,\t"))
        except ValueError:
            raise ValidationFailed(
                _("Linje %(n)s: '%(m)s' er ikke en måned som 2020-01 eller 'januar 2020'.")
                % {"n": number, "m": match.group(1).strip()}
            ) from None
        if month in counts:
            raise ValidationFailed(
                _("Linje %(n)s: %(m)s står to gange.") % {"n": number, "m": month}
            )
        try:
            counts[month] = int(match.group(2).replace(".", ""))
        except ValueError:
            raise ValidationFailed(
                _("Linje %(n)s: antallet skal være et helt tal.") % {"n": number}
            ) from None
    return clean_job_wish_counts(counts)


@transaction.atomic
def supplementary_title_propose(
    *,
    council: Council,
    job_title: JobTitle,
    job_wish_counts: Mapping[str, Any],
    evidence: str,
    by: UserLike,
    on: dt.date | None = None,
) -> SupplementaryTitleProposal:
    """Propose a job title; its balance category is taken from the balance in force."""
    _check_secretariat(by, council)
    on = on or today()
    counts = clean_job_wish_counts(job_wish_counts)
    open_or_in_force = SupplementaryTitleProposal.objects.filter(
        council=council, job_title=job_title
    ).exclude(status=Status.REJECTED)
    for other in open_or_in_force:
        if other.status == Status.PROPOSED:
            raise Conflict(
                _("%(title)s er allerede foreslået og afventer afgørelse.")
                % {"title": job_title.title}
            )
        if other.valid_to is not None and other.valid_to >= on + dt.timedelta(days=365):
            raise Conflict(
                _("%(title)s er godkendt til og med %(to)s; foreslå den tidligst et år før.")
                % {"title": job_title.title, "to": other.valid_to.strftime("%d.%m.%Y")}
            )
    proposal = SupplementaryTitleProposal(
        council=council,
        job_title=job_title,
        balance_category=balance_category_in_force(council=council, job_title=job_title, on=on),
        job_wish_counts=counts,
        evidence=evidence.strip(),
        status=Status.PROPOSED,
    )
    proposal.full_clean()
    proposal.save()
    audit_record(
        actor=by,
        action="siri.propose",
        target=proposal,
        details={"balance_category": proposal.balance_category, "months": len(counts)},
    )
    return proposal


@transaction.atomic
def supplementary_title_decide(
    *, proposal: SupplementaryTitleProposal, status: str, decided_on: dt.date, by: UserLike
) -> SupplementaryTitleProposal:
    """Record SIRI's decision; an approval is valid two years from the day of decision."""
    proposal = SupplementaryTitleProposal.objects.select_for_update().get(pk=proposal.pk)
    _check_secretariat(by, proposal.council)
    if status not in TRANSITIONS.get(proposal.status, frozenset()):
        raise Conflict(
            _("Forslaget er allerede afgjort (%(status)s).")
            % {"status": proposal.get_status_display()}
            if proposal.status != Status.PROPOSED
            else _("Vælg godkendt eller ikke godkendt.")
        )
    if decided_on > today():
        raise ValidationFailed(_("Afgørelsesdatoen kan ikke ligge i fremtiden."))
    proposal.status = status
    proposal.decided_on = decided_on
    if status == Status.APPROVED:
        proposal.valid_from, proposal.valid_to = validity_for(decided_on)
    else:
        proposal.valid_from = proposal.valid_to = None
    proposal.full_clean()
    proposal.save(update_fields=["status", "decided_on", "valid_from", "valid_to"])
    audit_record(
        actor=by,
        action="siri.decide",
        target=proposal,
        details={
            "status": status,
            "decided_on": decided_on.isoformat(),
            "valid_to": proposal.valid_to.isoformat() if proposal.valid_to else None,
        },
    )
    return proposal
