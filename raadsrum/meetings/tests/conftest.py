"""The cast of the meetings tests: a council with its secretary, chair, member and an outsider."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from raadsrum.councils.models import (
    Chairmanship,
    Council,
    MemberGroup,
    Membership,
    Person,
    Role,
)
from raadsrum.meetings import services
from raadsrum.meetings.models import Meeting

TERM_START = dt.date(2022, 6, 1)


@dataclass
class Cast:
    council: Council
    sara: User  # secretariat
    carl: User  # chair (DA)
    mette: User  # member (FH)
    otto: User  # outsider


def _person(username: str, name: str) -> tuple[User, Person]:
    user = User.objects.create_user(username=username, password="pw", first_name=name)
    return user, Person.objects.create(name=name, user=user)


@pytest.fixture
def cast(db: None) -> Cast:
    council = Council.objects.create(
        slug="testraad",
        name="RAR Testland",
        name_genitive="RAR Testlands",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
        secretariat_name="AMK Test",
    )
    da = MemberGroup.objects.create(code="DA", name="DA", position=1)
    fh = MemberGroup.objects.create(code="FH", name="FH", position=2)
    kl = MemberGroup.objects.create(code="KL", name="KL", position=3)
    sara, sara_p = _person("sara", "Sara Sekretær")
    carl, carl_p = _person("carl", "Carl Formand")
    mette, mette_p = _person("mette", "Mette Medlem")
    otto, _ = _person("otto", "Otto Udenfor")
    _, vice1_p = _person("vera", "Vera Næstformand")
    _, vice2_p = _person("kim", "Kim Næstformand")

    def member(person: Person, group: MemberGroup, role: str = Role.MEMBER) -> Membership:
        return Membership.objects.create(
            council=council, person=person, role=role, member_group=group, valid_from=TERM_START
        )

    Membership.objects.create(
        council=council, person=sara_p, role=Role.SECRETARIAT, valid_from=TERM_START
    )
    chair = member(carl_p, da)
    member(mette_p, fh)
    Chairmanship.objects.create(
        council=council,
        chair=chair,
        first_vice_chair=member(vice1_p, fh),
        second_vice_chair=member(vice2_p, kl),
        valid_from=TERM_START,
        elected_on=TERM_START,
    )
    return Cast(council=council, sara=sara, carl=carl, mette=mette, otto=otto)


@pytest.fixture
def meeting(cast: Cast) -> Meeting:
    """A meeting with two sections of three and two items."""
    meeting = services.meeting_create(
        council=cast.council,
        date=dt.date(2026, 11, 5),
        by=cast.sara,
        start_time=dt.time(10),
        end_time=dt.time(12),
        from_template=False,
    )
    first = services.section_add(meeting=meeting, title="Rådets interne fokus", by=cast.sara)
    second = services.section_add(meeting=meeting, title="Orientering", by=cast.sara)
    for title, kinds in [("Referater", "O"), ("Dagsorden", "B"), ("Årshjul", "B")]:
        services.item_add(section=first, title=title, kinds=kinds, by=cast.sara)
    for title in ["Nyt fra formandskabet", "Eventuelt"]:
        services.item_add(section=second, title=title, kinds="O", by=cast.sara)
    return meeting
