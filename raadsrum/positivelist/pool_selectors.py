"""Reads about the pool money: each municipality's yearly allocation and spending per council.

A council's table for a year holds the municipalities that belonged to its area at some day
of that year. Years before the council existed are shown for its predecessors' area (RAR
Nordjylland's municipalities for the successor council's 2024), so figures stay comparable
across the 2025 change of councils.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from raadsrum.councils.models import Council, CouncilArea, Municipality
from raadsrum.councils.selectors import council_areas, council_predecessors
from raadsrum.positivelist.models import PoolAllocation

# A source file whose name holds this marks synthetic figures (the demo's); the page says so.
SYNTHETIC_MARK = "syntetisk"


@dataclass(frozen=True)
class PoolRow:
    municipality: Municipality
    allocation: Decimal | None  # None: nothing imported for the municipality that year
    spent: Decimal | None
    source_name: str = ""

    @property
    def share_spent(self) -> Decimal | None:
        """Spending as a percentage of the allocation (None when it cannot be computed)."""
        if self.allocation is None or self.spent is None or self.allocation == 0:
            return None
        return self.spent / self.allocation * 100


@dataclass
class PoolTable:
    council: Council
    year: int
    rows: list[PoolRow] = field(default_factory=list)
    area_councils: list[Council] = field(default_factory=list)  # whose area the rows are

    @property
    def total_allocation(self) -> Decimal:
        return sum((r.allocation for r in self.rows if r.allocation is not None), Decimal(0))

    @property
    def total_spent(self) -> Decimal:
        return sum((r.spent for r in self.rows if r.spent is not None), Decimal(0))

    @property
    def total_share_spent(self) -> Decimal | None:
        """Share of the allocations spent, over the municipalities that reported spending."""
        reported = [r for r in self.rows if r.allocation is not None and r.spent is not None]
        allocated = sum((r.allocation for r in reported if r.allocation), Decimal(0))
        if not allocated:
            return None
        return sum((r.spent for r in reported if r.spent), Decimal(0)) / allocated * 100

    @property
    def missing(self) -> list[Municipality]:
        return [r.municipality for r in self.rows if r.allocation is None]

    @property
    def is_synthetic(self) -> bool:
        return any(SYNTHETIC_MARK in r.source_name.lower() for r in self.rows)

    @property
    def source_names(self) -> list[str]:
        return sorted({r.source_name for r in self.rows if r.source_name})


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _lineage_back(council: Council) -> list[Council]:
    """The council and the councils it replaced, back to the first."""
    seen = [council]
    index = 0
    while index < len(seen) and len(seen) < 20:
        for predecessor in council_predecessors(council=seen[index]):
            if predecessor not in seen:
                seen.append(predecessor)
        index += 1
    return seen


def _areas_in_year(council: Council, year: int) -> list[CouncilArea]:
    """Area rows of the council (or, for years before it, its predecessors) during the year."""
    first, last = _year_bounds(year)
    areas: list[CouncilArea] = []
    for body in _lineage_back(council):
        areas.extend(
            area
            for area in council_areas(council=body)
            if area.valid_from <= last and (area.valid_to is None or area.valid_to >= first)
        )
    return areas


def pool_area(*, council: Council, year: int) -> tuple[list[Municipality], list[Council]]:
    """Municipalities in the council's area during the year, and whose area that was."""
    areas = _areas_in_year(council, year)
    municipalities = {a.municipality_id: a.municipality for a in areas}
    bodies: list[Council] = []
    for area in areas:
        if area.council not in bodies:
            bodies.append(area.council)
    return sorted(municipalities.values(), key=lambda m: m.name), bodies


def pool_table(*, council: Council, year: int) -> PoolTable:
    """One row per municipality of the council's area that year, with totals."""
    municipalities, bodies = pool_area(council=council, year=year)
    allocations = {
        a.municipality_id: a
        for a in PoolAllocation.objects.filter(year=year, municipality__in=municipalities)
    }
    table = PoolTable(council=council, year=year, area_councils=bodies)
    for municipality in municipalities:
        found = allocations.get(municipality.pk)
        table.rows.append(
            PoolRow(
                municipality=municipality,
                allocation=found.allocation if found else None,
                spent=found.spent if found else None,
                source_name=found.source_name if found else "",
            )
        )
    return table


def pool_years(*, council: Council) -> list[int]:
    """Years with pool figures for a municipality of the council's area (or its predecessors')."""
    found: dict[int, set[int]] = {}
    for year, municipality_id in PoolAllocation.objects.filter(
        municipality__council_areas__council__in=_lineage_back(council)
    ).values_list("year", "municipality_id"):
        found.setdefault(year, set()).add(municipality_id)
    return [
        year
        for year in sorted(found)
        if found[year] & {m.pk for m in pool_area(council=council, year=year)[0]}
    ]


def pool_allocation_list(*, year: int | None = None) -> list[PoolAllocation]:
    allocations = PoolAllocation.objects.select_related("municipality")
    if year is not None:
        allocations = allocations.filter(year=year)
    return list(allocations)
