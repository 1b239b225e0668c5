"""`raadsrum serve`: collect static files, then run the portal under gunicorn.

The default is gunicorn's sync workers, one per CPU core, each serving one request at a
time. Rendering a page is CPU-bound Python: threads in a worker only take
turns holding the GIL, so with more threads than cores every request's own time grows by
the time it waits for the others. On 2 cores, 20 clients on the 30-item meeting page
(bench/bench_agenda_page.py) gave a server-side p95 of about 250 ms with gthread 2 × 8
against 20–70 ms with sync × 2 and 40–150 ms with sync × 3 (one worker more than cores),
and sync × 2 had the best throughput too. With SQLite on the same disk a worker hardly
waits for anything; with a database on another host, `--workers` one or two above the
core count can raise throughput. Sync workers expect a reverse proxy that buffers slow
clients (nginx) in front, as gunicorn recommends.

Beside gunicorn it starts the background worker (`raadsrum db_worker`, from django-tasks-db)
that runs queued jobs such as the archive upload's imports; `--no-worker` leaves it out
when the worker runs as a service of its own. Ctrl+C stops both: the worker finishes the
job it is on (one file) and exits.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


def cpu_cores() -> int:
    """The CPU cores this process may run on (respects taskset/cpuset limits)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_workers() -> int:
    return cpu_cores()


def _wait(process: subprocess.Popen[bytes], interrupted: list[bool]) -> int:
    """Wait for a child. Ctrl+C reaches the children themselves (same process group), so
    here it is only noted: a second one while the worker finishes its job is not an error."""
    while True:
        try:
            return process.wait()
        except KeyboardInterrupt:
            interrupted.append(True)


class Command(BaseCommand):
    help = _("Start portalen med gunicorn (efter collectstatic).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("adresse (standard 127.0.0.1)"))
        parser.add_argument("--port", type=int, default=8000, help=_("port (standard 8000)"))
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=_("antal processer (standard: antal CPU-kerner, her %(n)s)")
            % {"n": default_workers()},
        )
        parser.add_argument(
            "--no-worker",
            action="store_false",
            dest="worker",
            help=_("start ikke baggrundsarbejderen (raadsrum db_worker) sammen med portalen"),
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=1,
            help=_(
                "tråde pr. proces (standard 1: én forespørgsel ad gangen pr. proces; "
                "flere tråde bruger gunicorns gthread-workers)"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        workers: int = default_workers() if options["workers"] is None else options["workers"]
        threads: int = options["threads"]
        if not 0 < port < 65536:
            raise CommandError(_("Porten skal være mellem 1 og 65535."))
        if workers < 1 or threads < 1:
            raise CommandError(_("Der skal være mindst én proces og én tråd."))

        call_command("collectstatic", interactive=False, verbosity=0)

        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "raadsrum.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread" if threads > 1 else "sync",
            "--access-logfile",
            "-",
        ]
        env = dict(os.environ)
        # The workers load the same settings module this command was started with.
        env.setdefault("DJANGO_SETTINGS_MODULE", "raadsrum.settings.local")
        url_host = f"[{host}]" if ":" in host else host
        self.stdout.write(
            _("Rådsrum kører på http://%(host)s:%(port)s/ (stop med Ctrl+C)")
            % {"host": url_host, "port": port}
        )
        self.stdout.flush()

        server = subprocess.Popen(command, env=env)
        children = [server]
        if options["worker"]:
            worker_command = [
                sys.executable,
                "-m",
                "raadsrum",
                "db_worker",
                "--no-reload",
                "--interval",
                "1",
            ]
            children.append(subprocess.Popen(worker_command, env=env))
        # Ctrl+C reaches gunicorn and the worker directly (same process group); SIGTERM is
        # passed on to both.
        stopping: list[bool] = []

        def stop(*_args: object) -> None:
            stopping.append(True)
            for child in children:
                child.terminate()

        signal.signal(signal.SIGTERM, stop)
        code = _wait(server, stopping)
        for child in children[1:]:
            # Stopped with Ctrl+C or SIGTERM, the worker has its signal and finishes its
            # job; if gunicorn stopped by itself, the worker is told to stop too.
            if not stopping and child.poll() is None:
                child.terminate()
            _wait(child, stopping)
        if code not in (0, -signal.SIGINT, -signal.SIGTERM):
            raise CommandError(_("gunicorn stoppede med fejlkode %(code)s.") % {"code": code})
