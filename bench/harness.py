"""Benchmark harness: a throw-away database, a timer and a loopback HTTP load generator.

Benchmark modules (`bench/bench_*.py`) expose `run(ctx: BenchContext) -> list[Result]`.
`BenchContext` must be entered before anything imports Django settings: it points
DATABASE_URL and RAADSRUM_DATA_DIR at a temporary directory, sets Django up and migrates.
"""

from __future__ import annotations

import http.client
import itertools
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SERVER_TIMING = re.compile(r"(?:^|,)\s*app;dur=([0-9.]+)")


class BenchError(RuntimeError):
    """The benchmark could not measure (server did not start, requests failed, …)."""


@dataclass
class Result:
    """One measured number. `floor` is what the number cannot beat (e.g. an empty view)."""

    name: str
    value: float | None
    unit: str
    target: float | None = None
    floor: float | None = None
    higher_is_better: bool = False
    note: str = ""

    @property
    def available(self) -> bool:
        return self.value is not None

    @property
    def target_met(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "target": self.target,
            "floor": self.floor,
        }

    @classmethod
    def unavailable(cls, name: str, unit: str, *, target: float | None, why: str) -> Result:
        return cls(name=name, value=None, unit=unit, target=target, note=why)


class BenchContext:
    """A throw-away SQLite database and data dir, with Django set up and migrated."""

    def __init__(self, settings_module: str = "raadsrum.settings.local") -> None:
        self.settings_module = settings_module
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._saved_env: dict[str, str | None] = {}
        self.dir = Path()
        self.env: dict[str, str] = {}

    @property
    def database_path(self) -> Path:
        return self.dir / "bench.sqlite3"

    def __enter__(self) -> BenchContext:
        if "django.conf" in sys.modules:
            from django.conf import settings

            if settings.configured:
                raise BenchError("BenchContext must be entered before Django is set up")
        self._tmp = tempfile.TemporaryDirectory(prefix="raadsrum-bench-")
        self.dir = Path(self._tmp.name)
        overrides = {
            "DJANGO_SETTINGS_MODULE": self.settings_module,
            "DATABASE_URL": f"sqlite:///{self.database_path}",
            "RAADSRUM_DATA_DIR": str(self.dir),
            "MEDIA_ROOT": str(self.dir / "media"),
            "DEBUG": "false",
        }
        for key, value in overrides.items():
            self._saved_env[key] = os.environ.get(key)
            os.environ[key] = value
        self.env = dict(os.environ)

        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", interactive=False, verbosity=0)
        # The server runs with DEBUG off and manifest static storage: templates need it.
        call_command("collectstatic", interactive=False, verbosity=0)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        from django.db import connections

        connections.close_all()
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        if self._tmp is not None:
            self._tmp.cleanup()

    @contextmanager
    def server(
        self,
        *,
        workers: int | None = None,
        threads: int = 1,
        worker_class: str = "sync",
        start_timeout: float = 30,
    ) -> Iterator[Server]:
        """Gunicorn on a free loopback port against this context's database.

        The default is what `raadsrum serve` runs in production (see `serve_defaults`):
        sync workers, one per core.
        """
        from django.db import connections

        connections.close_all()  # let the server see everything written so far
        if workers is None:
            workers = serve_defaults()["workers"]
        server = Server(self, workers=workers, threads=threads, worker_class=worker_class)
        server.start(timeout=start_timeout)
        try:
            yield server
        finally:
            server.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve_defaults() -> dict[str, Any]:
    """The worker settings `raadsrum serve` uses by default, so the bench measures those."""
    from raadsrum.core.management.commands.serve import default_workers

    return {"worker_class": "sync", "workers": default_workers(), "threads": 1}


class Server:
    def __init__(
        self, ctx: BenchContext, *, workers: int, threads: int = 1, worker_class: str = "sync"
    ) -> None:
        self.ctx = ctx
        self.workers = workers
        self.threads = threads
        self.worker_class = worker_class
        self.port = free_port()
        self.log_path = ctx.dir / f"gunicorn-{self.port}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def label(self) -> str:
        """`sync × 3` or `gthread 2 × 8`."""
        if self.worker_class == "gthread":
            return f"gthread {self.workers} × {self.threads}"
        return f"{self.worker_class} × {self.workers}"

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def start(self, *, timeout: float) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "raadsrum.wsgi:application",
            "--bind",
            f"{self.host}:{self.port}",
            "--worker-class",
            self.worker_class,
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ]
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.ctx.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited at start:\n{self.log_tail()}")
            try:
                status, _, _ = self.get("/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise BenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def get(
        self, path: str, timeout: float = 10, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        except ProcessLookupError:
            pass


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (p95 of 200 values is the 190th smallest)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median_time(fn: Callable[[], object], repeat: int = 5, warmup: int = 1) -> float:
    """Median wall time of `fn()` in seconds over `repeat` runs, after `warmup` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


@dataclass
class LoadStats:
    path: str
    server_ms: list[float] = field(default_factory=list)
    client_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_seconds: float = 0.0

    @property
    def p95_ms(self) -> float:
        return percentile(self.server_ms, 95)

    @property
    def p50_ms(self) -> float:
        return percentile(self.server_ms, 50)

    @property
    def client_p95_ms(self) -> float:
        return percentile(self.client_ms, 95)

    def summary(self) -> str:
        return (
            f"{self.path}: {len(self.server_ms)} requests in {self.wall_seconds:.1f} s, "
            f"server p50 {self.p50_ms:.1f} ms, p95 {self.p95_ms:.1f} ms, "
            f"client p95 {self.client_p95_ms:.1f} ms"
        )


def http_load(
    server: Server,
    path: str,
    *,
    requests: int = 400,
    concurrency: int = 20,
    warmup: int = 20,
    time_limit: float = 60,
    timeout: float = 10,
    headers: dict[str, str] | None = None,
) -> LoadStats:
    """GET `path` `requests` times from `concurrency` keep-alive clients.

    Collects the server-side time from each response's `Server-Timing: app;dur=X`.
    `headers` go with every request (e.g. a session cookie for pages behind login).
    Stops early after `time_limit` seconds. Raises BenchError if any request fails or
    fewer than half the requests completed.
    """
    for _ in range(warmup):
        status, _, _ = server.get(path, timeout=timeout, headers=headers)
        if status != 200:
            raise BenchError(f"GET {path} answered {status} during warm-up")

    stats = LoadStats(path=path)
    lock = threading.Lock()
    tickets = itertools.count()
    deadline = time.monotonic() + time_limit

    def client() -> None:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=timeout)
        try:
            while next(tickets) < requests and time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    connection.request(
                        "GET", path, headers={"Connection": "keep-alive", **(headers or {})}
                    )
                    response = connection.getresponse()
                    response.read()
                except (OSError, http.client.HTTPException) as error:
                    connection.close()  # reconnects on the next request
                    with lock:
                        stats.errors.append(f"{type(error).__name__}: {error}")
                    continue
                client_ms = (time.perf_counter() - started) * 1000
                match = SERVER_TIMING.search(response.getheader("Server-Timing", ""))
                with lock:
                    if response.status != 200:
                        stats.errors.append(f"HTTP {response.status}")
                    elif match is None:
                        stats.errors.append("no Server-Timing app;dur header")
                    else:
                        stats.server_ms.append(float(match.group(1)))
                        stats.client_ms.append(client_ms)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=time_limit + timeout + 5)
    stats.wall_seconds = time.monotonic() - started

    if stats.errors:
        raise BenchError(
            f"GET {path}: {len(stats.errors)} of {requests} requests failed, "
            f"first: {stats.errors[0]}\n{server.log_tail()}"
        )
    if len(stats.server_ms) < requests / 2:
        raise BenchError(
            f"GET {path}: only {len(stats.server_ms)} of {requests} requests "
            f"within {time_limit:.0f} s"
        )
    return stats
