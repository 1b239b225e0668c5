"""Public read API for councils and municipalities."""

from __future__ import annotations

from datetime import date

from ninja import Router, Schema

from raadsrum.councils import selectors
from raadsrum.councils.models import Municipality

router = Router(tags=["råd"])


class CouncilOut(Schema):
    slug: str
    name: str
    kind: str
    valid_from: date
    valid_to: date | None


class MunicipalityOut(Schema):
    code: str
    name: str
    region: str
    council: str | None


@router.get("/councils", response=list[CouncilOut])
def councils(request, on: date | None = None):  # type: ignore[no-untyped-def]
    """Councils in force on `on` (YYYY-MM-DD); every council ever when left out."""
    return list(selectors.council_list(on=on))


@router.get("/municipalities", response=list[MunicipalityOut])
def municipalities(request, on: date | None = None):  # type: ignore[no-untyped-def]
    """The 98 municipalities and the council each belongs to on `on` (default today)."""
    on = on or selectors.today()
    rows = []
    for municipality in Municipality.objects.select_related("region").order_by("code"):
        try:
            council = selectors.council_for_municipality(municipality=municipality, on=on).slug
        except Exception:  # noqa: BLE001 - no council on that date
            council = None
        rows.append(
            {"code": municipality.code, "name": municipality.name,
             "region": municipality.region.name, "council": council}
        )
    return rows
