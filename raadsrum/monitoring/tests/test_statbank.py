"""Statistics Denmark's StatBank API: the recorded answers (hand-made from the documentation,
see recordings/README.md) parse into the store, and a changed format names the field."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request

import pytest

from raadsrum.monitoring.codes import Areas
from raadsrum.monitoring.connectors import SourceUnavailable, UpstreamFormatError
from raadsrum.monitoring.connectors.statbank import (
    TABLES_BY_ID,
    StatbankClient,
    check_table,
    parse_csv,
    parse_jsonstat,
    parse_tableinfo,
)
from raadsrum.monitoring.models import AreaKind, Observation, PeriodKind
from raadsrum.monitoring.services import observations_load, source_ensure
from raadsrum.monitoring.tests.store_fixtures import (
    AALBORG,
    REGION_NORDJYLLAND,
    recording,
    reference,
)

__all__ = ["reference"]

AUF01 = TABLES_BY_ID["AUF01"]
AUF02 = TABLES_BY_ID["AUF02"]
SEPTEMBER = dt.date(2025, 9, 1)


def auf01_csv(areas: Areas, content: bytes | None = None):  # type: ignore[no-untyped-def]
    return parse_csv(
        content if content is not None else recording("statbank_data_AUF01.csv"),
        AUF01,
        areas=areas,
        published_on=dt.date(2025, 10, 29),
    )


class FakeOpener:
    """Answers like api.statbank.dk from the recordings and remembers the requests."""

    def __init__(self) -> None:
        self.requests: list[urllib.request.Request] = []

    def __call__(self, request: urllib.request.Request, timeout: float) -> bytes:
        self.requests.append(request)
        if request.full_url.endswith("/tableinfo"):
            return recording("statbank_tableinfo_AUF01.json")
        return recording("statbank_data_AUF01.csv")

    def body(self, index: int) -> dict:  # type: ignore[type-arg]
        data = self.requests[index].data
        assert isinstance(data, bytes)
        return json.loads(data)


def test_tableinfo_gives_the_variables_their_codes_and_the_publication_date() -> None:
    info = parse_tableinfo(recording("statbank_tableinfo_AUF01.json"))

    assert info.id == "AUF01"
    assert info.time_variable == "Tid"
    assert info.variables["ALDER"] == ["TOT", "16-24", "25-29"]
    assert info.updated == dt.date(2025, 10, 29)


def test_the_csv_answer_parses_into_areas_periods_and_age_groups(reference: Areas) -> None:
    parsed = auf01_csv(reference)

    by_key = {(r.area_kind, r.area_code, r.period_start, r.breakdown_value): r for r in parsed.rows}
    country = by_key[(AreaKind.COUNTRY, "DK", SEPTEMBER, "")]
    assert (country.measure, country.value, country.period_kind) == (
        "gross_unemployment",
        88123,
        PeriodKind.MONTH,
    )
    assert by_key[(AreaKind.REGION, REGION_NORDJYLLAND, SEPTEMBER, "")].value == 8107
    young = by_key[(AreaKind.MUNICIPALITY, AALBORG, dt.date(2025, 8, 1), "16-24")]
    assert (young.breakdown_kind, young.value) == ("age", 401)
    assert country.published_on == dt.date(2025, 10, 29)


def test_a_figure_statbank_does_not_show_is_left_out_and_counted(reference: Areas) -> None:
    parsed = auf01_csv(reference)

    assert parsed.missing == 1
    assert len(parsed.rows) == 11


def test_the_parsed_csv_loads_into_the_store(reference: Areas) -> None:
    parsed = auf01_csv(reference)

    load = observations_load(
        source=source_ensure(code="statbank"), rows=parsed.rows, description="AUF01"
    )

    assert load.rows_new == 11
    assert (
        Observation.objects.get(area_code=AALBORG, period_start=SEPTEMBER, breakdown_kind="").value
        == 3755
    )


def test_the_jsonstat_answer_parses_into_rates(reference: Areas) -> None:
    parsed = parse_jsonstat(recording("statbank_data_AUF02.jsonstat.json"), AUF02, areas=reference)

    values = {(r.area_code, r.period_start.month, r.breakdown_value): r.value for r in parsed.rows}
    assert values[("DK", 9, "")] == 3.0
    assert values[(REGION_NORDJYLLAND, 8, "16-24")] == 4.4
    assert (AALBORG, 9, "16-24") not in values  # null in the answer
    assert parsed.missing == 1
    assert {r.measure for r in parsed.rows} == {"gross_unemployment_rate"}
    assert parsed.rows[0].published_on == dt.date(2025, 10, 29)


def test_the_jsonstat_1_bundle_is_read_too(reference: Areas) -> None:
    v2 = json.loads(recording("statbank_data_AUF02.jsonstat.json"))
    bundle = {"dataset": {**{k: v for k, v in v2.items() if k not in ("id", "size", "class")}}}
    bundle["dataset"]["dimension"] = {**v2["dimension"], "id": v2["id"], "size": v2["size"]}

    parsed = parse_jsonstat(bundle, AUF02, areas=reference)

    assert len(parsed.rows) == 11


# --- a changed format names the field ----------------------------------------------------------


def format_error(call) -> UpstreamFormatError:  # type: ignore[no-untyped-def]
    with pytest.raises(UpstreamFormatError) as caught:
        call()
    return caught.value


def test_a_missing_column_is_named(reference: Areas) -> None:
    without_age = "\n".join(
        ";".join(cells[:3] + cells[4:])
        for cells in (
            line.split(";") for line in recording("statbank_data_AUF01.csv").decode().splitlines()
        )
    )

    error = format_error(lambda: auf01_csv(reference, without_age.encode()))

    assert error.field == "ALDER"
    assert "ALDER" in error.message and "Danmarks Statistik" in error.message


def test_an_unknown_period_format_is_named(reference: Areas) -> None:
    content = recording("statbank_data_AUF01.csv").replace(b"2025M09", b"2025U39")

    error = format_error(lambda: auf01_csv(reference, content))

    assert error.field == "Tid"
    assert "2025U39" in error.message


def test_a_value_that_is_not_a_number_is_named(reference: Areas) -> None:
    content = recording("statbank_data_AUF01.csv").replace(b"3755", b"37x5")

    error = format_error(lambda: auf01_csv(reference, content))

    assert error.field == "INDHOLD"
    assert "37x5" in error.message


def test_an_unknown_area_code_in_the_answer_is_named(reference: Areas) -> None:
    content = recording("statbank_data_AUF01.csv").replace(b"\n813;", b"\n999;")

    error = format_error(lambda: auf01_csv(reference, content))

    assert error.field == "OMRÅDE"
    assert "999" in error.message


def test_a_missing_jsonstat_dimension_is_named(reference: Areas) -> None:
    data = json.loads(recording("statbank_data_AUF02.jsonstat.json"))
    data["id"][0] = "KOMMUNE"
    data["dimension"]["KOMMUNE"] = data["dimension"].pop("OMRÅDE")

    error = format_error(lambda: parse_jsonstat(data, AUF02, areas=reference))

    assert error.field == "OMRÅDE"


def test_a_table_that_lost_a_variable_is_named_before_any_data_is_asked_for() -> None:
    info = json.loads(recording("statbank_tableinfo_AUF01.json"))
    info["variables"] = [v for v in info["variables"] if v["id"] != "YDELSESTYPE"]

    error = format_error(lambda: check_table(AUF01, parse_tableinfo(info)))

    assert error.field == "YDELSESTYPE"


def test_tableinfo_without_variables_is_named() -> None:
    error = format_error(lambda: parse_tableinfo(b'{"id": "AUF01"}'))

    assert error.field == "variables"


# --- the requests --------------------------------------------------------------------------------


def test_the_client_asks_tableinfo_then_data_for_our_areas_from_the_start_period(
    reference: Areas,
) -> None:
    opener = FakeOpener()
    client = StatbankClient(base_url="https://api.statbank.dk/v1", opener=opener, timeout=5)

    parsed = client.fetch_table(AUF01, areas=reference, since="2019M01")

    assert [r.full_url for r in opener.requests] == [
        "https://api.statbank.dk/v1/tableinfo",
        "https://api.statbank.dk/v1/data",
    ]
    assert all(r.get_method() == "POST" for r in opener.requests)
    assert opener.body(0) == {"table": "AUF01", "format": "JSON", "lang": "da"}
    body = opener.body(1)
    assert (body["table"], body["format"], body["valuePresentation"]) == ("AUF01", "CSV", "Code")
    variables = {v["code"]: v["values"] for v in body["variables"]}
    assert variables["OMRÅDE"] == ["000", "081", "851", "813"]  # not 999 (unknown to us)
    assert variables["Tid"] == ["2025M08", "2025M09"]  # not 2018M12
    assert variables["YDELSESTYPE"] == ["TOT"]
    assert variables["ALDER"] == ["*"]
    assert parsed.rows[0].published_on == dt.date(2025, 10, 29)  # from tableinfo


def test_no_connection_is_reported_plainly(reference: Areas) -> None:
    def offline(request: urllib.request.Request, timeout: float) -> bytes:
        raise urllib.error.URLError(OSError("Name or service not known"))

    client = StatbankClient(base_url="https://api.statbank.dk/v1", opener=offline, timeout=5)

    with pytest.raises(SourceUnavailable) as caught:
        client.fetch_table(AUF01, areas=reference, since="2019M01")

    assert caught.value.message == (
        "Ingen forbindelse til Danmarks Statistik (api.statbank.dk): intet er ændret."
    )
