"""Reading CSV and XLSX files into plain rows, and the row-level errors an import reports.

Every import in the project (case lists, the labour-market balance, consultation answers,
pool money, statistics files) reads its file here, so they all accept the same files (CSV
with `;` or `,`, UTF-8 or Windows-1252 as Excel saves it, or XLSX) and report errors the same
way: row numbers are the spreadsheet's (the header is row 1, the first data row is row 2) and
a column is named by its header. The cell parsers return a value or raise `ValueError` with a
Danish message for the row error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from raadsrum.core.errors import ValidationFailed

FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("Række %(row)s") % {"row": self.row}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class ImportRejected(ValidationFailed):
    """Nothing was imported; `errors` says what to fix, row by row."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(
            _("Filen blev ikke indlæst: %(count)s fejl. Ret rækkerne og prøv igen.")
            % {"count": len(errors)}
        )
        self.errors = errors


@dataclass
class Table:
    headers: list[str]
    rows: list[dict[str, Any]] = field(default_factory=list)


def normalise_header(header: object) -> str:
    """'Ansatte uden tilskud ', 'ANSATTE_UDEN_TILSKUD' → 'ansatte uden tilskud'."""
    text = str(header or "").strip().lower().replace("_", " ")
    return re.sub(r"\s+", " ", text)


def read_table(content: bytes, filename: str) -> Table:
    """A CSV (`;` or `,`, UTF-8 or Windows-1252, as Excel saves it) or XLSX file as rows."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content)
    if filename.lower().endswith((".csv", ".txt")):
        return _read_csv(content)
    raise ValidationFailed(_("Filen skal være CSV eller XLSX (Excel)."))


def _read_csv(content: bytes) -> Table:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines = list(reader)
    return _table(lines)


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ValidationFailed(_("Excel-filen kan ikke læses.")) from error
    try:
        sheet = workbook.worksheets[0]
        lines = [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _table(lines)


def _table(lines: list[list[Any]]) -> Table:
    if not lines:
        raise ValidationFailed(_("Filen er tom."))
    headers = [normalise_header(h) for h in lines[0]]
    table = Table(headers=headers)
    for line in lines[1:]:
        if all(v is None or str(v).strip() == "" for v in line):
            table.rows.append({})  # keep the numbering: blank rows are skipped later
            continue
        table.rows.append({h: v for h, v in zip(headers, line, strict=False) if h})
    return table


def numbered(rows: Iterable[Mapping[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """(spreadsheet row number, row with normalised headers), blank rows left out."""
    out = []
    for index, row in enumerate(rows):
        clean = {normalise_header(k): v for k, v in row.items()}
        if any(v is not None and str(v).strip() != "" for v in clean.values()):
            out.append((index + FIRST_DATA_ROW, clean))
    return out


# --- Cell parsers: value or ValueError with a Danish message ----------------------------------


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def cell_int(value: Any) -> int:
    """'1.234' (Danish thousands), 1234, 1234.0 → 1234; negative or fractional is an error."""
    if isinstance(value, bool):
        raise ValueError(_("skal være et helt tal"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(_("skal være et helt tal"))
        number = int(value)
    else:
        text = cell_text(value).replace(".", "").replace(" ", "")
        if not text:
            raise ValueError(_("mangler"))
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(_("skal være et helt tal, der står '%(v)s'") % {"v": cell_text(value)})
        number = int(text)
    if number < 0:
        raise ValueError(_("må ikke være negativt"))
    return number


_DATE_FORMATS = ("%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%y")


def cell_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        raise ValueError(_("mangler"))
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(_("skal være en dato som 04.06.2020, der står '%(v)s'") % {"v": text})


_YES = {"ja", "j", "x", "1", "sand", "true", "yes"}
_NO = {"nej", "n", "", "0", "falsk", "false", "no"}


def cell_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value).lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(_("skal være 'ja' eller 'nej', der står '%(v)s'") % {"v": cell_text(value)})


def danish_numeral(text: str) -> str:
    """A number as Danes write it, as Python reads it: '1.234,5' → '1234.5', '3,4' → '3.4',
    '1.234' → '1234' (thousands); '12.5' stays. Spaces (also non-breaking) are dropped."""
    clean = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in clean:
        return clean.replace(".", "").replace(",", ".")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", clean):
        return clean.replace(".", "")
    return clean


def cell_decimal(value: Any) -> Decimal:
    """'0,5', '1.234,5' (Danish), 0.5, 3 → Decimal; negative is an error."""
    if isinstance(value, bool):
        raise ValueError(_("skal være et tal"))
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        text = danish_numeral(cell_text(value))
        if not text:
            raise ValueError(_("mangler"))
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(
                _("skal være et tal som 0,5 eller 3, der står '%(v)s'") % {"v": cell_text(value)}
            ) from None
    if not number.is_finite():
        raise ValueError(_("skal være et tal"))
    if number < 0:
        raise ValueError(_("må ikke være negativt"))
    return number
