"""`raadsrum keyfigures nordjylland 2020-03 --format pdf -o notat.pdf`.

Writes the key-figures note for a council and month as PDF, HTML or JSON (the JSON holds
every figure the note states). Exit codes: 0 written, 1 unknown council, a bad month or
no figures at all, 2 usage.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raadsrum.councils.models import Council
from raadsrum.councils.selectors import council_get
from raadsrum.monitoring.keyfigures import build_note
from raadsrum.monitoring.render import note_html, note_json, note_pdf
from raadsrum.monitoring.views_notes import parse_month

FORMATS = ("pdf", "html", "json")


class Command(BaseCommand):
    help = "Skriv et råds nøgletalsnotat for en måned som PDF, HTML eller JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("council", help="rådets kortnavn, fx nordjylland")
        parser.add_argument("month", help="måneden som ÅÅÅÅ-MM, fx 2020-03")
        parser.add_argument("--format", choices=FORMATS, default="pdf", dest="fmt")
        parser.add_argument(
            "-o", "--output", default=None, help="filnavn; '-' skriver til standard output"
        )
        parser.add_argument(
            "--on",
            default=None,
            help="opgør rådets område efter kommunerne på denne dato (ÅÅÅÅ-MM-DD) i alle "
            "perioder; ellers kommunerne i hver periode",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["council"]
        fmt: str = options["fmt"]
        try:
            council = council_get(slug=slug)
        except Council.DoesNotExist:
            raise CommandError(f"Rådet '{slug}' findes ikke.", returncode=1) from None
        try:
            month = parse_month(options["month"])
        except ValueError as bad:
            raise CommandError(str(bad), returncode=1) from None
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError:
                raise CommandError(
                    f"Datoen skal skrives som ÅÅÅÅ-MM-DD; der står '{options['on']}'.",
                    returncode=1,
                ) from None
        note = build_note(council=council, month=month, on=on)
        if not note.has_data:
            raise CommandError(
                f"Der er ingen tal for {council.name} i {options['month']}.", returncode=1
            )
        if fmt == "pdf":
            content = note_pdf(note)
        elif fmt == "html":
            content = note_html(note).encode("utf-8")
        else:
            content = note_json(note).encode("utf-8")
        output = options["output"] or f"noegletal-{council.slug}-{month:%Y-%m}.{fmt}"
        if output == "-":
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
            return
        Path(output).write_bytes(content)
        missing = [s.heading for s in note.sections if s.no_data]
        self.stderr.write(f"Skrev {output} ({len(content):,} byte)".replace(",", "."))
        if missing:
            self.stderr.write("Ingen data for: " + ", ".join(missing))
        if note.is_synthetic:
            self.stderr.write("Bemærk: notatet bygger på syntetiske data.")
