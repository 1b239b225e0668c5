"""The key-figures note as HTML (charts as inline SVG, their figures as tables) and as PDF
(ReportLab platypus, the charts as the same drawings), in the meeting documents' look.

Both come from one `KeyFiguresNote`; when its figures are synthetic, every output says
"Syntetiske data": the page's notice, a line on every PDF page, the JSON's label.
"""

from __future__ import annotations

import io
import json
from typing import Any
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from raadsrum.core.charts import Chart
from raadsrum.core.danish import danish_month
from raadsrum.meetings.documents.pdf import (
    ACCENT,
    FONT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    NumberedCanvas,
    register_fonts,
)
from raadsrum.monitoring.keyfigures import SYNTHETIC_LABEL, KeyFiguresNote

TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
WARNING = colors.HexColor("#8a1c00")
WARNING_BACKGROUND = colors.HexColor("#fff4e5")


# --- HTML --------------------------------------------------------------------------------


def note_context(note: KeyFiguresNote) -> dict[str, Any]:
    """What the note templates need: the note, its sections with their charts' SVG."""
    sections = [
        {
            "section": section,
            "charts": [
                {
                    "chart": chart,
                    "svg": mark_safe(chart.svg(element_id=f"chart-{section.key}-{i}")),  # noqa: S308 (built from escaped text)
                    "headers": chart.headers(),
                    "rows": chart.rows(),
                }
                for i, chart in enumerate(section.charts, start=1)
            ],
        }
        for section in note.sections
    ]
    return {
        "note": note,
        "sections": sections,
        "council": note.council,
        "month_text": danish_month(note.month),
        "month_code": note.month.strftime("%Y-%m"),
        "is_synthetic": note.is_synthetic,
        "synthetic_label": SYNTHETIC_LABEL,
    }


def note_html(note: KeyFiguresNote) -> str:
    """A complete, standalone HTML document (for files: the command, e-mail)."""
    return render_to_string("monitoring/notes/note_document.html", note_context(note))


def note_json(note: KeyFiguresNote) -> str:
    return json.dumps(note.to_json(), ensure_ascii=False, indent=2)


# --- PDF ---------------------------------------------------------------------------------


def _styles() -> dict[str, ParagraphStyle]:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, spaceAfter=3)
    return {
        "body": body,
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=MUTED),
        "title": ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=24,
            leading=29,
            textColor=ACCENT,
            spaceAfter=4,
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=body, fontSize=13, leading=17, textColor=ACCENT, spaceAfter=8
        ),
        "section": ParagraphStyle(
            "section",
            parent=body,
            fontName=f"{FONT}-Bold",
            fontSize=13,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=6,
        ),
        "warning": ParagraphStyle(
            "warning", parent=body, fontName=f"{FONT}-Bold", textColor=WARNING, spaceAfter=0
        ),
    }


def _esc(text: str) -> str:
    return escape(text)


class _NumberedCanvas(NumberedCanvas):
    first_numbered_page = 1  # a note has no front page


class _Template(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, note: KeyFiguresNote) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=f"{note.title} – {note.council.name}",
            author=note.council.secretariat_name or note.council.name,
            subject=note.subtitle,
            creator="Rådsrum",
            lang="da",
            initialFontName=FONT,
        )
        self.note = note
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
        self.addPageTemplates([PageTemplate("body", [frame], onPage=self._page)])

    def _page(self, canvas: Canvas, _doc: Any) -> None:
        """The Danish running header, and the synthetic label on every page."""
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_HEIGHT - 0.5 * cm, PAGE_WIDTH, 0.5 * cm, stroke=0, fill=1)
        y = PAGE_HEIGHT - 1.5 * cm
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_X, y, f"{self.note.council.name} · {self.note.title}")
        if self.note.is_synthetic:
            canvas.setFont(f"{FONT}-Bold", 9)
            canvas.setFillColor(WARNING)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y, SYNTHETIC_LABEL.upper())
            canvas.drawString(
                MARGIN_X,
                1.2 * cm,
                _("Syntetiske data – ikke officiel statistik"),
            )
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y - 5, PAGE_WIDTH - MARGIN_X, y - 5)
        canvas.restoreState()


def _chart_block(chart: Chart) -> list[Flowable]:
    return [chart.drawing(width=TEXT_WIDTH, height=TEXT_WIDTH * 0.42), Spacer(1, 10)]


def _synthetic_box(styles: dict[str, ParagraphStyle]) -> Table:
    text = Paragraph(
        _esc(
            _(
                "Syntetiske data: tallene i dette notat er syntetiske demotal, ikke officiel "
                "statistik."
            )
        ),
        styles["warning"],
    )
    box = Table([[text]], colWidths=[TEXT_WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), WARNING_BACKGROUND),
                ("BOX", (0, 0), (-1, -1), 1, WARNING),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def note_pdf(note: KeyFiguresNote) -> bytes:
    """The note as a PDF: title, the sentences per section, the charts, sources."""
    styles = _styles()
    story: list[Flowable] = [
        Paragraph(_esc(note.title), styles["title"]),
        Paragraph(_esc(note.subtitle), styles["subtitle"]),
    ]
    if note.is_synthetic:
        story += [_synthetic_box(styles), Spacer(1, 6)]
    sources = ", ".join(note.sources) or _("ingen")
    story.append(
        Paragraph(
            _esc(
                _("Kilder: %(sources)s. %(mapping)s")
                % {
                    "sources": sources,
                    "mapping": note.mapping_text,
                }
            ),
            styles["small"],
        )
    )
    for section in note.sections:
        head: list[Flowable] = [Paragraph(_esc(section.heading), styles["section"])]
        head += [
            Paragraph(_esc(sentence), styles["bullet"], bulletText="•")
            for sentence in section.sentences
        ]
        if section.sources:
            head.append(
                Paragraph(
                    _esc(_("Kilde: %(source)s") % {"source": ", ".join(section.sources)}),
                    styles["small"],
                )
            )
        head.append(Spacer(1, 4))
        charts = [_chart_block(chart) for chart in section.charts]
        # Keep the heading with its text and first chart; later charts flow on.
        story.append(KeepTogether(head + (charts[0] if charts else [])))
        for chart in charts[1:]:
            story += chart
    buffer = io.BytesIO()
    _Template(buffer, note).build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def note_pdf_filename(note: KeyFiguresNote) -> str:
    return f"noegletal-{note.council.slug}-{note.month:%Y-%m}.pdf"
