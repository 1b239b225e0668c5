import datetime as dt
import xml.etree.ElementTree as ET

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from django.test import Client
from django.urls import reverse

from raadsrum.monitoring.keyfigures import KeyFiguresNote, build_note
from raadsrum.monitoring.render import note_html, note_pdf
from raadsrum.monitoring.tests.keyfigures_data import make_store

MARCH_2020 = dt.date(2020, 3, 1)
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def note(db: None) -> KeyFiguresNote:
    store = make_store(synthetic=True)
    return build_note(council=store.council, month=MARCH_2020)


def pdf_pages(content: bytes) -> list[tuple[str, int]]:
    """(text, number of vector paths) per page."""
    document = pdfium.PdfDocument(content)
    pages = []
    for page in document:
        text = page.get_textpage().get_text_range()
        paths = sum(1 for o in page.get_objects() if o.type == pdfium_c.FPDF_PAGEOBJ_PATH)
        pages.append((text, paths))
    return pages


def test_the_pdf_states_the_figures_and_draws_the_charts(note: KeyFiguresNote) -> None:
    pages = pdf_pages(note_pdf(note))
    text = "\n".join(t for t, _paths in pages)
    assert "Nøgletalsnotat marts 2020" in text
    assert "13.330" in text and "1.931 / 16,1 %" in text and "219.278" in text
    for chart in (c for s in note.sections for c in s.charts):
        assert chart.title in text  # each chart is drawn with its title
    assert sum(paths for _t, paths in pages) > 100  # lines, bars and markers


def test_every_pdf_page_says_synthetic_data_and_its_number(note: KeyFiguresNote) -> None:
    pages = pdf_pages(note_pdf(note))
    assert len(pages) > 1
    for number, (text, _paths) in enumerate(pages, start=1):
        assert "SYNTETISKE DATA" in text
        assert f"Side {number} af {len(pages)}" in text
        assert "RAR Nordland" in text


def test_the_html_has_an_accessible_svg_and_a_table_per_chart(note: KeyFiguresNote) -> None:
    html = note_html(note)
    charts = [c for s in note.sections for c in s.charts]
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" role="img"') == len(charts)
    for chart in charts:
        assert f">{chart.title}</title>" in html
    assert html.count("<details>") >= len(charts)
    assert 'data-synthetic="true"' in html
    assert "Fra marts 2019-20 steg ledigheden med 1.931 / 16,1 %." in html


def test_each_svg_in_the_html_is_well_formed_with_title_and_description(
    note: KeyFiguresNote,
) -> None:
    html = note_html(note)
    start = html.index("<svg")
    svg = html[start : html.index("</svg>", start) + len("</svg>")]
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title") is not None
    description = root.find(f"{SVG}desc")
    assert description is not None and description.text


def test_the_note_page_is_public_and_links_pdf_and_json(note: KeyFiguresNote) -> None:
    client = Client()
    kwargs = {"council": note.council.slug, "month": "2020-03"}
    page = client.get(reverse("monitoring:note", kwargs=kwargs))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'role="img"' in body and "Syntetiske data" in body
    assert reverse("monitoring:note_pdf", kwargs=kwargs) in body
    pdf = client.get(reverse("monitoring:note_pdf", kwargs=kwargs))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    data = client.get(reverse("monitoring:note_json", kwargs=kwargs)).json()
    assert data["month"] == "2020-03" and data["synthetic_label"] == "Syntetiske data"


def test_an_unknown_council_or_month_is_not_found(note: KeyFiguresNote) -> None:
    client = Client()
    assert client.get("/monitorering/ingen/notat/2020-03/").status_code == 404
    assert client.get(f"/monitorering/{note.council.slug}/notat/2020-13/").status_code == 404


def test_a_section_without_data_says_so_in_the_pdf_and_the_html(db: None) -> None:
    store = make_store(skip=("gross_unemployment", "job_postings"))
    note = build_note(council=store.council, month=MARCH_2020)
    text = "\n".join(t for t, _paths in pdf_pages(note_pdf(note)))
    assert "Ingen data" in text and "14.743" in text
    assert "Ingen data" in note_html(note)
