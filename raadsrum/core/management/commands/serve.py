"""`raadsrum serve`: collect static files, then run the portal under gunicorn."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Start portalen med gunicorn (efter collectstatic).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help=_("adresse (standard 127.0.0.1)"))
        parser.add_argument("--port", type=int, default=8000, help=_("port (standard 8000)"))
        parser.add_argument(
            "--workers", type=int, default=2, help=_("antal processer (standard 2)")
        )
        parser.add_argument(
            "--threads", type=int, default=4, help=_("tråde pr. proces (standard 4)")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        host: str = options["host"]
        port: int = options["port"]
        workers: int = options["workers"]
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
            "gthread",
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
        # Ctrl+C reaches gunicorn directly (same process group); SIGTERM is passed on.
        signal.signal(signal.SIGTERM, lambda *_: server.terminate())
        try:
            code = server.wait()
        except KeyboardInterrupt:
            code = server.wait()
        if code not in (0, -signal.SIGINT, -signal.SIGTERM):
            raise CommandError(_("gunicorn stoppede med fejlkode %(code)s.") % {"code": code})
