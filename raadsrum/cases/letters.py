"""The decision letter (afgørelsesbrev) as PDF, in the house style of the council documents.

Letterhead with the council and its secretariat, the case number and date, the recipient,
the decision, the reasons and who decided. Only decided cases have a letter.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from raadsrum.cases.models import (
    Case,
    CaseKind,
    CommunityServiceCase,
    DecidedBy,
    KLVReport,
    LayoffNotice,
    UtilityJobDispensation,
    WorkPermitHearing,
    WorkSharingCase,
)
from raadsrum.core.danish import danish_date
from raadsrum.core.errors import ValidationFailed
from raadsrum.meetings.documents.pdf import (
    ACCENT,
    FONT,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    _clean,
    _esc,
    register_fonts,
)

SUBJECTS = {
    CaseKind.WORK_SHARING: "Afgørelse om arbejdsfordeling",
    CaseKind.LAYOFF_NOTICE: "Kvittering for varsling af større afskedigelser",
    CaseKind.WORK_PERMIT_HEARING: "Udtalelse om løn- og ansættelsesvilkår",
    CaseKind.COMMUNITY_SERVICE: "Afgørelse om godkendelse af arbejdsplads til samfundstjeneste",
    CaseKind.UTILITY_JOB_DISPENSATION: "Afgørelse om dispensation fra rimelighedskravet",
    CaseKind.KLV_REPORT: "Kvittering for KLV-liste",
}


def _recipient(case: Case) -> str:
    for name in ("company_name", "employer_name", "workplace_name"):
        value = getattr(case, name, "")
        if value:
            return str(value)
    municipality = getattr(case, "municipality", None)
    return f"{municipality.name} Kommune" if municipality is not None else ""


def _facts(case: Case) -> list[tuple[str, str]]:
    """The case's key facts as (label, value), by type."""
    facts: list[tuple[str, str]] = [("Sagstype", str(CaseKind(case.kind).label))]
    if isinstance(case, WorkSharingCase):
        facts += [
            ("Virksomhed", f"{case.company_name} (CVR {case.cvr})"),
            ("Kommune", case.municipality.name),
            ("Berørte medarbejdere", str(case.employees_affected)),
            (
                "Periode",
                f"{case.weeks} uger fra {danish_date(case.start_date)}"
                + (" (forlængelse)" if case.is_extension else ""),
            ),
        ]
    elif isinstance(case, LayoffNotice):
        facts += [
            ("Virksomhed", f"{case.company_name} (CVR {case.cvr})"),
            ("Arbejdssted", case.site or case.municipality.name),
            ("Antal berørte", str(case.employees_affected)),
            ("Afskedigelser fra", danish_date(case.layoff_from)),
        ]
    elif isinstance(case, WorkPermitHearing):
        facts += [
            ("Arbejdsgiver", f"{case.employer_name} (CVR {case.cvr})"),
            ("Stilling", case.position),
        ]
        if case.siri_reference:
            facts.append(("SIRI's sagsnummer", case.siri_reference))
    elif isinstance(case, CommunityServiceCase):
        facts += [("Arbejdsplads", case.workplace_name), ("Pladser", str(case.places))]
    elif isinstance(case, UtilityJobDispensation):
        facts += [("Kommune", case.municipality.name), ("Personer", str(case.persons))]
    elif isinstance(case, KLVReport):
        facts += [
            ("Kommune", case.municipality.name),
            ("Kvartal", f"{case.quarter}. kvartal {case.quarter_year}"),
        ]
    return facts


def decision_letter_pdf(case: Case) -> bytes:
    """The letter for a decided (or closed after decision) case, as PDF bytes."""
    case = case.specific
    if not case.decided_by or case.decided_at is None:
        raise ValidationFailed("Sagen er ikke afgjort endnu, så der er intet afgørelsesbrev.")
    register_fonts()
    council = case.council
    body = ParagraphStyle("letter", fontName=FONT, fontSize=10.5, leading=15, spaceAfter=8)
    heading = ParagraphStyle(
        "letter_heading",
        parent=body,
        fontName=f"{FONT}-Bold",
        fontSize=11,
        textColor=ACCENT,
        spaceBefore=8,
        spaceAfter=4,
    )
    subject = ParagraphStyle(
        "letter_subject",
        parent=body,
        fontName=f"{FONT}-Bold",
        fontSize=14,
        leading=18,
        textColor=ACCENT,
        spaceAfter=12,
    )
    small = ParagraphStyle("letter_small", parent=body, fontSize=9, leading=12, textColor=MUTED)
    decided_on = timezone.localtime(case.decided_at).date()

    def letterhead(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_HEIGHT - 0.9 * cm, PAGE_WIDTH, 0.9 * cm, stroke=0, fill=1)
        canvas.setFont(f"{FONT}-Bold", 13)
        canvas.drawString(MARGIN_X, PAGE_HEIGHT - 2.2 * cm, _clean(council.name))
        canvas.setFont(FONT, 9)
        canvas.setFillColor(MUTED)
        if council.secretariat_name:
            canvas.drawString(
                MARGIN_X, PAGE_HEIGHT - 2.7 * cm, _clean(f"Sekretariat: {council.secretariat_name}")
            )
        right = PAGE_WIDTH - MARGIN_X
        canvas.drawRightString(right, PAGE_HEIGHT - 2.2 * cm, f"Sagsnr. {case.reference}")
        canvas.drawRightString(right, PAGE_HEIGHT - 2.7 * cm, danish_date(decided_on))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, PAGE_HEIGHT - 3.0 * cm, right, PAGE_HEIGHT - 3.0 * cm)
        canvas.drawRightString(right, 1.2 * cm, f"Side {canvas.getPageNumber()}")
        canvas.restoreState()

    story: list[Any] = []
    recipient = _recipient(case)
    if recipient:
        story.append(Paragraph(_esc(recipient), body))
    story.append(Spacer(1, 0.6 * cm))
    story.append(Paragraph(_esc(SUBJECTS[CaseKind(case.kind)]), subject))

    facts = Table(
        [
            [Paragraph(f"<b>{_esc(label)}</b>", small), Paragraph(_esc(value), small)]
            for label, value in _facts(case)
        ],
        colWidths=[4.8 * cm, PAGE_WIDTH - 2 * MARGIN_X - 4.8 * cm],
        hAlign="LEFT",
    )
    facts.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, -1), (-1, -1), 0.5, RULE),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story += [facts, Spacer(1, 0.4 * cm)]

    story.append(Paragraph("Afgørelse", heading))
    for line in case.decision.splitlines() or [case.get_outcome_display()]:
        if line.strip():
            story.append(Paragraph(_esc(line.strip()), body))
    if case.reasons:
        story.append(Paragraph("Begrundelse", heading))
        for line in case.reasons.splitlines():
            if line.strip():
                story.append(Paragraph(_esc(line.strip()), body))

    if case.decided_by == DecidedBy.COMMITTEE:
        who = (
            f"Afgørelsen er truffet af {council.name_genitive or council.name} sagsudvalg "
            f"ved skriftlig høring den {danish_date(decided_on)}."
        )
    else:
        who = (
            f"Afgørelsen er truffet af sekretariatet på vegne af {council.name} "
            f"den {danish_date(decided_on)}."
        )
    story += [Spacer(1, 0.2 * cm), Paragraph(_esc(who), body), Spacer(1, 0.8 * cm)]
    story.append(Paragraph("Med venlig hilsen", body))
    story.append(Paragraph(_esc(council.secretariat_name or council.name), body))
    if council.secretariat_name:
        story.append(Paragraph(_esc(f"på vegne af {council.name}"), small))

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=3.6 * cm,
        bottomMargin=2.2 * cm,
        title=f"{SUBJECTS[CaseKind(case.kind)]} – sag {case.reference}",
        author=council.secretariat_name or council.name,
        creator="Rådsrum",
        lang="da",
        initialFontName=FONT,
    )
    doc.build(story, onFirstPage=letterhead, onLaterPages=letterhead)
    return buffer.getvalue()
