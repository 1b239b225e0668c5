"""`raadsrum import`: files and folders in, a summary table out, exit code 1 for bad input."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.tests.conftest import SAMPLES
from raadsrum.councils.services import reference_load
from raadsrum.meetings.models import Meeting


@pytest.fixture
def councils(db, words) -> None:
    reference_load()


@pytest.fixture
def folder(tmp_path):
    nested = tmp_path / "2020" / "juni"
    nested.mkdir(parents=True)
    shutil.copy(SAMPLES / "000_dd457604fb05ae09.txt", nested)
    shutil.copy(SAMPLES / "001_f9edf094e86b5f9e.txt", tmp_path)
    (tmp_path / "noter.xlsx").write_bytes(b"ignored: not a suffix the importer reads")
    return tmp_path


def test_a_folder_is_searched_recursively_and_summed_up_in_a_table(councils, folder, capsys):
    call_command("import", str(folder))
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header == ["fil", "råd", "dato", "punkter", "advarsler", "status"]
    assert "RAR Nordjylland  2020-06-04       22" in out
    assert "importeret" in out and "gemt uden møde" in out
    assert ImportedDocument.objects.count() == 2
    assert Meeting.objects.count() == 1


def test_a_second_run_reports_already_imported(councils, folder, capsys):
    call_command("import", str(folder))
    capsys.readouterr()
    call_command("import", str(folder))
    assert capsys.readouterr().out.count("allerede importeret") == 3  # two rows and the total


def test_a_missing_path_or_unreadable_file_exits_1_and_says_which(councils, folder, capsys):
    broken = folder / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(CommandError) as error:
        call_command("import", str(folder), str(folder / "findes-ikke.pdf"))
    assert error.value.returncode == 1
    out = capsys.readouterr().out
    assert "findes-ikke.pdf: Stien findes ikke." in out
    assert "broken.pdf: Filen er ikke en gyldig PDF" in out
    assert Meeting.objects.count() == 1  # the good files are in


def test_dry_run_json_prints_the_parsed_document_and_saves_nothing(db, words, capsys):
    call_command(
        "import", "--dry-run", "--format", "json", str(SAMPLES / "003_c357e7af07d5e8d5.txt")
    )
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["council", "body", "date", "virtual", "items", "attendance", "warnings"]
    assert (data["council"], data["date"], len(data["items"])) == (
        "RAR Østjylland",
        "2022-09-29",
        14,
    )
    assert list(data["items"][0]) == [
        "number",
        "title",
        "kinds",
        "has_presentation",
        "fields",
        "attachments",
    ]
    assert ImportedDocument.objects.count() == 0


def test_dry_run_json_of_several_files_is_a_list(db, words, folder, capsys):
    call_command("import", "--dry-run", "--format", "json", str(folder))
    data = json.loads(capsys.readouterr().out)
    assert [d["date"] for d in data] == [None, "2020-06-04"]


def test_a_dry_run_shows_what_would_happen_and_saves_nothing(councils, folder, capsys):
    call_command("import", "--dry-run", str(folder))
    out = capsys.readouterr().out
    assert "importeret (prøve)" in out and "Intet er gemt" in out
    assert (ImportedDocument.objects.count(), Meeting.objects.count()) == (0, 0)


def test_json_without_dry_run_is_a_usage_error(db):
    with pytest.raises(CommandError) as error:
        call_command("import", "--format", "json", "x.pdf")
    assert error.value.returncode == 2


def test_an_unknown_user_is_refused(councils, folder):
    with pytest.raises(CommandError, match="Brugeren nogen findes ikke"):
        call_command("import", "--as", "nogen", str(folder))
