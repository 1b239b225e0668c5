"""The archive's public pages: search of published agendas, minutes and documents."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from raadsrum.archive.search import decision_timeline, item_search
from raadsrum.archive.search_forms import SearchForm
from raadsrum.core.errors import ValidationFailed


def search(request: HttpRequest) -> HttpResponse:
    """`/arkiv/soeg/?q=positivliste&year=2020`: results with marked snippets, or the
    decisions on the subject as a timeline (`view=timeline`)."""
    form = SearchForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "results": None, "timeline": None, "error": ""}
    if request.GET and form.is_valid():
        arguments = form.search_arguments()
        view = form.cleaned_data.get("view") or "results"
        try:
            if view == "timeline":
                arguments.pop("has_decision")
                context["timeline"] = decision_timeline(**arguments)
            else:
                context["results"] = item_search(
                    **arguments,
                    order=form.cleaned_data.get("order") or "relevance",
                    page=form.cleaned_data.get("page") or 1,
                )
        except ValidationFailed as error:
            context["error"] = error.message
        context["view"] = view
        context["page_query"] = _without_page(request)
    return render(request, "archive/search.html", context)


def _without_page(request: HttpRequest) -> str:
    """The current query string without `page`, for the pagination links."""
    pairs = [(k, v) for k, v in request.GET.items() if k != "page" and v != ""]
    return urlencode(pairs)
