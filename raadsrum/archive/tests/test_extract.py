"""Text out of PDF, DOCX and plain text; broken files give a Danish ImportFailed."""

import io

import pytest
from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from raadsrum.archive.parsing import ImportFailed, extract_text, parse_file

HEADER = "Referat af RAR Nordjyllands møde den 4. juni 2020"


def make_pdf(pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number, lines in enumerate(pages, start=1):
        pdf.setFont("Helvetica", 10)
        pdf.drawString(60, 800, HEADER)
        y = 760
        for line in lines:
            pdf.drawString(60, y, line)
            y -= 14
        pdf.drawString(500, 40, str(number))
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


PAGES = [
    [
        "- 1.1.1 Referater til orientering (O)",
        "",
        "Anledning Referater fra seneste Råds- og Formandskabsmøder fremlægges til orientering.",
        "",
        "Indstilling Formandskabet indstiller, at Rådet tager referaterne til efterretning.",
    ],
    [
        "Beslutning Rådet tog referaterne til efterretning.",
        "",
        "- 1.2.1 Dagsorden for dagens møde (B)",
        "",
        "Beslutning Rådet godkendte dagsordenen.",
    ],
]


def test_pdf_text_comes_page_by_page_with_form_feeds():
    extracted = extract_text(make_pdf(PAGES), filename="referat.pdf")
    assert extracted.kind == "pdf" and extracted.pages == 2
    assert extracted.text.count("\f") == 1
    assert "Rådet tog referaterne til efterretning." in extracted.text


def test_a_pdf_parses_into_items_without_its_page_headers(words):
    doc = parse_file(make_pdf(PAGES), source_name="referat.pdf")
    assert [(i.number, i.kinds) for i in doc.items] == [("1.1.1", ["O"]), ("1.2.1", ["B"])]
    assert doc.items[0].fields["decision"] == "Rådet tog referaterne til efterretning."
    assert (doc.council, doc.date) == ("RAR Nordjylland", "2020-06-04")


def test_a_docx_with_a_label_column_table_parses_into_fields(words):
    document = Document()
    document.add_paragraph("Referat af RAR Nordjyllands møde den 4. juni 2020")
    document.add_paragraph("- 1.2.1 Dagsorden for dagens møde (B)")
    table = document.add_table(rows=3, cols=2)
    for row, (label, text) in zip(
        table.rows,
        [
            ("Anledning", "Det er Formandskabet, der fastlægger dagsorden for Rådets møder."),
            ("Indstilling", "Det indstilles, at Rådet godkender dagsordenen."),
            ("Beslutning", "Rådet godkendte dagsordenen."),
        ],
        strict=True,
    ):
        row.cells[0].text, row.cells[1].text = label, text
    buffer = io.BytesIO()
    document.save(buffer)
    doc = parse_file(buffer.getvalue(), source_name="referat.docx")
    assert doc.items[0].fields["decision"] == "Rådet godkendte dagsordenen."
    assert (
        doc.items[0].fields["recommendation"] == "Det indstilles, at Rådet godkender dagsordenen."
    )


def test_plain_text_in_windows_1252_is_read():
    extracted = extract_text("Rådet godkendte dagsordenen.".encode("cp1252"), filename="a.txt")
    assert extracted.text == "Rådet godkendte dagsordenen."


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (
            b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer",
            "a.pdf",
            "Filen er ikke en gyldig PDF (den kan være beskadiget).",
        ),
        (b"not a pdf at all", "b.pdf", "Filen er ikke en gyldig PDF (den kan være beskadiget)."),
        (b"PK\x03\x04broken", "c.docx", "Filen er ikke en gyldig DOCX (den kan være beskadiget)."),
        (b"", "d.txt", "Filen er tom."),
        (b"\x00\x01\x02\x03" * 100, "e.bin", "Filen er ikke en tekstfil, PDF eller DOCX."),
    ],
)
def test_a_broken_file_gives_a_clear_danish_error(data, name, message):
    with pytest.raises(ImportFailed) as raised:
        extract_text(data, filename=name)
    assert raised.value.message == message


def test_a_truncated_pdf_gives_a_clear_error_or_text():
    data = make_pdf(PAGES)
    for cut in (10, len(data) // 3, len(data) // 2, len(data) - 20):
        try:
            extract_text(data[:cut], filename="cut.pdf")
        except ImportFailed as error:
            assert "PDF" in error.message
