"""`raadsrum serve` collects static files and serves the portal with gunicorn."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serve_runs_the_portal_under_gunicorn_with_local_settings(tmp_path: Path) -> None:
    unwanted = {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in unwanted}
    env.update(
        DJANGO_SETTINGS_MODULE="raadsrum.settings.local",
        RAADSRUM_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
    )
    subprocess.run(
        [sys.executable, "-m", "raadsrum", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "raadsrum", "serve", "--port", str(port), "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline and server.poll() is None:
            try:
                status, body = _get(port, "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        output = log.read_text()
        assert status == 200, output
        assert body == b"ok\n"
        assert f"Rådsrum kører på http://127.0.0.1:{port}/ (stop med Ctrl+C)" in output

        status, body = _get(port, "/")
        assert status == 200, log.read_text()
        assert (tmp_path / "static" / "staticfiles.json").exists(), "collectstatic did not run"
    finally:
        # What Ctrl+C in a terminal does: SIGINT to the whole process group.
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
        try:
            code = server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            raise
    assert code == 0, log.read_text()
