"""Who may sit in a council, for which group, and for how long."""

from __future__ import annotations

from datetime import date

import pytest

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.councils import selectors, services
from raadsrum.councils.models import Committee, Council, Role

from .conftest import TERM_START, Cast

pytestmark = pytest.mark.django_db


def _new_person(cast: Cast, name: str = "Anna Suppleant"):
    return services.person_create(name=name, by=cast.secretary)


def test_alternate_must_name_member(cast: Cast):
    with pytest.raises(ValidationFailed, match="suppleant for et navngivet medlem"):
        services.membership_add(
            council=cast.council,
            person=_new_person(cast),
            role=Role.ALTERNATE,
            valid_from=TERM_START,
            member_group=cast.fh,
            by=cast.secretary,
        )


def test_alternate_takes_the_group_of_the_member_they_stand_in_for(cast: Cast):
    alternate = services.membership_add(
        council=cast.council,
        person=_new_person(cast),
        role=Role.ALTERNATE,
        valid_from=TERM_START,
        alternate_for=cast.lars,
        by=cast.secretary,
    )
    assert alternate.member_group == cast.fh
    assert list(cast.lars.alternates.all()) == [alternate]


def test_alternate_cannot_come_from_another_group_than_the_member(cast: Cast):
    with pytest.raises(ValidationFailed, match="samme medlemsgruppe"):
        services.membership_add(
            council=cast.council,
            person=_new_person(cast),
            role=Role.ALTERNATE,
            valid_from=TERM_START,
            alternate_for=cast.lars,
            member_group=cast.da,
            by=cast.secretary,
        )


def test_alternate_must_stand_in_for_a_member_of_the_same_council(cast: Cast):
    fyn = Council.objects.get(slug="fyn")
    with pytest.raises(ValidationFailed, match="samme råd"):
        services.membership_add(
            council=fyn,
            person=_new_person(cast),
            role=Role.ALTERNATE,
            valid_from=TERM_START,
            alternate_for=cast.lars,
            by=cast.secretary,
        )


def test_only_an_alternate_names_a_member_to_stand_in_for(cast: Cast):
    with pytest.raises(ValidationFailed, match="Kun en suppleant"):
        services.membership_add(
            council=cast.council,
            person=_new_person(cast),
            role=Role.MEMBER,
            valid_from=TERM_START,
            member_group=cast.fh,
            alternate_for=cast.lars,
            by=cast.secretary,
        )


def test_members_need_a_member_group(cast: Cast):
    with pytest.raises(ValidationFailed, match="medlemsgruppe"):
        services.membership_add(
            council=cast.council,
            person=_new_person(cast),
            role=Role.MEMBER,
            valid_from=TERM_START,
            by=cast.secretary,
        )


def test_observers_and_secretariat_need_no_member_group(cast: Cast):
    observer = services.membership_add(
        council=cast.council,
        person=_new_person(cast, "Peter Thomsen"),
        role=Role.OBSERVER,
        valid_from=TERM_START,
        represents="AMU Nordjylland",
        by=cast.secretary,
    )
    assert observer.member_group is None
    assert observer.represents == "AMU Nordjylland"


def test_membership_must_lie_inside_the_councils_lifetime(cast: Cast):
    for valid_from, valid_to in [
        (date(2014, 12, 31), None),
        (date(2025, 1, 1), None),
        (TERM_START, date(2025, 6, 1)),
    ]:
        with pytest.raises(ValidationFailed, match="RAR Nordjylland"):
            services.membership_add(
                council=cast.council,
                person=_new_person(cast),
                role=Role.MEMBER,
                valid_from=valid_from,
                valid_to=valid_to,
                member_group=cast.fh,
                by=cast.secretary,
            )


def test_open_ended_membership_ends_with_the_council(cast: Cast):
    assert cast.birgit.valid_to == date(2024, 12, 31)
    successor = cast.council.successor
    assert successor is not None
    seat = services.membership_add(
        council=successor,
        person=cast.birgit.person,
        role=Role.MEMBER,
        valid_from=date(2025, 1, 1),
        member_group=cast.da,
        by=cast.secretary,
    )
    assert seat.valid_to is None


def test_a_person_holds_a_role_once_at_a_time(cast: Cast):
    with pytest.raises(ValidationFailed, match="allerede medlem"):
        services.membership_add(
            council=cast.council,
            person=cast.hanne.person,
            role=Role.MEMBER,
            valid_from=date(2020, 1, 1),
            member_group=cast.da,
            by=cast.secretary,
        )


def test_ended_membership_is_gone_the_day_after(cast: Cast):
    services.membership_end(membership=cast.hanne, valid_to=date(2020, 5, 31), by=cast.secretary)
    people = {
        m.person.name for m in selectors.memberships_on(council=cast.council, on=date(2020, 6, 1))
    }
    assert "Hanne Toppenberg" not in people
    assert "Birgit Frederiksen" in people
    assert AuditEntry.objects.filter(action="membership.end", target_id=str(cast.hanne.pk)).exists()


def test_membership_cannot_end_before_it_began(cast: Cast):
    with pytest.raises(ValidationFailed, match="før startdatoen"):
        services.membership_end(membership=cast.hanne, valid_to=date(2018, 1, 1), by=cast.secretary)


def test_committee_members_come_from_the_council(cast: Cast):
    committee = services.committee_create(
        council=cast.council,
        kind=Committee.Kind.CASE_COMMITTEE,
        name="Sagsudvalget",
        by=cast.secretary,
    )
    assert committee.slug == "sagsudvalget"
    services.committee_member_add(
        committee=committee,
        person=cast.lars.person,
        valid_from=TERM_START,
        is_chair=True,
        by=cast.secretary,
    )
    with pytest.raises(ValidationFailed, match="sidder ikke i RAR Nordjylland"):
        services.committee_member_add(
            committee=committee,
            person=_new_person(cast, "Udefra"),
            valid_from=TERM_START,
            by=cast.secretary,
        )
    with pytest.raises(ValidationFailed, match="allerede en formand"):
        services.committee_member_add(
            committee=committee,
            person=cast.peter.person,
            valid_from=TERM_START,
            is_chair=True,
            by=cast.secretary,
        )
    names = [
        seat.person.name
        for seat in selectors.committee_members_on(committee=committee, on=date(2019, 1, 1))
    ]
    assert names == ["Lars Christensen"]


def test_committee_slugs_are_unique_within_a_council(cast: Cast):
    services.committee_create(
        council=cast.council,
        kind=Committee.Kind.POSITIVE_LIST_COMMITTEE,
        name="Positivlisteudvalget",
        by=cast.secretary,
    )
    with pytest.raises(ValidationFailed, match="allerede et udvalg"):
        services.committee_create(
            council=cast.council,
            kind=Committee.Kind.OTHER,
            name="Positivlisteudvalget",
            by=cast.secretary,
        )
