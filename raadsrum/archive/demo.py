"""The archive's part of the demo: the sample minutes shipped in samples/, imported.

RAR Nordjylland's meeting of 4 June 2020 already exists when this runs (the demo builds it
by hand from meetings/demo/nordjylland-2020-06-04.json). Its sample is imported anyway:
the import recognises a meeting made in Rådsrum, leaves it unchanged and records the file
as its source (status LINKED), with any differences between file and meeting listed.
"""

from __future__ import annotations

from pathlib import Path

from raadsrum.archive.parsing import ImportFailed
from raadsrum.archive.services import ImportResult, document_import, import_user

SAMPLES_DIR = Path(__file__).resolve().parent / "samples"


def sample_files() -> list[Path]:
    """The sample minutes (text extracted from three councils' published PDFs)."""
    return sorted(SAMPLES_DIR.glob("*.txt"))


def archive_samples_import() -> tuple[list[ImportResult], list[str]]:
    """Import every sample as the system import user; the second run imports nothing new.

    Returns the results and, for files that could not be imported, Danish error lines.
    """
    by = import_user()
    results: list[ImportResult] = []
    errors: list[str] = []
    for path in sample_files():
        try:
            results.append(document_import(data=path.read_bytes(), filename=path.name, by=by))
        except ImportFailed as error:
            errors.append(f"{path.name}: {error.message}")
    return results, errors
