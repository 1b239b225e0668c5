"""`raadsrum import PATH…`: import minutes and documents (PDF, DOCX, text) into the archive.

Folders are searched recursively for .pdf, .docx and .txt files. Each file is imported in
its own transaction, so one bad file leaves the others in. A progress bar runs on standard
error and a table sums up at the end. `--dry-run` saves nothing; with `--format json` it
writes the parsed document to standard output (a list when there are several files).
Exit codes: 0 every file went in, 1 a file or path was wrong (the table says which), 2 usage.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from raadsrum.archive.parsing import ImportFailed, parse_file
from raadsrum.archive.services import (
    IMPORT_USERNAME,
    STATUS_LABELS,
    ImportResult,
    ImportStatus,
    document_import,
    import_user,
)
from raadsrum.core.errors import PermissionDenied

SUFFIXES = (".pdf", ".docx", ".txt")


@dataclass
class Row:
    """One line of the summary table."""

    name: str
    status: ImportStatus
    council: str = ""
    date: str = ""
    items: int = 0
    warnings: int = 0
    message: str = ""
    result: ImportResult | None = None


def collect_files(paths: list[str]) -> tuple[list[Path], list[Row]]:
    """The files to import (folders searched recursively), and rows for paths that fail."""
    files: list[Path] = []
    missing: list[Row] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not found:
                missing.append(
                    Row(
                        raw,
                        ImportStatus.FAILED,
                        message="Mappen har ingen .pdf-, .docx- eller .txt-filer.",
                    )
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Row(raw, ImportStatus.FAILED, message="Stien findes ikke."))
    return list(dict.fromkeys(files)), missing


class Progress:
    """A one-line progress bar on a terminal; silent when the stream is not one."""

    def __init__(self, stream: TextIO, total: int, width: int = 30) -> None:
        self.stream, self.total, self.width = stream, total, width
        self.active = total > 0 and stream.isatty()

    def show(self, done: int, label: str) -> None:
        if not self.active:
            return
        filled = self.width * done // self.total
        bar = "█" * filled + "·" * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {label[:40]:<40}")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r" + " " * (self.width + 55) + "\r")
            self.stream.flush()


class Command(BaseCommand):
    help = "Importér referater og dokumenter (PDF, DOCX, tekst) til arkivet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="filer og mapper")
        parser.add_argument(
            "--dry-run", action="store_true", help="vis, hvad der ville ske, uden at gemme noget"
        )
        parser.add_argument(
            "--format",
            choices=("text", "json"),
            default="text",
            dest="fmt",
            help="json (kun med --dry-run): det indlæste dokument som JSON",
        )
        parser.add_argument(
            "--as",
            dest="username",
            default=None,
            metavar="BRUGER",
            help=f"importér som denne bruger (standard: systembrugeren "
            f"{IMPORT_USERNAME}, der ikke kan logge ind)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["fmt"] == "json" and not options["dry_run"]:
            raise CommandError("--format json kan kun bruges sammen med --dry-run.", returncode=2)
        files, rows = collect_files(options["paths"])
        total = len(files) + len(rows)
        if options["fmt"] == "json":
            self._json(files, rows)
        elif options["dry_run"]:
            # The system user may not exist yet: create it inside the rolled-back transaction.
            with transaction.atomic():
                rows += self._import(files, options["username"], commit=False)
                transaction.set_rollback(True)
        else:
            rows += self._import(files, options["username"], commit=True)
        if options["fmt"] != "json":
            self._summary(rows, dry_run=options["dry_run"])
        failed = sum(1 for row in rows if row.status == ImportStatus.FAILED)
        if failed:
            raise CommandError(
                f"{failed} af {total} filer eller stier kunne ikke importeres (se ovenfor).",
                returncode=1,
            )

    def _user(self, username: str | None) -> User:
        if username is None:
            return import_user()
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Brugeren {username} findes ikke.", returncode=1)
        return user

    def _import(self, files: list[Path], username: str | None, *, commit: bool) -> list[Row]:
        user = self._user(username)
        # The bar writes to the stream OutputWrapper wraps (its `write` would add a newline).
        # django-stubs is wrong here: `OutputWrapper.__getattr__` claims every attribute it
        # does not declare is a Callable, but `_out` is the wrapped TextIO.
        progress = Progress(self.stderr._out, len(files))  # type: ignore[arg-type]
        rows: list[Row] = []
        for done, path in enumerate(files):
            progress.show(done, path.name)
            rows.append(self._one(path, user, commit=commit))
        progress.show(len(files), "")
        progress.close()
        return rows

    def _one(self, path: Path, user: User, *, commit: bool) -> Row:
        try:
            result = document_import(
                data=path.read_bytes(), filename=path.name, by=user, commit=commit
            )
        except (ImportFailed, PermissionDenied) as error:
            return Row(str(path), ImportStatus.FAILED, message=error.message)
        except OSError as error:
            return Row(
                str(path), ImportStatus.FAILED, message=f"Filen kunne ikke læses: {error.strerror}."
            )
        doc = result.parsed
        return Row(
            str(path),
            result.status,
            council=result.council_name,
            date=doc.date or "",
            items=len(doc.items),
            warnings=len(result.report.warnings),
            message=result.message,
            result=result,
        )

    def _json(self, files: list[Path], rows: list[Row]) -> None:
        out: list[dict[str, Any]] = []
        for path in files:
            try:
                out.append(parse_file(path.read_bytes(), source_name=path.name).to_json())
            except ImportFailed as error:
                rows.append(Row(str(path), ImportStatus.FAILED, message=error.message))
            except OSError as error:
                rows.append(
                    Row(
                        str(path),
                        ImportStatus.FAILED,
                        message=f"Filen kunne ikke læses: {error.strerror}.",
                    )
                )
        for row in rows:
            self.stderr.write(f"{row.name}: {row.message}")
        data: Any = out[0] if len(files) == 1 and len(out) == 1 else out
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()

    def _summary(self, rows: list[Row], *, dry_run: bool) -> None:
        header = ("fil", "råd", "dato", "punkter", "advarsler", "status")
        table = [header] + [
            (
                _short(row.name),
                row.council,
                row.date,
                str(row.items) if row.result else "",
                str(row.warnings) if row.result else "",
                STATUS_LABELS[row.status] + (" (prøve)" if dry_run and row.result else ""),
            )
            for row in rows
        ]
        widths = [max(len(line[i]) for line in table) for i in range(len(header))]
        for index, line in enumerate(table):
            cells = [
                cell.rjust(widths[i]) if i in (3, 4) else cell.ljust(widths[i])
                for i, cell in enumerate(line)
            ]
            self.stdout.write("  ".join(cells).rstrip())
            if index == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
        notes = [
            (row, line)
            for row in rows
            for line in (
                [row.message]
                if row.status == ImportStatus.FAILED
                else (row.result.difference_lines[:10] if row.result else [])
            )
        ]
        if notes:
            self.stdout.write("")
        for row, note in notes:
            self.stdout.write(f"{_short(row.name)}: {note}")
        counts: dict[str, int] = {}
        for row in rows:
            counts[STATUS_LABELS[row.status]] = counts.get(STATUS_LABELS[row.status], 0) + 1
        self.stdout.write("")
        self.stdout.write(
            ("Intet er gemt (--dry-run). " if dry_run else "")
            + ", ".join(f"{n} {label}" for label, n in counts.items())
            + "."
        )


def _short(name: str, width: int = 48) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1) :]
