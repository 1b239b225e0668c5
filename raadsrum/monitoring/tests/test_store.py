"""The statistics store keeps every revision: a figure loaded again unchanged is not stored
twice, a changed figure becomes a new revision and the old one stays as history."""

from __future__ import annotations

import datetime as dt

import pytest

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.monitoring.codes import Areas
from raadsrum.monitoring.measures import COUNTRY_CODE, MEASURES
from raadsrum.monitoring.models import AreaKind, Measure, Observation, PeriodKind, StatisticsLoad
from raadsrum.monitoring.services import (
    ObservationRow,
    Progress,
    measure_ensure,
    measures_ensure,
    observations_load,
    source_ensure,
)
from raadsrum.monitoring.tests.store_fixtures import AALBORG, FREDERIKSHAVN, reference

__all__ = ["reference"]

SEPTEMBER = dt.date(2025, 9, 1)
OCTOBER = dt.date(2025, 10, 1)


def unemployed(
    code: str,
    value: float,
    month: dt.date = SEPTEMBER,
    *,
    breakdown_kind: str = "",
    breakdown_value: str = "",
    published_on: dt.date | None = None,
) -> ObservationRow:
    return ObservationRow(
        "gross_unemployment",
        AreaKind.MUNICIPALITY,
        code,
        PeriodKind.MONTH,
        month,
        value,
        breakdown_kind=breakdown_kind,
        breakdown_value=breakdown_value,
        published_on=published_on,
    )


def load(
    rows: list[ObservationRow], *, batch_size: int = 20_000, progress: Progress | None = None
) -> StatisticsLoad:
    return observations_load(
        source=source_ensure(code="statbank"),
        rows=rows,
        description="test",
        batch_size=batch_size,
        progress=progress,
    )


def current(code: str, month: dt.date = SEPTEMBER) -> Observation:
    return Observation.objects.get(
        measure__code="gross_unemployment", area_code=code, period_start=month, is_current=True
    )


def test_new_figures_are_stored_as_revision_zero(reference: Areas) -> None:
    result = load([unemployed(AALBORG, 3755), unemployed(FREDERIKSHAVN, 1024)])

    assert (result.rows_read, result.rows_new, result.rows_revised, result.rows_unchanged) == (
        2,
        2,
        0,
        0,
    )
    aalborg = current(AALBORG)
    assert (aalborg.value, aalborg.revision, aalborg.load_id) == (3755, 0, result.pk)
    assert result.finished_at is not None


def test_the_same_figure_loaded_again_is_unchanged_and_not_stored_twice(
    reference: Areas,
) -> None:
    load([unemployed(AALBORG, 3755)])

    again = load([unemployed(AALBORG, 3755.0)])

    assert (again.rows_new, again.rows_revised, again.rows_unchanged) == (0, 0, 1)
    assert Observation.objects.filter(area_code=AALBORG).count() == 1


def test_a_changed_figure_becomes_a_new_revision_and_the_old_one_stays_as_history(
    reference: Areas,
) -> None:
    first = load([unemployed(AALBORG, 3755, published_on=dt.date(2025, 10, 29))])

    second = load([unemployed(AALBORG, 3761, published_on=dt.date(2025, 11, 26))])

    assert (second.rows_new, second.rows_revised, second.rows_unchanged) == (0, 1, 0)
    history = list(
        Observation.objects.filter(area_code=AALBORG)
        .order_by("revision")
        .values_list("value", "revision", "is_current", "load_id", "published_on")
    )
    assert history == [
        (3755, 0, False, first.pk, dt.date(2025, 10, 29)),
        (3761, 1, True, second.pk, dt.date(2025, 11, 26)),
    ]


def test_the_same_figure_from_another_source_is_credited_to_that_source(
    reference: Areas,
) -> None:
    observations_load(
        source=source_ensure(code="synthetic"), rows=[unemployed(AALBORG, 3755)], description="demo"
    )

    real = load([unemployed(AALBORG, 3755)])

    assert (real.rows_revised, real.rows_unchanged) == (1, 0)
    assert current(AALBORG).source.code == "statbank"


def test_each_revision_counts_up_from_the_current_one(reference: Areas) -> None:
    load([unemployed(AALBORG, 1)])
    load([unemployed(AALBORG, 2)])
    load([unemployed(AALBORG, 3)])

    assert current(AALBORG).revision == 2
    assert Observation.objects.filter(area_code=AALBORG, is_current=True).count() == 1


def test_one_load_counts_new_revised_and_unchanged_figures_apart(reference: Areas) -> None:
    load([unemployed(AALBORG, 3755), unemployed(FREDERIKSHAVN, 1024)])

    result = load(
        [
            unemployed(AALBORG, 3755),  # unchanged
            unemployed(FREDERIKSHAVN, 1030),  # revised
            unemployed(AALBORG, 3790, OCTOBER),  # new period
            unemployed(AALBORG, 401, breakdown_kind="age", breakdown_value="16-24"),  # new split
        ]
    )

    assert (result.rows_read, result.rows_new, result.rows_revised, result.rows_unchanged) == (
        4,
        2,
        1,
        1,
    )


def test_batches_give_the_same_counts_as_one_batch(reference: Areas) -> None:
    codes = sorted(Areas().codes[AreaKind.MUNICIPALITY])[:10]
    load([unemployed(code, 100) for code in codes[:5]])

    result = load(
        [unemployed(code, 100 if n < 3 else 200) for n, code in enumerate(codes)], batch_size=3
    )

    assert (result.rows_new, result.rows_revised, result.rows_unchanged) == (5, 2, 3)


def test_progress_is_reported_after_each_batch(reference: Areas) -> None:
    seen: list[int] = []
    codes = sorted(Areas().codes[AreaKind.MUNICIPALITY])[:5]

    load([unemployed(code, 1) for code in codes], batch_size=2, progress=seen.append)

    assert seen == [2, 4, 5]


def test_country_region_and_council_areas_are_stored_by_their_codes(reference: Areas) -> None:
    rows = [
        ObservationRow("gross_unemployment", AreaKind.COUNTRY, COUNTRY_CODE, "M", SEPTEMBER, 88123),
        ObservationRow("gross_unemployment", AreaKind.REGION, "1081", "M", SEPTEMBER, 8107),
        ObservationRow("gross_unemployment", AreaKind.COUNCIL, "nordjylland", "Q", OCTOBER, 1),
    ]

    assert load(rows).rows_new == 3


def test_the_load_is_recorded_in_the_audit_trail(reference: Areas) -> None:
    result = load([unemployed(AALBORG, 3755)])

    entry = AuditEntry.objects.get(action="statistics.load")
    assert entry.target_id == str(result.pk)
    assert entry.details["new"] == 1


# --- validation: a bad row stops the load, names the row, and nothing is written --------------


def refused(rows: list[ObservationRow]) -> str:
    with pytest.raises(ValidationFailed) as caught:
        load(rows)
    return caught.value.message


def test_an_unknown_measure_is_refused_naming_the_row(reference: Areas) -> None:
    rows = [
        unemployed(AALBORG, 1),
        ObservationRow("beer_sales", "municipality", AALBORG, "M", SEPTEMBER, 1),
    ]

    message = refused(rows)

    assert "Række 2" in message and "beer_sales" in message
    assert not Observation.objects.exists()
    assert not StatisticsLoad.objects.exists()


def test_an_unknown_municipality_code_is_refused_naming_the_row(reference: Areas) -> None:
    message = refused(
        [unemployed(AALBORG, 1), unemployed(AALBORG, 2, OCTOBER), unemployed("999", 3)]
    )

    assert "Række 3" in message and "999" in message
    assert not Observation.objects.exists()


def test_a_period_that_does_not_start_on_its_first_day_is_refused(reference: Areas) -> None:
    mid_month = unemployed(AALBORG, 1, dt.date(2025, 9, 15))
    quarter_in_may = ObservationRow(
        "gross_unemployment", "municipality", AALBORG, PeriodKind.QUARTER, dt.date(2025, 5, 1), 1
    )

    assert "2025-09-15" in refused([mid_month])
    assert "2025-05-01" in refused([quarter_in_may])


@pytest.mark.parametrize("value", ["12", float("nan"), float("inf"), None, True])
def test_a_value_that_is_not_a_number_is_refused(reference: Areas, value: object) -> None:
    message = refused([unemployed(AALBORG, value)])  # type: ignore[arg-type]

    assert "Række 1 (value)" in message


def test_a_breakdown_value_needs_a_known_breakdown_kind(reference: Areas) -> None:
    assert "breakdown_kind" in refused([unemployed(AALBORG, 1, breakdown_value="16-24")])
    assert "hair_colour" in refused(
        [unemployed(AALBORG, 1, breakdown_kind="hair_colour", breakdown_value="red")]
    )


@pytest.mark.parametrize("batch_size", [10, 1])
def test_the_same_figure_twice_in_one_load_is_refused(reference: Areas, batch_size: int) -> None:
    with pytest.raises(ValidationFailed):
        load([unemployed(AALBORG, 1), unemployed(AALBORG, 2)], batch_size=batch_size)

    assert not Observation.objects.exists()


def test_the_same_figure_twice_is_refused_when_the_store_already_holds_it(
    reference: Areas,
) -> None:
    load([unemployed(AALBORG, 1)])

    with pytest.raises(ValidationFailed) as caught:
        load([unemployed(AALBORG, 2), unemployed(AALBORG, 3)], batch_size=1)

    assert "Række 2" in caught.value.message
    assert current(AALBORG).value == 1


# --- measures and sources ------------------------------------------------------------------------


def test_every_standard_measure_is_created_from_the_one_table(db: None) -> None:
    measures = measures_ensure()

    assert set(measures) == {spec.code for spec in MEASURES}
    rate = measures["gross_unemployment_rate"]
    assert (rate.unit, rate.aggregation) == (Measure.Unit.PERCENT, Measure.Aggregation.NONE)
    assert measures["gross_unemployment"].name == "Bruttoledige"


def test_a_measure_outside_the_table_is_unknown(db: None) -> None:
    with pytest.raises(ValidationFailed):
        measure_ensure(code="beer_sales")


def test_the_synthetic_source_is_marked_synthetic(db: None) -> None:
    assert source_ensure(code="synthetic").is_synthetic
    assert not source_ensure(code="statbank").is_synthetic
