"""Statistics Denmark's StatBank API (`STATBANK_URL`, https://api.statbank.dk/v1).

`/tableinfo` tells which variables and periods a table has; `/data` answers in CSV (`;`
between fields, `,` as the decimal mark, `..` for a figure not shown) or JSON-stat. Both are
parsed here. The tables we read and what they mean are the `TABLES` below: which measure,
which variable is the area (`OMRÅDE`: `000` the whole country, `081`–`085` the regions,
three-digit municipality codes) and the period (`Tid`: `2025M09`, `2025K3`, `2025`), which
variables are fixed at their total, and which one (if any) becomes the breakdown.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import math
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.tabular import danish_numeral
from raadsrum.monitoring.codes import Areas, period_parse
from raadsrum.monitoring.connectors import (
    Opener,
    UpstreamFormatError,
    fetch,
    urlopen_read,
)
from raadsrum.monitoring.measures import BreakdownKind
from raadsrum.monitoring.services import ObservationRow

SOURCE_NAME = "Danmarks Statistik"
VALUE_COLUMN = "INDHOLD"
# How StatBank writes a figure it does not show (confidential, not yet published, none).
MISSING = {"..", ".", "", "-", ":"}
TOTAL_CODES = {"TOT", "TOTAL", "IALT", "I ALT"}


@dataclass(frozen=True)
class StatbankTable:
    id: str
    measure: str
    title: str
    # Variables held at one value (their total), e.g. {"KØN": "TOT"}.
    fixed: dict[str, str] = field(default_factory=dict)
    # (variable, breakdown kind): every value becomes a breakdown; the total code is the total.
    breakdown: tuple[str, str] | None = None
    area_variable: str = "OMRÅDE"
    time_variable: str = "Tid"


TABLES: tuple[StatbankTable, ...] = (
    StatbankTable(
        id="AUF01",
        measure="gross_unemployment",
        title="Registrerede bruttoledige efter område, ydelsestype, køn, alder og måned",
        fixed={"YDELSESTYPE": "TOT", "KØN": "TOT"},
        breakdown=("ALDER", BreakdownKind.AGE),
    ),
    StatbankTable(
        id="AUF02",
        measure="gross_unemployment_rate",
        title="Bruttoledige i procent af arbejdsstyrken efter område, køn, alder og måned",
        fixed={"KØN": "TOT"},
        breakdown=("ALDER", BreakdownKind.AGE),
    ),
    StatbankTable(
        id="LBESK03",
        measure="employees",
        title="Lønmodtagere efter område (arbejdsstedskommune), branche og måned",
        fixed={"BRANCHE07": "TOT"},
    ),
)
TABLES_BY_ID = {table.id: table for table in TABLES}


@dataclass
class TableInfo:
    id: str
    updated: dt.date | None
    # variable id → the value codes it offers, in StatBank's order
    variables: dict[str, list[str]]
    time_variable: str


@dataclass
class Parsed:
    rows: list[ObservationRow] = field(default_factory=list)
    missing: int = 0  # figures StatBank does not show ('..')


def _format_error(field_name: str, message: str) -> UpstreamFormatError:
    return UpstreamFormatError(SOURCE_NAME, field_name, message)


# --- tableinfo ---------------------------------------------------------------------------------


def parse_tableinfo(content: bytes | str | dict[str, Any]) -> TableInfo:
    data = content if isinstance(content, dict) else _json(content, "tableinfo")
    if not isinstance(data, dict):
        raise _format_error("tableinfo", _("svaret er ikke et JSON-objekt"))
    table_id = data.get("id")
    if not isinstance(table_id, str):
        raise _format_error("id", _("tabellens id mangler"))
    variables = data.get("variables")
    if not isinstance(variables, list) or not variables:
        raise _format_error("variables", _("listen over variable mangler"))
    found: dict[str, list[str]] = {}
    time_variable = ""
    for number, variable in enumerate(variables, start=1):
        if not isinstance(variable, dict) or not isinstance(variable.get("id"), str):
            raise _format_error(
                "variables.id", _("variabel nr. %(n)s har intet id") % {"n": number}
            )
        values = variable.get("values")
        if not isinstance(values, list) or not all(
            isinstance(v, dict) and isinstance(v.get("id"), str) for v in values
        ):
            raise _format_error(
                f"{variable['id']}.values", _("variablens værdier mangler eller har intet id")
            )
        found[variable["id"]] = [v["id"] for v in values]
        if variable.get("time") is True:
            time_variable = variable["id"]
    return TableInfo(
        id=table_id,
        updated=_date(data.get("updated"), "updated"),
        variables=found,
        time_variable=time_variable,
    )


def _date(value: object, field_name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).date()
    except ValueError:
        raise _format_error(field_name, _("'%(v)s' er ikke et tidspunkt") % {"v": value}) from None


def _json(content: bytes | str, what: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise _format_error(what, _("svaret er ikke gyldig JSON")) from None


def check_table(table: StatbankTable, info: TableInfo) -> None:
    """Every variable the table's configuration names exists, with the fixed values."""
    needed = [table.area_variable, table.time_variable, *table.fixed]
    if table.breakdown:
        needed.append(table.breakdown[0])
    for variable in needed:
        if variable not in info.variables:
            raise _format_error(
                variable,
                _("tabellen %(table)s har ikke længere variablen %(v)s")
                % {"table": table.id, "v": variable},
            )
    for variable, value in table.fixed.items():
        if value not in info.variables[variable]:
            raise _format_error(variable, _("værdien %(v)s findes ikke længere") % {"v": value})


# --- the data request -------------------------------------------------------------------------


def data_request_body(
    table: StatbankTable, info: TableInfo, *, areas: Areas, since: str, fmt: str = "CSV"
) -> dict[str, Any]:
    """The JSON body for /data: our areas, the fixed totals, every period from `since`."""
    check_table(table, info)
    since_start = since_period(since)
    periods = []
    for code in info.variables[table.time_variable]:
        try:
            kind, start = period_parse(code)
        except ValueError:
            raise _format_error(
                table.time_variable, _("ukendt periode '%(v)s'") % {"v": code}
            ) from None
        if start >= since_start:
            periods.append(code)
    area_codes = [code for code in info.variables[table.area_variable] if _known(areas, code)]
    variables: list[dict[str, Any]] = [{"code": table.area_variable, "values": area_codes}]
    variables += [{"code": name, "values": [value]} for name, value in table.fixed.items()]
    if table.breakdown:
        variables.append({"code": table.breakdown[0], "values": ["*"]})
    variables.append({"code": table.time_variable, "values": periods})
    body: dict[str, Any] = {
        "table": table.id,
        "format": fmt,
        "lang": "da",
        "variables": variables,
    }
    if fmt in ("CSV", "BULK"):
        body["valuePresentation"] = "Code"
        body["delimiter"] = "Semicolon"
    return body


def since_period(since: str) -> dt.date:
    """The first day of the `--from` period ('2019M01'), or ValidationFailed."""
    try:
        return period_parse(since)[1]
    except ValueError as error:
        raise ValidationFailed(_("Startperioden: %(e)s") % {"e": error}) from None


def _known(areas: Areas, code: str) -> bool:
    try:
        areas.resolve(code)
    except ValueError:
        return False
    return True


# --- parsing -----------------------------------------------------------------------------------


def _number(text: str, where: str) -> float | None:
    """'1234', '3,4', '1.234,5' → float; '..' → None (not shown); else a format error."""
    raw = text.strip()
    if raw in MISSING:
        return None
    clean = danish_numeral(raw)
    try:
        number = float(clean)
    except ValueError:
        raise _format_error(
            VALUE_COLUMN, _("%(where)s: '%(v)s' er ikke et tal") % {"where": where, "v": raw}
        ) from None
    if not math.isfinite(number):
        raise _format_error(
            VALUE_COLUMN, _("%(where)s: '%(v)s' er ikke et tal") % {"where": where, "v": raw}
        )
    return number


class _RowMaker:
    """Turns one cell's (area code, period code, breakdown code, value) into an ObservationRow."""

    def __init__(self, table: StatbankTable, areas: Areas, published_on: dt.date | None) -> None:
        self.table = table
        self.areas = areas
        self.published_on = published_on
        self._area: dict[str, tuple[str, str]] = {}
        self._period: dict[str, tuple[str, dt.date]] = {}

    def area(self, code: str) -> tuple[str, str]:
        if code not in self._area:
            try:
                self._area[code] = self.areas.resolve(code)
            except ValueError:
                raise _format_error(
                    self.table.area_variable, _("ukendt områdekode '%(v)s'") % {"v": code}
                ) from None
        return self._area[code]

    def period(self, code: str) -> tuple[str, dt.date]:
        if code not in self._period:
            try:
                self._period[code] = period_parse(code)
            except ValueError:
                raise _format_error(
                    self.table.time_variable, _("ukendt periode '%(v)s'") % {"v": code}
                ) from None
        return self._period[code]

    def row(self, area: str, period: str, breakdown: str | None, value: float) -> ObservationRow:
        area_kind, area_code = self.area(area)
        period_kind, period_start = self.period(period)
        kind, label = "", ""
        if (
            self.table.breakdown
            and breakdown is not None
            and breakdown.strip().upper() not in TOTAL_CODES
        ):
            kind, label = self.table.breakdown[1], breakdown.strip()
        return ObservationRow(
            measure=self.table.measure,
            area_kind=area_kind,
            area_code=area_code,
            period_kind=period_kind,
            period_start=period_start,
            value=value,
            breakdown_kind=kind,
            breakdown_value=label,
            published_on=self.published_on,
        )


def parse_csv(
    content: bytes | str,
    table: StatbankTable,
    *,
    areas: Areas,
    published_on: dt.date | None = None,
) -> Parsed:
    """The CSV answer of /data (format CSV or BULK, valuePresentation Code)."""
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    reader = csv.reader(io.StringIO(text), delimiter=";")
    header = next(reader, None)
    if not header:
        raise _format_error("CSV", _("svaret er tomt"))
    columns = {name.strip().upper(): index for index, name in enumerate(header)}

    def column(name: str) -> int:
        index = columns.get(name.upper())
        if index is None:
            raise _format_error(
                name,
                _("kolonnen %(c)s mangler i svaret (kolonner: %(all)s)")
                % {"c": name, "all": ", ".join(header)},
            )
        return index

    area_at = column(table.area_variable)
    time_at = column(table.time_variable)
    value_at = column(VALUE_COLUMN)
    breakdown_at = column(table.breakdown[0]) if table.breakdown else None
    fixed_at = {name: column(name) for name in table.fixed}
    maker = _RowMaker(table, areas, published_on)
    parsed = Parsed()
    for number, line in enumerate(reader, start=2):
        if not line or all(not cell.strip() for cell in line):
            continue
        if len(line) < len(header):
            raise _format_error(
                "CSV",
                _("række %(n)s har %(got)s felter, ventede %(want)s")
                % {"n": number, "got": len(line), "want": len(header)},
            )
        for name, index in fixed_at.items():
            if line[index].strip() != table.fixed[name]:
                raise _format_error(
                    name,
                    _("række %(n)s: ventede %(want)s, der står '%(got)s'")
                    % {"n": number, "want": table.fixed[name], "got": line[index]},
                )
        value = _number(line[value_at], _("række %(n)s") % {"n": number})
        if value is None:
            parsed.missing += 1
            continue
        breakdown = line[breakdown_at] if breakdown_at is not None else None
        parsed.rows.append(
            maker.row(line[area_at].strip(), line[time_at].strip(), breakdown, value)
        )
    return parsed


def parse_jsonstat(
    content: bytes | str | dict[str, Any],
    table: StatbankTable,
    *,
    areas: Areas,
    published_on: dt.date | None = None,
) -> Parsed:
    """A JSON-stat answer of /data: version 2.0 (`class: dataset`) or the 1.x `dataset` bundle."""
    data = content if isinstance(content, dict) else _json(content, "JSON-stat")
    if isinstance(data, dict) and "class" not in data and isinstance(data.get("dataset"), dict):
        data = data["dataset"]
    if not isinstance(data, dict):
        raise _format_error("JSON-stat", _("svaret er ikke et datasæt"))
    dimensions = data.get("dimension")
    if not isinstance(dimensions, dict):
        raise _format_error("dimension", _("dimensionerne mangler"))
    ids = data.get("id", dimensions.get("id"))
    sizes = data.get("size", dimensions.get("size"))
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise _format_error(
            "id/size", _("dimensionernes id og størrelse mangler eller passer ikke")
        )
    codes: dict[str, list[str]] = {}
    for name, size in zip(ids, sizes, strict=True):
        codes[name] = _category_codes(dimensions.get(name), name, size)
    published_on = _date(data.get("updated"), "updated") or published_on

    wanted = [table.area_variable, table.time_variable]
    if table.breakdown:
        wanted.append(table.breakdown[0])
    for name in wanted:
        if name not in codes:
            raise _format_error(name, _("dimensionen %(d)s mangler i svaret") % {"d": name})
    for name, values in codes.items():
        if name not in wanted and len(values) > 1:
            raise _format_error(
                name,
                _("dimensionen %(d)s har %(n)s værdier; ventede én (totalen)")
                % {"d": name, "n": len(values)},
            )

    cells = data.get("value")
    total = math.prod(sizes)
    cell: Callable[[int], Any]
    if isinstance(cells, list):
        if len(cells) != total:
            raise _format_error(
                "value",
                _("%(got)s værdier, ventede %(want)s") % {"got": len(cells), "want": total},
            )
        cell = cells.__getitem__
    elif isinstance(cells, dict):
        sparse = cells
        cell = lambda index: sparse.get(str(index))  # noqa: E731
    else:
        raise _format_error("value", _("værdierne mangler"))

    maker = _RowMaker(table, areas, published_on)
    parsed = Parsed()
    positions = {name: ids.index(name) for name in wanted}
    for index, combination in enumerate(itertools.product(*(codes[name] for name in ids))):
        raw = cell(index)
        if raw is None:
            parsed.missing += 1
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            value = _number(str(raw), _("værdi nr. %(n)s") % {"n": index + 1})
            if value is None:
                parsed.missing += 1
                continue
        else:
            value = float(raw)
        breakdown = combination[positions[table.breakdown[0]]] if table.breakdown else None
        parsed.rows.append(
            maker.row(
                combination[positions[table.area_variable]],
                combination[positions[table.time_variable]],
                breakdown,
                value,
            )
        )
    return parsed


def _category_codes(dimension: object, name: str, size: int) -> list[str]:
    """A dimension's category codes in index order."""
    if not isinstance(dimension, dict) or not isinstance(dimension.get("category"), dict):
        raise _format_error(name, _("dimensionen %(d)s har ingen kategorier") % {"d": name})
    category = dimension["category"]
    index = category.get("index")
    if isinstance(index, list):
        ordered = [str(code) for code in index]
    elif isinstance(index, dict):
        ordered = [str(code) for code, _pos in sorted(index.items(), key=lambda item: item[1])]
    elif index is None and isinstance(category.get("label"), dict) and len(category["label"]) == 1:
        ordered = [str(next(iter(category["label"])))]
    else:
        raise _format_error(f"{name}.category.index", _("kategoriernes rækkefølge mangler"))
    if len(ordered) != size:
        raise _format_error(
            name,
            _("%(got)s kategorier, men størrelsen er %(size)s")
            % {"got": len(ordered), "size": size},
        )
    return ordered


# --- the client -------------------------------------------------------------------------------


class StatbankClient:
    def __init__(
        self,
        *,
        base_url: str | None = None,
        opener: Opener | None = None,
        timeout: float | None = None,
    ) -> None:
        self.base_url = (base_url or settings.STATBANK_URL).rstrip("/")
        self.opener = opener or urlopen_read
        self.timeout = timeout if timeout is not None else settings.STATISTICS_FETCH_TIMEOUT

    def request(self, function: str, body: dict[str, Any]) -> urllib.request.Request:
        return urllib.request.Request(
            f"{self.base_url}/{function}",
            data=json.dumps(body).encode("utf-8"),
            headers={"Content-Type": "application/json", "Accept": "*/*"},
            method="POST",
        )

    def _post(self, function: str, body: dict[str, Any]) -> bytes:
        return fetch(
            self.request(function, body),
            source=SOURCE_NAME,
            opener=self.opener,
            timeout=self.timeout,
        )

    def tableinfo(self, table_id: str) -> TableInfo:
        return parse_tableinfo(
            self._post("tableinfo", {"table": table_id, "format": "JSON", "lang": "da"})
        )

    def fetch_table(
        self, table: StatbankTable, *, areas: Areas, since: str, fmt: str = "CSV"
    ) -> Parsed:
        """tableinfo, then /data for our areas from `since`, parsed."""
        info = self.tableinfo(table.id)
        body = data_request_body(table, info, areas=areas, since=since, fmt=fmt)
        content = self._post("data", body)
        if fmt == "JSONSTAT":
            return parse_jsonstat(content, table, areas=areas, published_on=info.updated)
        return parse_csv(content, table, areas=areas, published_on=info.updated)


def statbank_fetch(
    *,
    since: str,
    tables: Iterable[StatbankTable] = TABLES,
    client: StatbankClient | None = None,
    areas: Areas | None = None,
    on_table: Callable[[StatbankTable, Parsed], None] | None = None,
) -> list[tuple[StatbankTable, Parsed]]:
    """Fetch and parse every table; nothing is written (see services.observations_load)."""
    client = client or StatbankClient()
    areas = areas or Areas()
    out = []
    for table in tables:
        parsed = client.fetch_table(table, areas=areas, since=since)
        if on_table is not None:
            on_table(table, parsed)
        out.append((table, parsed))
    return out


__all__ = [
    "TABLES",
    "Parsed",
    "StatbankClient",
    "StatbankTable",
    "TableInfo",
    "parse_csv",
    "parse_jsonstat",
    "parse_tableinfo",
    "statbank_fetch",
]
