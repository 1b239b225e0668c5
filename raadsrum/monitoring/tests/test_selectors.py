import datetime as dt

import pytest

from raadsrum.monitoring import selectors
from raadsrum.monitoring.models import AreaKind, Observation, PeriodKind
from raadsrum.monitoring.tests.keyfigures_data import (
    AALBORG,
    BROENDERSLEV,
    FREDERIKSHAVN,
    HJOERRING,
    KOEBENHAVN,
    SWITCH,
    Store,
    make_store,
)

MONTH = PeriodKind.MONTH
JUNE_2019 = dt.date(2019, 6, 1)


@pytest.fixture
def store(db: None) -> Store:
    return make_store()


def council_series(store: Store, code: str, **kwargs: object) -> selectors.SeriesData:
    return selectors.series(
        measure=store.measures[code],
        area=selectors.area_of_council(store.council),
        period_kind=MONTH,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_council_is_the_sum_of_the_municipalities_it_had_in_each_period(store: Store) -> None:
    data = council_series(store, "gross_unemployment")
    assert data.value_at(dt.date(2019, 3, 1)) == 11994
    assert data.value_at(dt.date(2020, 3, 1)) == 13925
    # Around the switch the third municipality changes; each month still sums to its total.
    hjoerring = Observation.objects.get(
        measure=store.measures["gross_unemployment"], area_code=HJOERRING, period_start=JUNE_2019
    )
    broenderslev_july = Observation.objects.get(
        measure=store.measures["gross_unemployment"], area_code=BROENDERSLEV, period_start=SWITCH
    )
    assert hjoerring.value > 0 and broenderslev_july.value > 0
    assert data.value_at(JUNE_2019) == 12000 + 10 * 17
    assert data.value_at(SWITCH) == 12000 + 10 * 18


def test_on_a_chosen_date_every_period_uses_that_days_mapping(store: Store) -> None:
    Observation.objects.create(
        measure=store.measures["gross_unemployment"],
        area_kind=AreaKind.MUNICIPALITY,
        area_code=BROENDERSLEV,
        period_kind=MONTH,
        period_start=JUNE_2019,
        value=500,
        source=store.source,
    )
    by_code = dict(
        Observation.objects.filter(
            measure=store.measures["gross_unemployment"], period_start=JUNE_2019
        ).values_list("area_code", "value")
    )
    as_of_2020 = council_series(store, "gross_unemployment", on=dt.date(2020, 1, 1))
    assert as_of_2020.value_at(JUNE_2019) == by_code[AALBORG] + by_code["813"] + 500
    as_it_was = council_series(store, "gross_unemployment")
    assert as_it_was.value_at(JUNE_2019) == by_code[AALBORG] + by_code["813"] + by_code[HJOERRING]


def test_a_period_missing_a_municipality_has_no_council_value(store: Store) -> None:
    Observation.objects.filter(
        measure=store.measures["gross_unemployment"], area_code=AALBORG, period_start=JUNE_2019
    ).delete()
    data = council_series(store, "gross_unemployment")
    assert data.value_at(JUNE_2019) is None
    assert data.value_at(SWITCH) is not None


def test_a_rate_is_never_summed_but_computed_from_persons_and_labour_force(store: Store) -> None:
    data = council_series(store, "gross_unemployment_rate")
    rate = data.value_at(dt.date(2020, 2, 1))
    assert rate == pytest.approx(13330 / (290000 + 100 * 25) * 100)
    summed_rates = sum(
        Observation.objects.filter(
            measure=store.measures["gross_unemployment_rate"],
            area_kind=AreaKind.MUNICIPALITY,
            area_code__in=[AALBORG, "813", BROENDERSLEV],
            period_start=dt.date(2020, 2, 1),
        ).values_list("value", flat=True)
    )
    assert rate != pytest.approx(summed_rates)


def test_a_rate_without_its_parts_has_no_council_value(db: None) -> None:
    store = make_store(skip=("labour_force",))
    assert council_series(store, "gross_unemployment_rate").points == []


def test_the_country_is_the_sum_of_all_municipalities_unless_stored(store: Store) -> None:
    country = selectors.area_country()
    measure = store.measures["gross_unemployment"]
    summed = selectors.series(measure=measure, area=country, period_kind=MONTH)
    assert summed.value_at(dt.date(2020, 3, 1)) == 13925 + 30000 + 26
    Observation.objects.create(
        measure=measure,
        area_kind=AreaKind.COUNTRY,
        area_code="DK",
        period_kind=MONTH,
        period_start=dt.date(2020, 3, 1),
        value=123456,
        source=store.source,
    )
    stored = selectors.series(measure=measure, area=country, period_kind=MONTH)
    assert stored.value_at(dt.date(2020, 3, 1)) == 123456


def test_a_stored_country_rate_is_used_as_it_stands(store: Store) -> None:
    measure = store.measures["gross_unemployment_rate"]
    Observation.objects.create(
        measure=measure,
        area_kind=AreaKind.COUNTRY,
        area_code="DK",
        period_kind=MONTH,
        period_start=dt.date(2020, 3, 1),
        value=3.9,
        source=store.source,
    )
    data = selectors.series(measure=measure, area=selectors.area_country(), period_kind=MONTH)
    assert data.points == [selectors.Point(dt.date(2020, 3, 1), 3.9)]


def test_a_council_series_is_one_aggregate_query(store: Store, django_assert_num_queries) -> None:
    area = selectors.area_of_council(store.council)
    measure = store.measures["gross_unemployment"]
    with django_assert_num_queries(2):  # the council's areas, then one GROUP BY
        selectors.series(measure=measure, area=area, period_kind=MONTH)


def test_latest_period_stops_at_the_month_asked_for(store: Store) -> None:
    latest = selectors.latest_period(
        measure=store.measures["gross_unemployment"],
        area=selectors.area_of_council(store.council),
        period_kind=MONTH,
        until=dt.date(2020, 3, 1),
    )
    assert latest == dt.date(2020, 3, 1)


def test_a_march_note_knows_the_quarter_and_half_year_that_ended_before_it() -> None:
    march = dt.date(2020, 3, 1)
    assert selectors.last_period_known_in(PeriodKind.MONTH, march) == march
    assert selectors.last_period_known_in(PeriodKind.QUARTER, march) == dt.date(2019, 10, 1)
    assert selectors.last_period_known_in(PeriodKind.HALF_YEAR, march) == dt.date(2019, 7, 1)
    assert selectors.last_period_known_in(PeriodKind.QUARTER, dt.date(2020, 4, 1)) == dt.date(
        2020, 1, 1
    )


def test_change_over_the_year_in_persons_and_per_cent(store: Store) -> None:
    change = selectors.year_change(council_series(store, "gross_unemployment"), dt.date(2020, 3, 1))
    assert change is not None
    assert change.difference == 1931
    assert change.percent == pytest.approx(16.0997, abs=1e-3)


def test_municipalities_are_ranked_highest_first_with_the_year_before(store: Store) -> None:
    ranked = selectors.municipalities_ranked(
        measure=store.measures["gross_unemployment"],
        council=store.council,
        period_kind=MONTH,
        period_start=dt.date(2020, 3, 1),
        with_year_before=True,
    )
    assert [m.code for m in ranked] == [AALBORG, "813", BROENDERSLEV]
    assert KOEBENHAVN not in {m.code for m in ranked}
    assert ranked[0].value == round(13925 * 0.5) and ranked[0].before == 11994 * 0.5


def test_a_council_created_later_has_its_areas_history_and_an_ended_one_its_later_figures(
    store: Store,
) -> None:
    from raadsrum.councils.models import Council, CouncilArea, Municipality

    start = dt.date(2020, 1, 1)
    successor = Council.objects.create(
        slug="nordland-ny",
        name="Beskæftigelsesråd Nordland",
        name_genitive="Beskæftigelsesråd Nordlands",
        kind=Council.Kind.EMPLOYMENT_COUNCIL,
        valid_from=start,
    )
    ended = Council.objects.create(
        slug="nordland-gl",
        name="RAR Gamle Nordland",
        name_genitive="RAR Gamle Nordlands",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
        valid_to=dt.date(2018, 12, 31),
    )
    for code in (AALBORG, FREDERIKSHAVN):
        municipality = Municipality.objects.get(code=code)
        CouncilArea.objects.create(council=successor, municipality=municipality, valid_from=start)
        CouncilArea.objects.create(
            council=ended,
            municipality=municipality,
            valid_from=dt.date(2015, 1, 1),
            valid_to=dt.date(2018, 12, 31),
        )
    measure = store.measures["gross_unemployment"]

    def value(council: Council, day: dt.date) -> float | None:
        series = selectors.series(
            measure=measure, area=selectors.area_of_council(council), period_kind=MONTH
        )
        return series.value_at(day)

    def municipalities_sum(day: dt.date) -> float:
        return sum(
            Observation.objects.get(measure=measure, area_code=code, period_start=day).value
            for code in (AALBORG, FREDERIKSHAVN)
        )

    before_the_successor = dt.date(2019, 3, 1)
    after_the_end = dt.date(2020, 3, 1)
    assert value(successor, before_the_successor) == municipalities_sum(before_the_successor)
    assert value(ended, after_the_end) == municipalities_sum(after_the_end)
