"""How fast the archive search answers: p95 of `item_search` over realistic queries.

20,000 index rows are made by scaling the real texts we have (the demo minutes of RAR
Nordjylland 4 June 2020 and the sample minutes the importer parses): each row takes an
item's title, decision and fields, mixed with another item's text, spread over eight
councils, three bodies and the years 2015-2025. The rows are written through the search
backend itself (FTS5 stems on SQLite, the generated tsvector on PostgreSQL), not through
the meetings services, which would take far longer than the search we measure.

Each measured call is what the portal's page does: the match, the count, the ranking,
one page of 20 hits loaded and their snippets marked. Queries mix single words, phrases
of two or three words, filters (council, year, kind, has a decision), date order and the
decision timeline.

`search_p95_ms_sqlite` runs in the harness' SQLite database; `search_p95_ms_postgres`
runs the same code in a child process under `scripts/with-postgres` (a throw-away
cluster), and is reported unavailable, with the reason, when no PostgreSQL can start.
The floor is null: nothing meaningful bounds a ranked full-text search from below. For
comparison the note gives the p95 of a plain `LIKE '%word%'` scan over the same rows
(no stemming, no ranking, first 20 rows).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from typing import Any

from harness import ROOT, BenchContext, Result, percentile

ROWS = 20_000
TARGET_MS = 50.0
ROUNDS = 5
DEMO = ROOT / "raadsrum/meetings/demo/nordjylland-2020-06-04.json"
SAMPLE_DIRS = (ROOT / "raadsrum/archive/samples", ROOT / "raadsrum/archive/tests/samples")
CHILD_FLAG = "--postgres-child"
RESULT_PREFIX = "BENCH_SEARCH_RESULT "

QUERIES: list[dict[str, Any]] = [
    {"query": "positivliste"},
    {"query": "positivlisten", "year": 2020},
    {"query": "rengøring"},
    {"query": "rekruttering", "order": "date"},
    {"query": "uddannelsespulje kurser"},
    {"query": "mangel på arbejdskraft"},
    {"query": "Covid-19 beskæftigelse"},
    {"query": "Rådet godkendte", "has_decision": True},
    {"query": "strategi", "council": "council-3"},
    {"query": "analysemidler", "kind": "B"},
    {"query": "ledighed ledige", "year": 2023, "order": "date"},
    {"query": "virksomheder"},
    {"query": "jobcentre kommunerne"},
    {"query": "orientering til efterretning", "page": 3},
    {"query": "fokusområder", "body": "chairmanship"},
    {"query": "årshjul"},
    {"query": "voksen- og efteruddannelse"},
    {"query": "nyhedsbrev kommunikation"},
    {"query": "positivlisten", "timeline": True},
    {"query": "rengøringsområdet", "timeline": True},
]


def _items_from_demo() -> list[dict[str, Any]]:
    data = json.loads(DEMO.read_text(encoding="utf-8"))
    items = []
    for section in data["sections"]:
        for item in section["items"]:
            items.append(
                {
                    "title": item["title"],
                    "kinds": item.get("kinds") or "",
                    "decision": item.get("decision") or "",
                    "text": "\n\n".join(
                        str(item.get(key) or "")
                        for key in (
                            "summary",
                            "recommendation",
                            "presentation",
                            "next_steps",
                            "background",
                        )
                    ),
                }
            )
    return items


def _items_from_samples() -> list[dict[str, Any]]:
    try:
        from raadsrum.archive.parsing import parse_minutes
    except ImportError:
        return []
    items = []
    seen: set[str] = set()
    for folder in SAMPLE_DIRS:
        for path in sorted(folder.glob("*.txt")):
            if path.name in seen:
                continue
            seen.add(path.name)
            try:
                parsed = parse_minutes(path.read_text(encoding="utf-8"))
            except Exception:  # noqa: BLE001 - another helper's parser; the demo suffices
                continue
            for item in parsed.items:
                fields = dict(getattr(item, "fields", {}) or {})
                items.append(
                    {
                        "title": item.title,
                        "kinds": "".join(item.kinds) if item.kinds else "",
                        "decision": fields.pop("decision", "") or "",
                        "text": "\n\n".join(str(v or "") for v in fields.values()),
                    }
                )
    return items


def populate(rows: int = ROWS, seed: int = 2020) -> str:
    """Write `rows` index rows; returns a note on where the texts came from."""
    import datetime as dt

    from raadsrum.archive.search import _backend
    from raadsrum.archive.search_models import SearchEntry
    from raadsrum.councils.models import Council

    demo, samples = _items_from_demo(), _items_from_samples()
    pool = demo + samples
    rng = random.Random(seed)
    councils = [
        Council.objects.get_or_create(
            slug=f"council-{n}",
            defaults={
                "name": f"RAR Bench {n}",
                "name_genitive": f"RAR Bench {n}s",
                "kind": "rar",
                "valid_from": dt.date(2015, 1, 1),
            },
        )[0]
        for n in range(1, 9)
    ]
    bodies = [
        ("council", None),
        ("council", None),
        ("council", None),
        ("chairmanship", "Formandskabet"),
        ("committee", "Positivlisteudvalget"),
    ]
    backend = _backend()
    batch: list[SearchEntry] = []
    for n in range(rows):
        base, other = rng.choice(pool), rng.choice(pool)
        council = councils[n % len(councils)]
        body, body_name = rng.choice(bodies)
        day = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(11 * 365))
        meeting_no, position = divmod(n, 25)
        decision = base["decision"] if rng.random() < 0.8 else ""
        batch.append(
            SearchEntry(
                source="minutes",
                council=council,
                body=body,
                body_name=body_name or council.name,
                meeting_date=day,
                meeting_address=f"{council.slug}/{day.isoformat()}",
                position=position + 1,
                item_number=f"{meeting_no % 9 + 1}.{position % 5 + 1}.{position // 5 + 1}",
                anchor=f"punkt-{position + 1}",
                kinds=base["kinds"][:3],
                has_decision=bool(decision.strip()),
                title=base["title"][:400],
                decision=decision,
                # The item's own text and a slice of another's, so rows are not all alike.
                text=base["text"] + "\n\n" + other["text"][: rng.randrange(200, 2000)],
            )
        )
        if len(batch) == 1000:
            backend.write(batch)
            batch = []
    backend.write(batch)
    return f"{len(demo)} demo items and {len(samples)} sample items scaled to {rows} rows"


def measure() -> dict[str, Any]:
    """p95 (ms) of the queries over ROUNDS rounds after one warm-up, and of a LIKE scan."""
    from django.db import connection

    from raadsrum.archive.search import decision_timeline, item_search
    from raadsrum.archive.search_models import SearchEntry

    def run_query(spec: dict[str, Any]) -> None:
        args = {k: v for k, v in spec.items() if k != "timeline"}
        if spec.get("timeline"):
            decision_timeline(**args)
        else:
            item_search(**args)

    for spec in QUERIES:
        run_query(spec)
    times: list[float] = []
    totals: dict[str, int] = {}
    for _ in range(ROUNDS):
        for spec in QUERIES:
            started = time.perf_counter()
            run_query(spec)
            times.append((time.perf_counter() - started) * 1000)
    for spec in QUERIES[:3]:
        totals[spec["query"]] = item_search(query=spec["query"]).total

    like_times: list[float] = []
    table = SearchEntry._meta.db_table
    for _ in range(ROUNDS):
        for spec in QUERIES:
            word = f"%{spec['query'].split()[0].lower()}%"
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT id FROM {table} WHERE lower(title) LIKE %s OR lower(decision) "
                    f"LIKE %s OR lower(text) LIKE %s ORDER BY meeting_date DESC LIMIT 20",
                    [word, word, word],
                )
                cursor.fetchall()
            like_times.append((time.perf_counter() - started) * 1000)
    return {
        "p95_ms": round(percentile(times, 95), 1),
        "p50_ms": round(percentile(times, 50), 1),
        "like_p95_ms": round(percentile(like_times, 95), 1),
        "samples": len(times),
        "totals": totals,
    }


def _result(name: str, outcome: dict[str, Any], origin: str) -> Result:
    note = (
        f"{origin}; {len(QUERIES)} queries × {ROUNDS} rounds = {outcome['samples']} calls, "
        f"p50 {outcome['p50_ms']} ms; plain LIKE scan p95 {outcome['like_p95_ms']} ms "
        f"(for comparison, not a floor); hits: {outcome['totals']}"
    )
    return Result(name, outcome["p95_ms"], "ms", target=TARGET_MS, floor=None, note=note)


def _postgres() -> Result:
    name = "search_p95_ms_postgres"
    script = ROOT / "scripts/with-postgres"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CI")}
    env["DJANGO_SETTINGS_MODULE"] = "raadsrum.settings.local"
    try:
        done = subprocess.run(
            [str(script), sys.executable, __file__, CHILD_FLAG],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=1800,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return Result.unavailable(name, "ms", target=TARGET_MS, why=f"with-postgres: {error}")
    for line in done.stdout.splitlines():
        if line.startswith(RESULT_PREFIX):
            payload = json.loads(line[len(RESULT_PREFIX) :])
            print(f"  postgres: {payload['outcome']}", flush=True)
            return _result(name, payload["outcome"], payload["origin"])
    reason = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return Result.unavailable(name, "ms", target=TARGET_MS, why=f"PostgreSQL: {reason}")


def run(ctx: BenchContext) -> list[Result]:
    from raadsrum.archive.search import search_index_rebuild

    started = time.perf_counter()
    origin = populate()
    print(f"  sqlite: {ROWS} rows in {time.perf_counter() - started:.1f} s", flush=True)
    outcome = measure()
    print(f"  sqlite: {outcome}", flush=True)
    results = [_result("search_p95_ms_sqlite", outcome, origin)]
    search_index_rebuild()  # leave no bench rows behind for the other benchmarks
    results.append(_postgres())
    return results


def _child() -> int:
    """Inside `scripts/with-postgres`: migrate, fill, measure, print one JSON line."""
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    origin = populate()
    print(f"filled {ROWS} rows in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_searchentry")
    outcome = measure()
    print(RESULT_PREFIX + json.dumps({"outcome": outcome, "origin": origin}), flush=True)
    return 0


if __name__ == "__main__" and CHILD_FLAG in sys.argv:
    sys.exit(_child())
