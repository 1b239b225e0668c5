"""Jobindsats' API: the key goes in the Authorization header, and the recorded answers
(hand-made from the documented shape, see recordings/README.md) parse into the store."""

from __future__ import annotations

import datetime as dt
import json
import urllib.request

import pytest

from raadsrum.core.errors import ValidationFailed
from raadsrum.monitoring.codes import Areas
from raadsrum.monitoring.connectors import UpstreamFormatError
from raadsrum.monitoring.connectors.jobindsats import (
    DATASETS_BY_ID,
    JobindsatsClient,
    parse_data,
    parse_periods,
)
from raadsrum.monitoring.models import AreaKind, Observation, PeriodKind
from raadsrum.monitoring.services import observations_load, source_ensure
from raadsrum.monitoring.tests.store_fixtures import AALBORG, FREDERIKSHAVN, recording, reference

__all__ = ["reference"]

BENCHMARK = DATASETS_BY_ID["y30r21"]
Q2_2025 = dt.date(2025, 4, 1)


class FakeOpener:
    def __init__(self) -> None:
        self.requests: list[urllib.request.Request] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> bytes:
        self.requests.append(request)
        if "/tables/" in request.full_url:
            return recording("jobindsats_tables_y30r21.json")
        return recording("jobindsats_data_y30r21.json")


def benchmark(areas: Areas, content: object = None):  # type: ignore[no-untyped-def]
    return parse_data(
        content if content is not None else recording("jobindsats_data_y30r21.json"),
        BENCHMARK,
        areas=areas,
    )


def values(parsed) -> dict[tuple[str, str, dt.date, str], float]:  # type: ignore[no-untyped-def]
    return {
        (r.measure, r.area_code, r.period_start, r.breakdown_value): r.value for r in parsed.rows
    }


def test_the_benchmark_answer_parses_into_expected_and_actual_figures(reference: Areas) -> None:
    parsed = benchmark(reference)

    got = values(parsed)
    assert got[("public_benefits_expected_share", AALBORG, Q2_2025, "")] == 15.2
    assert got[("public_benefits_share", AALBORG, Q2_2025, "")] == 15.1
    assert got[("public_benefits_full_time", AALBORG, Q2_2025, "A-dagpenge mv.")] == 2950
    assert got[("public_benefits_expected_full_time", "DK", Q2_2025, "")] == 612345


def test_danish_number_strings_are_read(reference: Areas) -> None:
    got = values(benchmark(reference))

    assert got[("public_benefits_full_time", FREDERIKSHAVN, Q2_2025, "")] == 6801.5
    assert got[("public_benefits_share", FREDERIKSHAVN, Q2_2025, "")] == 18.6


def test_a_rolling_year_is_stored_at_its_last_quarter(reference: Areas) -> None:
    parsed = benchmark(reference)

    assert {(r.period_kind, r.period_start) for r in parsed.rows} == {
        (PeriodKind.QUARTER, dt.date(2025, 1, 1)),
        (PeriodKind.QUARTER, Q2_2025),
    }


def test_areas_we_do_not_keep_are_skipped_and_named(reference: Areas) -> None:
    parsed = benchmark(reference)

    assert parsed.skipped_areas == {"Klynge 3"}
    assert {r.area_kind for r in parsed.rows} == {AreaKind.COUNTRY, AreaKind.MUNICIPALITY}


def test_figures_not_shown_are_left_out_and_counted(reference: Areas) -> None:
    parsed = benchmark(reference)

    assert parsed.missing == 2
    assert len(parsed.rows) == 6 * 4 - 2


def test_the_parsed_answer_loads_into_the_store(reference: Areas) -> None:
    load = observations_load(
        source=source_ensure(code="jobindsats"),
        rows=benchmark(reference).rows,
        description="y30r21",
    )

    assert load.rows_new == 22
    assert Observation.objects.filter(measure__code="public_benefits_share").count() == 6


# --- a changed format names the field ----------------------------------------------------------


def changed(change) -> list:  # type: ignore[no-untyped-def, type-arg]
    data = json.loads(recording("jobindsats_data_y30r21.json"))
    change(data[0])
    return data


def test_a_missing_measure_column_is_named(reference: Areas) -> None:
    def drop_actual(table: dict) -> None:  # type: ignore[type-arg]
        table["Variables"][4]["Label"] = "Faktisk antal personer"

    with pytest.raises(UpstreamFormatError) as caught:
        benchmark(reference, changed(drop_actual))

    assert caught.value.field == "Faktisk antal"
    assert "Jobindsats" in caught.value.message


def test_a_value_that_is_not_a_number_is_named(reference: Areas) -> None:
    def garble(table: dict) -> None:  # type: ignore[type-arg]
        table["Data"][1][5] = "femten"

    with pytest.raises(UpstreamFormatError) as caught:
        benchmark(reference, changed(garble))

    assert caught.value.field == "Forventet andel (pct.)"
    assert "femten" in caught.value.message


def test_an_unknown_period_is_named(reference: Areas) -> None:
    def weekly(table: dict) -> None:  # type: ignore[type-arg]
        table["Data"][0][1] = "2025W27"

    with pytest.raises(UpstreamFormatError) as caught:
        benchmark(reference, changed(weekly))

    assert caught.value.field == "Periode"


def test_an_answer_without_data_is_named() -> None:
    with pytest.raises(UpstreamFormatError) as caught:
        parse_periods(b'[{"TableID": "y30r21"}]')

    assert caught.value.field == "Period"


# --- the requests --------------------------------------------------------------------------------


def test_the_key_is_sent_in_the_authorization_header(reference: Areas) -> None:
    opener = FakeOpener()
    client = JobindsatsClient(
        base_url="https://api.jobindsats.dk/v2", token="hemmelig-noegle", opener=opener, timeout=5
    )

    client.fetch_dataset(BENCHMARK, areas=reference, since=dt.date(2025, 1, 1))

    assert [r.full_url for r in opener.requests] == [
        "https://api.jobindsats.dk/v2/tables/y30r21/json",
        "https://api.jobindsats.dk/v2/data/y30r21/json",
    ]
    assert all(r.get_header("Authorization") == "hemmelig-noegle" for r in opener.requests)


def test_the_data_request_asks_for_every_area_and_the_periods_from_the_start(
    reference: Areas,
) -> None:
    opener = FakeOpener()
    client = JobindsatsClient(base_url="https://x/v2", token="k", opener=opener, timeout=5)

    client.fetch_dataset(BENCHMARK, areas=reference, since=dt.date(2025, 1, 1))

    data = opener.requests[1].data
    assert isinstance(data, bytes)
    assert json.loads(data) == {
        "area": "*",
        "period": ["2025QMAT01", "2025QMAT02"],
        "_ygrp_y30r21": ["*"],
    }
    assert opener.requests[1].get_method() == "POST"


def test_without_a_key_nothing_is_asked(reference: Areas) -> None:
    opener = FakeOpener()
    client = JobindsatsClient(base_url="https://x/v2", token="", opener=opener, timeout=5)

    with pytest.raises(ValidationFailed) as caught:
        client.fetch_dataset(BENCHMARK, areas=reference, since=dt.date(2025, 1, 1))

    assert "JOBINDSATS_TOKEN" in caught.value.message
    assert opener.requests == []
