"""How fast the archive parses minutes text: pages of the sample minutes per second.

A page is a form feed where the text has them, otherwise 45 lines (blank lines included),
about what one A4 page of the sample PDFs holds. Parsing only: no database writes yet.
"""

from __future__ import annotations

import time
from pathlib import Path

from harness import BenchContext, Result

SAMPLES = Path(__file__).resolve().parent.parent / "raadsrum/archive/samples"
LINES_PER_PAGE = 45


def pages_in(text: str) -> float:
    if "\f" in text:
        return float(text.count("\f") + 1)
    return max(1.0, len(text.split("\n")) / LINES_PER_PAGE)


def run(ctx: BenchContext) -> list[Result]:
    from raadsrum.archive.parsing import parse_minutes
    from raadsrum.archive.parsing.wordlist import danish_words

    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    if not texts:
        return [
            Result.unavailable(
                "import_text_pages_per_s",
                "pages/s",
                target=None,
                why="no samples in raadsrum/archive/samples",
            )
        ]
    words = danish_words()
    pages = sum(pages_in(text) for text in texts)
    for text in texts:  # warm-up: loads the word list and fills its caches once
        parse_minutes(text)
    rounds = 3
    started = time.perf_counter()
    for _ in range(rounds):
        for text in texts:
            parse_minutes(text)
    elapsed = time.perf_counter() - started
    note = f"{len(texts)} samples, {pages:.0f} pages of {LINES_PER_PAGE} lines, {rounds} rounds"
    if words is None:
        note += "; without the word list (wdanish not installed)"
    return [
        Result(
            "import_text_pages_per_s",
            round(pages * rounds / elapsed, 1),
            "pages/s",
            target=None,
            higher_is_better=True,
            note=note,
        )
    ]
