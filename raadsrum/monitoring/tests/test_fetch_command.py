"""`raadsrum fetch-statistics`: progress on standard error, a Danish summary, and without a
network a plain message, exit code 1 and nothing changed. The "network" here is a closed
local port or a small local server answering with the recordings; never the internet."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from raadsrum.monitoring.codes import Areas
from raadsrum.monitoring.models import Observation, StatisticsLoad
from raadsrum.monitoring.tests.store_fixtures import RECORDINGS, recording, reference

__all__ = ["reference"]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(args: list[str]) -> tuple[int, str, str]:
    """(exit code, standard output, standard error) as `raadsrum fetch-statistics` gives them.

    Through call_command rather than the console script: the latter closes the database
    connections when it is done, which would end the test's transaction.
    """
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("fetch-statistics", *args, stdout=out, stderr=err)
        code = 0
    except CommandError as error:
        err.write(f"{error}\n")
        code = error.returncode
    return code, out.getvalue(), err.getvalue()


def nothing_changed() -> bool:
    return not Observation.objects.exists() and not StatisticsLoad.objects.exists()


Answer = Callable[[str], tuple[int, bytes]]


@pytest.fixture
def statbank_server() -> Iterator[Callable[[Answer], str]]:
    """A local stand-in for api.statbank.dk; give it a function from path to (status, body)."""
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Answer) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status, body = answer(self.path)
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/v1"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def recordings(path: str) -> tuple[int, bytes]:
    if path.endswith("/tableinfo"):
        return 200, recording("statbank_tableinfo_AUF01.json")
    return 200, recording("statbank_data_AUF01.csv")


def test_without_a_network_it_says_so_plainly_exits_1_and_changes_nothing(
    reference: Areas,
) -> None:
    port = closed_port()
    with override_settings(STATBANK_URL=f"http://127.0.0.1:{port}/v1", JOBINDSATS_TOKEN=""):
        code, out, err = run([])

    assert code == 1
    assert f"Ingen forbindelse til Danmarks Statistik (127.0.0.1:{port}): intet er ændret." in err
    assert "Traceback" not in err
    assert nothing_changed()


def test_a_fetch_loads_the_table_with_progress_and_a_danish_summary(
    reference: Areas, statbank_server: Callable[[Answer], str]
) -> None:
    with override_settings(STATBANK_URL=statbank_server(recordings)):
        code, out, err = run(["--source", "statbank", "--table", "AUF01", "--from", "2025M01"])

    assert code == 0, err
    assert "Danmarks Statistik AUF01: 11 tal hentet" in err
    assert "indlæst 11 af 11 rækker" in err
    assert out.strip() == (
        "Danmarks Statistik, Statistikbanken: 11 rækker læst: 11 nye, 0 reviderede, 0 uændrede."
    )
    assert Observation.objects.count() == 11


def test_fetching_again_finds_the_figures_unchanged(
    reference: Areas, statbank_server: Callable[[Answer], str]
) -> None:
    args = ["--source", "statbank", "--table", "AUF01"]
    with override_settings(STATBANK_URL=statbank_server(recordings)):
        run(args)
        code, out, err = run(args)

    assert code == 0
    assert "0 nye, 0 reviderede, 11 uændrede" in out


def test_a_changed_upstream_format_names_the_field_and_changes_nothing(
    reference: Areas, statbank_server: Callable[[Answer], str]
) -> None:
    def renamed_value_column(path: str) -> tuple[int, bytes]:
        status, body = recordings(path)
        return status, body.replace(b"INDHOLD", b"VAERDI")

    with override_settings(STATBANK_URL=statbank_server(renamed_value_column)):
        code, out, err = run(["--source", "statbank", "--table", "AUF01"])

    assert code == 1
    assert "Danmarks Statistik har ændret formatet (INDHOLD)" in err
    assert nothing_changed()


def test_an_error_answer_is_reported_and_changes_nothing(
    reference: Areas, statbank_server: Callable[[Answer], str]
) -> None:
    with override_settings(
        STATBANK_URL=statbank_server(lambda path: (503, b"Service Unavailable"))
    ):
        code, out, err = run(["--source", "statbank"])

    assert code == 1
    assert "svarede med fejl 503" in err
    assert nothing_changed()


def test_jobindsats_without_a_key_is_refused(
    reference: Areas,
) -> None:
    with override_settings(JOBINDSATS_TOKEN=""):
        code, out, err = run(["--source", "jobindsats"])

    assert code == 1
    assert "JOBINDSATS_TOKEN" in err
    assert nothing_changed()


def test_a_downloaded_file_is_imported(
    reference: Areas,
) -> None:
    path = RECORDINGS / "statistikbanken_AUF01.csv"

    code, out, err = run(
        ["--file", str(path), "--format", "statbank-csv", "--measure", "gross_unemployment"]
    )

    assert code == 0, err
    assert "5 tal, 1 ikke vist" in err
    assert "5 rækker læst: 5 nye" in out


def test_a_dry_run_saves_nothing(
    reference: Areas,
) -> None:
    path = RECORDINGS / "jobindsats_y01a02.csv"

    code, out, err = run(["--file", str(path), "--format", "jobindsats", "--dry-run"])

    assert code == 0, err
    assert "4 nye" in out and "Prøvekørsel: intet er gemt." in out
    assert nothing_changed()


def test_a_bad_file_lists_its_row_errors_and_changes_nothing(
    reference: Areas, tmp_path: Path
) -> None:
    path = tmp_path / "tal.csv"
    path.write_text("måltal;område;periode;værdi\ngross_unemployment;Atlantis;2025M09;1\n")

    code, out, err = run(["--file", str(path), "--format", "long"])

    assert code == 1
    assert "Række 2, område: ukendt område 'Atlantis'" in err
    assert nothing_changed()


def test_a_file_needs_its_format(
    reference: Areas,
) -> None:
    code, out, err = run(["--file", str(RECORDINGS / "jobindsats_y01a02.csv")])

    assert code == 2
    assert "--format" in err
