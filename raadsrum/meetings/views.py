from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from raadsrum.councils.models import Council


def council_page(request: HttpRequest, council: str) -> HttpResponse:
    council_obj = get_object_or_404(Council, slug=council)
    return render(request, "meetings/council.html", {"council": council_obj})
