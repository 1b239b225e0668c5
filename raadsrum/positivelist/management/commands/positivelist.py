"""`raadsrum positivelist export nordjylland --format csv [-o FILE]`.

Writes the positive list in force for a council (a council that has ended: its successor's
list) as CSV, XLSX or JSON; `--version N` writes one of the council's own versions instead.
CSV and JSON go to standard output unless -o is given; XLSX needs -o.
Exit codes: 0 written, 1 no such council or no list, 2 usage.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raadsrum.councils.models import Council
from raadsrum.positivelist.list_export import FORMATS, export_version
from raadsrum.positivelist.list_selectors import version_current, version_get
from raadsrum.positivelist.models import PositiveListVersion


class Command(BaseCommand):
    help = "Positivlisten: skriv et råds gældende liste som CSV, XLSX eller JSON."
    # A read-only export: the project checks belong to `raadsrum check` and deployment.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="HANDLING")
        export = actions.add_parser(
            "export",
            help="skriv rådets gældende positivliste",
            called_from_command_line=getattr(parser, "called_from_command_line", None),
        )
        export.add_argument("council", help="rådets kortnavn, fx nordjylland")
        export.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        export.add_argument(
            "--version", type=int, default=None, dest="list_version", help="versionsnummer"
        )
        export.add_argument(
            "-o", "--output", default=None, help="filnavn; '-' eller intet skriver til stdout"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["council"]
        fmt: str = options["fmt"]
        try:
            council = Council.objects.get(slug=slug)
        except Council.DoesNotExist:
            raise CommandError(f"Rådet '{slug}' findes ikke.", returncode=1) from None
        number: int | None = options["list_version"]
        version: PositiveListVersion | None
        if number is not None:
            try:
                version = version_get(council=council, number=number)
            except PositiveListVersion.DoesNotExist:
                raise CommandError(
                    f"{council.name} har ingen version {number} af positivlisten.", returncode=1
                ) from None
        else:
            version = version_current(council=council)
        if version is None:
            raise CommandError(f"{council.name} har ingen positivliste i kraft.", returncode=1)
        output = options["output"]
        if fmt == "xlsx" and output in (None, "-"):
            raise CommandError("XLSX skrives til en fil: angiv -o FIL.xlsx.", returncode=2)
        exported = export_version(version, fmt)
        if output in (None, "-"):
            sys.stdout.flush()
            sys.stdout.buffer.write(exported.content)
            sys.stdout.buffer.flush()
            return
        Path(output).write_bytes(exported.content)
        count = version.courses.count()
        self.stderr.write(
            f"Skrev {output}: version {version.number} af positivlisten for "
            f"{version.positive_list.council.name} ({count} kurser)"
        )
