"""Server-side p95 of the public positive-list page of a council with 5,000 courses.

`positivelist_page_p95_ms`: `/positivliste/<council>/`, the current version's first page of
50 courses with the filter form (every job title and provider as options), under the
harness's load. `positivelist_search_p95_ms` (no target) is the same page searched by free
text and filtered by job title, on a later page. Floor: the p95 of the empty `/healthz` view
on the same server in the same run.

The list is imported with `list_services.list_version_create` (as the demo does): 5,000
courses over 150 job titles and 80 providers, a fifth of them online.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from urllib.parse import urlencode

from harness import BenchContext, BenchError, Result, http_load

NAME = "positivelist_page_p95_ms"
SEARCH_NAME = "positivelist_search_p95_ms"
TARGET_MS = 150.0
COURSES = 5_000
JOB_TITLES = 150
PROVIDERS = 80
REQUESTS = 400
CONCURRENCY = 20
SLUG = "bench-positivliste"

WORDS = [
    *("Grundlæggende", "Avanceret", "Praktisk", "Digital", "Sikker", "Effektiv"),
    *("Bæredygtig", "Kundeservice", "Hygiejne", "Ledelse", "Kommunikation", "Svejsning"),
    *("Truck", "Kran", "Regnskab", "Planlægning", "Pleje", "Rengøring", "Kvalitet"),
    *("Energi", "Robotter", "Logistik", "Salg", "Bagning", "Konditori", "Markedsføring"),
]


class NotAvailable(Exception):
    """What the benchmark needs does not exist yet."""


def setup_list() -> str:
    try:
        from raadsrum.positivelist.list_services import CourseRow, list_version_create
    except ImportError as error:
        raise NotAvailable(f"positivelist list services: {error}") from error
    from raadsrum.councils.models import Council
    from raadsrum.positivelist.models import CourseKind, DurationUnit

    council, _ = Council.objects.get_or_create(
        slug=SLUG,
        defaults={
            "name": "RAR Benchland",
            "name_genitive": "RAR Benchlands",
            "kind": Council.Kind.RAR,
            "valid_from": dt.date(2015, 1, 1),
        },
    )
    rng = random.Random(5000)
    job_titles = [f"Stilling {n:03d} {rng.choice(WORDS).lower()}" for n in range(JOB_TITLES)]
    providers = [
        f"{rng.choice(['AMU', 'EUC', 'Erhvervsakademi', 'Kursushuset'])} {n:02d}"
        for n in range(PROVIDERS)
    ]
    kinds = [CourseKind.AMU] * 6 + [CourseKind.ACADEMY, CourseKind.PRIVATE, CourseKind.OTHER]
    rows = []
    for n in range(COURSES):
        kind = rng.choice(kinds)
        academy = kind == CourseKind.ACADEMY
        rows.append(
            CourseRow(
                course_number=f"{40000 + n}" if kind == CourseKind.AMU else "",
                title=" ".join(rng.sample(WORDS, 3)).capitalize() + f" {n}",
                provider=rng.choice(providers),
                kind=kind,
                duration=Decimal(rng.choice(["0.5", "1", "2", "3", "5", "10"]))
                if not academy
                else Decimal(rng.choice(["5", "7.5", "10"])),
                duration_unit=DurationUnit.ECTS if academy else DurationUnit.DAYS,
                is_online=rng.random() < 0.2,
                job_titles=rng.sample(job_titles, rng.choice([1, 1, 2, 3])),
                added_on=dt.date(2025, 4, 1),
            )
        )
    list_version_create(
        council=council, valid_from=dt.date(2025, 4, 1), courses=rows, by=None, note="Bench"
    )
    return f"/positivliste/{SLUG}/"


def run(ctx: BenchContext) -> list[Result]:
    try:
        url: str | None = setup_list()
        why = ""
    except NotAvailable as error:
        url, why = None, str(error)

    results = []
    with ctx.server() as server:
        print(f"gunicorn {server.label}", flush=True)
        floor = http_load(server, "/healthz", requests=REQUESTS, concurrency=CONCURRENCY)
        print(floor.summary(), flush=True)
        if url is not None:
            status, _, _ = server.get(url)
            if status == 404:
                url, why = None, f"GET {url} answers 404 (no public list page yet)"
            elif status != 200:
                raise BenchError(f"GET {url} answered {status}:\n{server.log_tail()}")
        if url is None:
            results.append(Result.unavailable(NAME, "ms", target=TARGET_MS, why=why))
            return results
        page = http_load(server, url, requests=REQUESTS, concurrency=CONCURRENCY)
        print(page.summary(), flush=True)
        results.append(
            Result(name=NAME, value=page.p95_ms, unit="ms", target=TARGET_MS, floor=floor.p95_ms)
        )
        query = urlencode({"q": "digital", "stilling": "", "online": "", "side": 2})
        search = http_load(server, f"{url}?{query}", requests=REQUESTS, concurrency=CONCURRENCY)
        print(search.summary(), flush=True)
        results.append(Result(name=SEARCH_NAME, value=search.p95_ms, unit="ms", floor=floor.p95_ms))
    return results
