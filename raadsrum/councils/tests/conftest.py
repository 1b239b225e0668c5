"""Shared cast for council tests: the reference data, RAR Nordjylland and named people.

The story: on 1 June 2018 RAR Nordjylland got a new term. Birgit (DA) is a member who
becomes chair, Lars (FH) and Peter (kommunerne) are members who become vice chairs,
Hanne is another DA member, Sofie works in the secretariat, and Olga is an outsider
with a login but no seat anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import User

from raadsrum.councils import services
from raadsrum.councils.models import Council, MemberGroup, Membership, Role

TERM_START = date(2018, 6, 1)


@dataclass
class Cast:
    council: Council
    secretary: User
    da: MemberGroup
    fh: MemberGroup
    kl: MemberGroup
    birgit: Membership  # DA, the chair-to-be
    lars: Membership  # FH
    peter: Membership  # KL (kommunerne)
    hanne: Membership  # DA
    sofie: Membership  # secretariat (AMK Midt-Nord)
    outsider: User


@pytest.fixture
def reference(db: None) -> services.ReferenceLoadResult:
    return services.reference_load()


def _user(username: str) -> User:
    return User.objects.create_user(username=username, password="x")


def _seat(
    council: Council, name: str, group: MemberGroup | None, secretary: User, role: str = Role.MEMBER
) -> Membership:
    person = services.person_create(name=name, by=secretary, user=_user(name.split()[0].lower()))
    return services.membership_add(
        council=council,
        person=person,
        role=role,
        valid_from=TERM_START,
        member_group=group,
        by=secretary,
    )


@pytest.fixture
def cast(reference: services.ReferenceLoadResult) -> Cast:
    council = Council.objects.get(slug="nordjylland")
    secretary = _user("sekretaer")
    groups = {group.code: group for group in MemberGroup.objects.all()}
    return Cast(
        council=council,
        secretary=secretary,
        da=groups["da"],
        fh=groups["fh"],
        kl=groups["kl"],
        birgit=_seat(council, "Birgit Frederiksen", groups["da"], secretary),
        lars=_seat(council, "Lars Christensen", groups["fh"], secretary),
        peter=_seat(council, "Peter Hansen", groups["kl"], secretary),
        hanne=_seat(council, "Hanne Toppenberg", groups["da"], secretary),
        sofie=_seat(council, "Sofie Brix", None, secretary, role=Role.SECRETARIAT),
        outsider=_user("olga"),
    )
