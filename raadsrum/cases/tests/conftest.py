"""The cast of the cases tests.

RAR Testland covers Frederikshavn and Aalborg. Sara works in its secretariat. Kurt and
Karin are council members who sit on the case committee (Sagsudvalget); Mette is a council
member who does not. Otto has a login and no seat anywhere. Sven is the secretary of
another council. The council lets its secretariat decide work-sharing cases, except
questions of principle; the national ratio requirement is 1 person with subsidy per 5
staff without.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from raadsrum.cases import services
from raadsrum.cases.models import (
    AdministrativeDecisionRule,
    Case,
    CaseKind,
    RatioRequirement,
)
from raadsrum.councils.models import (
    Committee,
    CommitteeMembership,
    Council,
    Membership,
    Municipality,
    Person,
    Role,
)
from raadsrum.councils.tests.worlds import two_councils

TERM_START = dt.date(2022, 6, 1)
RECEIVED = dt.date(2026, 3, 2)

# Valid CVR numbers (modulus 11).
CVR_A = "12345674"
CVR_B = "29403473"
CVR_C = "10150817"


@dataclass
class Cast:
    council: Council
    other_council: Council
    committee: Committee
    frederikshavn: Municipality
    aalborg: Municipality
    aarhus: Municipality  # not in RAR Testland
    sara: User  # secretariat
    kurt: User  # council member on the case committee
    karin: User  # council member on the case committee
    mette: User  # council member, not on the case committee
    otto: User  # outsider
    sven: User  # secretariat of another council

    @property
    def everyone(self) -> dict[str, User]:
        return {
            "sara": self.sara,
            "kurt": self.kurt,
            "karin": self.karin,
            "mette": self.mette,
            "otto": self.otto,
            "sven": self.sven,
        }


def _person(username: str, name: str) -> tuple[User, Person]:
    user = User.objects.create_user(username=username, password="pw", first_name=name)
    return user, Person.objects.create(name=name, user=user)


@pytest.fixture
def cast(db: None) -> Cast:
    world = two_councils()
    council, other = world.council, world.other
    frederikshavn, aalborg, aarhus = world.frederikshavn, world.aalborg, world.aarhus
    da, fh = world.da, world.fh

    sara, sara_p = _person("sara", "Sara Sekretær")
    kurt, kurt_p = _person("kurt", "Kurt Udvalgsformand")
    karin, karin_p = _person("karin", "Karin Udvalgsmedlem")
    mette, mette_p = _person("mette", "Mette Rådsmedlem")
    otto, _ = _person("otto", "Otto Udenfor")
    sven, sven_p = _person("sven", "Sven Andetsteds")

    Membership.objects.create(
        council=council, person=sara_p, role=Role.SECRETARIAT, valid_from=TERM_START
    )
    Membership.objects.create(
        council=other, person=sven_p, role=Role.SECRETARIAT, valid_from=TERM_START
    )
    for person, group in ((kurt_p, da), (karin_p, fh), (mette_p, da)):
        Membership.objects.create(
            council=council,
            person=person,
            role=Role.MEMBER,
            member_group=group,
            valid_from=TERM_START,
        )
    committee = Committee.objects.create(
        council=council,
        kind=Committee.Kind.CASE_COMMITTEE,
        name="Sagsudvalget",
        slug="sagsudvalget",
    )
    CommitteeMembership.objects.create(
        committee=committee, person=kurt_p, is_chair=True, valid_from=TERM_START
    )
    CommitteeMembership.objects.create(committee=committee, person=karin_p, valid_from=TERM_START)
    AdministrativeDecisionRule.objects.create(
        council=council,
        kind=CaseKind.WORK_SHARING,
        valid_from=dt.date(2020, 3, 1),
        allowed=True,
        principle_to_committee=True,
        note="Rådets beslutning 19. marts 2020 under COVID-19",
    )
    RatioRequirement.objects.create(
        valid_from=dt.date(2015, 1, 1), subsidised=1, per_staff=5, near_share=0.8
    )
    return Cast(
        council=council,
        other_council=other,
        committee=committee,
        frederikshavn=frederikshavn,
        aalborg=aalborg,
        aarhus=aarhus,
        sara=sara,
        kurt=kurt,
        karin=karin,
        mette=mette,
        otto=otto,
        sven=sven,
    )


def details_for(kind: str, cast: Cast) -> dict[str, Any]:
    """Valid details of each case type."""
    details: dict[str, dict[str, Any]] = {
        CaseKind.WORK_SHARING: dict(
            company_name="Skagen Fiskeindustri A/S",
            cvr=CVR_A,
            municipality=cast.frederikshavn,
            employees_affected=42,
            start_date=dt.date(2026, 3, 9),
            weeks=13,
        ),
        CaseKind.LAYOFF_NOTICE: dict(
            company_name="Aalborg Værft ApS",
            cvr=CVR_B,
            site="Havnegade 1, 9000 Aalborg",
            municipality=cast.aalborg,
            employees_affected=120,
            notified_on=dt.date(2026, 3, 1),
            layoff_from=dt.date(2026, 6, 1),
        ),
        CaseKind.WORK_PERMIT_HEARING: dict(
            employer_name="Nordjysk Byg A/S",
            cvr=CVR_C,
            position="Kranfører",
            monthly_pay="38500.00",
            conditions_offered="37 timer, overenskomst",
            siri_reference="SIRI 2026-12345",
        ),
        CaseKind.COMMUNITY_SERVICE: dict(
            workplace_name="Genbrugsbutikken",
            address="Søndergade 3, 9900 Frederikshavn",
            municipality=cast.frederikshavn,
            tasks="Sortering af tøj",
            places=2,
        ),
        CaseKind.UTILITY_JOB_DISPENSATION: dict(
            municipality=cast.frederikshavn,
            persons=90,
            period_from=dt.date(2026, 4, 1),
            justification="Mange ledige efter værftslukning",
        ),
        CaseKind.KLV_REPORT: dict(
            municipality=cast.aalborg,
            quarter_year=2026,
            quarter=1,
        ),
    }
    return dict(details[CaseKind(kind)])


def make_case(cast: Cast, kind: str = CaseKind.WORK_SHARING, **overrides: Any) -> Case:
    details = details_for(kind, cast)
    details.update(overrides)
    return services.case_create(
        council=cast.council, kind=kind, by=cast.sara, received_on=RECEIVED, **details
    )


@pytest.fixture
def work_sharing(cast: Cast) -> Case:
    return make_case(cast, CaseKind.WORK_SHARING, weeks=20, is_extension=True)
