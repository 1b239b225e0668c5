"""Agenda and minutes as a Word document (python-docx), for secretariats that edit in Word.

Same structure as the PDF: title page, a real TOC field (Word fills it on "Opdater felt")
followed by a static list of the items, one two-column field table per item, attendance.
Headings use Word's own Heading 1/2 styles so the navigation pane and the TOC work.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from raadsrum.meetings import richtext
from raadsrum.meetings.documents.model import LEGEND, NO_ATTACHMENTS, ItemDoc, MeetingDocument

ACCENT = RGBColor(0x1F, 0x38, 0x64)
FONT = "Arial"
LABEL_WIDTH = Cm(3.7)
TEXT_WIDTH = Cm(12.9)


def render_docx(doc: MeetingDocument) -> bytes:
    """The agenda or minutes as .docx bytes."""
    document = Document()
    _setup(document, doc)

    _title_page(document, doc)

    document.add_paragraph("Dagsordenspunkter:", style="Title")
    _toc_field(document)
    for section in doc.sections:
        if section.title:
            p = document.add_paragraph(style="TOC Static 1")
            p.add_run(section.heading).bold = True
        for item in section.items:
            document.add_paragraph(item.heading, style="TOC Static 2")
    legend = document.add_paragraph(LEGEND)
    legend.runs[0].font.size = Pt(8.5)
    legend.runs[0].font.color.rgb = RGBColor(0x4A, 0x4A, 0x4A)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    for section in doc.sections:
        if section.title:
            document.add_heading(section.heading, level=1)
        for item in section.items:
            document.add_heading(item.heading, level=2 if section.title else 1)
            _field_table(document, item, doc)
            document.add_paragraph()

    if doc.follow_ups:
        document.add_heading("Opfølgningsark", level=1)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells, ("Punkt", "Beslutning", "Ansvarlig", "Status"), strict=True
        ):
            cell.paragraphs[0].add_run(text).bold = True
        for f in doc.follow_ups:
            cells = table.add_row().cells
            for cell, text in zip(
                cells,
                (f.title, f.decision, f.owner, f.status + (f" – {f.note}" if f.note else "")),
                strict=True,
            ):
                cell.paragraphs[0].text = text

    if doc.kind == "minutes":
        if doc.ended_line:
            document.add_paragraph().add_run(doc.ended_line).bold = True
        if doc.attendance:
            document.add_heading("På mødet deltog:", level=1)
            for group in doc.attendance:
                document.add_paragraph().add_run(group.title).bold = True
                for person in group.people:
                    p = document.add_paragraph(person.line)
                    p.paragraph_format.left_indent = Cm(0.5)
                    p.paragraph_format.space_after = Pt(0)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _setup(document: DocxDocument, doc: MeetingDocument) -> None:
    props = document.core_properties
    props.title = doc.header_line
    props.author = doc.secretariat_name or doc.council_name
    props.subject = f"{doc.kind_label} – {doc.council_name}"
    props.language = "da-DK"

    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10)
    normal.paragraph_format.space_after = Pt(4)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "da-DK")
    rpr.append(lang)
    for name, size in (("Heading 1", 14), ("Heading 2", 12), ("Title", 16)):
        style = styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = ACCENT
    for level, (indent, bold) in enumerate(((0, True), (0.6, False)), start=1):
        style = styles.add_style(f"TOC Static {level}", 1)  # 1 = paragraph style
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(indent)
        style.paragraph_format.space_after = Pt(1)
        style.paragraph_format.space_before = Pt(6 if bold else 0)

    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin, section.bottom_margin = Cm(2.6), Cm(2.2)
    section.different_first_page_header_footer = True  # the title page has neither
    header = section.header.paragraphs[0]
    header.text = doc.header_line
    header.runs[0].font.size = Pt(8.5)
    footer = section.footer.paragraphs[0]
    footer.alignment = 2  # right
    for piece in ("Side ", "PAGE", " af ", "NUMPAGES"):
        if piece in ("PAGE", "NUMPAGES"):
            _field(footer, piece, "1")
        else:
            footer.add_run(piece)
    for run in footer.runs:
        run.font.size = Pt(8.5)


def _title_page(document: DocxDocument, doc: MeetingDocument) -> None:
    for _ in range(5):
        document.add_paragraph()
    p = document.add_paragraph()
    run = p.add_run(doc.kind_label)
    run.bold, run.font.size, run.font.color.rgb = True, Pt(30), ACCENT
    p = document.add_paragraph()
    run = p.add_run(f"{'af' if doc.kind == 'minutes' else 'for'} {doc.owner_genitive} møde")
    run.bold, run.font.size, run.font.color.rgb = True, Pt(17), ACCENT
    document.add_paragraph().add_run(doc.when_line).font.size = Pt(13)
    if doc.place_line:
        document.add_paragraph(doc.place_line)
    if doc.title:
        document.add_paragraph(doc.title)
    for line in (ln.strip() for ln in doc.note.splitlines()):
        if line:
            document.add_paragraph(line)
    if doc.correction_line:
        p = document.add_paragraph()
        run = p.add_run(doc.correction_line)
        run.bold, run.font.color.rgb = True, RGBColor(0x8A, 0x1C, 0x1C)
    if doc.secretariat_name:
        for _ in range(8):
            document.add_paragraph()
        document.add_paragraph().add_run(doc.secretariat_name).bold = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str) -> None:
    """A Word field (PAGE, NUMPAGES, TOC …) that Word computes when it lays out the page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _toc_field(document: DocxDocument) -> None:
    paragraph = document.add_paragraph()
    _field(
        paragraph,
        'TOC \\o "1-2" \\h \\z \\u',
        "Indholdsfortegnelsen opdateres i Word med F9 (Opdater felt).",
    )
    # Ask Word to refresh fields (the TOC's page numbers) when the file is opened.
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _field_table(document: DocxDocument, item: ItemDoc, doc: MeetingDocument) -> None:
    rows = list(item.fields(doc.kind))
    table = document.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for label, text in rows:
        cells = table.add_row().cells
        _label(cells[0], label)
        _blocks(cells[1], richtext.parse(text))
    cells = table.add_row().cells
    _label(cells[0], "Bilag")
    if item.attachments:
        first = True
        for attachment in item.attachments:
            p = cells[1].paragraphs[0] if first else cells[1].add_paragraph()
            first = False
            if attachment.url.lower().startswith(("http://", "https://")):
                _hyperlink(p, attachment.label, attachment.url)
            else:
                p.add_run(attachment.label)
    else:
        cells[1].paragraphs[0].text = NO_ATTACHMENTS
    for row in table.rows:
        row.cells[0].width = LABEL_WIDTH
        row.cells[1].width = TEXT_WIDTH
        _borders(row.cells[0], row.cells[1])


def _label(cell: _Cell, text: str) -> None:
    cell.paragraphs[0].add_run(text).bold = True


def _borders(*cells: _Cell) -> None:
    for cell in cells:
        tc_pr = cell._tc.get_or_add_tcPr()
        borders = OxmlElement("w:tcBorders")
        for edge in ("top", "bottom"):
            element = OxmlElement(f"w:{edge}")
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "4")
            element.set(qn("w:color"), "9AA5B8")
            borders.append(element)
        tc_pr.append(borders)


def _blocks(cell: _Cell, blocks: list[richtext.Block], level: int = 0) -> None:
    first_para = cell.paragraphs[0] if not cell.paragraphs[0].text else None

    def paragraph() -> DocxParagraph:
        nonlocal first_para
        if first_para is not None:
            p, first_para = first_para, None
            return p
        return cell.add_paragraph()

    for block in blocks:
        if isinstance(block, richtext.Paragraph | richtext.Heading):
            p = paragraph()
            _runs(p, block.runs, bold=isinstance(block, richtext.Heading))
        elif isinstance(block, richtext.BulletList | richtext.NumberedList):
            numbered = isinstance(block, richtext.NumberedList)
            start = block.start if isinstance(block, richtext.NumberedList) else 1
            for n, item in enumerate(block.items, start):
                # Explicit markers rather than Word numbering: numbering restarts per list
                # would need a numbering definition for each list.
                marker = f"{n}." if numbered else "•"
                _list_point(cell, paragraph, item, marker, level)
        elif isinstance(block, richtext.LetteredList):
            for letter, runs in zip(block.letters, block.items, strict=False):
                _list_point(cell, paragraph, [richtext.Paragraph(runs)], f"{letter}.", level)
        elif isinstance(block, richtext.Table):
            inner_rows = ([block.header] if block.header else []) + block.rows
            columns = max((len(r) for r in inner_rows), default=1)
            if first_para is not None:
                first_para = None
            inner = cell.add_table(rows=len(inner_rows), cols=columns)
            inner.style = "Table Grid"
            for r, row in enumerate(inner_rows):
                for c, runs in enumerate(row):
                    p = inner.cell(r, c).paragraphs[0]
                    _runs(p, runs, bold=block.header is not None and r == 0, size=8.5)
            cell.add_paragraph()
        elif isinstance(block, richtext.Quote):
            _blocks(cell, block.blocks, level + 1)


def _list_point(
    cell: _Cell,
    paragraph: Callable[[], DocxParagraph],
    blocks: list[richtext.Block],
    marker: str,
    level: int,
) -> None:
    first = True
    for block in blocks:
        if first and isinstance(block, richtext.Paragraph):
            p = paragraph()
            fmt = p.paragraph_format
            fmt.left_indent = Cm(0.6 * (level + 1))
            fmt.first_line_indent = Cm(-0.6)
            fmt.space_after = Pt(2)
            p.add_run(f"{marker}\t")
            fmt.tab_stops.add_tab_stop(Cm(0.6 * (level + 1)))
            _runs(p, block.runs)
            first = False
        else:
            _blocks(cell, [block], level + 1)


def _runs(
    p: DocxParagraph, runs: list[richtext.Run], bold: bool = False, size: float | None = None
) -> None:
    for run in runs:
        if run.is_break:
            p.add_run().add_break()
            continue
        if run.href and run.href.lower().startswith(("http://", "https://", "mailto:")):
            _hyperlink(p, run.text, run.href)
            continue
        r = p.add_run(run.text)
        r.bold = run.bold or bold or None
        r.italic = run.italic or None
        if size:
            r.font.size = Pt(size)


def _hyperlink(p: DocxParagraph, text: str, url: str) -> None:
    rel_id = p.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "1A4F8B")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    rpr.append(color)
    rpr.append(underline)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    p._p.append(link)
