"""Cases: a surge of work-sharing extensions, and the case list with 50,000 cases.

`worksharing_batch_s`: import 1,000 work-sharing extensions from parsed rows (one
transaction, CPR and CVR checks, numbering, audit) and decide them all administratively
under the council's rule (the rule check, the workflow and an audit entry per case).

`case_list_p95_ms`: the case list page (`/sager/?type=…&status=…`) over HTTP, as the
secretariat sees it (login, access check, the audited listing, a page of 50 and the total),
filtered by type and status, with 50,000 cases in the council: the server-side p95
(`Server-Timing`) under the harness's load, cycling through every type and status. The
50,000 cases are bulk-inserted into the base table only (the list reads nothing else).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from harness import BenchContext, BenchError, Result, http_load, percentile

BATCH = 1_000
BATCH_TARGET_S = 10.0
LIST_CASES = 50_000
LIST_QUERIES = 200
LIST_TARGET_MS = 100.0
CVR = "12345674"


def _setup() -> tuple[Any, Any, Any]:
    from django.contrib.auth.models import User

    from raadsrum.cases.models import AdministrativeDecisionRule, CaseKind
    from raadsrum.councils.models import (
        Council,
        CouncilArea,
        Membership,
        Municipality,
        Person,
        Region,
        Role,
    )

    municipality = Municipality.objects.filter(code="813").first()
    if municipality is None:
        region, _ = Region.objects.get_or_create(
            code="1081", defaults={"name": "Region Nordjylland"}
        )
        municipality = Municipality.objects.create(code="813", name="Frederikshavn", region=region)
    council = Council.objects.create(
        slug="bench-cases",
        name="RAR Bench Sager",
        name_genitive="RAR Bench Sagers",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
        secretariat_name="AMK Bench",
    )
    CouncilArea.objects.create(
        council=council, municipality=municipality, valid_from=dt.date(2015, 1, 1)
    )
    user = User.objects.create_user("bench-sekretaer", password="x")
    person = Person.objects.create(name="Bench Sekretær", user=user)
    Membership.objects.create(
        council=council, person=person, role=Role.SECRETARIAT, valid_from=dt.date(2015, 1, 1)
    )
    AdministrativeDecisionRule.objects.create(
        council=council, kind=CaseKind.WORK_SHARING, valid_from=dt.date(2020, 3, 1)
    )
    return council, municipality, user


def _rows(municipality: Any) -> list[dict[str, object]]:
    return [
        {
            "Virksomhed": f"Virksomhed nr. {n} A/S",
            "CVR": CVR,
            "Kommune": municipality.name,
            "Berørte medarbejdere": str(5 + n % 200),
            "Startdato": "09.03.2026",
            "Uger": str(14 + n % 13),
            "Forlængelse": "ja",
            "Principiel": "nej",
        }
        for n in range(BATCH)
    ]


def _batch(council: Any, municipality: Any, user: Any) -> float:
    from raadsrum.cases.services import cases_decide_administratively, worksharing_batch_import

    rows = _rows(municipality)
    started = time.perf_counter()
    cases = worksharing_batch_import(
        council=council, rows=rows, by=user, received_on=dt.date(2026, 3, 2)
    )
    result = cases_decide_administratively(
        cases=cases, by=user, reasons="Forlængelse efter rådets regel."
    )
    elapsed = time.perf_counter() - started
    if len(result.decided) != BATCH:
        raise RuntimeError(f"only {len(result.decided)} of {BATCH} decided")
    return elapsed


def _fill(council: Any) -> None:
    from django.db import transaction

    from raadsrum.cases.models import Case, CaseKind, CaseStatus

    rng = random.Random(7)
    kinds = list(CaseKind.values)
    statuses = list(CaseStatus.values)
    start = dt.date(2020, 1, 1)
    with transaction.atomic():
        batch = []
        for n in range(LIST_CASES):
            received = start + dt.timedelta(days=rng.randrange(6 * 365))
            batch.append(
                Case(
                    council=council,
                    kind=rng.choice(kinds),
                    status=rng.choice(statuses),
                    year=received.year,
                    sequence=100_000 + n,
                    reference=f"{received.year}-{100_000 + n}",
                    title=f"Sag {n}",
                    received_on=received,
                    deadline=received + dt.timedelta(days=14),
                )
            )
            if len(batch) == 5_000:
                Case.objects.bulk_create(batch)
                batch = []
        Case.objects.bulk_create(batch)


def _session_cookie(user: Any) -> dict[str, str]:
    """A logged-in session in the database the server reads, as a Cookie header."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"Cookie": f"{name}={client.cookies[name].value}"}


def _list_paths() -> list[str]:
    from raadsrum.cases.forms import KIND_SLUGS
    from raadsrum.cases.models import CaseStatus

    return [
        f"/sager/?type={slug}&status={status}"
        for slug in KIND_SLUGS
        for status in CaseStatus.values
    ]


def _list_p95(ctx: BenchContext, user: Any) -> tuple[float, float, int]:
    """The server-side p95 and p50 over every type × status filter, and how many requests."""
    headers = _session_cookie(user)
    times: list[float] = []
    with ctx.server() as server:
        for path in _list_paths():
            status, _, body = server.get(path, headers=headers)
            if status != 200 or b"case-table" not in body and b"Ingen sager" not in body:
                raise BenchError(f"GET {path} answered {status}:\n{server.log_tail()}")
            stats = http_load(
                server,
                path,
                requests=LIST_QUERIES // 6,
                concurrency=4,
                warmup=2,
                headers=headers,
            )
            if stats.errors:
                raise BenchError(f"{path}: {stats.errors[:3]}")
            times.extend(stats.server_ms)
    p95, p50 = percentile(times, 95), percentile(times, 50)
    print(f"case list: {len(times)} requests, server p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    return p95, p50, len(times)


def run(ctx: BenchContext) -> list[Result]:
    try:
        from raadsrum.cases import services  # noqa: F401
    except ImportError:
        return [
            Result.unavailable(
                "worksharing_batch_s",
                "s",
                target=BATCH_TARGET_S,
                why="the cases app does not exist yet",
            ),
            Result.unavailable(
                "case_list_p95_ms",
                "ms",
                target=LIST_TARGET_MS,
                why="the cases app does not exist yet",
            ),
        ]
    council, municipality, user = _setup()
    batch_s = _batch(council, municipality, user)
    _fill(council)
    list_ms, list_p50_ms, measured = _list_p95(ctx, user)
    return [
        Result(
            "worksharing_batch_s",
            round(batch_s, 2),
            "s",
            target=BATCH_TARGET_S,
            note=f"{BATCH} extensions imported and decided administratively",
        ),
        Result(
            "case_list_p95_ms",
            round(list_ms, 1),
            "ms",
            target=LIST_TARGET_MS,
            note=f"HTTP, server-side p95 of {measured} requests over every type × status "
            f"(p50 {list_p50_ms:.1f} ms), {LIST_CASES + BATCH} cases, page of 50 and the total",
        ),
    ]
