"""A list version as CSV, XLSX or JSON, with the same columns in each.

CSV is for Excel on a Danish desktop: `;` between fields, `,` as the decimal mark and a
byte-order mark so Excel reads UTF-8 (æøå) without an import dialog.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from raadsrum.core.danish import danish_number
from raadsrum.positivelist.list_selectors import course_rows
from raadsrum.positivelist.models import CourseKind, DurationUnit, PositiveListVersion

COLUMNS = (
    "kursusnummer",
    "titel",
    "udbyder",
    "type",
    "varighed",
    "enhed",
    "online",
    "stillingsbetegnelser",
    "på listen siden",
)
FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
KIND_LABELS = dict(CourseKind.choices)
UNIT_LABELS = dict(DurationUnit.choices)


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def _duration_decimals(value: Decimal) -> int:
    return 0 if value == value.to_integral_value() else 1


def _job_titles(text: str) -> list[str]:
    return [t.strip() for t in text.split(";") if t.strip()]


def _values(row: dict[str, Any]) -> dict[str, Any]:
    """One course in typed values, keyed by the column names."""
    return {
        "kursusnummer": row["course_number"],
        "titel": row["title"],
        "udbyder": row["provider"],
        "type": str(KIND_LABELS.get(row["kind"], row["kind"])),
        "varighed": row["duration"],
        "enhed": str(UNIT_LABELS.get(row["duration_unit"], row["duration_unit"])),
        "online": bool(row["is_online"]),
        "stillingsbetegnelser": _job_titles(row["job_titles_text"]),
        "på listen siden": row["added_on"],
    }


def export_csv(version: PositiveListVersion) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in course_rows(version=version):
        v = _values(row)
        writer.writerow(
            [
                v["kursusnummer"],
                v["titel"],
                v["udbyder"],
                v["type"],
                danish_number(v["varighed"], _duration_decimals(v["varighed"])),
                v["enhed"],
                "ja" if v["online"] else "nej",
                "; ".join(v["stillingsbetegnelser"]),
                v["på listen siden"].isoformat(),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def export_xlsx(version: PositiveListVersion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    council = version.positive_list.council
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Positivliste")
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHI", (12, 50, 35, 22, 10, 11, 8, 45, 15), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    from openpyxl.cell import WriteOnlyCell

    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in course_rows(version=version):
        v = _values(row)
        duration = WriteOnlyCell(sheet, value=float(v["varighed"]))
        duration.number_format = "0.0" if _duration_decimals(v["varighed"]) else "0"
        since = WriteOnlyCell(sheet, value=v["på listen siden"])
        since.number_format = "yyyy-mm-dd"
        sheet.append(
            [
                v["kursusnummer"],
                v["titel"],
                v["udbyder"],
                v["type"],
                duration,
                v["enhed"],
                "ja" if v["online"] else "nej",
                "; ".join(v["stillingsbetegnelser"]),
                since,
            ]
        )
    workbook.properties.title = f"Positivliste for {council.name}, version {version.number}"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_json(version: PositiveListVersion) -> bytes:
    council = version.positive_list.council
    courses = []
    for row in course_rows(version=version):
        v = _values(row)
        v["varighed"] = float(v["varighed"])
        v["på listen siden"] = v["på listen siden"].isoformat()
        courses.append(v)
    document = {
        "council": council.slug,
        "council_name": council.name,
        "version": version.number,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else None,
        "columns": list(COLUMNS),
        "courses": courses,
    }
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


WRITERS: dict[str, Callable[[PositiveListVersion], bytes]] = {
    "csv": export_csv,
    "xlsx": export_xlsx,
    "json": export_json,
}


def export_version(version: PositiveListVersion, fmt: str) -> ExportFile:
    """The version in `fmt` ('csv', 'xlsx' or 'json') with its file name and content type."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}")
    council = version.positive_list.council
    filename = f"positivliste-{council.slug}-v{version.number}-{version.valid_from}.{fmt}"
    return ExportFile(
        content=WRITERS[fmt](version), content_type=CONTENT_TYPES[fmt], filename=filename
    )
