from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from raadsrum.councils.selectors import council_list, councils_for_user, today


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {
            "current_councils": council_list(on=today()),
            "former_councils": [c for c in council_list() if not c.is_valid_on(today())],
            "my_councils": councils_for_user(user=request.user),
        },
    )


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers and the benchmark floor: no database, no template."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
