"""The monitoring demo: the dated rules and the synthetic figures, made once; a second run
finds them and makes nothing; real figures are never overwritten by synthetic ones."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User

from raadsrum.core.demo import DemoReport, DemoUsers
from raadsrum.councils import services as council_services
from raadsrum.councils.models import Council
from raadsrum.monitoring.demo import ensure_statistics_demo
from raadsrum.monitoring.models import FocusTargetRule, Observation, RefundStep, StatisticsLoad
from raadsrum.monitoring.services import ObservationRow, observations_load, source_ensure
from raadsrum.monitoring.synthetic import synthetic_source

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def statistics_on(settings: Any) -> None:
    settings.MONITORING_DEMO_STATISTICS = True


@pytest.fixture
def users() -> DemoUsers:
    council_services.reference_load()
    return DemoUsers(
        *(User.objects.create_user(name, password="x") for name in ("s", "f", "m", "a"))
    )


def run(users: DemoUsers) -> DemoReport:
    report = DemoReport()
    ensure_statistics_demo(
        council=Council.objects.get(slug="beskaeftigelsesraad-nordjylland"),
        archive=Council.objects.get(slug="nordjylland"),
        users=users,
        report=report,
        today=TODAY,
    )
    return report


def test_a_second_run_finds_the_figures_and_loads_nothing(users: DemoUsers) -> None:
    first = run(users)
    count = Observation.objects.count()
    second = run(users)
    assert any("syntetiske nøgletal" in line for line in first.created)
    assert not second.created
    assert any("syntetiske nøgletal" in line for line in second.existing)
    assert Observation.objects.count() == count
    assert StatisticsLoad.objects.count() == 1


def test_deleted_rules_come_back(users: DemoUsers) -> None:
    observations_load(  # a synthetic figure already there: the demo skips the big load
        source=synthetic_source(),
        rows=[ObservationRow("employees", "municipality", "851", "Q", dt.date(2019, 10, 1), 1.0)],
        description="test",
    )
    RefundStep.objects.all().delete()
    FocusTargetRule.objects.all().delete()
    report = run(users)
    assert RefundStep.objects.count() == 4
    assert FocusTargetRule.objects.get().name == "Fokusmål 2020"
    assert any("regler" in line for line in report.created)


def test_real_figures_keep_their_measure(users: DemoUsers) -> None:
    real = source_ensure(code="file")
    observations_load(
        source=real,
        rows=[ObservationRow("employees", "municipality", "851", "Q", dt.date(2019, 10, 1), 1.0)],
        description="rigtige tal",
    )
    run(users)
    employees = Observation.objects.filter(measure__code="employees", is_current=True)
    assert list(employees.values_list("source__code", flat=True).distinct()) == ["file"]
    assert Observation.objects.filter(measure__code="gross_unemployment").exists()


def test_the_figures_can_be_switched_off_but_the_rules_stay(
    users: DemoUsers, settings: Any
) -> None:
    settings.MONITORING_DEMO_STATISTICS = False
    RefundStep.objects.all().delete()
    report = run(users)
    assert not Observation.objects.exists()
    assert RefundStep.objects.count() == 4
    assert any("slået fra" in line for line in report.notes)
