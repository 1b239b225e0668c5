"""What a user may be in a council: secretariat, chairmanship, member or nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, User

from raadsrum.councils import selectors, services
from raadsrum.councils.models import Council, Role
from raadsrum.councils.selectors import CHAIRMANSHIP, MEMBER, SECRETARIAT

from .conftest import TERM_START, Cast

pytestmark = pytest.mark.django_db

ON = date(2019, 3, 1)


def _roles(user: User | AnonymousUser | None, council: Council, on: date = ON) -> frozenset[str]:
    assert user is not None
    return selectors.council_roles_for_user(user=user, council=council, on=on)


def test_secretariat_membership_gives_the_secretariat_role(cast: Cast):
    assert _roles(cast.sofie.person.user, cast.council) == {SECRETARIAT}


def test_chair_holds_the_chairmanship(cast: Cast):
    services.chairmanship_elect(
        council=cast.council,
        chair=cast.birgit,
        first_vice_chair=cast.lars,
        second_vice_chair=cast.peter,
        valid_from=TERM_START,
        elected_on=TERM_START,
        by=cast.secretary,
    )
    assert _roles(cast.birgit.person.user, cast.council) == {CHAIRMANSHIP, MEMBER}
    assert _roles(cast.peter.person.user, cast.council) == {CHAIRMANSHIP, MEMBER}
    assert _roles(cast.hanne.person.user, cast.council) == {MEMBER}
    # After the half term the chairmanship is over; Birgit is still a member.
    assert _roles(cast.birgit.person.user, cast.council, date(2020, 6, 1)) == {MEMBER}


def test_successor_councils_secretariat_reaches_the_predecessors_archive(cast: Cast):
    successor = cast.council.successor
    assert successor is not None
    clerk = User.objects.create_user(username="clerk", password="x")
    services.membership_add(
        council=successor,
        person=services.person_create(name="Ny Sekretær", by=None, user=clerk),
        role=Role.SECRETARIAT,
        valid_from=date(2025, 1, 1),
        by=cast.secretary,
    )
    on = date(2025, 3, 1)
    assert _roles(clerk, cast.council, on) == {SECRETARIAT}
    assert _roles(clerk, successor, on) == {SECRETARIAT}
    # … but not the archive of a council that is not its predecessor.
    assert _roles(clerk, Council.objects.get(slug="fyn"), on) == frozenset()


def test_predecessors_secretariat_gets_nothing_in_the_successor(cast: Cast):
    successor = cast.council.successor
    assert successor is not None
    assert _roles(cast.sofie.person.user, successor, date(2025, 3, 1)) == frozenset()


def test_outsider_has_no_role(cast: Cast):
    assert _roles(cast.outsider, cast.council) == frozenset()
    assert _roles(AnonymousUser(), cast.council) == frozenset()
    assert selectors.councils_for_user(user=cast.outsider, on=ON) == []


def test_member_of_another_council_has_no_role_here(cast: Cast):
    fyn = Council.objects.get(slug="fyn")
    assert _roles(cast.birgit.person.user, fyn) == frozenset()
    birgit = cast.birgit.person.user
    assert birgit is not None
    assert selectors.councils_for_user(user=birgit, on=ON) == [cast.council]
