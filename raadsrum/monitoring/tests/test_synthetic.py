"""The synthetic demo figures: all municipalities, deterministic, labelled synthetic, and the
sums over RAR Nordjylland's area are exactly the figures the council's notes quote."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Sum

from raadsrum.councils.models import Council, Municipality
from raadsrum.councils.selectors import council_municipalities
from raadsrum.monitoring.models import Observation, Source
from raadsrum.monitoring.synthetic import SOURCE_CODE, synthetic_from_database
from raadsrum.monitoring.tests.fixtures_synthetic import TODAY, synthetic_db

__all__ = ["synthetic_db"]


@pytest.fixture
def loaded(synthetic_db: float, db: None) -> float:
    return synthetic_db


def nordjylland_sum(measure: str, period_kind: str, day: dt.date) -> float:
    council = Council.objects.get(slug="nordjylland")
    codes = list(council_municipalities(council=council, on=day).values_list("code", flat=True))
    total = Observation.objects.filter(
        measure__code=measure,
        area_kind="municipality",
        area_code__in=codes,
        period_kind=period_kind,
        period_start=day,
        breakdown_kind="",
        is_current=True,
    ).aggregate(total=Sum("value"))["total"]
    return float(total or 0)


def test_gross_unemployment_in_february_2020_is_13330(loaded: float) -> None:
    assert nordjylland_sum("gross_unemployment", "M", dt.date(2020, 2, 1)) == 13330


def test_gross_unemployment_rose_1931_or_16_1_percent_from_march_2019_to_march_2020(
    loaded: float,
) -> None:
    before = nordjylland_sum("gross_unemployment", "M", dt.date(2019, 3, 1))
    after = nordjylland_sum("gross_unemployment", "M", dt.date(2020, 3, 1))
    assert (before, after) == (11994, 13925)
    assert after - before == 1931
    assert round(100 * (after - before) / before, 1) == 16.1


def test_employees_in_the_fourth_quarter_of_2019_are_219278(loaded: float) -> None:
    assert nordjylland_sum("employees", "Q", dt.date(2019, 10, 1)) == 219278


def test_foreign_workers_in_march_2020_are_14743_up_442_or_3_1_percent(loaded: float) -> None:
    before = nordjylland_sum("foreign_workers", "M", dt.date(2019, 3, 1))
    after = nordjylland_sum("foreign_workers", "M", dt.date(2020, 3, 1))
    assert after == 14743
    assert after - before == 442
    assert round(100 * (after - before) / before, 1) == 3.1


def test_every_municipality_has_figures_for_every_month(loaded: float) -> None:
    codes = set(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == 98
    for day in (dt.date(2015, 1, 1), dt.date(2020, 3, 1), dt.date(2026, 10, 1)):
        found = set(
            Observation.objects.filter(
                measure__code="gross_unemployment", period_kind="M", period_start=day
            ).values_list("area_code", flat=True)
        )
        assert found == codes


def test_the_set_ends_with_the_last_full_month(loaded: float) -> None:
    last = (
        Observation.objects.filter(measure__code="gross_unemployment", period_kind="M")
        .order_by("-period_start")
        .values_list("period_start", flat=True)
        .first()
    )
    assert last == dt.date(2026, 10, 1)


def test_the_country_has_a_gross_unemployment_rate(loaded: float) -> None:
    rate = Observation.objects.get(
        measure__code="gross_unemployment_rate", area_kind="country", area_code="DK",
        period_kind="M", period_start=dt.date(2020, 4, 1),
    ).value  # fmt: skip
    assert 3 < rate < 8


def test_the_2020_jump_shows_in_april(loaded: float) -> None:
    march = nordjylland_sum("gross_unemployment", "M", dt.date(2020, 3, 1))
    april = nordjylland_sum("gross_unemployment", "M", dt.date(2020, 4, 1))
    assert april > 1.2 * march


def test_every_figure_is_under_the_synthetic_source(loaded: float) -> None:
    source = Source.objects.get(code=SOURCE_CODE)
    assert source.is_synthetic
    assert "Syntetiske" in source.name
    assert not Observation.objects.exclude(source=source).exists()


def test_public_benefits_are_split_by_benefit_and_sum_to_the_total(loaded: float) -> None:
    rows = Observation.objects.filter(
        measure__code="public_benefits_full_time", area_code="851", period_kind="M",
        period_start=dt.date(2020, 3, 1),
    )  # fmt: skip
    total = rows.get(breakdown_kind="").value
    parts = [r.value for r in rows.filter(breakdown_kind="benefit")]
    assert len(parts) >= 5
    assert sum(parts) == pytest.approx(total, abs=0.01)


def test_job_centre_insight_figures_exist_per_half_year_from_2020(loaded: float) -> None:
    halves = set(
        Observation.objects.filter(
            measure__code="focus_no_offer_share", area_code="851"
        ).values_list("period_start", flat=True)
    )
    assert dt.date(2020, 1, 1) in halves
    assert dt.date(2019, 7, 1) not in halves
    assert dt.date(2026, 1, 1) in halves
    assert dt.date(2026, 7, 1) not in halves  # not a full half-year yet


def test_the_generator_is_deterministic(loaded: float) -> None:
    first = list(synthetic_from_database(today=TODAY).rows())
    second = list(synthetic_from_database(today=TODAY).rows())
    assert first == second
