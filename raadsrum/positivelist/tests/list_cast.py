"""Builders for the published-list tests (recommendation, decision, public pages, export).

On top of the shared cast in conftest.py (RAR Testland, Sara in its secretariat): a list
already in force from 1 April 2026, and a round whose proposals the secretariat has
screened. Proposals are written directly here because screening is not what these tests
are about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from raadsrum.councils.models import Council, Membership, Person, Role
from raadsrum.meetings import services as meeting_services
from raadsrum.meetings.models import Meeting
from raadsrum.positivelist.list_services import CourseRow, list_version_create
from raadsrum.positivelist.models import (
    Consultation,
    ConsultationResponse,
    CourseKind,
    CourseProposal,
    DurationUnit,
    Invitation,
    JobTitle,
    Organisation,
    PositiveListVersion,
    Round,
)
from raadsrum.positivelist.tokens import new_token

SPRING = dt.date(2026, 4, 1)
AUTUMN = dt.date(2026, 10, 1)
NEXT_SPRING = dt.date(2027, 4, 1)


def spring_list(council: Council, by: User | None) -> PositiveListVersion:
    """The list in force from 1 April 2026: three courses, one without a course number."""
    return list_version_create(
        council=council,
        valid_from=SPRING,
        by=by,
        note="Positivlisten pr. 1. april 2026",
        courses=[
            CourseRow(
                course_number="40753",
                title="Brød og kager til butik",
                provider="EUC Nord",
                duration=Decimal("5"),
                job_titles=["Bager"],
                added_on=dt.date(2025, 4, 1),
            ),
            CourseRow(
                course_number="48833",
                title="Truckcertifikat B",
                provider="AMU Nordjylland",
                duration=Decimal("10"),
                job_titles=["Lagerarbejder"],
            ),
            CourseRow(
                title="Digital markedsføring",
                provider="Erhvervsakademi Nord",
                kind=CourseKind.ACADEMY,
                duration=Decimal("5"),
                duration_unit=DurationUnit.ECTS,
                is_online=True,
                job_titles=["Marketingkoordinator"],
            ),
        ],
    )


@dataclass
class Proposed:
    title: str
    job_titles: tuple[str, ...]
    status: str = CourseProposal.Status.ACCEPTED
    course_number: str = ""
    provider: str = "EUC Nord"
    duration: Decimal = Decimal("3")
    is_online: bool = False


def screened_round(
    council: Council,
    organisation: Organisation,
    proposals: list[Proposed],
    *,
    kind: str = Round.Kind.SUPPLEMENT,
    valid_from: dt.date = AUTUMN,
) -> Round:
    """A round in screening whose one response holds `proposals` with their statuses."""
    round = Round.objects.create(
        council=council,
        kind=kind,
        title=f"Positivlisten pr. {valid_from:%d.%m.%Y}",
        valid_from=valid_from,
        status=Round.Status.SCREENING,
    )
    consultation = Consultation.objects.create(
        round=round, deadline=timezone.now() - dt.timedelta(days=1)
    )
    invitation = Invitation.objects.create(
        consultation=consultation, organisation=organisation, token_hash=new_token()[1]
    )
    response = ConsultationResponse.objects.create(
        invitation=invitation,
        status=ConsultationResponse.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    for position, p in enumerate(proposals):
        proposal = CourseProposal.objects.create(
            response=response,
            position=position,
            course_number=p.course_number,
            title=p.title,
            provider=p.provider,
            kind=CourseKind.AMU,
            duration=p.duration,
            is_online=p.is_online,
            status=p.status,
        )
        proposal.job_titles.set([JobTitle.objects.get_or_create(title=t)[0] for t in p.job_titles])
    return round


def council_meeting(council: Council, by: User, *, date: dt.date | None = None) -> Meeting:
    """A planned council meeting (today unless told) with one section holding one item."""
    meeting = meeting_services.meeting_create(
        council=council, date=date or timezone.localdate(), by=by, from_template=False
    )
    section = meeting_services.section_add(meeting=meeting, title="Rådets opgaver", by=by)
    meeting_services.item_add(section=section, title="Godkendelse af dagsorden", by=by, kinds="B")
    meeting_services.item_add(section=section, title="Nyt fra sekretariatet", by=by, kinds="O")
    return meeting


def second_secretary(council: Council) -> User:
    """Sanne: a second member of the secretariat, to decide at the same time as Sara."""
    user = User.objects.create_user(username="sanne", password="pw", first_name="Sanne")
    person = Person.objects.create(name="Sanne Sekretær", user=user)
    Membership.objects.create(
        council=council, person=person, role=Role.SECRETARIAT, valid_from=dt.date(2022, 6, 1)
    )
    return user
