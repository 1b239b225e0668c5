"""Bulk upload of course proposals from the CSV/XLSX template: every error by row and column,
nothing saved on any error, and the courses added to the draft for review on success."""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from raadsrum.core.errors import Conflict, ValidationFailed
from raadsrum.core.tabular import ImportRejected
from raadsrum.positivelist.consultation_services import (
    UPLOAD_COLUMNS,
    ProposalInput,
    response_save,
    response_upload,
    template_csv,
    template_xlsx,
)
from raadsrum.positivelist.models import (
    ConsultationResponse,
    CourseProposal,
    JobTitle,
    Organisation,
    Round,
)
from raadsrum.positivelist.tests.consultation_support import (
    DEADLINE,
    Clock,
    Links,
    course,
    open_links,
)

HEADERS = list(UPLOAD_COLUMNS)

BAKER = ["40123", "Hygiejne for bagere", "AMU Nord", "AMU-kursus", "0,5", "dage", "nej",
         "Bager", "", "", "Hygiejnebevis"]  # fmt: skip
NURSE = ["", "Sår og sårpleje", "Erhvervsakademi Nord", "Akademimodul (ECTS)", "5", "ECTS",
         "ja", "Sygeplejerske; Tømrer", "", "", ""]  # fmt: skip


@pytest.fixture
def links(
    fixed_round: Round, organisations: dict[str, Organisation], job_titles: dict[str, JobTitle]
) -> Links:
    return open_links(fixed_round, organisations, job_titles)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, DEADLINE - dt.timedelta(days=3))


def xlsx(rows: Sequence[Sequence[Any]], headers: Sequence[str] = HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv(rows: Sequence[Sequence[str]]) -> bytes:
    """As Excel saves 'CSV (semikolonsepareret)': Windows-1252, cells with ';' quoted."""
    buffer = io.StringIO()
    writer = csv_module.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([HEADERS, *rows])
    return buffer.getvalue().encode("cp1252")


def upload(links: Links, content: bytes, filename: str, version: int = 0) -> ConsultationResponse:
    return response_upload(
        invitation=links.invitation("EUC Nord"),
        content=content,
        filename=filename,
        expected_version=version,
    )


def with_cell(row: list[str], column: str, value: Any) -> list[Any]:
    changed: list[Any] = list(row)
    changed[HEADERS.index(column)] = value
    return changed


def test_a_csv_file_adds_its_courses_to_the_draft(links: Links, clock: Clock) -> None:
    response = upload(links, csv([BAKER, NURSE]), "kurser.csv")
    assert response.status == "draft"
    baker, nurse = response.proposals.order_by("position")
    assert (baker.course_number, baker.kind, baker.duration) == ("40123", "amu", Decimal("0.5"))
    assert (nurse.kind, nurse.duration_unit, nurse.is_online) == ("academy", "ects", True)
    assert sorted(t.title for t in nurse.job_titles.all()) == ["Sygeplejerske", "Tømrer"]


def test_uploaded_courses_come_after_those_already_in_the_draft(links: Links, clock: Clock) -> None:
    draft = response_save(
        invitation=links.invitation("EUC Nord"),
        contact_name="Eva",
        proposals=[course(links.titles, title="Fra formularen")],
        expected_version=0,
        submit=False,
    )
    response = upload(links, xlsx([BAKER]), "kurser.xlsx", version=draft.version)
    titles = list(response.proposals.order_by("position").values_list("title", flat=True))
    assert titles == ["Fra formularen", "Hygiejne for bagere"]
    assert response.version == draft.version + 1 and response.status == "draft"


def test_a_file_fills_a_draft_that_holds_a_half_filled_course(links: Links, clock: Clock) -> None:
    draft = response_save(
        invitation=links.invitation("EUC Nord"),
        contact_name="",
        proposals=[ProposalInput(title="Surdej")],
        expected_version=0,
        submit=False,
    )
    response = upload(links, csv([BAKER]), "kurser.csv", version=draft.version)
    rows = response.proposals.order_by("position").values_list("title", "provider", "duration")
    assert list(rows) == [("Surdej", "", None), ("Hygiejne for bagere", "AMU Nord", Decimal("0.5"))]
    assert response.status == "draft"


def test_a_file_row_must_be_complete_although_a_draft_need_not_be(
    links: Links, clock: Clock
) -> None:
    half = with_cell(with_cell(BAKER, "Udbyder", ""), "Varighed", "")
    with pytest.raises(ImportRejected) as rejected:
        upload(links, csv([half]), "kurser.csv")
    assert {(e.row, e.column) for e in rejected.value.errors} == {(2, "Udbyder"), (2, "Varighed")}
    assert not ConsultationResponse.objects.exists()


def test_job_titles_may_be_separated_by_newlines_and_in_any_case(
    links: Links, clock: Clock
) -> None:
    row = with_cell(NURSE, "Stillingsbetegnelser", "sygeplejerske\nTØMRER")
    proposal = upload(links, xlsx([row]), "kurser.xlsx").proposals.get()
    assert proposal.job_titles.count() == 2


def test_a_malformed_xlsx_gives_row_and_column_errors_and_saves_nothing(
    links: Links, clock: Clock
) -> None:
    rows = [
        BAKER,  # row 2: fine
        with_cell(BAKER, "Kursusnummer", "4012"),  # row 3
        with_cell(BAKER, "Kursustitel", ""),  # row 4
        with_cell(BAKER, "Varighed", "en halv"),  # row 5
        with_cell(BAKER, "Stillingsbetegnelser", "Bager; Astronaut"),  # row 6
        with_cell(with_cell(NURSE, "Enhed", "dage"), "Online", "måske"),  # row 7
        with_cell(BAKER, "Type", "Webinar"),  # row 8
    ]
    with pytest.raises(ImportRejected) as rejected:
        upload(links, xlsx(rows), "kurser.xlsx")
    found = {(e.row, e.column) for e in rejected.value.errors}
    assert found == {
        (3, "Kursusnummer"),
        (4, "Kursustitel"),
        (5, "Varighed"),
        (6, "Stillingsbetegnelser"),
        (7, "Enhed"),
        (7, "Online"),
        (8, "Type"),
    }
    by_place = {(e.row, e.column): e.message for e in rejected.value.errors}
    assert "'Astronaut'" in by_place[(6, "Stillingsbetegnelser")]
    assert "'en halv'" in by_place[(5, "Varighed")]
    assert not ConsultationResponse.objects.exists()
    assert not CourseProposal.objects.exists()


def test_a_rejected_upload_leaves_the_draft_as_it_was(links: Links, clock: Clock) -> None:
    draft = upload(links, csv([BAKER]), "kurser.csv")
    with pytest.raises(ImportRejected):
        upload(links, csv([NURSE, with_cell(BAKER, "Udbyder", "")]), "kurser.csv", draft.version)
    draft.refresh_from_db()
    assert draft.proposals.count() == 1 and draft.version == 1


def test_missing_columns_are_named(links: Links, clock: Clock) -> None:
    headers = [h for h in HEADERS if h not in ("Udbyder", "Varighed")]
    with pytest.raises(ImportRejected) as rejected:
        upload(links, xlsx([], headers=headers), "kurser.xlsx")
    assert {(e.row, e.column) for e in rejected.value.errors} == {(1, "Udbyder"), (1, "Varighed")}


@pytest.mark.parametrize(
    ("content", "filename"),
    [
        (b"PK\x03\x04 not really a workbook", "kurser.xlsx"),
        (b"", "kurser.csv"),
        (b"%PDF-1.4", "kurser.pdf"),
    ],  # fmt: skip
)
def test_a_broken_file_is_refused_and_saves_nothing(
    links: Links, clock: Clock, content: bytes, filename: str
) -> None:
    with pytest.raises(ValidationFailed):
        upload(links, content, filename)
    assert not ConsultationResponse.objects.exists()


def test_the_example_row_must_be_deleted(links: Links, clock: Clock) -> None:
    with pytest.raises(ImportRejected) as rejected:
        upload(links, template_csv(links.round), "skabelon.csv")
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, "Kursustitel")]


def test_an_upload_from_an_older_page_is_a_conflict(links: Links, clock: Clock) -> None:
    upload(links, csv([BAKER]), "kurser.csv", version=0)
    with pytest.raises(Conflict):
        upload(links, csv([NURSE]), "kurser.csv", version=0)
    assert CourseProposal.objects.count() == 1


def test_an_upload_to_a_submitted_answer_keeps_it_submitted(links: Links, clock: Clock) -> None:
    submitted = response_save(
        invitation=links.invitation("EUC Nord"),
        contact_name="Eva",
        proposals=[course(links.titles)],
        expected_version=0,
        submit=True,
    )
    response = upload(links, csv([NURSE]), "kurser.csv", version=submitted.version)
    assert response.status == "submitted" and response.proposals.count() == 2


# --- The template ---------------------------------------------------------------------------


def test_the_xlsx_template_has_the_columns_an_example_and_the_rounds_job_titles(
    links: Links, clock: Clock
) -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx(links.round)))
    courses, titles = workbook["Kurser"], workbook["Stillingsbetegnelser"]
    assert [c.value for c in courses[1]] == HEADERS
    assert str(courses["B2"].value).startswith("EKSEMPEL")
    listed = [row[0] for row in titles.iter_rows(min_row=2, values_only=True)]
    assert listed == ["Bager", "Sygeplejerske", "Tømrer"]
    validated = {str(v.sqref).split(":")[0] for v in courses.data_validations.dataValidation}
    assert {"D2", "F2", "G2"} <= validated


def test_a_visitor_reading_english_gets_the_drop_down_values_the_upload_accepts(
    links: Links, clock: Clock
) -> None:
    from django.utils import translation

    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(template_xlsx(links.round)))
    offered = " ".join(str(v.formula1) for v in workbook["Kurser"].data_validations.dataValidation)
    assert "AMU-kursus" in offered and "AMU course" not in offered


def test_the_filled_in_xlsx_template_can_be_uploaded(links: Links, clock: Clock) -> None:
    workbook = load_workbook(io.BytesIO(template_xlsx(links.round)))
    sheet = workbook["Kurser"]
    for column, value in enumerate(BAKER, start=1):
        sheet.cell(row=2, column=column, value=value)  # the example row, overwritten
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(links, buffer.getvalue(), "skabelon.xlsx")
    assert response.proposals.get().title == "Hygiejne for bagere"


def test_the_csv_template_opens_in_excel_with_the_columns(links: Links, clock: Clock) -> None:
    content = template_csv(links.round)
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines()[0] == ";".join(HEADERS)


# --- The page -----------------------------------------------------------------------------------


def upload_url(links: Links) -> str:
    return reverse("positivelist:consultation_upload", kwargs={"token": links.tokens["EUC Nord"]})


def test_the_page_shows_the_upload_errors_in_a_table(
    client: Client, links: Links, clock: Clock
) -> None:
    bad = xlsx([with_cell(BAKER, "Kursusnummer", "4012")])
    page = client.post(
        upload_url(links),
        {"expected_version": "0", "upload": SimpleUploadedFile("kurser.xlsx", bad)},
    )
    assert page.status_code == 422
    html = page.content.decode()
    table = html.split('id="row-errors"', 1)[1].split("</table>", 1)[0]
    assert "<caption>1 fejl i filen. Intet er gemt.</caption>" in table
    assert '<th scope="row">3</th>' not in table and '<th scope="row">2</th>' in table
    assert "Kursusnummer" in table
    assert not ConsultationResponse.objects.exists()


def test_a_good_upload_leads_back_to_the_form_with_the_courses(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.post(
        upload_url(links),
        {"expected_version": "0", "upload": SimpleUploadedFile("kurser.csv", csv([BAKER]))},
    )
    assert page.status_code == 302
    html = client.get(page["Location"]).content.decode()
    assert "Filen er indlæst" in html and 'value="Hygiejne for bagere"' in html


def test_the_templates_can_be_downloaded_through_the_link(
    client: Client, links: Links, clock: Clock
) -> None:
    token = links.tokens["EUC Nord"]
    for fmt, kind in (("xlsx", "spreadsheetml"), ("csv", "text/csv")):
        url = reverse("positivelist:consultation_template", kwargs={"token": token, "fmt": fmt})
        page = client.get(url)
        assert page.status_code == 200 and kind in page["Content-Type"]
        assert f"kursusforslag-skabelon.{fmt}" in page["Content-Disposition"]
