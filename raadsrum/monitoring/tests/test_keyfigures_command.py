import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from raadsrum.cli import main
from raadsrum.monitoring.tests.keyfigures_data import Store, make_store


@pytest.fixture
def store(db: None) -> Store:
    return make_store()


@pytest.mark.parametrize(("fmt", "start"), [("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")])
def test_the_note_is_written_as_pdf_or_html(store: Store, tmp_path: Path, fmt, start) -> None:
    out = tmp_path / f"notat.{fmt}"
    call_command("keyfigures", "nordland", "2020-03", "--format", fmt, "-o", str(out))
    assert out.read_bytes().startswith(start)


def test_the_json_holds_the_figures(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "notat.json"
    call_command("keyfigures", "nordland", "2020-03", "--format", "json", "-o", str(out))
    data = json.loads(out.read_text())
    keys = {f["key"] for s in data["sections"] for f in s["figures"]}
    assert {"gross_unemployment.level", "employees.level", "foreign_workers.change"} <= keys


def test_an_unknown_council_is_refused_in_danish(store: Store) -> None:
    with pytest.raises(CommandError, match="Rådet 'ingen' findes ikke") as error:
        call_command("keyfigures", "ingen", "2020-03")
    assert error.value.returncode == 1


def test_a_bad_month_is_refused_in_danish(store: Store) -> None:
    with pytest.raises(CommandError, match="ÅÅÅÅ-MM") as error:
        call_command("keyfigures", "nordland", "marts")
    assert error.value.returncode == 1


def test_a_month_without_figures_is_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="ingen tal") as error:
        call_command("keyfigures", "nordland", "2010-01", "-o", str(tmp_path / "x.pdf"))
    assert error.value.returncode == 1
    assert not (tmp_path / "x.pdf").exists()


def test_exit_codes_from_the_console_script(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A command run from the command line closes the database connections when it ends;
    # here that would close the test's own transaction before the next call.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    assert main(["keyfigures", "nordland", "2020-03", "-o", str(tmp_path / "n.pdf")]) == 0
    assert main(["keyfigures", "ingen", "2020-03"]) == 1
    assert main(["keyfigures", "nordland"]) == 2
    assert main(["keyfigures", "nordland", "2020-03", "--format", "docx"]) == 2
