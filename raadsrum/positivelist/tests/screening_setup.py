"""A round with answers to screen, shared by the screening tests (built on conftest's cast).

RAR Testland's yearly round (Bager, Sygeplejerske and Tømrer fixed) has been in consultation
with a deadline that passed yesterday. EUC Nord answered first, Jobcenter Aalborg second; 3F
Aalborg has a draft only. The current list holds 40123 Brød og kager from AMU Nordjylland,
and every council's courses may last at most 10 days or 10 ECTS. Sofie is Sara's colleague
in the secretariat.

EUC Nord proposes 45678 Surdejsbagning (clean) and 40123 Brød og kager (on the list);
Jobcenter Aalborg proposes 45678 Surdejsbagning again (a duplicate) and a 15 ECTS academy
module for nurses (too long); 3F's draft proposes a course for Kontorassistent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.utils import timezone

from raadsrum.councils.models import Membership, Person, Role
from raadsrum.positivelist.list_selectors import course_search_text
from raadsrum.positivelist.models import (
    Consultation,
    ConsultationResponse,
    CourseLengthRule,
    CourseProposal,
    Invitation,
    JobTitle,
    ListedCourse,
    Organisation,
    PositiveList,
    PositiveListVersion,
    Round,
)
from raadsrum.positivelist.tests.conftest import TERM_START, PLCast


@dataclass
class ScreeningCase:
    round: Round
    sofie: User  # a second secretary of RAR Testland
    clean: CourseProposal  # EUC Nord: 45678 Surdejsbagning
    listed: CourseProposal  # EUC Nord: 40123 Brød og kager, already on the list
    duplicate: CourseProposal  # Jobcenter Aalborg: 45678 Surdejsbagning again
    too_long: CourseProposal  # Jobcenter Aalborg: 15 ECTS
    draft: CourseProposal  # 3F Aalborg, not submitted


def _answer(
    consultation: Consultation, organisation: Organisation, submitted_at: dt.datetime | None
) -> ConsultationResponse:
    invitation = Invitation.objects.create(
        consultation=consultation,
        organisation=organisation,
        token_hash=f"hash-{organisation.pk}",
    )
    return ConsultationResponse.objects.create(
        invitation=invitation,
        status=(
            ConsultationResponse.Status.SUBMITTED
            if submitted_at
            else ConsultationResponse.Status.DRAFT
        ),
        submitted_at=submitted_at,
    )


def _proposal(
    response: ConsultationResponse, titles: list[JobTitle], position: int, **fields: object
) -> CourseProposal:
    values: dict[str, object] = dict(
        provider="EUC Nord", kind="amu", duration=Decimal("3"), position=position
    )
    values.update(fields)
    proposal = CourseProposal.objects.create(response=response, **values)  # type: ignore[misc]
    proposal.job_titles.set(titles)
    return proposal


def make_screening_case(
    *,
    pl: PLCast,
    fixed_round: Round,
    organisations: dict[str, Organisation],
    job_titles: dict[str, JobTitle],
    status: str = Round.Status.SCREENING,
) -> ScreeningCase:
    now = timezone.now()
    fixed_round.status = status
    fixed_round.save()
    consultation = Consultation.objects.create(
        round=fixed_round, deadline=now - dt.timedelta(days=1)
    )
    euc = _answer(consultation, organisations["EUC Nord"], now - dt.timedelta(days=3))
    jobcenter = _answer(
        consultation, organisations["Jobcenter Aalborg"], now - dt.timedelta(days=2)
    )
    union = _answer(consultation, organisations["3F Aalborg"], None)

    bager, nurse = job_titles["Bager"], job_titles["Sygeplejerske"]
    clean = _proposal(euc, [bager], 1, course_number="45678", title="Surdejsbagning")
    listed = _proposal(
        euc, [bager], 2, course_number="40123", title="Brød og kager", provider="AMU Nordjylland"
    )
    duplicate = _proposal(jobcenter, [bager], 1, course_number="45678", title="Surdejsbagning")
    too_long = _proposal(
        jobcenter,
        [nurse],
        2,
        title="Akut sygepleje",
        provider="UCN Akademi",
        kind="academy",
        duration=Decimal("15"),
        duration_unit="ects",
    )
    draft = _proposal(
        union, [job_titles["Kontorassistent"]], 1, course_number="", title="Excel for alle"
    )

    plist = PositiveList.objects.create(council=pl.council)
    version = PositiveListVersion.objects.create(
        positive_list=plist, number=1, valid_from=dt.date(2026, 4, 1)
    )
    ListedCourse.objects.create(
        version=version,
        course_number="40123",
        title="Brød og kager",
        provider="AMU Nordjylland",
        kind="amu",
        duration=Decimal("5"),
        added_on=dt.date(2026, 4, 1),
        search_text=course_search_text(
            course_number="40123",
            title="Brød og kager",
            provider="AMU Nordjylland",
            job_titles_text="",
        ),
    )
    CourseLengthRule.objects.create(
        valid_from=dt.date(2020, 1, 1), max_days=Decimal("10"), max_ects=Decimal("10")
    )

    sofie = User.objects.create_user(username="sofie", password="pw", first_name="Sofie")
    Membership.objects.create(
        council=pl.council,
        person=Person.objects.create(name="Sofie Sekretær", user=sofie),
        role=Role.SECRETARIAT,
        valid_from=TERM_START,
    )
    return ScreeningCase(
        round=fixed_round,
        sofie=sofie,
        clean=clean,
        listed=listed,
        duplicate=duplicate,
        too_long=too_long,
        draft=draft,
    )
