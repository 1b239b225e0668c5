"""Rendering time of RAR Nordjylland's 22-item minutes of 4 June 2020, as PDF and as DOCX.

The document is built in memory (no database), so the numbers are the renderers' own
cost: layout, the table-of-contents passes, fonts and writing the file.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from harness import BenchContext, Result, median_time

PDF_TARGET_S = 1.5


def run(ctx: BenchContext) -> list[Result]:
    from raadsrum.meetings.documents.docx import render_docx
    from raadsrum.meetings.documents.pdf import build_pdf
    from raadsrum.meetings.documents.sample import sample_minutes

    doc = sample_minutes()
    pages = build_pdf(doc).pages
    pdf_s = median_time(lambda: build_pdf(doc), repeat=5, warmup=1)
    docx_s = median_time(lambda: render_docx(doc), repeat=5, warmup=1)
    pdf_cpu = _median_cpu(lambda: build_pdf(doc))
    return [
        Result(
            "minutes_pdf_s",
            round(pdf_s, 3),
            "s",
            target=PDF_TARGET_S,
            floor=None,
            note=f"22 items, {pages} pages; CPU time {pdf_cpu:.3f} s",
        ),
        Result("minutes_docx_s", round(docx_s, 3), "s", target=None, floor=None),
    ]


def _median_cpu(fn: Callable[[], object], repeat: int = 3) -> float:
    """CPU seconds of this process: wall time suffers when other work shares the machine."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return statistics.median(times)
