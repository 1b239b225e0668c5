"""Reading the period and area codes the sources write (`2025M09`, `2025K3`, `851`,
`Hele landet`, `Region Nordjylland`) into the store's (kind, code) and (kind, first day).

The parsers raise `ValueError` with a Danish message; the caller names the row or field.
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from raadsrum.councils.models import Council, Municipality, Region
from raadsrum.monitoring.measures import COUNTRY_CODE
from raadsrum.monitoring.models import AreaKind, PeriodKind

_PERIOD = re.compile(
    r"(?P<year>\d{4})\s*(?:"
    r"(?P<m>M|-)(?P<month>\d{1,2})"
    r"|(?P<q>K|Q)(?P<quarter>[1-4])"
    r"|(?P<h>H)(?P<half>[12])"
    r")?",
    re.IGNORECASE,
)

FIRST_MONTH: dict[str, tuple[int, ...]] = {
    PeriodKind.MONTH: tuple(range(1, 13)),
    PeriodKind.QUARTER: (1, 4, 7, 10),
    PeriodKind.HALF_YEAR: (1, 7),
    PeriodKind.YEAR: (1,),
}


def period_parse(text: str) -> tuple[str, dt.date]:
    """'2025M09', '2025-09', '2025K3', '2025Q3', '2025H1', '2025' → (period kind, first day)."""
    match = _PERIOD.fullmatch(str(text).strip())
    if not match:
        raise ValueError(
            _("perioden skal skrives som 2025M09, 2025K3, 2025H1 eller 2025, der står '%(v)s'")
            % {"v": text}
        )
    year = int(match["year"])
    if match["m"]:
        month = int(match["month"])
        if not 1 <= month <= 12:
            raise ValueError(_("måneden skal være 1-12, der står '%(v)s'") % {"v": text})
        return PeriodKind.MONTH, dt.date(year, month, 1)
    if match["q"]:
        return PeriodKind.QUARTER, dt.date(year, 3 * int(match["quarter"]) - 2, 1)
    if match["h"]:
        return PeriodKind.HALF_YEAR, dt.date(year, 6 * int(match["half"]) - 5, 1)
    return PeriodKind.YEAR, dt.date(year, 1, 1)


def period_code(kind: str, start: dt.date) -> str:
    """The StatBank way of writing a period: (M, 2025-09-01) → '2025M09', Q → '2025K3'."""
    if kind == PeriodKind.MONTH:
        return f"{start.year}M{start.month:02d}"
    if kind == PeriodKind.QUARTER:
        return f"{start.year}K{(start.month + 2) // 3}"
    if kind == PeriodKind.HALF_YEAR:
        return f"{start.year}H{(start.month + 5) // 6}"
    return str(start.year)


def period_problem(kind: str, start: object) -> str | None:
    """Why (kind, start) is not a period the store can hold, or None when it is."""
    if kind not in FIRST_MONTH:
        return _("ukendt periodetype '%(v)s'") % {"v": kind}
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        return _("periodens start skal være en dato")
    if start.day != 1 or start.month not in FIRST_MONTH[kind]:
        return _("%(date)s er ikke første dag i en periode af typen %(kind)s") % {
            "date": start.isoformat(),
            "kind": PeriodKind(kind).label,
        }
    return None


class Areas:
    """The areas the store knows, read once: municipality, region and council codes and names."""

    def __init__(self) -> None:
        municipalities = list(Municipality.objects.values_list("code", "name"))
        regions = list(Region.objects.values_list("code", "name"))
        councils = list(Council.objects.values_list("slug", "name"))
        self.codes: dict[str, frozenset[str]] = {
            AreaKind.MUNICIPALITY: frozenset(code for code, _name in municipalities),
            AreaKind.REGION: frozenset(code for code, _name in regions),
            AreaKind.COUNCIL: frozenset(slug for slug, _name in councils),
            AreaKind.COUNTRY: frozenset({COUNTRY_CODE}),
        }
        self._by_text: dict[str, tuple[str, str]] = {
            "hele landet": (AreaKind.COUNTRY, COUNTRY_CODE),
            "danmark": (AreaKind.COUNTRY, COUNTRY_CODE),
            "dk": (AreaKind.COUNTRY, COUNTRY_CODE),
            "000": (AreaKind.COUNTRY, COUNTRY_CODE),
        }
        for code, name in municipalities:
            self._by_text[code] = (AreaKind.MUNICIPALITY, code)
            self._by_text[name.lower()] = (AreaKind.MUNICIPALITY, code)
            self._by_text[f"{name.lower()} kommune"] = (AreaKind.MUNICIPALITY, code)
        for code, name in regions:
            self._by_text[code] = (AreaKind.REGION, code)
            self._by_text[name.lower()] = (AreaKind.REGION, code)
            # Statistics Denmark writes the region codes 1081–1085 as 081–085.
            if len(code) == 4 and code.startswith("1"):
                self._by_text[code[1:]] = (AreaKind.REGION, code)
        for slug, name in councils:
            self._by_text[slug.lower()] = (AreaKind.COUNCIL, slug)
            self._by_text[name.lower()] = (AreaKind.COUNCIL, slug)

    def is_known(self, kind: str, code: str) -> bool:
        return code in self.codes.get(kind, frozenset())

    def resolve(self, text: object) -> tuple[str, str]:
        """'851', '851 Aalborg', 'Aalborg', '000', 'Hele landet', '081', 'Region Nordjylland'."""
        raw = str(text if text is not None else "").strip()
        key = re.sub(r"\s+", " ", raw).lower()
        if key in self._by_text:
            return self._by_text[key]
        # StatBank's "code and text" form: '851 Aalborg'.
        head = key.split(" ", 1)[0]
        if head != key and head.isdigit() and head in self._by_text:
            return self._by_text[head]
        if not raw:
            raise ValueError(_("området mangler"))
        raise ValueError(_("ukendt område '%(v)s'") % {"v": raw})
