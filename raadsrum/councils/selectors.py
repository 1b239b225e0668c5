"""Reads about councils, their areas and who holds which role on a given day."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from raadsrum.councils.models import (
    Chairmanship,
    Committee,
    CommitteeMembership,
    Council,
    CouncilArea,
    Dated,
    MemberGroup,
    Membership,
    Municipality,
    Person,
    Region,
    Role,
)

# What a user may be in a council; access helpers in other apps ask for these.
SECRETARIAT = "secretariat"
CHAIRMANSHIP = "chairmanship"
MEMBER = "member"

UserLike = User | AnonymousUser


def today() -> date:
    return timezone.localdate()


def council_list(*, on: date | None = None) -> QuerySet[Council]:
    """Councils in force on `on`; all councils ever when `on` is None."""
    councils = Council.objects.all()
    if on is not None:
        councils = councils.filter(Dated.valid_on(on))
    return councils.order_by("name")


def council_get(*, slug: str) -> Council:
    return Council.objects.get(slug=slug)


def council_for_municipality(*, municipality: Municipality, on: date) -> Council:
    """The council whose area holds the municipality on that day."""
    area = (
        CouncilArea.objects.filter(Dated.valid_on(on), municipality=municipality)
        .select_related("council")
        .get()
    )
    return area.council


def council_municipalities(*, council: Council, on: date) -> QuerySet[Municipality]:
    return Municipality.objects.filter(
        Dated.valid_on(on, prefix="council_areas__"), council_areas__council=council
    ).order_by("name")


def memberships_on(*, council: Council, on: date) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(Dated.valid_on(on), council=council)
        .select_related("person", "member_group", "alternate_for__person")
        .order_by("member_group__position", "role", "person__name")
    )


def chairmanship_on(*, council: Council, on: date) -> Chairmanship | None:
    return (
        Chairmanship.objects.filter(Dated.valid_on(on), council=council)
        .select_related(
            "chair__person",
            "chair__member_group",
            "first_vice_chair__person",
            "first_vice_chair__member_group",
            "second_vice_chair__person",
            "second_vice_chair__member_group",
        )
        .order_by("-valid_from")
        .first()
    )


def council_roles_for_user(
    *, user: UserLike, council: Council, on: date | None = None
) -> frozenset[str]:
    """The roles (SECRETARIAT, CHAIRMANSHIP, MEMBER) the user holds in the council today.

    Superusers count as the secretariat of every council so that administrators can help.
    """
    if not user.is_authenticated:
        return frozenset()
    on = on or today()
    roles: set[str] = set()
    if getattr(user, "is_superuser", False):
        roles.add(SECRETARIAT)
    person = getattr(user, "person", None)
    if person is None:
        return frozenset(roles)
    # The secretariat and members of a successor council inherit its predecessors' archive.
    lineage = council_lineage(council=council)
    for role in Membership.objects.filter(
        Dated.valid_on(on), council__in=lineage, person=person
    ).values_list("role", flat=True):
        if role == Role.SECRETARIAT:
            roles.add(SECRETARIAT)
        else:
            roles.add(MEMBER)
    for body in lineage:
        chairmanship = chairmanship_on(council=body, on=on)
        if chairmanship is not None and person.pk in {
            chairmanship.chair.person_id,
            chairmanship.first_vice_chair.person_id,
            chairmanship.second_vice_chair.person_id,
        }:
            roles.update({CHAIRMANSHIP, MEMBER})
    return frozenset(roles)


def council_lineage(*, council: Council) -> list[Council]:
    """The council followed by its successors (RAR Nordjylland, then its 2025 successor)."""
    lineage = [council]
    while lineage[-1].successor_id is not None and len(lineage) < 10:
        successor = lineage[-1].successor
        assert successor is not None
        lineage.append(successor)
    return lineage


def councils_for_user(*, user: UserLike, on: date | None = None) -> list[Council]:
    """Councils in which the user has any role today (all of them for superusers)."""
    if not user.is_authenticated:
        return []
    on = on or today()
    if getattr(user, "is_superuser", False):
        return list(council_list(on=None))
    person = getattr(user, "person", None)
    if person is None:
        return []
    ids = Membership.objects.filter(Dated.valid_on(on), person=person).values("council_id")
    return list(Council.objects.filter(pk__in=ids).order_by("name"))


def chairmanship_history(*, council: Council) -> QuerySet[Chairmanship]:
    """Every chairmanship the council has had, newest first: who held which seat when."""
    return (
        Chairmanship.objects.filter(council=council)
        .select_related(
            "chair__person",
            "chair__member_group",
            "first_vice_chair__person",
            "first_vice_chair__member_group",
            "second_vice_chair__person",
            "second_vice_chair__member_group",
        )
        .order_by("-valid_from")
    )


def region_list() -> QuerySet[Region]:
    return Region.objects.order_by("code")


def municipality_list(*, region: Region | None = None) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.select_related("region")
    if region is not None:
        municipalities = municipalities.filter(region=region)
    return municipalities.order_by("name")


def municipality_get(*, code: str) -> Municipality:
    """By official code; '101' and '0101' both find København."""
    return Municipality.objects.get(code=str(int(code)))


def member_group_list() -> QuerySet[MemberGroup]:
    return MemberGroup.objects.order_by("position", "name")


def council_areas(*, council: Council) -> QuerySet[CouncilArea]:
    """The council's area over time: which municipality belonged to it when."""
    return (
        CouncilArea.objects.filter(council=council)
        .select_related("municipality")
        .order_by("valid_from", "municipality__name")
    )


def committee_list(*, council: Council) -> QuerySet[Committee]:
    return Committee.objects.filter(council=council).order_by("name")


def committee_members_on(*, committee: Committee, on: date) -> QuerySet[CommitteeMembership]:
    return (
        CommitteeMembership.objects.filter(Dated.valid_on(on), committee=committee)
        .select_related("person")
        .order_by("-is_chair", "person__name")
    )


def council_predecessors(*, council: Council) -> list[Council]:
    """Councils this one replaced (for RAR successors: the RAR of the region)."""
    return list(council.predecessors.order_by("name"))


def municipality_list_with_council(*, on: date) -> QuerySet[Municipality]:
    """Every municipality with `council_slug`: the council whose area held it on `on` (or None).

    One query, for lists of all 98 municipalities (the API); `council_for_municipality` is
    the one-at-a-time form.
    """
    area = CouncilArea.objects.filter(Dated.valid_on(on), municipality=OuterRef("pk")).order_by(
        "-valid_from"
    )
    return (
        Municipality.objects.select_related("region")
        .annotate(council_slug=Subquery(area.values("council__slug")[:1]))
        .order_by("code")
    )


def person_bodies_on(*, person: Person, on: date) -> tuple[list[Council], list[Committee]]:
    """The councils and committees `person` sits in on `on` (any role, the chairmanship included).

    What the person's own calendar feed holds. A chairmanship seat counts as a seat in the
    council's chairmanship committee, whether or not a committee membership was recorded.
    """
    council_ids = set(
        Membership.objects.filter(Dated.valid_on(on), person=person).values_list(
            "council_id", flat=True
        )
    )
    committee_ids = set(
        CommitteeMembership.objects.filter(Dated.valid_on(on), person=person).values_list(
            "committee_id", flat=True
        )
    )
    chaired = (
        Chairmanship.objects.filter(Dated.valid_on(on))
        .filter(
            Q(chair__person=person)
            | Q(first_vice_chair__person=person)
            | Q(second_vice_chair__person=person)
        )
        .values("council_id")
    )
    committee_ids.update(
        Committee.objects.filter(
            council_id__in=chaired, kind=Committee.Kind.CHAIRMANSHIP
        ).values_list("pk", flat=True)
    )
    councils = list(Council.objects.filter(pk__in=council_ids).order_by("name"))
    committees = list(
        Committee.objects.filter(pk__in=committee_ids).select_related("council").order_by("name")
    )
    return councils, committees
