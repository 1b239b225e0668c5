"""Public search API: `/api/search?q=…` and `/api/search/timeline?q=…`.

The same selectors as the portal's search page, so both find the same items; only what
the public may read is indexed (published minutes' snapshots, published agendas).
Snippets are HTML: the item's text escaped, with the matched words in `<mark>`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from raadsrum.archive.search import (
    PAGE_SIZE,
    SearchHit,
    decision_timeline,
    item_search,
)
from raadsrum.core.errors import ValidationFailed

router = Router(tags=["søgning"])

Body = Literal["council", "chairmanship", "committee"]
Kind = Literal["B", "D", "O"]


class SearchHitOut(Schema):
    source: str
    council: str
    council_name: str
    body: str
    body_name: str
    date: dt.date | None
    meeting_address: str
    item_number: str
    title: str
    title_html: str
    kinds: str
    has_decision: bool
    decision: str
    snippet_html: str
    url: str
    rank: float


class SearchPageOut(Schema):
    query: str
    terms: list[str]
    order: str
    page: int
    pages: int
    page_size: int
    total: int
    results: list[SearchHitOut]


class TimelineOut(Schema):
    query: str
    terms: list[str]
    total: int
    truncated: bool
    decisions: list[SearchHitOut]


class SearchFiltersIn(Schema):
    q: str = ""
    council: str | None = None
    body: Body | None = None
    year: int | None = None
    kind: Kind | None = None


class SearchIn(SearchFiltersIn):
    has_decision: bool | None = None
    order: Literal["relevance", "date"] = "relevance"
    page: int = 1


def _hit(hit: SearchHit, request: HttpRequest) -> SearchHitOut:
    return SearchHitOut(
        source=hit.source,
        council=hit.council_slug,
        council_name=hit.council_name,
        body=hit.body,
        body_name=hit.body_name,
        date=hit.meeting_date,
        meeting_address=hit.meeting_address,
        item_number=hit.item_number,
        title=hit.title,
        title_html=str(hit.title_html),
        kinds=hit.kinds,
        has_decision=hit.has_decision,
        decision=hit.decision,
        snippet_html=str(hit.snippet_html),
        url=request.build_absolute_uri(hit.url) if hit.url else "",
        rank=hit.rank,
    )


@router.get(
    "/search",
    response=SearchPageOut,
    summary="Søg i offentliggjorte dagsordener og referater",
    description="Alle ord skal findes (dansk bøjning: positivliste finder også positivlisten). "
    f"{PAGE_SIZE} resultater pr. side, bedste eller nyeste først.",
)
def search(request: HttpRequest, filters: Query[SearchIn]) -> SearchPageOut:
    try:
        page = item_search(
            query=filters.q[:200],
            council=filters.council,
            body=filters.body,
            year=filters.year,
            kind=filters.kind,
            has_decision=filters.has_decision,
            order=filters.order,
            page=filters.page,
        )
    except ValidationFailed as error:
        raise HttpError(400, error.message) from error
    return SearchPageOut(
        query=page.query,
        terms=page.terms,
        order=page.order,
        page=page.page,
        pages=page.pages,
        page_size=page.page_size,
        total=page.total,
        results=[_hit(hit, request) for hit in page.hits],
    )


@router.get(
    "/search/timeline",
    response=TimelineOut,
    summary="Tidslinje over beslutninger om et emne",
    description="Hver offentliggjort beslutning, hvor ordene står i beslutningen eller "
    "punktets overskrift, ældste først, på tværs af rådene.",
)
def timeline(request: HttpRequest, filters: Query[SearchFiltersIn]) -> TimelineOut:
    try:
        found = decision_timeline(
            query=filters.q[:200],
            council=filters.council,
            body=filters.body,
            year=filters.year,
            kind=filters.kind,
        )
    except ValidationFailed as error:
        raise HttpError(400, error.message) from error
    return TimelineOut(
        query=found.query,
        terms=found.terms,
        total=found.total,
        truncated=found.truncated,
        decisions=[_hit(hit, request) for hit in found.hits],
    )
