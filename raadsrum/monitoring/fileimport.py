"""Importing the statistics files people download into the store.

Three layouts, read through `core.tabular` (CSV with `;` or `,`, or XLSX):

- `statbank-csv`: a table from statistikbanken.dk saved in long form: one column per
  variable (`OMRÅDE`, `ALDER`, `TID`, …, codes or texts) and the value (`INDHOLD`), Danish
  decimals, `..` for a figure not shown. The measure is given by the user.
- `jobindsats`: a table from jobindsats.dk: `Område`, `Periode`, perhaps a breakdown column
  (`Ydelsesgrupper`, `Alder`, …) and one or more value columns (named as in the API).
- `long`: our own simple layout: `måltal;område;periode;værdi`, optionally `opdeling`,
  `opdelingsværdi` and `offentliggjort`.

The file is parsed into `ObservationRow`s first; a file with errors is rejected as a whole
(`ImportRejected`, row by row), and only a clean file is loaded.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.tabular import (
    ImportRejected,
    RowError,
    cell_date,
    cell_text,
    danish_numeral,
    normalise_header,
    numbered,
    read_table,
)
from raadsrum.monitoring.codes import Areas, period_parse
from raadsrum.monitoring.connectors.jobindsats import DATASETS, period_parse_jobindsats
from raadsrum.monitoring.measures import MEASURES, MEASURES_BY_CODE, BreakdownKind
from raadsrum.monitoring.models import Measure, StatisticsLoad
from raadsrum.monitoring.services import ObservationRow, observations_load, source_ensure

FORMATS = {
    "statbank-csv": gettext_lazy("tabel fra statistikbanken.dk (CSV eller XLSX, lang form)"),
    "jobindsats": gettext_lazy("tabel fra jobindsats.dk (CSV eller XLSX)"),
    "long": gettext_lazy("måltal;område;periode;værdi"),
}
SOURCE_OF_FORMAT = {"statbank-csv": "statbank", "jobindsats": "jobindsats", "long": "file"}
MAX_ERRORS = 50
MISSING = {"..", ".", "-", ":", "*", "x"}
TOTALS = {
    "i alt",
    "ialt",
    "tot",
    "total",
    "alle",
    "hele landet i alt",
    "ydelsesgrupper i alt",
    "alder i alt",
    "alle brancher",
    "uddannelse i alt",
}
# Column header (normalised) → breakdown kind.
BREAKDOWN_COLUMNS = {
    "alder": BreakdownKind.AGE,
    "aldersgruppe": BreakdownKind.AGE,
    "uddannelse": BreakdownKind.EDUCATION,
    "højeste fuldførte uddannelse": BreakdownKind.EDUCATION,
    "branche": BreakdownKind.INDUSTRY,
    "branche (db07)": BreakdownKind.INDUSTRY,
    "branche07": BreakdownKind.INDUSTRY,
    "ydelsestype": BreakdownKind.BENEFIT,
    "ydelsesgrupper": BreakdownKind.BENEFIT,
    "ydelse": BreakdownKind.BENEFIT,
    "stilling": BreakdownKind.OCCUPATION,
    "stillingsbetegnelse": BreakdownKind.OCCUPATION,
    "disco": BreakdownKind.OCCUPATION,
    "stillingsgruppe": BreakdownKind.OCCUPATION,
}
AREA_COLUMNS = ("område", "omrade", "area")
PERIOD_COLUMNS = ("tid", "periode", "period")
VALUE_COLUMNS = ("indhold", "værdi", "value")


@dataclass
class ParsedFile:
    rows: list[ObservationRow] = field(default_factory=list)
    missing: int = 0  # figures the source does not show ('..')
    errors: list[RowError] = field(default_factory=list)


class _Errors:
    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed

    def add(self, row: int, column: str, message: str) -> None:
        self.parsed.errors.append(RowError(row=row, column=column, message=message))
        if len(self.parsed.errors) >= MAX_ERRORS:
            raise ImportRejected(self.parsed.errors)


def cell_value(value: Any) -> float | None:
    """'1.234', '3,4', '-2,5', 12, 0.5 → float; '..' (not shown) → None; else ValueError."""
    if isinstance(value, bool):
        raise ValueError(_("skal være et tal"))
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = cell_text(value).replace(" ", "").replace("\u00a0", "")
        if not text:
            raise ValueError(_("mangler"))
        if text in MISSING:
            return None
        text = danish_numeral(text)
        try:
            number = float(text)
        except ValueError:
            raise ValueError(
                _("skal være et tal som 1.234 eller 3,4, der står '%(v)s'")
                % {"v": cell_text(value)}
            ) from None
    if not math.isfinite(number):
        raise ValueError(_("skal være et tal"))
    return number


def _find(headers: list[str], candidates: tuple[str, ...]) -> str | None:
    for candidate in candidates:
        if candidate in headers:
            return candidate
    return None


def _measure_code(text: str) -> str:
    """A measure given by code or by its Danish name."""
    key = text.strip()
    if key in MEASURES_BY_CODE:
        return key
    by_name = {spec.name.lower(): spec.code for spec in MEASURES}
    if key.lower() in by_name:
        return by_name[key.lower()]
    existing = Measure.objects.filter(code=key).values_list("code", flat=True).first()
    if existing:
        return existing
    raise ValueError(_("ukendt måltal '%(v)s'") % {"v": text})


# --- the three layouts -------------------------------------------------------------------------


def _parse_long(rows: list[tuple[int, dict[str, Any]]], areas: Areas, parsed: ParsedFile) -> None:
    errors = _Errors(parsed)
    for number, row in rows:
        try:
            measure = _measure_code(cell_text(row.get("måltal")))
        except ValueError as error:
            errors.add(number, "måltal", str(error))
            continue
        try:
            area_kind, area_code = areas.resolve(row.get("område"))
        except ValueError as error:
            errors.add(number, "område", str(error))
            continue
        try:
            period_kind, period_start = period_parse(cell_text(row.get("periode")))
        except ValueError as error:
            errors.add(number, "periode", str(error))
            continue
        try:
            value = cell_value(row.get("værdi"))
            if value is None:
                raise ValueError(_("mangler"))
        except ValueError as error:
            errors.add(number, "værdi", str(error))
            continue
        breakdown_kind = _breakdown_kind(cell_text(row.get("opdeling")))
        if breakdown_kind is None:
            errors.add(
                number,
                "opdeling",
                _("ukendt opdeling '%(v)s' (brug %(all)s)")
                % {"v": cell_text(row.get("opdeling")), "all": ", ".join(BreakdownKind.ALL)},
            )
            continue
        breakdown_value = cell_text(row.get("opdelingsværdi")) if breakdown_kind else ""
        if breakdown_kind and not breakdown_value:
            errors.add(number, "opdelingsværdi", _("mangler, når der er en opdeling"))
            continue
        published_on = None
        if cell_text(row.get("offentliggjort")):
            try:
                published_on = cell_date(row.get("offentliggjort"))
            except ValueError as error:
                errors.add(number, "offentliggjort", str(error))
                continue
        parsed.rows.append(
            ObservationRow(
                measure=measure,
                area_kind=area_kind,
                area_code=area_code,
                period_kind=period_kind,
                period_start=period_start,
                value=value,
                breakdown_kind=breakdown_kind,
                breakdown_value=breakdown_value,
                published_on=published_on,
            )
        )


def _breakdown_kind(text: str) -> str | None:
    """'' → '' (no breakdown); 'age' or 'aldersgruppe' → 'age'; unknown → None."""
    key = text.strip().lower()
    if not key:
        return ""
    if key in BreakdownKind.ALL:
        return key
    for kind, label in BreakdownKind.LABELS.items():
        if key == label:
            return kind
    return BREAKDOWN_COLUMNS.get(key)


def _parse_wide(
    rows: list[tuple[int, dict[str, Any]]],
    headers: list[str],
    areas: Areas,
    parsed: ParsedFile,
    *,
    value_columns: dict[str, str],
    period_reader: Callable[[str], tuple[str, dt.date]],
) -> None:
    """The StatBank and Jobindsats layouts: dimension columns and value columns."""
    errors = _Errors(parsed)
    area_column = _find(headers, AREA_COLUMNS)
    period_column = _find(headers, PERIOD_COLUMNS)
    if area_column is None or period_column is None:
        name = _("område") if area_column is None else _("periode/tid")
        raise ImportRejected(
            [RowError(row=1, column=name, message=_("kolonnen mangler i overskriften"))]
        )
    others = [h for h in headers if h and h not in {area_column, period_column, *value_columns}]
    # A column with one value throughout is a fixed choice (e.g. "Bruttoledige"), not a split.
    distinct = {h: {cell_text(row.get(h)) for _n, row in rows} for h in others}
    split = [h for h in others if len(distinct[h]) > 1]
    for header in split:
        if header not in BREAKDOWN_COLUMNS:
            raise ImportRejected(
                [
                    RowError(
                        row=1,
                        column=header,
                        message=_(
                            "kolonnen har flere værdier, men er ikke en opdeling, vi kender "
                            "(%(known)s): vælg én værdi, før tabellen hentes"
                        )
                        % {"known": ", ".join(sorted(BREAKDOWN_COLUMNS))},
                    )
                ]
            )
    for number, row in rows:
        try:
            area_kind, area_code = areas.resolve(row.get(area_column))
        except ValueError as error:
            errors.add(number, str(area_column), str(error))
            continue
        try:
            period_kind, period_start = period_reader(cell_text(row.get(period_column)))
        except ValueError as error:
            errors.add(number, str(period_column), str(error))
            continue
        breakdowns = [
            (BREAKDOWN_COLUMNS[h], cell_text(row.get(h)))
            for h in split
            if cell_text(row.get(h)).lower() not in TOTALS
        ]
        if len(breakdowns) > 1:
            errors.add(
                number,
                ", ".join(split),
                _("rækken er opdelt på flere ting på én gang; vælg 'I alt' i alle på nær én"),
            )
            continue
        breakdown_kind, breakdown_value = breakdowns[0] if breakdowns else ("", "")
        if breakdown_kind == BreakdownKind.AGE:
            # statistikbanken.dk writes '16-24 år' where the API's code is '16-24'.
            breakdown_value = re.sub(r"\s*år$", "", breakdown_value)
        for column, measure in value_columns.items():
            try:
                value = cell_value(row.get(column))
            except ValueError as error:
                errors.add(number, column, str(error))
                continue
            if value is None:
                parsed.missing += 1
                continue
            parsed.rows.append(
                ObservationRow(
                    measure=measure,
                    area_kind=area_kind,
                    area_code=area_code,
                    period_kind=period_kind,
                    period_start=period_start,
                    value=value,
                    breakdown_kind=breakdown_kind,
                    breakdown_value=breakdown_value,
                )
            )


def _statbank_value_columns(headers: list[str], measure: str | None) -> dict[str, str]:
    if not measure:
        raise ValidationFailed(_("Angiv hvilket måltal tabellen indeholder (--measure)."))
    column = _find(headers, VALUE_COLUMNS) or (headers[-1] if headers else None)
    if column is None:
        raise ValidationFailed(_("Filen har ingen kolonner."))
    return {column: measure}


def _jobindsats_value_columns(headers: list[str], measure: str | None) -> dict[str, str]:
    known = {
        normalise_header(label): code for ds in DATASETS for label, code in ds.measures.items()
    }
    dimensions = {*AREA_COLUMNS, *PERIOD_COLUMNS, *BREAKDOWN_COLUMNS}
    candidates = [h for h in headers if h and h not in dimensions]
    if measure:
        if len(candidates) != 1:
            raise ValidationFailed(
                _("Med --measure skal filen have præcis én talkolonne; den har: %(c)s")
                % {"c": ", ".join(candidates) or "-"}
            )
        return {candidates[0]: measure}
    columns = {h: known[h] for h in candidates if h in known}
    if not columns:
        raise ValidationFailed(
            _("Ingen kendte talkolonner (%(known)s); angiv måltallet med --measure.")
            % {"known": ", ".join(sorted(known))}
        )
    return columns


def file_parse(
    *, content: bytes, filename: str, fmt: str, measure: str | None = None
) -> ParsedFile:
    """The file as ObservationRows; ImportRejected (row by row) or ValidationFailed if wrong."""
    if fmt not in FORMATS:
        raise ValidationFailed(
            _("Ukendt filformat '%(f)s' (brug %(all)s).") % {"f": fmt, "all": ", ".join(FORMATS)}
        )
    if measure:
        try:
            measure = _measure_code(measure)
        except ValueError as error:
            raise ValidationFailed(str(error).capitalize() + ".") from None
    table = read_table(content, filename)
    rows = numbered(table.rows)
    areas = Areas()
    parsed = ParsedFile()
    if fmt == "long":
        missing = [c for c in ("måltal", "område", "periode", "værdi") if c not in table.headers]
        if missing:
            raise ImportRejected(
                [RowError(row=1, column=c, message=_("kolonnen mangler")) for c in missing]
            )
        _parse_long(rows, areas, parsed)
    elif fmt == "statbank-csv":
        _parse_wide(
            rows,
            table.headers,
            areas,
            parsed,
            value_columns=_statbank_value_columns(table.headers, measure),
            period_reader=period_parse,
        )
    else:
        _parse_wide(
            rows,
            table.headers,
            areas,
            parsed,
            value_columns=_jobindsats_value_columns(table.headers, measure),
            period_reader=period_parse_jobindsats,
        )
    if parsed.errors:
        raise ImportRejected(parsed.errors)
    return parsed


def file_import(
    *,
    content: bytes,
    filename: str,
    fmt: str,
    measure: str | None = None,
    by: User | AnonymousUser | None = None,
    progress: Callable[[int], None] | None = None,
) -> StatisticsLoad:
    """Parse the file, then load it in one transaction (`services.observations_load`)."""
    parsed = file_parse(content=content, filename=filename, fmt=fmt, measure=measure)
    return observations_load(
        source=source_ensure(code=SOURCE_OF_FORMAT[fmt]),
        rows=parsed.rows,
        description=_("Fil: %(name)s (%(fmt)s)") % {"name": filename, "fmt": fmt},
        by=by,
        progress=progress,
    )
