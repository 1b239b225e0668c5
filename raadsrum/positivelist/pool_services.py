"""Importing the pool money: each municipality's yearly allocation and spending from a file.

The file is STAR's or the secretariat's spreadsheet, one row per municipality and year:
`kommune` (name) or `kommunekode`, `år`, `udmøntning` (or `tildeling`) and `forbrug`,
with Danish numbers such as `1.234.567,50`. The rows are parsed and checked first; any error
rejects the whole file (nothing is saved), and a re-import updates the same
municipality-year instead of adding a second row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils.translation import gettext as _

from raadsrum.core.audit import audit_record
from raadsrum.core.errors import PermissionDenied
from raadsrum.core.tabular import (
    ImportRejected,
    RowError,
    cell_decimal,
    cell_int,
    cell_text,
    numbered,
    read_table,
)
from raadsrum.councils.models import Council, CouncilArea, Municipality
from raadsrum.councils.selectors import municipality_list
from raadsrum.meetings.access import check_is_secretariat
from raadsrum.positivelist.models import PoolAllocation

# Accepted headers (normalised: lower case, single spaces) for each field.
MUNICIPALITY_NAME = ("kommune", "kommunenavn")
MUNICIPALITY_CODE = ("kommunekode", "kommunenr", "kommunenummer")
YEAR = ("år", "aar", "year")
ALLOCATION = ("udmøntning", "udmøntning (kr.)", "tildeling", "tildeling (kr.)", "udmoentning")
SPENT = ("forbrug", "forbrug (kr.)")

FIRST_YEAR, LAST_YEAR = 2000, 2100
MAX_AMOUNT = Decimal("999999999999.99")  # what the column holds (14 digits, 2 decimals)

UserLike = User | AnonymousUser


@dataclass(frozen=True)
class PoolLine:
    """One checked row of the file."""

    row: int
    municipality: Municipality
    year: int
    allocation: Decimal
    spent: Decimal | None


@dataclass
class PoolImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    years: list[int] = field(default_factory=list)
    source_name: str = ""

    def summary(self) -> str:
        return _(
            "%(created)s nye og %(updated)s opdaterede kommuner "
            "(%(unchanged)s uændrede) for %(years)s."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "years": ", ".join(str(y) for y in self.years),
        }


def _column(headers: list[str], names: tuple[str, ...]) -> str | None:
    return next((h for h in headers if h in names), None)


def _municipality_index() -> tuple[dict[str, Municipality], dict[str, Municipality]]:
    by_code: dict[str, Municipality] = {}
    by_name: dict[str, Municipality] = {}
    for municipality in municipality_list():
        by_code[str(int(municipality.code))] = municipality
        by_name[_name_key(municipality.name)] = municipality
    return by_code, by_name


def _name_key(name: str) -> str:
    """'Aalborg Kommune', ' aalborg ' → 'aalborg'."""
    text = re.sub(r"\s+", " ", name.strip().lower())
    return re.sub(r"\s+kommune$", "", text)


def _amount(value: Any) -> Decimal:
    number = cell_decimal(value)
    if number > MAX_AMOUNT:
        raise ValueError(_("er for stort"))
    return number.quantize(Decimal("0.01"))


def pool_parse(
    *, content: bytes, filename: str, year: int | None = None
) -> tuple[list[PoolLine], list[RowError]]:
    """The file's rows as checked lines, and every error found (row and column named)."""
    table = read_table(content, filename)
    headers = table.headers
    errors: list[RowError] = []
    name_col = _column(headers, MUNICIPALITY_NAME)
    code_col = _column(headers, MUNICIPALITY_CODE)
    year_col = _column(headers, YEAR)
    allocation_col = _column(headers, ALLOCATION)
    spent_col = _column(headers, SPENT)
    if name_col is None and code_col is None:
        errors.append(RowError(1, "kommune", _("kolonnen 'kommune' eller 'kommunekode' mangler")))
    if year_col is None and year is None:
        errors.append(RowError(1, "år", _("kolonnen 'år' mangler (eller vælg året ved import)")))
    if allocation_col is None:
        errors.append(
            RowError(1, "udmøntning", _("kolonnen 'udmøntning' eller 'tildeling' mangler"))
        )
    if errors or allocation_col is None:
        return [], errors

    by_code, by_name = _municipality_index()
    lines: list[PoolLine] = []
    seen: dict[tuple[int, int], int] = {}
    for row_number, row in numbered(table.rows):
        row_errors: list[RowError] = []
        municipality = None
        if code_col is not None and cell_text(row.get(code_col)):
            code = cell_text(row.get(code_col))
            municipality = by_code.get(str(int(code))) if code.isdigit() else None
            if municipality is None:
                row_errors.append(
                    RowError(row_number, code_col, _("ukendt kommunekode '%(v)s'") % {"v": code})
                )
        elif name_col is not None and cell_text(row.get(name_col)):
            name = cell_text(row.get(name_col))
            municipality = by_name.get(_name_key(name))
            if municipality is None:
                row_errors.append(
                    RowError(row_number, name_col, _("ukendt kommune '%(v)s'") % {"v": name})
                )
        else:
            row_errors.append(RowError(row_number, code_col or name_col or "kommune", _("mangler")))

        line_year = year
        if year_col is not None and cell_text(row.get(year_col)):
            try:
                line_year = cell_int(row.get(year_col))
                if not FIRST_YEAR <= line_year <= LAST_YEAR:
                    raise ValueError(_("skal være et årstal som 2026"))
                if year is not None and line_year != year:
                    raise ValueError(
                        _("er %(row)s, men importen gælder %(year)s")
                        % {"row": line_year, "year": year}
                    )
            except ValueError as error:
                row_errors.append(RowError(row_number, year_col, str(error)))
                line_year = None
        elif year is None:
            row_errors.append(RowError(row_number, year_col or "år", _("mangler")))

        allocation = spent = None
        try:
            allocation = _amount(row.get(allocation_col))
        except ValueError as error:
            row_errors.append(RowError(row_number, allocation_col, str(error)))
        if spent_col is not None and cell_text(row.get(spent_col)):
            try:
                spent = _amount(row.get(spent_col))
            except ValueError as error:
                row_errors.append(RowError(row_number, spent_col, str(error)))

        if municipality is not None and line_year is not None:
            key = (municipality.pk, line_year)
            if key in seen:
                row_errors.append(
                    RowError(
                        row_number,
                        code_col or name_col or "kommune",
                        _("%(m)s %(y)s står også i række %(other)s")
                        % {"m": municipality.name, "y": line_year, "other": seen[key]},
                    )
                )
            seen.setdefault(key, row_number)
        if row_errors:
            errors.extend(row_errors)
            continue
        assert municipality is not None and line_year is not None and allocation is not None
        lines.append(PoolLine(row_number, municipality, line_year, allocation, spent))
    if not lines and not errors:
        errors.append(RowError(2, "", _("filen har ingen rækker med kommuner")))
    return lines, errors


def councils_concerned(*, lines: list[PoolLine]) -> list[Council]:
    """The councils whose area held one of the municipalities during the line's year."""
    councils: dict[int, Council] = {}
    for line in lines:
        first, last = dt.date(line.year, 1, 1), dt.date(line.year, 12, 31)
        for area in CouncilArea.objects.filter(
            municipality=line.municipality, valid_from__lte=last
        ).select_related("council"):
            if area.valid_to is None or area.valid_to >= first:
                councils[area.council.pk] = area.council
    return sorted(councils.values(), key=lambda c: c.name)


def check_can_import_pool(*, user: UserLike, lines: list[PoolLine]) -> None:
    """Staff may import any file; otherwise the user must be secretariat of every council."""
    if getattr(user, "is_staff", False) and user.is_authenticated:
        return
    councils = councils_concerned(lines=lines)
    if not councils:
        raise PermissionDenied(
            _("Kun administratorer kan indlæse tal for kommuner uden for et råd.")
        )
    for council in councils:
        check_is_secretariat(
            user=user,
            council=council,
            refusal=_(
                "Kun sekretariatet for %(council)s kan indlæse puljemidler for rådets kommuner."
            )
            % {"council": council.name},
        )


@transaction.atomic
def pool_import(
    *, content: bytes, filename: str, by: UserLike, year: int | None = None
) -> PoolImportResult:
    """Save every row of the file, or nothing: any error raises `ImportRejected`."""
    if not by.is_authenticated:
        raise PermissionDenied(_("Log ind for at indlæse puljemidler."))
    lines, errors = pool_parse(content=content, filename=filename, year=year)
    if errors:
        raise ImportRejected(errors)
    check_can_import_pool(user=by, lines=lines)

    result = PoolImportResult(source_name=filename[:255])
    existing = {
        (a.municipality_id, a.year): a
        for a in PoolAllocation.objects.select_for_update().filter(
            year__in={line.year for line in lines},
            municipality__in={line.municipality for line in lines},
        )
    }
    for line in lines:
        allocation = existing.get((line.municipality.pk, line.year))
        if allocation is None:
            allocation = PoolAllocation(municipality=line.municipality, year=line.year)
            result.created += 1
            action = "pool.create"
        elif (allocation.allocation, allocation.spent) == (line.allocation, line.spent):
            result.unchanged += 1
            continue
        else:
            result.updated += 1
            action = "pool.update"
        before = (
            {"allocation": str(allocation.allocation), "spent": str(allocation.spent)}
            if allocation.pk
            else {}
        )
        allocation.allocation = line.allocation
        allocation.spent = line.spent
        allocation.source_name = result.source_name
        allocation.full_clean()
        allocation.save()
        audit_record(
            actor=by,
            action=action,
            target=allocation,
            details={
                "source": result.source_name,
                "allocation": str(line.allocation),
                "spent": None if line.spent is None else str(line.spent),
                "before": before,
            },
        )
    result.years = sorted({line.year for line in lines})
    return result
