"""`raadsrum positivelist export COUNCIL --format …` writes the council's current list."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from raadsrum.cli import main
from raadsrum.positivelist.list_services import CourseRow, list_version_create
from raadsrum.positivelist.tests.conftest import PLCast
from raadsrum.positivelist.tests.list_cast import AUTUMN, spring_list


@pytest.fixture
def two_versions(pl: PLCast) -> None:
    spring_list(pl.council, pl.sara)
    list_version_create(
        council=pl.council,
        valid_from=AUTUMN,
        by=None,
        courses=[CourseRow(title="Hygiejne i køkkenet", provider="AMU Nordjylland")],
    )


def test_csv_goes_to_standard_output(
    pl: PLCast, two_versions: None, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    code = main(["positivelist", "export", "testland", "--format", "csv"])

    rows = list(
        csv.reader(io.StringIO(capsysbinary.readouterr().out.decode("utf-8-sig")), delimiter=";")
    )
    assert code == 0
    assert rows[0][:2] == ["kursusnummer", "titel"]
    assert [r[1] for r in rows[1:]] == ["Hygiejne i køkkenet"]


def test_an_older_version_can_be_written_to_a_file(
    pl: PLCast, two_versions: None, tmp_path: Path
) -> None:
    target = tmp_path / "liste.json"

    code = main(
        [
            "positivelist",
            "export",
            "testland",
            "--format",
            "json",
            "--version",
            "1",
            "-o",
            str(target),
        ]
    )

    document = json.loads(target.read_text(encoding="utf-8"))
    assert code == 0
    assert document["version"] == 1
    assert len(document["courses"]) == 3


def test_xlsx_is_written_to_the_named_file(pl: PLCast, two_versions: None, tmp_path: Path) -> None:
    target = tmp_path / "liste.xlsx"

    code = main(["positivelist", "export", "testland", "--format", "xlsx", "-o", str(target)])

    sheet = load_workbook(target).active
    assert code == 0
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Hygiejne i køkkenet"
    ]  # type: ignore[union-attr]


def test_an_unknown_council_is_an_error(pl: PLCast, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["positivelist", "export", "findes-ikke", "--format", "csv"])

    captured = capsys.readouterr()
    assert code == 1
    assert "Rådet 'findes-ikke' findes ikke." in captured.err
    assert captured.out == ""


def test_a_council_without_a_list_is_an_error(
    pl: PLCast, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["positivelist", "export", "testland"])

    assert code == 1
    assert "RAR Testland har ingen positivliste i kraft." in capsys.readouterr().err
