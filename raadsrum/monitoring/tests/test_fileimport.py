"""Importing the files people download from statistikbanken.dk and jobindsats.dk, and our
simple long layout: a clean file is loaded, a file with errors is refused row by row."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.tabular import ImportRejected
from raadsrum.monitoring.codes import Areas
from raadsrum.monitoring.fileimport import file_import, file_parse
from raadsrum.monitoring.models import AreaKind, Observation, StatisticsLoad
from raadsrum.monitoring.tests.store_fixtures import (
    AALBORG,
    FREDERIKSHAVN,
    REGION_NORDJYLLAND,
    recording,
    reference,
)

__all__ = ["reference"]

SEPTEMBER = dt.date(2025, 9, 1)


def test_a_statistikbanken_table_parses_texts_into_areas_and_age_groups(reference: Areas) -> None:
    parsed = file_parse(
        content=recording("statistikbanken_AUF01.csv"),
        filename="AUF01.csv",
        fmt="statbank-csv",
        measure="gross_unemployment",
    )

    got = {
        (r.area_kind, r.area_code, r.breakdown_kind, r.breakdown_value): r.value
        for r in parsed.rows
    }
    assert got == {
        (AreaKind.COUNTRY, "DK", "", ""): 88123,
        (AreaKind.REGION, REGION_NORDJYLLAND, "", ""): 8107,
        (AreaKind.MUNICIPALITY, AALBORG, "", ""): 3755,
        (AreaKind.MUNICIPALITY, FREDERIKSHAVN, "", ""): 1024,
        (AreaKind.MUNICIPALITY, FREDERIKSHAVN, "age", "16-24"): 96,
    }
    assert parsed.missing == 1  # '..'
    assert {r.period_start for r in parsed.rows} == {SEPTEMBER}


def test_a_statistikbanken_table_needs_the_measure(reference: Areas) -> None:
    with pytest.raises(ValidationFailed) as caught:
        file_parse(
            content=recording("statistikbanken_AUF01.csv"), filename="AUF01.csv", fmt="statbank-csv"
        )

    assert "--measure" in caught.value.message


def test_a_column_with_several_values_that_is_not_a_breakdown_is_refused(reference: Areas) -> None:
    content = (
        recording("statistikbanken_AUF01.csv")
        .decode("utf-8-sig")
        .replace("Aalborg;Bruttoledige;I alt;Alder i alt", "Aalborg;Bruttoledige;Mænd;Alder i alt")
    )

    with pytest.raises(ImportRejected) as caught:
        file_parse(
            content=content.encode(),
            filename="AUF01.csv",
            fmt="statbank-csv",
            measure="gross_unemployment",
        )

    assert caught.value.errors[0].column == "køn"


def test_a_jobindsats_table_finds_its_measure_from_the_column_name(reference: Areas) -> None:
    load = file_import(
        content=recording("jobindsats_y01a02.csv"), filename="y01a02.csv", fmt="jobindsats"
    )

    assert load.rows_new == 4  # the '*' figure is not shown
    aalborg = Observation.objects.get(area_code=AALBORG, breakdown_kind="")
    assert (aalborg.measure.code, aalborg.value) == ("public_benefits_full_time", 20990.5)
    assert Observation.objects.get(breakdown_value="A-dagpenge mv.").breakdown_kind == "benefit"
    assert load.source.code == "jobindsats"


LONG = (
    "måltal;område;periode;værdi;opdeling;opdelingsværdi\n"
    "gross_unemployment;851;2025M09;3.755;;\n"
    "Bruttoledige;Frederikshavn;2025M09;1024;;\n"
    "gross_unemployment_rate;Hele landet;2025K3;2,9;;\n"
    "gross_unemployment;851;2025M09;401;alder;16-24\n"
)


def test_the_long_layout_is_loaded(reference: Areas) -> None:
    load = file_import(content=LONG.encode(), filename="tal.csv", fmt="long")

    assert (load.rows_read, load.rows_new) == (4, 4)
    rate = Observation.objects.get(measure__code="gross_unemployment_rate")
    assert (rate.area_code, rate.period_kind, rate.period_start, rate.value) == (
        "DK",
        "Q",
        dt.date(2025, 7, 1),
        2.9,
    )
    assert load.source.code == "file"


def test_the_long_layout_reads_xlsx_too(reference: Areas) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Måltal", "Område", "Periode", "Værdi"])
    sheet.append(["employees", "Aalborg", "2025M09", 110543])
    buffer = io.BytesIO()
    book.save(buffer)

    load = file_import(content=buffer.getvalue(), filename="tal.xlsx", fmt="long")

    assert load.rows_new == 1
    assert Observation.objects.get().value == 110543


def test_a_file_with_errors_is_refused_row_by_row_and_nothing_is_loaded(reference: Areas) -> None:
    content = (
        "måltal;område;periode;værdi\n"
        "gross_unemployment;851;2025M09;3755\n"
        "gross_unemployment;Atlantis;2025M09;12\n"
        "gross_unemployment;813;september;12\n"
        "beer_sales;813;2025M09;12\n"
        "gross_unemployment;813;2025M09;mange\n"
    )

    with pytest.raises(ImportRejected) as caught:
        file_import(content=content.encode(), filename="tal.csv", fmt="long")

    assert [(e.row, e.column) for e in caught.value.errors] == [
        (3, "område"),
        (4, "periode"),
        (5, "måltal"),
        (6, "værdi"),
    ]
    assert "Atlantis" in str(caught.value.errors[0])
    assert not Observation.objects.exists()
    assert not StatisticsLoad.objects.exists()


def test_a_file_without_the_needed_columns_is_refused(reference: Areas) -> None:
    with pytest.raises(ImportRejected) as caught:
        file_parse(content=b"omraade;periode;vaerdi\n851;2025M09;1\n", filename="x.csv", fmt="long")

    assert {e.column for e in caught.value.errors} == {"måltal", "område", "værdi"}
