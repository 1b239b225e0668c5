"""`raadsrum serve` starts the background worker too: an upload queued before the portal
starts is read once it runs, and Ctrl+C stops the portal and the worker cleanly."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

QUEUE_ONE_UPLOAD = """
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from raadsrum.archive.upload_services import batch_create
admin = User.objects.create_user("admin", is_superuser=True)
note = SimpleUploadedFile("notat.txt", "Et notat om positivlisten.\\n".encode() * 20)
print(batch_create(files=[note], by=admin).pk)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _raadsrum(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "raadsrum", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def _batch_status(database: Path) -> str:
    with closing(sqlite3.connect(database, timeout=20)) as db:
        return " ".join(
            db.execute(
                "SELECT b.status, f.status FROM archive_uploadbatch b "
                "JOIN archive_uploadfile f ON f.batch_id = b.id"
            ).fetchone()
        )


def test_serve_runs_the_worker_that_reads_queued_uploads(tmp_path: Path) -> None:
    unwanted = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    env.update(
        DJANGO_SETTINGS_MODULE="raadsrum.settings.local",
        RAADSRUM_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    )
    database = tmp_path / "serve.sqlite3"
    _raadsrum(env, "migrate", "--noinput", "-v", "0")
    _raadsrum(env, "shell", "--no-imports", "-c", QUEUE_ONE_UPLOAD)
    assert _batch_status(database) == "parsing waiting"

    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "raadsrum",
                "serve",
                "--port",
                str(_free_port()),
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        state = ""
        while time.monotonic() < deadline and server.poll() is None:
            state = _batch_status(database)
            if not state.startswith("parsing"):
                break
            time.sleep(0.5)
        assert state == "ready parsed", log.read_text()
    finally:
        # What Ctrl+C in a terminal does: SIGINT to the whole process group.
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
        try:
            code = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    assert code == 0, log.read_text()
    # Nothing of the portal or the worker is left running.
    leftover = subprocess.run(["pgrep", "-g", str(server.pid)], capture_output=True, text=True)
    assert leftover.stdout.strip() == "", leftover.stdout
