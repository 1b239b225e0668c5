"""The refund steps: 80 % in weeks 1-4, 40 % in 5-26, 30 % in 27-52, 20 % from week 53,
as dated configuration, and what a benefit spell then costs the municipality."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from raadsrum.core.errors import ValidationFailed
from raadsrum.monitoring.models import RefundStep
from raadsrum.monitoring.refund import (
    DurationBand,
    monthly_cost_by_band,
    municipal_cost,
    refund_rate,
    refund_steps_on,
)

pytestmark = pytest.mark.django_db

ON = dt.date(2020, 3, 1)


@pytest.mark.parametrize(
    ("week", "rate"),
    [
        (1, 80),
        (4, 80),
        (5, 40),
        (26, 40),
        (27, 30),
        (52, 30),
        (53, 20),
        (104, 20),
    ],
)
def test_the_rate_changes_exactly_at_the_boundary_weeks(week: int, rate: int) -> None:
    assert refund_rate(week, ON) == Decimal(rate)


def test_there_is_no_week_zero() -> None:
    with pytest.raises(ValidationFailed):
        refund_rate(0, ON)


def test_before_the_reform_no_steps_are_in_force() -> None:
    with pytest.raises(ValidationFailed, match="ingen refusionstrin"):
        refund_rate(1, dt.date(2016, 1, 3))


def test_the_steps_start_on_the_day_the_reform_took_effect() -> None:
    assert refund_rate(1, dt.date(2016, 1, 4)) == 80


def end_current_steps(last_day: dt.date) -> None:
    RefundStep.objects.filter(valid_to__isnull=True).update(valid_to=last_day)


def add_steps(valid_from: dt.date, steps: list[tuple[int, int | None, str]]) -> None:
    for from_week, to_week, rate in steps:
        RefundStep.objects.create(
            scheme="Ny ordning",
            valid_from=valid_from,
            from_week=from_week,
            to_week=to_week,
            rate=Decimal(rate),
        )


def test_a_later_set_of_steps_applies_from_its_own_date() -> None:
    end_current_steps(dt.date(2029, 12, 31))
    add_steps(dt.date(2030, 1, 1), [(1, 8, "70"), (9, None, "25")])
    assert refund_rate(5, dt.date(2029, 12, 31)) == 40
    assert refund_rate(5, dt.date(2030, 1, 1)) == 70
    assert refund_rate(9, dt.date(2030, 1, 1)) == 25


def test_a_newer_set_wins_when_the_old_one_was_left_open() -> None:
    add_steps(dt.date(2030, 1, 1), [(1, None, "50")])
    assert [s.rate for s in refund_steps_on(dt.date(2030, 6, 1))] == [Decimal("50.00")]
    assert refund_rate(30, dt.date(2029, 6, 1)) == 30


def test_a_week_the_steps_do_not_cover_is_an_error() -> None:
    end_current_steps(dt.date(2029, 12, 31))
    add_steps(dt.date(2030, 1, 1), [(1, 10, "60")])
    with pytest.raises(ValidationFailed, match="dækker ikke uge 11"):
        refund_rate(11, dt.date(2030, 1, 1))


def test_a_four_week_spell_is_refunded_at_80_percent() -> None:
    cost = municipal_cost(weekly_benefit=Decimal("1000"), weeks=4, on=ON)
    assert (cost.benefit, cost.refund, cost.municipal) == (
        Decimal("4000.00"),
        Decimal("3200.00"),
        Decimal("800.00"),
    )


def test_week_five_is_the_first_at_40_percent() -> None:
    cost = municipal_cost(weekly_benefit=Decimal("1000"), weeks=5, on=ON)
    assert [line.weeks for line in cost.steps] == [4, 1, 0, 0]
    assert cost.refund == Decimal("3200") + Decimal("400")


def test_a_53_week_spell_touches_every_step() -> None:
    cost = municipal_cost(weekly_benefit=Decimal("1000"), weeks=53, on=ON)
    assert [line.weeks for line in cost.steps] == [4, 22, 26, 1]
    # 4 x 800 + 22 x 400 + 26 x 300 + 1 x 200 refunded of 53.000 kr.
    assert cost.refund == Decimal("20000.00")
    assert cost.municipal == Decimal("33000.00")


def test_a_52_week_spell_stops_before_the_last_step() -> None:
    cost = municipal_cost(weekly_benefit=Decimal("1000"), weeks=52, on=ON)
    assert [line.weeks for line in cost.steps] == [4, 22, 26, 0]
    assert cost.steps[-1].benefit == 0


def test_26_and_27_weeks_differ_by_one_week_at_30_percent() -> None:
    at_26 = municipal_cost(weekly_benefit=Decimal("1000"), weeks=26, on=ON)
    at_27 = municipal_cost(weekly_benefit=Decimal("1000"), weeks=27, on=ON)
    assert at_27.refund - at_26.refund == Decimal("300.00")


def test_several_people_multiply_the_cost() -> None:
    one = municipal_cost(weekly_benefit=Decimal("4500"), weeks=30, on=ON)
    ten = municipal_cost(weekly_benefit=Decimal("4500"), weeks=30, on=ON, persons=10)
    assert ten.municipal == one.municipal * 10


def test_a_negative_benefit_is_refused() -> None:
    with pytest.raises(ValidationFailed):
        municipal_cost(weekly_benefit=Decimal("-1"), weeks=3, on=ON)


def test_monthly_cost_by_duration_band_uses_each_bands_step() -> None:
    bands = [
        DurationBand(1, 4, Decimal(12)),
        DurationBand(5, 26, Decimal(12)),
        DurationBand(27, 52, Decimal(12)),
        DurationBand(53, None, Decimal(12)),
    ]
    cost = monthly_cost_by_band(bands=bands, weekly_benefit=Decimal(1000), on=ON)
    # 12 full-time persons x 1.000 kr. x 52/12 weeks = 52.000 kr. a month per band.
    assert [line.benefit for line in cost.steps] == [Decimal("52000.00")] * 4
    assert [line.refund for line in cost.steps] == [
        Decimal("41600.00"),
        Decimal("20800.00"),
        Decimal("15600.00"),
        Decimal("10400.00"),
    ]
