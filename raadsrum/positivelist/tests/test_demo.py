"""The positive list's demo: RAR Nordjylland's 19 courses from 1 October 2020, the current
council's list and round in consultation, pool money and SIRI; a second run creates nothing.

The demo runs on the real reference data (councils and municipalities) and the demo logins,
built by the same core.demo steps `raadsrum demo` uses before it gets to the positive list.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from raadsrum.core import demo as core_demo
from raadsrum.core.models import AuditEntry
from raadsrum.councils import services as council_services
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_get
from raadsrum.positivelist import models as pl
from raadsrum.positivelist.demo import ensure_positive_list_demo
from raadsrum.positivelist.siri_selectors import supplementary_titles_expiring

TODAY = timezone.localdate()


@dataclass
class DemoRun:
    council: Council
    archive: Council
    run: Callable[[], core_demo.DemoReport]


@pytest.fixture
def demo(db: None) -> DemoRun:
    council_services.reference_load()
    archive = council_get(slug="nordjylland")
    council = core_demo.current_successor(council=archive, on=TODAY)
    setup = core_demo.DemoReport()
    users = core_demo.ensure_users(report=setup)
    core_demo.ensure_current_council_seats(council=council, users=users, on=TODAY, report=setup)

    def run() -> core_demo.DemoReport:
        report = core_demo.DemoReport()
        ensure_positive_list_demo(
            council=council, archive=archive, users=users, report=report, today=TODAY
        )
        return report

    return DemoRun(council=council, archive=archive, run=run)


COUNTED: tuple[type[Model], ...] = (
    pl.JobTitle,
    pl.LabourMarketBalance,
    pl.BalanceEntry,
    pl.Organisation,
    pl.Round,
    pl.RoundJobTitle,
    pl.Consultation,
    pl.Invitation,
    pl.ConsultationResponse,
    pl.CourseProposal,
    pl.PositiveListVersion,
    pl.ListedCourse,
    pl.PoolAllocation,
    pl.SupplementaryTitleProposal,
    AuditEntry,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in COUNTED}


def test_second_run_creates_nothing(demo: DemoRun) -> None:
    first = demo.run()
    after_first = _counts()

    second = demo.run()

    assert first.created and not second.created
    assert _counts() == after_first
    assert len(second.existing) == len(first.created)


def test_rar_nordjylland_2020_version_has_the_19_courses(demo: DemoRun) -> None:
    demo.run()

    version = pl.PositiveListVersion.objects.get(
        positive_list__council=demo.archive, valid_from=dt.date(2020, 10, 1)
    )
    per_title = Counter(
        title.title for course in version.courses.all() for title in course.job_titles.all()
    )
    assert version.courses.count() == 19
    assert per_title == {
        "Bager": 9,
        "Pædagog": 7,
        "Social- og sundhedshjælper": 2,
        "Marketingkoordinator": 1,
    }


def test_directory_has_the_consultations_mix_of_organisations(demo: DemoRun) -> None:
    demo.run()

    kinds = Counter(
        pl.Organisation.objects.filter(council=demo.council).values_list("kind", flat=True)
    )
    assert kinds == {"institution": 13, "a_kasse": 3, "union": 2, "job_centre": 2}


def test_current_council_has_a_list_and_a_round_in_consultation(demo: DemoRun) -> None:
    demo.run()

    version = pl.PositiveListVersion.objects.get(positive_list__council=demo.council)
    assert 75 <= version.courses.count() <= 85
    round = pl.Round.objects.get(council=demo.council)
    assert (round.valid_from.month, round.valid_from.day) == (4, 1)
    assert round.valid_from > TODAY
    assert round.status == pl.Round.Status.CONSULTATION
    assert round.consultation.deadline > timezone.now()
    statuses = sorted(
        pl.ConsultationResponse.objects.filter(invitation__consultation__round=round).values_list(
            "status", flat=True
        )
    )
    assert statuses == ["draft", "submitted"]


def test_pool_money_for_three_years_is_marked_synthetic(client, demo: DemoRun) -> None:  # type: ignore[no-untyped-def]
    demo.run()

    years = set(pl.PoolAllocation.objects.values_list("year", flat=True))
    assert years == {TODAY.year - 2, TODAY.year - 1, TODAY.year}
    response = client.get(reverse("positivelist:pool", args=[demo.council.slug]))
    assert "Syntetiske demotal" in response.content.decode()


def test_pharmacist_is_approved_and_about_to_expire_physiotherapist_proposed(
    demo: DemoRun,
) -> None:
    demo.run()

    proposals = {
        p.job_title.title: p
        for p in pl.SupplementaryTitleProposal.objects.filter(council=demo.council)
    }
    assert proposals["Farmaceut"].status == "approved"
    assert proposals["Fysioterapeut"].status == "proposed"
    expiring = supplementary_titles_expiring(council=demo.council, on=TODAY)
    assert [e.proposal.job_title.title for e in expiring] == ["Farmaceut"]
