"""Job-centre insight: the result target, the two focus targets (strictly under the rule's
threshold) and enhanced supervision only when both the result target and a focus target
fail; each report names the dated rule it applied."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from raadsrum.core.errors import ValidationFailed
from raadsrum.councils import services as council_services
from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_municipalities
from raadsrum.monitoring.insight import (
    InsightRow,
    focus_rule_on,
    insight_judge,
    insight_periods,
    municipality_insight,
    rule_validity,
)
from raadsrum.monitoring.models import FocusTargetRule, Source
from raadsrum.monitoring.services import ObservationRow, observations_load, source_ensure

pytestmark = pytest.mark.django_db

H1_2020 = dt.date(2020, 1, 1)


def rule_2020() -> FocusTargetRule:
    return focus_rule_on(dt.date(2020, 6, 30))


def judge(
    actual: float = 15.0,
    expected: float = 16.0,
    no_offer: float = 10.0,
    few_interviews: float = 10.0,
    rule: FocusTargetRule | None = None,
) -> InsightRow:
    return insight_judge(
        code="851",
        name="Aalborg",
        actual=actual,
        expected=expected,
        no_offer=no_offer,
        few_interviews=few_interviews,
        rule=rule or rule_2020(),
    )


def test_the_2020_rule_is_seeded_with_20_percent_for_both_targets() -> None:
    rule = rule_2020()
    assert rule.name == "Fokusmål 2020"
    assert rule.no_offer_max_share == rule.few_interviews_max_share == Decimal("20.00")
    assert rule_validity(rule) == "gældende fra 1. januar 2020"


def test_no_rule_before_2020_is_an_error() -> None:
    with pytest.raises(ValidationFailed, match="ingen regel for fokusmål"):
        focus_rule_on(dt.date(2019, 12, 31))


def test_below_the_expected_share_meets_the_result_target() -> None:
    assert judge(actual=15.0, expected=16.0).meets_result_target is True


def test_above_the_expected_share_misses_the_result_target() -> None:
    row = judge(actual=16.1, expected=16.0)
    assert row.meets_result_target is False
    assert row.worse_than_expected is True


def test_exactly_as_expected_neither_meets_nor_is_worse() -> None:
    row = judge(actual=16.0, expected=16.0)
    assert row.meets_result_target is False
    assert row.worse_than_expected is False


@pytest.mark.parametrize(("share", "meets"), [(19.9, True), (20.0, False), (20.1, False)])
def test_the_no_offer_target_must_be_strictly_under_20_percent(share: float, meets: bool) -> None:
    assert judge(no_offer=share).meets_no_offer_target is meets


@pytest.mark.parametrize(("share", "meets"), [(19.9, True), (20.0, False), (20.1, False)])
def test_the_interview_target_must_be_strictly_under_20_percent(share: float, meets: bool) -> None:
    assert judge(few_interviews=share).meets_few_interviews_target is meets


def test_worse_than_expected_and_a_missed_focus_target_is_at_risk() -> None:
    assert judge(actual=17, expected=16, no_offer=20.0).at_risk_of_enhanced_supervision


def test_worse_than_expected_missing_the_interview_target_is_at_risk() -> None:
    assert judge(actual=17, expected=16, few_interviews=25).at_risk_of_enhanced_supervision


def test_worse_than_expected_but_meeting_both_focus_targets_is_not_at_risk() -> None:
    row = judge(actual=17, expected=16, no_offer=19.9, few_interviews=19.9)
    assert not row.at_risk_of_enhanced_supervision


def test_missing_focus_targets_but_better_than_expected_is_not_at_risk() -> None:
    row = judge(actual=15, expected=16, no_offer=30, few_interviews=30)
    assert not row.at_risk_of_enhanced_supervision


def test_exactly_as_expected_with_a_missed_focus_target_is_not_at_risk() -> None:
    assert not judge(actual=16, expected=16, no_offer=30).at_risk_of_enhanced_supervision


def test_without_figures_nobody_is_flagged() -> None:
    row = insight_judge(
        code="851", name="Aalborg", actual=None, expected=None, no_offer=None,
        few_interviews=None, rule=rule_2020(),
    )  # fmt: skip
    assert row.meets_result_target is None
    assert not row.at_risk_of_enhanced_supervision


def add_rule_2024(no_offer: str = "30", few_interviews: str = "25") -> FocusTargetRule:
    FocusTargetRule.objects.filter(name="Fokusmål 2020").update(valid_to=dt.date(2023, 12, 31))
    return FocusTargetRule.objects.create(
        name="Fokusmål 2024",
        valid_from=dt.date(2024, 1, 1),
        no_offer_max_share=Decimal(no_offer),
        few_interviews_max_share=Decimal(few_interviews),
    )


def test_a_later_rule_applies_from_its_own_date() -> None:
    later = add_rule_2024()
    assert focus_rule_on(dt.date(2023, 12, 31)).name == "Fokusmål 2020"
    assert focus_rule_on(dt.date(2024, 1, 1)) == later


def test_a_later_rules_thresholds_change_the_flags() -> None:
    later = add_rule_2024(no_offer="25")
    assert judge(no_offer=22, rule=rule_2020()).meets_no_offer_target is False
    assert judge(no_offer=22, rule=later).meets_no_offer_target is True
    assert rule_validity(rule_2020()) == "gældende 1. januar 2020 – 31. december 2023"


# --- the report for a council --------------------------------------------------------------


@pytest.fixture
def nordjylland(db: None) -> Council:
    council_services.reference_load()
    return Council.objects.get(slug="nordjylland")


def load_insight(
    council: Council, period: dt.date, figures: dict[str, tuple[float, ...]]
) -> Source:
    source = source_ensure(code="file")
    rows = []
    for code in council_municipalities(council=council, on=period).values_list("code", flat=True):
        actual, expected, no_offer, few = figures.get(code, (15.0, 16.0, 10.0, 10.0))
        for measure, value in (
            ("public_benefits_share", actual),
            ("public_benefits_expected_share", expected),
            ("focus_no_offer_share", no_offer),
            ("focus_few_interviews_share", few),
        ):
            rows.append(ObservationRow(measure, "municipality", code, "H", period, value))
    observations_load(source=source, rows=rows, description="test")
    return source


def test_the_council_report_flags_the_municipality_at_risk_and_names_the_rule(
    nordjylland: Council,
) -> None:
    load_insight(nordjylland, H1_2020, {"851": (17.0, 16.0, 20.0, 10.0)})
    report = municipality_insight(council=nordjylland, period=H1_2020)
    assert report.rule.name == "Fokusmål 2020"
    assert report.period_label == "1. halvår 2020"
    assert len(report.rows) == 11
    assert [row.name for row in report.at_risk] == ["Aalborg"]
    assert not report.is_synthetic


def test_a_period_under_a_later_rule_is_judged_by_it(nordjylland: Council) -> None:
    add_rule_2024(no_offer="25")
    load_insight(nordjylland, dt.date(2024, 1, 1), {"851": (17.0, 16.0, 22.0, 10.0)})
    report = municipality_insight(council=nordjylland, period=dt.date(2024, 1, 1))
    assert report.rule.name == "Fokusmål 2024"
    assert report.at_risk == []


def test_a_report_on_synthetic_figures_says_so(nordjylland: Council) -> None:
    synthetic = Source.objects.create(code="synthetic", name="Syntetisk", is_synthetic=True)
    rows = [
        ObservationRow(measure, "municipality", "851", "H", H1_2020, value)
        for measure, value in (
            ("public_benefits_share", 17.0),
            ("public_benefits_expected_share", 16.0),
            ("focus_no_offer_share", 21.0),
            ("focus_few_interviews_share", 10.0),
        )
    ]
    observations_load(source=synthetic, rows=rows, description="test")
    report = municipality_insight(council=nordjylland, period=H1_2020)
    assert report.is_synthetic
    assert report.sources == [synthetic]
    assert [row.code for row in report.at_risk] == ["851"]


def test_periods_are_those_with_figures_in_the_councils_lifetime(nordjylland: Council) -> None:
    load_insight(nordjylland, H1_2020, {})
    assert insight_periods(council=nordjylland) == [H1_2020]
    successor = Council.objects.get(slug="beskaeftigelsesraad-nordjylland")
    assert insight_periods(council=successor) == []
