"""Counts and summaries over cases the user may already see: the list page's overview (open
cases by type and status, deadlines this week, the surge of the last weeks), a case's facts
as label/value pairs, and the quarterly summary for the council's agenda.

Every function here takes a queryset from `access.case_list_for_user` (or a case from
`access.case_for_user`), so the read is checked and audited before it gets here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Count, QuerySet
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from raadsrum.cases.imports import Quarter
from raadsrum.cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    DecidedBy,
    Outcome,
)
from raadsrum.cases.workflows import OPEN_STATES, OUTCOMES

OPEN_ORDER = [s for s in CaseStatus if s in OPEN_STATES]
SURGE_WEEKS = 12


def week_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week the day falls in."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


@dataclass
class OpenRow:
    kind: CaseKind
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class OpenTable:
    statuses: list[CaseStatus]
    rows: list[OpenRow]

    @property
    def totals(self) -> list[int]:
        return [sum(r.counts[i] for r in self.rows) for i in range(len(self.statuses))]

    @property
    def total(self) -> int:
        return sum(self.totals)


def open_by_kind_and_status(cases: QuerySet[Case]) -> OpenTable:
    """Open cases counted per type (rows) and status (columns); empty types left out."""
    counts: dict[tuple[str, str], int] = {
        (row["kind"], row["status"]): row["n"]
        for row in cases.filter(status__in=OPEN_ORDER)
        .order_by()
        .values("kind", "status")
        .annotate(n=Count("id"))
    }
    rows = [
        OpenRow(kind=kind, counts=[counts.get((kind, s), 0) for s in OPEN_ORDER])
        for kind in CaseKind
    ]
    return OpenTable(statuses=OPEN_ORDER, rows=[r for r in rows if r.total])


@dataclass(frozen=True)
class SurgeWeek:
    monday: dt.date
    count: int
    share: int  # percent of the busiest week, for the bar

    @property
    def week_number(self) -> int:
        return self.monday.isocalendar()[1]


def surge(cases: QuerySet[Case], *, today: dt.date, weeks: int = SURGE_WEEKS) -> list[SurgeWeek]:
    """Cases received per week for the last `weeks` weeks, this week last."""
    this_monday, _sunday = week_bounds(today)
    first = this_monday - dt.timedelta(weeks=weeks - 1)
    per_day = (
        cases.filter(received_on__gte=first, received_on__lte=this_monday + dt.timedelta(days=6))
        .order_by()
        .values("received_on")
        .annotate(n=Count("id"))
    )
    per_week = {first + dt.timedelta(weeks=i): 0 for i in range(weeks)}
    for row in per_day:
        monday, _end = week_bounds(row["received_on"])
        per_week[monday] = per_week.get(monday, 0) + row["n"]
    busiest = max(per_week.values(), default=0) or 1
    return [
        SurgeWeek(monday=m, count=n, share=round(100 * n / busiest))
        for m, n in sorted(per_week.items())
    ]


# The columns the list rows show: `list_rows` reads nothing else from a case.
LIST_FIELDS = (
    "id",
    "reference",
    "title",
    "kind",
    "status",
    "received_on",
    "deadline",
    "is_question_of_principle",
    "council__name",
    "assignee__username",
    "assignee__person__name",
)


def list_queryset(cases: QuerySet[Case]) -> QuerySet[Case]:
    """The listed cases with just the columns `list_rows` shows, joined in one query."""
    return cases.select_related("council", "assignee__person").only(*LIST_FIELDS)


def list_rows(cases: Any) -> list[dict[str, Any]]:
    """The rows of the case table as dicts of ready strings (the list page's hot loop).

    Labels, dates and links are worked out here once per row, so the template only prints
    strings: no per-row filters, `get_…_display` or URL reversing. `cases` should come from
    `list_queryset` (one query, no lookups per row).
    """
    kinds = {value: str(label) for value, label in CaseKind.choices}
    statuses = {value: str(label) for value, label in CaseStatus.choices}
    marker = 999_999_999
    detail = reverse("cases:detail", args=[marker])
    head, tail = detail.split(str(marker), 1)
    rows = []
    for case in cases:
        assignee = case.assignee
        if assignee is None:
            who = "–"
        else:
            person = getattr(assignee, "person", None)
            who = (person.name if person is not None else "") or assignee.username
        rows.append(
            {
                "pk": case.pk,
                "url": f"{head}{case.pk}{tail}",
                "reference": case.reference,
                "title": case.title,
                "principle": case.is_question_of_principle,
                "kind": kinds.get(case.kind, case.kind),
                "status": case.status,
                "status_label": statuses.get(case.status, case.status),
                "received": case.received_on.strftime("%d.%m.%Y"),
                "deadline": case.deadline.strftime("%d.%m.%Y") if case.deadline else "–",
                "assignee": who,
                "council": case.council.name,
            }
        )
    return rows


def _display(case: models.Model, field: models.Field[Any, Any]) -> str:
    value = getattr(case, field.name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(case, f"get_{field.name}_display")())
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j. F Y")
    if isinstance(value, models.Model):
        return str(getattr(value, "name", value))
    return str(value)


def label(model_field: models.Field[Any, Any]) -> str:
    """'cVR-nummer' stays 'CVR-nummer': only the first letter is raised."""
    name = str(model_field.verbose_name)
    return name[:1].upper() + name[1:]


def case_facts(case: Case) -> list[tuple[str, str]]:
    """The type's own fields as (label, value), in the model's order; empty ones left out."""
    base = {f.name for f in Case._meta.concrete_fields}
    facts = []
    for f in type(case)._meta.concrete_fields:
        if f.name in base or f.name.endswith("_ptr"):
            continue
        shown = _display(case, f)
        if shown:
            facts.append((label(f), shown))
    return facts


def quarter_bounds(quarter: Quarter) -> tuple[dt.date, dt.date]:
    first = quarter.first_day
    after = (
        dt.date(quarter.year + 1, 1, 1)
        if quarter.number == 4
        else dt.date(quarter.year, first.month + 3, 1)
    )
    last = after - dt.timedelta(days=1)
    return first, last


@dataclass
class KindSummary:
    kind: CaseKind
    received: int = 0
    decided: int = 0
    administrative: int = 0
    committee: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)

    @property
    def outcome_list(self) -> list[tuple[str, int]]:
        return [(str(Outcome(o).label), self.outcomes.get(o, 0)) for o in OUTCOMES[self.kind]]


@dataclass
class QuarterSummary:
    quarter: Quarter
    first: dt.date
    last: dt.date
    kinds: list[KindSummary]
    open_at_end: int
    as_of: dt.date

    @property
    def received(self) -> int:
        return sum(k.received for k in self.kinds)

    @property
    def decided(self) -> int:
        return sum(k.decided for k in self.kinds)


def quarter_summary(cases: QuerySet[Case], *, quarter: Quarter, today: dt.date) -> QuarterSummary:
    """Received and decided cases in the quarter, by type, outcome and who decided, and the
    cases still open at its end (or today, for the quarter we are in)."""
    first, last = quarter_bounds(quarter)
    as_of = min(last, today)
    by_kind = {kind: KindSummary(kind=kind) for kind in CaseKind}
    for row in (
        cases.filter(received_on__gte=first, received_on__lte=last)
        .order_by()
        .values("kind")
        .annotate(n=Count("id"))
    ):
        by_kind[CaseKind(row["kind"])].received = row["n"]
    for row in (
        cases.filter(decided_at__date__gte=first, decided_at__date__lte=last)
        .exclude(decided_by="")
        .order_by()
        .values("kind", "outcome", "decided_by")
        .annotate(n=Count("id"))
    ):
        summary = by_kind[CaseKind(row["kind"])]
        summary.decided += row["n"]
        summary.outcomes[row["outcome"]] = summary.outcomes.get(row["outcome"], 0) + row["n"]
        if row["decided_by"] == DecidedBy.ADMINISTRATIVE:
            summary.administrative += row["n"]
        else:
            summary.committee += row["n"]
    open_at_end = cases.filter(received_on__lte=as_of).exclude(decided_at__date__lte=as_of).count()
    return QuarterSummary(
        quarter=quarter,
        first=first,
        last=last,
        kinds=[k for k in by_kind.values() if k.received or k.decided],
        open_at_end=open_at_end,
        as_of=as_of,
    )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def quarter_summary_text(summary: QuarterSummary, *, council_name: str) -> str:
    """The summary as plain Danish text for an agenda item ("Rådets forvaltningssager")."""
    period = (
        f"{formats.date_format(summary.first, 'j. F')} – "
        f"{formats.date_format(summary.last, 'j. F Y')}"
    )
    lines = [
        _("Rådets forvaltningssager, %(quarter)s") % {"quarter": summary.quarter.label},
        "",
        _(
            "I perioden %(period)s har %(council)s modtaget %(received)s og afgjort "
            "%(decided)s. Pr. %(as_of)s var %(open)s under behandling."
        )
        % {
            "period": period,
            "council": council_name,
            "received": _plural(summary.received, _("sag"), _("sager")),
            "decided": _plural(summary.decided, _("sag"), _("sager")),
            "open": _plural(summary.open_at_end, _("sag"), _("sager")),
            "as_of": formats.date_format(summary.as_of, "j. F Y"),
        },
    ]
    for kind in summary.kinds:
        line = _("%(kind)s: %(received)s modtaget, %(decided)s afgjort") % {
            "kind": kind.kind.label,
            "received": kind.received,
            "decided": kind.decided,
        }
        if kind.decided:
            outcomes = ", ".join(f"{n} {label.lower()}" for label, n in kind.outcome_list if n)
            who = _("%(admin)s administrativt af sekretariatet, %(committee)s af sagsudvalget") % {
                "admin": kind.administrative,
                "committee": kind.committee,
            }
            line += f" ({outcomes}; {who})"
        lines += ["", f"- {line}."]
    if not summary.kinds:
        lines += ["", _("Der er hverken modtaget eller afgjort sager i kvartalet.")]
    return "\n".join(lines)
