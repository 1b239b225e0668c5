"""How fast the archive imports minutes.

`import_text_pages_per_s`: parsing the sample texts, pages per second. A page is a form
feed where the text has them, otherwise 45 lines (blank lines included), about what one
A4 page of the sample PDFs holds. Parsing only, no database.

`import_pdf_s`: the seconds `document_import` takes to import a set of PDFs with commit
(text extraction, parsing, validation, and writing the meetings through the services),
median of RUNS runs. The PDFs are the spine's own exports of the dated samples. Floor:
Poppler's `pdftotext` (Debian's poppler-utils) on the same files in the same run, median
of RUNS; target: within 2x of the floor. Each run is rolled back, so each imports afresh.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from harness import BenchContext, Result

SAMPLES = Path(__file__).resolve().parent.parent / "raadsrum/archive/samples"
LINES_PER_PAGE = 45
RUNS = 5
PDF_SAMPLES = ("000_dd457604fb05ae09.txt", "003_c357e7af07d5e8d5.txt")


def pages_in(text: str) -> float:
    if "\f" in text:
        return float(text.count("\f") + 1)
    return max(1.0, len(text.split("\n")) / LINES_PER_PAGE)


def run(ctx: BenchContext) -> list[Result]:
    return [*run_text(ctx), run_pdf(ctx)]


def sample_pdfs() -> list[bytes]:
    """The dated samples imported, their minutes exported as PDF, the import rolled back."""
    from django.db import transaction

    from raadsrum.archive.services import document_import, import_user
    from raadsrum.meetings.documents.model import meeting_document
    from raadsrum.meetings.documents.pdf import render_pdf

    pdfs = []
    with transaction.atomic():
        user = import_user()
        for name in PDF_SAMPLES:
            result = document_import(data=(SAMPLES / name).read_bytes(), filename=name, by=user)
            assert result.meeting is not None, result.lines()
            pdfs.append(render_pdf(meeting_document(result.meeting, "minutes")))
        transaction.set_rollback(True)
    return pdfs


def run_pdf(ctx: BenchContext) -> Result:
    from django.db import transaction

    from raadsrum.archive.services import ImportStatus, document_import, import_user
    from raadsrum.councils.services import reference_load

    name, unit = "import_pdf_s", "s"
    reference_load()
    pdfs = sample_pdfs()
    floor: float | None = None
    note = ""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, data in enumerate(pdfs):
            path = Path(folder) / f"referat-{index}.pdf"
            path.write_bytes(data)
            paths.append(path)
        pdftotext = shutil.which("pdftotext")
        if pdftotext is None:
            note = "no floor: pdftotext (Debian's poppler-utils) is not installed"
        else:
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                for path in paths:
                    subprocess.run(
                        [pdftotext, "-layout", str(path), "-"],
                        check=True,
                        stdout=subprocess.DEVNULL,
                    )
                times.append(time.perf_counter() - started)
            floor = statistics.median(times)
    user = import_user()
    times = []
    for _ in range(RUNS):
        with transaction.atomic():
            started = time.perf_counter()
            for index, data in enumerate(pdfs):
                result = document_import(data=data, filename=f"referat-{index}.pdf", by=user)
                if result.status != ImportStatus.IMPORTED:
                    raise RuntimeError(f"import_pdf_s: {result.status}: {result.message}")
            times.append(time.perf_counter() - started)
            transaction.set_rollback(True)
    from raadsrum.archive.parsing import extract_text

    pages = sum(extract_text(d, filename="x.pdf").pages or 0 for d in pdfs)
    value = statistics.median(times)
    extract, parse = stage_times(pdfs)
    split = (
        f"extract {extract:.3f} s, parse {parse:.3f} s, "
        f"rest (plan, write, publish) {max(0.0, value - extract - parse):.3f} s"
    )
    note = note or (
        f"{len(pdfs)} PDFs, {pages} pages, median of {RUNS}; "
        f"{value / floor:.1f}x pdftotext; {split}"
        if floor
        else note
    )
    print(f"  {name}: {value:.3f} s; {note}", flush=True)
    return Result(
        name,
        round(value, 3),
        unit,
        target=round(2 * floor, 3) if floor else None,
        floor=round(floor, 3) if floor else None,
        note=note,
    )


def stage_times(pdfs: list[bytes]) -> tuple[float, float]:
    """Median seconds of the text extraction and of the parse of all `pdfs`: where the time
    of an import goes (the rest is planning and writing the meetings)."""
    from raadsrum.archive.parsing import extract_text, parse_minutes

    texts = [extract_text(d, filename="x.pdf").text for d in pdfs]
    extract, parse = [], []
    for _ in range(RUNS):
        started = time.perf_counter()
        for data in pdfs:
            extract_text(data, filename="x.pdf")
        extract.append(time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            parse_minutes(text, source_name="x.pdf")
        parse.append(time.perf_counter() - started)
    return statistics.median(extract), statistics.median(parse)


def run_text(ctx: BenchContext) -> list[Result]:
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
