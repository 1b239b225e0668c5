"""`raadsrum search-index --rebuild`: write the archive's search index again from scratch.

Publishing keeps the index up to date by itself; a rebuild is for after an upgrade that
changes what is indexed, or a database restored from a backup. Exit codes: 0 done, 2 usage.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Genopbyg arkivets søgeindeks ud fra alle offentliggjorte dagsordener og referater."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="slet hele søgeindekset og skriv det igen",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from raadsrum.archive.search import search_index_rebuild

        if not options["rebuild"]:
            raise CommandError("Angiv --rebuild for at genopbygge søgeindekset.", returncode=2)
        started = time.perf_counter()
        rows = search_index_rebuild()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Søgeindekset er genopbygget: {rows} punkter og dokumenter på {elapsed:.1f} s."
        )
