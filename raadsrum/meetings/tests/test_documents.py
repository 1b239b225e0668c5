"""The rendered agenda and minutes: PDF, DOCX and HTML from a `MeetingDocument`, no database.

The document is RAR Nordjylland's minutes of 4 June 2020 (22 items, real headings).
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from docx import Document
from pypdf import PdfReader

from raadsrum.core.danish import danish_date
from raadsrum.meetings.documents.docx import render_docx
from raadsrum.meetings.documents.html import render_html
from raadsrum.meetings.documents.model import (
    LEGEND,
    ItemDoc,
    MeetingDocument,
)
from raadsrum.meetings.documents.pdf import build_pdf
from raadsrum.meetings.documents.sample import sample_minutes

HEADER = "Referat af RAR Nordjyllands møde den 4. juni 2020"


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def minutes() -> MeetingDocument:
    return sample_minutes()


@pytest.fixture(scope="module")
def minutes_pdf(minutes: MeetingDocument):  # type: ignore[no-untyped-def]
    result = build_pdf(minutes)
    reader = PdfReader(io.BytesIO(result.content))
    pages = [squash(page.extract_text()) for page in reader.pages]
    return result, reader, pages


# --- the house style's phrases ----------------------------------------------------------


def test_header_line_names_the_council_in_genitive_and_the_date_in_danish(minutes):
    assert minutes.header_line == HEADER
    agenda = sample_minutes("agenda")
    assert agenda.header_line == "Dagsorden for RAR Nordjyllands møde den 4. juni 2020"


def test_danish_dates_have_month_names_and_no_leading_zero():
    assert danish_date(date(2020, 6, 4)) == "4. juni 2020"
    assert danish_date(date(2021, 12, 1)) == "1. december 2021"


def test_when_line_gives_start_and_end_time(minutes):
    assert minutes.when_line == "den 4. juni 2020, kl. 10.00 til 12.00"


@pytest.mark.parametrize(
    ("kinds", "presentation", "marker"),
    [
        ("B", False, "(B)"),
        ("DB", False, "(D/B)"),
        ("OD", False, "(O/D)"),
        ("D", True, "(Oplæg + D)"),
        ("", True, "(Oplæg)"),
        ("", False, ""),
    ],
)
def test_marker_joins_kinds_with_a_slash_and_puts_a_presentation_first(kinds, presentation, marker):
    assert ItemDoc("1.1.1", "x", kinds=kinds, has_presentation=presentation).marker == marker


def test_a_bare_item_number_gets_a_dot_and_a_dotted_one_does_not():
    assert ItemDoc("0A", "Tema", kinds="D").heading == "0A. Tema (D)"
    assert ItemDoc("1.1.1", "Referater", kinds="O").heading == "1.1.1 Referater (O)"


def test_agenda_leaves_the_decision_out_even_when_text_is_there():
    item = ItemDoc("1.2.1", "Dagsorden", summary="Kort", decision="Godkendt")
    assert [label for label, _ in item.fields("minutes")] == ["Sagen kort", "Beslutning"]
    assert [label for label, _ in item.fields("agenda")] == ["Sagen kort"]


# --- snapshot ---------------------------------------------------------------------------


def test_snapshot_round_trip_is_json_safe_and_lossless(minutes):
    minutes.version, minutes.correction_note = 2, "Navn rettet i deltagerlisten"
    try:
        data = json.loads(json.dumps(minutes.to_dict()))
        assert MeetingDocument.from_dict(data) == minutes
    finally:
        minutes.version, minutes.correction_note = 1, ""


def test_snapshot_without_optional_keys_still_loads():
    doc = MeetingDocument.from_dict(
        {
            "kind": "minutes",
            "council_name": "RAR Fyn",
            "date": "2021-03-01",
            "sections": [{"title": "Orientering", "items": [{"title": "Eventuelt"}]}],
        }
    )
    assert doc.start_time is None and doc.items[0].title == "Eventuelt"


# --- PDF ----------------------------------------------------------------------------------


def test_pdf_has_every_item_heading(minutes, minutes_pdf):
    _, _, pages = minutes_pdf
    body = " ".join(pages[2:])
    for item in minutes.items:
        assert squash(item.heading) in body, item.heading


def test_pdf_repeats_the_header_line_on_every_page_after_the_title_page(minutes_pdf):
    _, reader, pages = minutes_pdf
    lines = [[squash(line) for line in page.extract_text().splitlines()] for page in reader.pages]
    assert HEADER not in lines[0]
    for number, page_lines in enumerate(lines[1:], start=2):
        assert HEADER in page_lines, f"page {number}"
        assert f"Side {number} af {len(pages)}" in pages[number - 1]


def test_pdf_contents_page_numbers_are_the_pages_the_items_are_on(minutes, minutes_pdf):
    result, _, pages = minutes_pdf
    # Page 1 is the title page; the contents run from page 2 to the page with the legend.
    legend_page = next(n for n, text in enumerate(pages, start=1) if "OBS: For at øge" in text)
    toc_text = " ".join(pages[1:legend_page])
    for item in minutes.items:
        heading = squash(item.heading)
        # The dot leader and number are drawn as the entry ends; pypdf may read them before
        # or after the entry's text, so accept a dot leader with its number on either side.
        printed = re.search(r"\. (\d+) " + re.escape(heading), toc_text) or re.search(
            re.escape(heading) + r"(?: \.)+ (\d+)", toc_text
        )
        assert printed, f"{heading} not in the contents"
        actual = next(
            n for n, text in enumerate(pages, start=1) if n > legend_page and heading in text
        )
        assert int(printed.group(1)) == actual, heading
    assert len(result.toc) == len(minutes.items) + len(minutes.sections)


def test_pdf_title_page_and_legend(minutes_pdf):
    _, _, pages = minutes_pdf
    assert "Referat" in pages[0]
    assert "af RAR Nordjyllands møde" in pages[0]
    assert "den 4. juni 2020, kl. 10.00 til 12.00" in pages[0]
    assert "Arbejdsmarkedskontor Midt-Nord" in pages[0]
    assert squash(LEGEND) in " ".join(pages[1:3])


def test_pdf_keeps_danish_letters_and_typography(minutes_pdf):
    _, _, pages = minutes_pdf
    text = " ".join(pages)
    for word in (
        "Årshjul",
        "Rådets",
        "færre" if "færre" in text else "ændringer",
        "møde",
        "”de sædvanlige”",
        "Rekruttering/vækst – Nordjylland",
        "Søren Eriksen",
    ):
        assert word in text
    assert "•" in text or "At ledigheden" in text


def test_pdf_field_table_labels_and_no_attachment_text(minutes_pdf):
    _, _, pages = minutes_pdf
    text = " ".join(pages)
    for label in (
        "Sagen kort",
        "Indstilling",
        "Beslutning",
        "Sagsfremstilling",
        "Videre proces",
        "Baggrund",
        "Bilag",
        "Ingen bilag til punktet",
    ):
        assert label in text


def test_pdf_ends_with_attendance_grouped_by_member_group(minutes_pdf):
    _, _, pages = minutes_pdf
    tail = " ".join(pages[-2:])
    assert "Mødet sluttede kl. 11.55" in tail
    assert "På mødet deltog:" in tail
    assert (
        tail.index("DA")
        < tail.index("Kommunerne")
        < tail.index("Tilforordnede")
        < tail.index("Fra sekretariatet")
    )


def test_pdf_metadata_title_and_language(minutes_pdf):
    result, reader, _ = minutes_pdf
    assert reader.metadata.title == HEADER
    assert reader.trailer["/Root"].get("/Lang") == "da"


def test_agenda_pdf_has_no_decisions():
    result = build_pdf(sample_minutes("agenda"))
    text = " ".join(squash(p.extract_text()) for p in PdfReader(io.BytesIO(result.content)).pages)
    assert "Dagsorden for RAR Nordjyllands møde den 4. juni 2020" in text
    assert "Beslutning" not in text
    assert "På mødet deltog" not in text


def test_corrected_minutes_say_so_on_the_title_page():
    doc = sample_minutes()
    doc.version, doc.correction_note = 2, "Punkt 2.1.1: beslutningen rettet"
    result = build_pdf(doc)
    first = squash(PdfReader(io.BytesIO(result.content)).pages[0].extract_text())
    assert "Rettet udgave (version 2): Punkt 2.1.1: beslutningen rettet" in first


def test_a_field_longer_than_a_page_breaks_across_pages():
    doc = sample_minutes()
    doc.sections[1].items[0].presentation = "\n\n".join(
        f"Afsnit {n}: " + "Ledigheden i Nordjylland steg med 1.931 personer. " * 8
        for n in range(60)
    )
    result = build_pdf(doc)
    text = " ".join(squash(p.extract_text()) for p in PdfReader(io.BytesIO(result.content)).pages)
    assert "Afsnit 0:" in text and "Afsnit 59:" in text


# --- DOCX ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def minutes_docx(minutes):  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(render_docx(minutes)))


def test_docx_has_headings_for_sections_and_items(minutes, minutes_docx):
    headings = [p.text for p in minutes_docx.paragraphs if p.style.name.startswith("Heading")]
    for section in minutes.sections:
        assert section.heading in headings
    for item in minutes.items:
        assert item.heading in headings


def test_docx_has_running_header_page_field_and_toc_field(minutes_docx):
    section = minutes_docx.sections[0]
    assert section.header.paragraphs[0].text == HEADER
    assert section.different_first_page_header_footer
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    body_xml = minutes_docx.element.body.xml
    assert 'TOC \\o "1-2"' in body_xml


def test_docx_field_tables_have_labels_and_danish_text(minutes_docx):
    labels = {t.cell(r, 0).text for t in minutes_docx.tables for r in range(len(t.rows))}
    assert {"Sagen kort", "Indstilling", "Beslutning", "Sagsfremstilling", "Bilag"} <= labels
    assert minutes_docx.core_properties.title == HEADER
    assert minutes_docx.core_properties.language == "da-DK"


# --- HTML ---------------------------------------------------------------------------------


def test_html_is_danish_with_headings_and_row_headers(minutes):
    page = render_html(minutes)
    assert '<html lang="da">' in page
    assert f"<h1>{HEADER}</h1>" in page
    assert "<h2>1. Rådets interne fokus: strategi, indsats, opfølgning mv.</h2>" in page
    assert '<th scope="row">Sagen kort</th>' in page
    assert '<th scope="row">Beslutning</th>' in page
    assert page.count("<h3>") >= len(minutes.items)


def test_html_never_passes_script_through(minutes):
    doc = sample_minutes()
    doc.sections[0].items[0].summary = (
        'Tekst <script>alert("x")</script> og <img src=x onerror=alert(1)> '
        "[link](javascript:alert(1))"
    )
    page = render_html(doc)
    assert "<script" not in page
    assert "onerror=" not in page.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript' not in page


def test_html_partial_has_no_page_chrome(minutes):
    partial = render_html(minutes, standalone=False)
    assert "<html" not in partial and "<h1" not in partial
    assert '<article class="meeting-document" lang="da"' in partial
