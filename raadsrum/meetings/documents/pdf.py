"""Agenda and minutes as PDF (ReportLab platypus), in the councils' house style.

Title page, "Dagsordenspunkter:" with page numbers, the B/D/O legend, one field table per
item, attendance at the end; a running header after the title page and "Side N af M".
The table of contents is filled by `multiBuild`, which lays the story out again until the
page numbers it printed are the pages the headings landed on.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from raadsrum.meetings import richtext
from raadsrum.meetings.documents.model import (
    LEGEND,
    NO_ATTACHMENTS,
    ItemDoc,
    MeetingDocument,
)

FONT = "RaadsrumSans"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 2.2 * cm
MARGIN_TOP = 2.6 * cm
MARGIN_BOTTOM = 2.2 * cm
LABEL_WIDTH = 3.7 * cm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
ACCENT = colors.HexColor("#1F3864")
RULE = colors.HexColor("#9AA5B8")
MUTED = colors.HexColor("#4A4A4A")


@lru_cache(maxsize=1)
def register_fonts() -> frozenset[int]:
    """Register Bitstream Vera (shipped inside reportlab, with its licence) as one family.

    Vera has æøå, the typographic quotes, dashes and bullets Danish minutes use; returns the
    code points it covers, so text can be checked and the few missing symbols replaced.
    """
    folder = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    faces = {
        FONT: "Vera.ttf",
        f"{FONT}-Bold": "VeraBd.ttf",
        f"{FONT}-Italic": "VeraIt.ttf",
        f"{FONT}-BoldItalic": "VeraBI.ttf",
    }
    covered: set[int] = set()
    for name, filename in faces.items():
        font = TTFont(name, os.path.join(folder, filename))
        pdfmetrics.registerFont(font)
        if name == FONT:
            covered = set(font.face.charToGlyph)
    pdfmetrics.registerFontFamily(
        FONT,
        normal=FONT,
        bold=f"{FONT}-Bold",
        italic=f"{FONT}-Italic",
        boldItalic=f"{FONT}-BoldItalic",
    )
    return frozenset(covered)


# Symbols people paste that Vera lacks; anything else missing is left to the font.
_SUBSTITUTES = {
    "→": "->",
    "←": "<-",
    "⇒": "=>",
    "✓": "v",
    "✔": "v",
    "✗": "x",
    "☐": "[ ]",
    "\u00ad": "",
    "\u200b": "",
    "\ufeff": "",
    "\u2011": "-",
}


def _clean(text: str) -> str:
    covered = register_fonts()
    if all(ord(c) in covered or c == "\n" for c in text):
        return text
    return "".join(
        _SUBSTITUTES.get(c, c) if ord(c) not in covered and c != "\n" else c for c in text
    )


def _esc(text: str) -> str:
    return escape(_clean(text))


@dataclass
class Styles:
    body: ParagraphStyle
    label: ParagraphStyle
    small: ParagraphStyle
    section: ParagraphStyle
    item: ParagraphStyle
    title_kind: ParagraphStyle
    title_line: ParagraphStyle
    title_when: ParagraphStyle
    title_note: ParagraphStyle
    title_place: ParagraphStyle
    toc_title: ParagraphStyle
    legend: ParagraphStyle
    correction: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    toc_levels: list[ParagraphStyle] = field(default_factory=list)


@lru_cache(maxsize=1)
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=FONT,
        fontSize=9.5,
        leading=13,
        alignment=TA_LEFT,
        spaceAfter=4,
    )
    return Styles(
        body=body,
        label=ParagraphStyle("label", parent=body, fontName=f"{FONT}-Bold"),
        small=ParagraphStyle("small", parent=body, fontSize=8.5, leading=11, textColor=MUTED),
        section=ParagraphStyle(
            "section",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=6,
        ),
        item=ParagraphStyle(
            "item",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=11,
            leading=14,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=6,
        ),
        title_kind=ParagraphStyle(
            "title_kind",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=30,
            leading=36,
            textColor=ACCENT,
            spaceAfter=6,
        ),
        title_line=ParagraphStyle(
            "title_line",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=17,
            leading=22,
            textColor=ACCENT,
        ),
        title_when=ParagraphStyle(
            "title_when",
            parent=body,
            fontSize=13,
            leading=18,
            spaceBefore=2,
            spaceAfter=6,
        ),
        title_note=ParagraphStyle(
            "title_note",
            parent=body,
            fontSize=10.5,
            leading=14,
            leftIndent=12,
            bulletIndent=0,
            spaceAfter=4,
        ),
        title_place=ParagraphStyle(
            "title_place",
            parent=body,
            fontSize=11,
            leading=15,
            spaceAfter=14,
        ),
        toc_title=ParagraphStyle(
            "toc_title",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=14,
            leading=18,
            textColor=ACCENT,
            spaceAfter=10,
        ),
        legend=ParagraphStyle(
            "legend",
            parent=body,
            fontSize=8.5,
            leading=11.5,
            textColor=MUTED,
            spaceBefore=14,
        ),
        correction=ParagraphStyle(
            "correction",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=10,
            leading=13,
            textColor=colors.HexColor("#8A1C1C"),
            borderColor=colors.HexColor("#8A1C1C"),
            borderWidth=0.8,
            borderPadding=6,
            spaceBefore=10,
            spaceAfter=12,
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0),
        cell_head=ParagraphStyle(
            "cell_head",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=8.5,
            leading=11,
            spaceAfter=0,
        ),
        toc_levels=[
            ParagraphStyle(
                "toc0",
                parent=body,
                fontName=f"{FONT}-Bold",
                fontSize=10,
                leading=13,
                spaceBefore=6,
                rightIndent=1.0 * cm,
            ),
            ParagraphStyle(
                "toc1",
                parent=body,
                fontSize=9.5,
                leading=14,
                leftIndent=0.6 * cm,
                firstLineIndent=0,
                spaceBefore=0,
                rightIndent=1.0 * cm,
            ),
        ],
    )


# --- rich text to flowables -------------------------------------------------------------


def _runs_markup(runs: list[richtext.Run]) -> str:
    out: list[str] = []
    for run in runs:
        if run.is_break:
            out.append("<br/>")
            continue
        piece = _esc(run.text)
        if run.italic:
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        if run.href and run.href.lower().startswith(("http://", "https://", "mailto:")):
            piece = f'<a href="{escape(run.href)}" color="#1a4f8b"><u>{piece}</u></a>'
        out.append(piece)
    return "".join(out)


def _flowables(
    blocks: list[richtext.Block], style: ParagraphStyle, width: float, indent: float = 0
) -> list[Flowable]:
    """One flowable per paragraph or list point, so long fields can break between them."""
    out: list[Flowable] = []
    para_style = (
        style
        if not indent
        else ParagraphStyle(f"{style.name}-i{indent}", parent=style, leftIndent=indent)
    )
    for block in blocks:
        if isinstance(block, richtext.Paragraph):
            out.append(Paragraph(_runs_markup(block.runs), para_style))
        elif isinstance(block, richtext.Heading):
            out.append(Paragraph(f"<b>{_runs_markup(block.runs)}</b>", para_style))
        elif isinstance(block, richtext.BulletList | richtext.NumberedList):
            numbered = isinstance(block, richtext.NumberedList)
            start = block.start if isinstance(block, richtext.NumberedList) else 1
            for n, item in enumerate(block.items, start):
                bullet = f"{n}." if numbered else "•"
                out.extend(_list_point(item, bullet, style, width, indent))
        elif isinstance(block, richtext.LetteredList):
            for letter, runs in zip(block.letters, block.items, strict=False):
                out.extend(
                    _list_point([richtext.Paragraph(runs)], f"{letter}.", style, width, indent)
                )
        elif isinstance(block, richtext.Table):
            out.append(_data_table(block, width - indent))
        elif isinstance(block, richtext.Quote):
            out.extend(_flowables(block.blocks, style, width, indent + 12))
    return out


def _list_point(
    blocks: list[richtext.Block], bullet: str, style: ParagraphStyle, width: float, indent: float
) -> list[Flowable]:
    point_style = ParagraphStyle(
        f"{style.name}-li{indent}",
        parent=style,
        leftIndent=indent + 14,
        bulletIndent=indent + 1,
        spaceAfter=2,
    )
    out: list[Flowable] = []
    first = True
    for block in blocks:
        if first and isinstance(block, richtext.Paragraph):
            out.append(Paragraph(_runs_markup(block.runs), point_style, bulletText=bullet))
            first = False
        else:
            if first:  # a point that starts with a nested list still shows its bullet
                out.append(Paragraph("", point_style, bulletText=bullet))
                first = False
            out.extend(_flowables([block], style, width, indent + 14))
    return out


def _data_table(block: richtext.Table, width: float) -> Table:
    st = styles()
    rows: list[list[Any]] = []
    if block.header:
        rows.append([Paragraph(_runs_markup(c), st.cell_head) for c in block.header])
    rows.extend([Paragraph(_runs_markup(c), st.cell) for c in row] for row in block.rows)
    columns = max((len(r) for r in rows), default=1)
    for row in rows:
        row.extend([""] * (columns - len(row)))
    table = Table(
        rows,
        colWidths=[width / columns] * columns,
        repeatRows=1 if block.header else 0,
        hAlign="LEFT",
        spaceBefore=2,
        spaceAfter=6,
    )
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if block.header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8ECF3")))
    table.setStyle(TableStyle(commands))
    return table


# --- the document -------------------------------------------------------------------------


class _Heading(Paragraph):
    """A heading that goes into the table of contents and the PDF outline."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        level: int,
        toc_text: str,
        key: str,
        in_toc: bool = True,
    ) -> None:
        super().__init__(text, style)
        self.in_toc = in_toc
        self.toc_level = level
        self.toc_text = toc_text
        self.toc_key = key


class NumberedCanvas(Canvas):
    """Holds pages back until the end so each can say "Side N af M" (from
    `first_numbered_page` on: a meeting document's front page carries no number)."""

    first_numbered_page = 2

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (ReportLab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            if self._pageNumber >= self.first_numbered_page:
                self.setFont(FONT, 8.5)
                self.setFillColor(MUTED)
                self.drawRightString(
                    PAGE_WIDTH - MARGIN_X, 1.2 * cm, f"Side {self._pageNumber} af {total}"
                )
            super().showPage()
        super().save()


class _Template(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, doc: MeetingDocument) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=doc.header_line,
            author=doc.secretariat_name or doc.council_name,
            subject=f"{doc.kind_label} – {doc.council_name}",
            creator="Rådsrum",
            lang="da",
            initialFontName=FONT,
        )
        self.meeting_doc = doc
        self.toc_pages: dict[str, int] = {}
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            TEXT_WIDTH,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        title_frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            TEXT_WIDTH,
            PAGE_HEIGHT - 2 * MARGIN_BOTTOM,
            id="title",
            leftPadding=0,
            rightPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("title", [title_frame], onPage=self._title_page),
                PageTemplate("body", [frame], onPage=self._running_header),
            ]
        )

    def _title_page(self, canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_HEIGHT - 0.9 * cm, PAGE_WIDTH, 0.9 * cm, stroke=0, fill=1)
        if self.meeting_doc.secretariat_name:
            canvas.setFont(f"{FONT}-Bold", 10)
            canvas.setFillColor(MUTED)
            canvas.drawString(MARGIN_X, 1.6 * cm, _clean(self.meeting_doc.secretariat_name))
        canvas.restoreState()

    def _running_header(self, canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        y = PAGE_HEIGHT - 1.5 * cm
        canvas.drawString(MARGIN_X, y, _clean(self.meeting_doc.header_line))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y - 5, PAGE_WIDTH - MARGIN_X, y - 5)
        canvas.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab's name)
        if isinstance(flowable, _Heading):
            key = flowable.toc_key
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.toc_text, key, level=flowable.toc_level)
            self.toc_pages[key] = self.page
            if flowable.in_toc:
                self.notify(
                    "TOCEntry", (flowable.toc_level, _esc(flowable.toc_text), self.page, key)
                )


@dataclass
class PdfResult:
    content: bytes
    toc: list[tuple[str, int]]
    """(heading text, page number) as printed in the table of contents."""
    pages: int


def build_pdf(doc: MeetingDocument) -> PdfResult:
    st = styles()
    buffer = io.BytesIO()
    template = _Template(buffer, doc)
    toc = TableOfContents(
        levelStyles=st.toc_levels,
        dotsMinLevel=0,
        tableStyle=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        ),
    )
    # Seeding the contents with every entry (page 0) gives the first pass the contents'
    # final height, so the second pass already confirms the page numbers: two passes, not 3.
    toc._lastEntries = [(level, _esc(text), 0, key) for level, text, key in _toc_entries(doc)]
    story = _story(doc, toc)
    canvases: list[NumberedCanvas] = []

    def canvasmaker(*args: Any, **kwargs: Any) -> NumberedCanvas:
        canvas = NumberedCanvas(*args, **kwargs)
        canvases.append(canvas)
        return canvas

    template.multiBuild(story, canvasmaker=canvasmaker)
    printed = [(text, page) for _level, text, page, *_ in toc._lastEntries]
    return PdfResult(buffer.getvalue(), printed, len(canvases[-1]._pages) if canvases else 0)


def _toc_entries(doc: MeetingDocument) -> list[tuple[int, str, str]]:
    """(level, text, key) of every heading, in the order `_story` writes them."""
    entries: list[tuple[int, str, str]] = []
    for s_index, section in enumerate(doc.sections):
        if section.title:
            entries.append((0, section.heading, f"s{s_index}"))
        for i_index, item in enumerate(section.items):
            entries.append((1 if section.title else 0, item.heading, f"i{s_index}-{i_index}"))
    return entries


def render_pdf(doc: MeetingDocument) -> bytes:
    """The agenda or minutes as PDF bytes."""
    return build_pdf(doc).content


def _story(doc: MeetingDocument, toc: TableOfContents) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [Spacer(1, 3.2 * cm)]
    story.append(Paragraph(doc.kind_label, st.title_kind))
    story.append(
        Paragraph(
            f"{'af' if doc.kind == 'minutes' else 'for'} {_esc(doc.owner_genitive)} møde",
            st.title_line,
        )
    )
    story.append(Paragraph(_esc(doc.when_line), st.title_when))
    if doc.title:
        story.append(Paragraph(_esc(doc.title), st.title_note))
    if doc.place_line:
        story.append(Paragraph(_esc(doc.place_line), st.title_place))
    for line in (ln.strip() for ln in doc.note.splitlines()):
        if line:
            story.append(
                Paragraph(
                    _esc(line.lstrip("-+• ").strip()),
                    st.title_note,
                    bulletText=line[0] if line[0] in "-+•" else "–",
                )
            )
    if doc.correction_line:
        story.append(Spacer(1, 0.6 * cm))
        story.append(Paragraph(_esc(doc.correction_line), st.correction))

    story += [NextPageTemplate("body"), PageBreak()]
    story.append(Paragraph("Dagsordenspunkter:", st.toc_title))
    story.append(toc)
    story.append(Paragraph(_esc(LEGEND), st.legend))
    story.append(PageBreak())

    for s_index, section in enumerate(doc.sections):
        if section.title:
            # Room for the section heading, the first item heading and a few lines.
            story.append(CondPageBreak(7 * cm))
            story.append(
                _Heading(
                    _esc(section.heading),
                    st.section,
                    level=0,
                    toc_text=section.heading,
                    key=f"s{s_index}",
                )
            )
        for i_index, item in enumerate(section.items):
            key = f"i{s_index}-{i_index}"
            heading = _Heading(
                _esc(item.heading),
                st.item,
                level=1 if section.title else 0,
                toc_text=item.heading,
                key=key,
            )
            story.append(CondPageBreak(3 * cm))
            story.append(heading)
            story.extend(_field_tables(item, doc))

    if doc.follow_ups:
        story.append(CondPageBreak(4 * cm))
        story.append(
            _Heading(
                "Opfølgningsark",
                st.section,
                level=0,
                toc_text="Opfølgningsark",
                key="followups",
                in_toc=False,
            )
        )
        story.append(_follow_up_table(doc))

    if doc.kind == "minutes" and (doc.ended_line or doc.attendance):
        story.append(CondPageBreak(5 * cm))
        if doc.ended_line:
            story.append(Spacer(1, 0.4 * cm))
            story.append(Paragraph(f"<b>{_esc(doc.ended_line)}</b>", st.body))
        if doc.attendance:
            story.append(
                _Heading(
                    "På mødet deltog:",
                    st.section,
                    level=0,
                    toc_text="Deltagere",
                    key="attendance",
                    in_toc=False,
                )
            )
            for group in doc.attendance:
                lines = [Paragraph(_esc(group.title), st.label)]
                person_style = ParagraphStyle("person", parent=st.body, leftIndent=12, spaceAfter=1)
                lines += [Paragraph(_esc(p.line), person_style) for p in group.people]
                lines.append(Spacer(1, 5))
                story.append(KeepTogether(lines) if len(lines) < 12 else lines[0])
                if len(lines) >= 12:
                    story.extend(lines[1:])
    return story


def _field_tables(item: ItemDoc, doc: MeetingDocument) -> list[Flowable]:
    """One two-column table per field: the label left, the text right.

    Each paragraph or list point is its own row, so a long field breaks between them;
    small tables per field keep ReportLab's splitting cheap.
    """
    st = styles()
    width = TEXT_WIDTH - LABEL_WIDTH
    tables: list[Flowable] = []
    for label, text in item.fields(doc.kind):
        flowables = _flowables(richtext.parse(text), st.body, width - 8)
        if flowables:
            tables.append(_label_table(label, flowables, width))
    if item.attachments:
        lines: list[Flowable] = []
        for attachment in item.attachments:
            text = _esc(attachment.label)
            if attachment.url.lower().startswith(("http://", "https://")):
                text = f'<a href="{escape(attachment.url)}" color="#1a4f8b"><u>{text}</u></a>'
            lines.append(Paragraph(text, st.body))
    else:
        lines = [Paragraph(NO_ATTACHMENTS, st.body)]
    tables.append(_label_table("Bilag", lines, width, last=True))
    return tables


def _label_table(label: str, flowables: list[Flowable], width: float, last: bool = False) -> Table:
    st = styles()
    rows = [
        [Paragraph(_esc(label), st.label) if n == 0 else "", f] for n, f in enumerate(flowables)
    ]
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (1, 0), (1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("LINEABOVE", (0, 0), (-1, 0), 0.5, RULE),
    ]
    # Table cells ignore a paragraph's spaceAfter, so the gaps are row padding.
    for n, flowable in enumerate(flowables):
        gap = flowable.style.spaceAfter if isinstance(flowable, Paragraph) else 4
        commands.append(("BOTTOMPADDING", (0, n), (-1, n), gap))
    if last:
        commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE))
        commands.append(("BOTTOMPADDING", (0, -1), (-1, -1), 6))
    table = Table(
        rows,
        colWidths=[LABEL_WIDTH, width],
        hAlign="LEFT",
        splitInRow=1,
        spaceAfter=8 if last else 0,
    )
    table.setStyle(TableStyle(commands))
    return table


def _follow_up_table(doc: MeetingDocument) -> Table:
    st = styles()
    head = ["Punkt", "Beslutning", "Ansvarlig", "Status"]
    rows: list[list[Any]] = [[Paragraph(h, st.cell_head) for h in head]]
    for f in doc.follow_ups:
        status = f.status + (f" – {f.note}" if f.note else "")
        rows.append([Paragraph(_esc(v), st.cell) for v in (f.title, f.decision, f.owner, status)])
    widths = [TEXT_WIDTH * w for w in (0.3, 0.35, 0.15, 0.2)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8ECF3")),
            ]
        )
    )
    return table
