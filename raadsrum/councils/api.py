"""Public read API for councils and municipalities.

Councils and the municipality → council mapping carry validity dates, so every list takes
an `on` date: the answer for 2020 and for 2026 differ after the 2025 reform.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from raadsrum.councils import selectors
from raadsrum.councils.models import Council

router = Router(tags=["råd"])


class CouncilOut(Schema):
    slug: str
    name: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None


class MunicipalityRef(Schema):
    code: str
    name: str


class CouncilDetailOut(CouncilOut):
    kind_label: str
    region: str | None
    secretariat: str
    successor: str | None
    predecessors: list[str]
    municipalities_on: dt.date
    municipalities: list[MunicipalityRef]


class MunicipalityOut(Schema):
    code: str
    name: str
    region: str
    council: str | None


class ErrorOut(Schema):
    detail: str


@router.get("/councils", response=list[CouncilOut], summary="Rådene")
def councils(request: HttpRequest, on: dt.date | None = None) -> list[Council]:
    """Councils in force on `on` (YYYY-MM-DD); every council ever when left out."""
    return list(selectors.council_list(on=on))


@router.get("/councils/{slug}", response={200: CouncilDetailOut, 404: ErrorOut}, summary="Et råd")
def council_detail(request: HttpRequest, slug: str, on: dt.date | None = None) -> CouncilDetailOut:
    """The council, and the municipalities in its area on `on` (default: today, or the
    council's last day if it has been abolished)."""
    try:
        council = selectors.council_get(slug=slug)
    except Council.DoesNotExist as missing:
        raise HttpError(404, "Rådet findes ikke.") from missing
    if on is None:
        today = selectors.today()
        on = today if council.is_valid_on(today) else (council.valid_to or today)
    return CouncilDetailOut(
        slug=council.slug,
        name=council.name,
        kind=council.kind,
        kind_label=str(council.get_kind_display()),
        valid_from=council.valid_from,
        valid_to=council.valid_to,
        region=council.region.name if council.region else None,
        secretariat=council.secretariat_name,
        successor=council.successor.slug if council.successor else None,
        predecessors=[c.slug for c in selectors.council_predecessors(council=council)],
        municipalities_on=on,
        municipalities=[
            MunicipalityRef(code=m.code, name=m.name)
            for m in selectors.council_municipalities(council=council, on=on)
        ],
    )


@router.get("/municipalities", response=list[MunicipalityOut], summary="Kommunerne")
def municipalities(request: HttpRequest, on: dt.date | None = None) -> list[MunicipalityOut]:
    """The 98 municipalities and the council each belonged to on `on` (default today)."""
    return [
        MunicipalityOut(
            code=m.code,
            name=m.name,
            region=m.region.name,
            council=m.council_slug,  # type: ignore[attr-defined]  # annotated by the selector
        )
        for m in selectors.municipality_list_with_council(on=on or selectors.today())
    ]
