"""Reads of the published list: the version in force, its courses with filters, the versions,
the difference between two versions and the changes feed.

A version is never edited after it is created, so what is computed from one version alone
(its facets) is cached per version.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext

from raadsrum.core.danish import danish_number
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import (
    SECRETARIAT,
    UserLike,
    council_lineage,
    council_roles_for_user,
    today,
)
from raadsrum.meetings.models import AgendaItem, Meeting, Minutes
from raadsrum.positivelist.models import (
    CourseKind,
    CourseProposal,
    DurationUnit,
    ListedCourse,
    PositiveListVersion,
    Round,
)

DIFF_FIELDS = (
    "title",
    "provider",
    "kind",
    "duration",
    "duration_unit",
    "is_online",
    "job_titles_text",
)
ROW_FIELDS = ("id", "course_number", "added_on", *DIFF_FIELDS)
FACETS_CACHE_SECONDS = 24 * 3600


def duration_text(duration: Decimal | None, unit: str) -> str:
    """'0,5 dage', '1 dag', '5 ECTS-point' ('' for a draft proposal without a duration yet)."""
    if duration is None:
        return ""
    decimals = 0 if duration == duration.to_integral_value() else 1
    label = DurationUnit(unit).label if unit in DurationUnit.values else unit
    if unit == DurationUnit.DAYS and duration == 1:
        label = gettext("dag")  # '1 dag', '0,5 dage', '3 dage'
    return f"{danish_number(duration, decimals)} {label}"


def course_key(course_number: str, title: str, provider: str) -> tuple[str, ...]:
    """What makes two rows the same course across versions: the course number, or, for
    courses without one, the title and provider (case and spacing ignored)."""
    number = (course_number or "").strip()
    if number:
        return ("number", number)
    return ("title", " ".join(title.lower().split()), " ".join(provider.lower().split()))


def search_fold(text: str) -> str:
    """Text as the public search compares it: Unicode-normalised (NFKC) and casefolded, so
    'Økonomi', 'ØKONOMI' and 'økonomi' are the same on every database."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def course_search_text(
    *, course_number: str, title: str, provider: str, job_titles_text: str
) -> str:
    """`ListedCourse.search_text`: what a free-text search on the public list looks in.

    Fields are joined by a newline; a search word has no whitespace, so it never matches
    across two fields.
    """
    parts = (course_number, title, provider, job_titles_text)
    return search_fold("\n".join(" ".join(part.split()) for part in parts if part.strip()))


# --- Proposals that go into the recommendation ------------------------------------------------


def accepted_proposals(*, round: Round) -> QuerySet[CourseProposal]:
    """The proposals the secretariat accepted (to be recommended), in a stable order."""
    return (
        CourseProposal.objects.filter(
            response__invitation__consultation__round=round,
            status=CourseProposal.Status.ACCEPTED,
        )
        .prefetch_related("job_titles")
        .order_by("title", "provider", "pk")
    )


# --- Which list, which version -----------------------------------------------------------------


def councils_with_list() -> list[Council]:
    """Councils that have published a list, by name (former councils included)."""
    return list(
        Council.objects.filter(
            Exists(PositiveListVersion.objects.filter(positive_list__council=OuterRef("pk")))
        )
        .select_related("successor")
        .order_by("name")
    )


def version_in_force(*, council: Council, on: dt.date) -> PositiveListVersion | None:
    """The council's own version in force on `on`."""
    return (
        PositiveListVersion.objects.filter(positive_list__council=council, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .select_related("positive_list__council")
        .order_by("-valid_from", "-number")
        .first()
    )


def version_current(*, council: Council, on: dt.date | None = None) -> PositiveListVersion | None:
    """The list that applies to the council's area on `on` (today by default).

    A council that has ended hands over to its successor: RAR Nordjylland's address shows
    the regional employment council's list once that council has one. Until then (and for
    a council in force) it is the council's own version in force, if any.
    """
    on = on or today()
    for body in council_lineage(council=council):
        if body.valid_to is not None and body.valid_to < on and body.successor_id is not None:
            continue
        version = version_in_force(council=body, on=on)
        if version is not None:
            return version
    return version_in_force(council=council, on=on)


def version_get(*, council: Council, number: int) -> PositiveListVersion:
    """One of the council's own versions. Raises PositiveListVersion.DoesNotExist."""
    return PositiveListVersion.objects.select_related("positive_list__council").get(
        positive_list__council=council, number=number
    )


def version_previous(*, version: PositiveListVersion) -> PositiveListVersion | None:
    return (
        PositiveListVersion.objects.filter(
            positive_list_id=version.positive_list_id, number__lt=version.number
        )
        .order_by("-number")
        .first()
    )


def version_list(*, council: Council) -> QuerySet[PositiveListVersion]:
    """The council's versions, newest first, with `course_count` and `decision_published`
    (the deciding item's meeting has a published agenda or minutes, so it may be linked)."""
    published_minutes = Minutes.objects.filter(
        meeting=OuterRef("decision_item__meeting"), status=Minutes.Status.PUBLISHED
    )
    return (
        PositiveListVersion.objects.filter(positive_list__council=council)
        .select_related("decision_item__meeting__council", "round")
        .annotate(
            course_count=Count("courses"),
            has_published_minutes=Exists(published_minutes),
        )
        .order_by("-number")
    )


# --- Courses, filters and facets ----------------------------------------------------------------


@dataclass(frozen=True)
class CourseFilter:
    """What the visitor searches for; empty fields do not filter."""

    q: str = ""
    job_title: str = ""
    provider: str = ""
    kind: str = ""
    online: bool | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.job_title or self.provider or self.kind) and self.online is None


def course_list(
    *, version: PositiveListVersion, filters: CourseFilter | None = None
) -> QuerySet[ListedCourse]:
    """The version's courses matching `filters`, by title."""
    courses = ListedCourse.objects.filter(version=version)
    filters = filters or CourseFilter()
    # Every word must occur in the course's number, title, provider or job titles. Both sides
    # are casefolded in Python (search_text is written with the row), because SQLite's LIKE
    # ignores case for ASCII letters only: 'økonomi' must find 'Økonomi'.
    for word in search_fold(filters.q).split()[:8]:
        courses = courses.filter(search_text__contains=word)
    if filters.job_title:
        through = ListedCourse.job_titles.through
        courses = courses.filter(
            Exists(
                through.objects.filter(
                    listedcourse_id=OuterRef("pk"), jobtitle__title=filters.job_title
                )
            )
        )
    if filters.provider:
        courses = courses.filter(provider=filters.provider)
    if filters.kind:
        courses = courses.filter(kind=filters.kind)
    if filters.online is not None:
        courses = courses.filter(is_online=filters.online)
    return courses.order_by("title", "pk")


@dataclass(frozen=True)
class Facets:
    """The values the filters offer for one version, and how many courses there are."""

    total: int
    job_titles: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    kinds: list[tuple[str, str]] = field(default_factory=list)
    online: int = 0


def course_facets(*, version: PositiveListVersion) -> Facets:
    # The creation time is in the key so that a reused id (a rebuilt database) never
    # finds another list's facets.
    key = f"positivelist:facets:v1:{version.pk}:{version.created_at.timestamp():.6f}"
    cached = cache.get(key)
    if isinstance(cached, Facets):
        return cached
    courses = ListedCourse.objects.filter(version=version)
    through = ListedCourse.job_titles.through
    job_titles = sorted(
        set(
            through.objects.filter(listedcourse__version=version).values_list(
                "jobtitle__title", flat=True
            )
        ),
        key=str.lower,
    )
    providers = sorted(set(courses.values_list("provider", flat=True)), key=str.lower)
    present = set(courses.values_list("kind", flat=True))
    facets = Facets(
        total=courses.count(),
        job_titles=job_titles,
        providers=providers,
        kinds=[(value, str(label)) for value, label in CourseKind.choices if value in present],
        online=courses.filter(is_online=True).count(),
    )
    cache.set(key, facets, FACETS_CACHE_SECONDS)
    return facets


def course_rows(*, version: PositiveListVersion) -> list[dict[str, Any]]:
    """All the version's courses as plain rows (downloads, the diff), by title."""
    return list(
        ListedCourse.objects.filter(version=version).order_by("title", "pk").values(*ROW_FIELDS)
    )


# --- Differences and the feed ---------------------------------------------------------------


@dataclass(frozen=True)
class CourseChange:
    before: dict[str, Any]
    after: dict[str, Any]
    fields: tuple[str, ...]


@dataclass
class ListDiff:
    old: PositiveListVersion | None
    new: PositiveListVersion
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[CourseChange] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _keyed(rows: list[dict[str, Any]]) -> dict[tuple[str, ...], dict[str, Any]]:
    return {course_key(r["course_number"], r["title"], r["provider"]): r for r in rows}


def _same(field_name: str, a: Any, b: Any) -> bool:
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a.compare(b) == 0
    return bool(a == b)


def list_diff(*, old: PositiveListVersion | None, new: PositiveListVersion) -> ListDiff:
    """Courses added, removed and changed from `old` to `new` (`old` None: all added)."""
    before = _keyed(course_rows(version=old)) if old is not None else {}
    after = _keyed(course_rows(version=new))
    diff = ListDiff(old=old, new=new)
    for key, row in after.items():
        was = before.get(key)
        if was is None:
            diff.added.append(row)
            continue
        changed = tuple(f for f in DIFF_FIELDS if not _same(f, was[f], row[f]))
        if changed:
            diff.changed.append(CourseChange(before=was, after=row, fields=changed))
    diff.removed = [row for key, row in before.items() if key not in after]
    return diff


def feed_versions(*, council: Council, limit: int = 10) -> list[ListDiff]:
    """The newest versions with what each added, removed and changed, newest first."""
    versions = list(
        PositiveListVersion.objects.filter(positive_list__council=council)
        .select_related("positive_list__council", "decision_item__meeting")
        .order_by("-number")[: limit + 1]
    )
    diffs = []
    for index, version in enumerate(versions[:limit]):
        older = versions[index + 1] if index + 1 < len(versions) else None
        if older is None and version.number > 1:
            older = version_previous(version=version)
        diffs.append(list_diff(old=older, new=version))
    return diffs


# --- The round page's recommendation and decision step ------------------------------------------


@dataclass
class DecisionStep:
    """What the recommendation/decision step of a round page shows to this user."""

    round: Round
    can_act: bool
    proposals: list[dict[str, Any]]
    meetings: list[Meeting] = field(default_factory=list)
    item: AgendaItem | None = None
    meeting_held: bool = False
    current_courses: list[dict[str, Any]] = field(default_factory=list)
    decision_default: str = ""
    version: PositiveListVersion | None = None

    @property
    def can_recommend(self) -> bool:
        return (
            self.can_act
            and self.round.status == Round.Status.SCREENING
            and self.item is None
            and bool(self.proposals)
        )

    @property
    def can_decide(self) -> bool:
        return (
            self.can_act and self.round.status == Round.Status.RECOMMENDED and self.item is not None
        )


def _proposal_row(proposal: CourseProposal) -> dict[str, Any]:
    titles = [t.title for t in proposal.job_titles.all()]
    if proposal.other_job_title.strip():
        titles.append(proposal.other_job_title.strip())
    return {
        "id": proposal.pk,
        "number": proposal.course_number,
        "title": proposal.title,
        "provider": proposal.provider,
        "duration": duration_text(proposal.duration, proposal.duration_unit),
        "online": proposal.is_online,
        "job_titles": ", ".join(titles),
    }


def decision_step(*, round: Round, user: UserLike) -> DecisionStep:
    on = today()
    item = round.recommendation_item
    if item is not None:
        item = AgendaItem.objects.select_related("meeting__council").get(pk=item.pk)
    step = DecisionStep(
        round=round,
        can_act=SECRETARIAT in council_roles_for_user(user=user, council=round.council),
        proposals=[_proposal_row(p) for p in accepted_proposals(round=round)],
        item=item,
        meeting_held=item is not None and item.meeting.date <= on,
    )
    if round.status == Round.Status.SCREENING and item is None:
        step.meetings = list(
            Meeting.objects.filter(
                council=round.council,
                committee__isnull=True,
                status=Meeting.Status.PLANNED,
                date__gte=on,
            ).order_by("date", "sequence")[:12]
        )
    if round.status == Round.Status.RECOMMENDED:
        step.decision_default = "Rådet godkendte indstillingen."
        if round.kind == Round.Kind.YEARLY:
            current = (
                PositiveListVersion.objects.filter(positive_list__council=round.council)
                .order_by("-number")
                .first()
            )
            if current is not None:
                step.current_courses = [
                    dict(row)
                    for row in current.courses.order_by("title", "pk").values(
                        "id", "course_number", "title", "provider", "job_titles_text"
                    )
                ]
    if round.status == Round.Status.DECIDED:
        step.version = round.list_versions.order_by("-number").first()
    return step
