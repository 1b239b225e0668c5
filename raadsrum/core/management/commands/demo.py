"""`raadsrum demo`: create the database and load the demo (safe to run again)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from raadsrum.core import demo
from raadsrum.core.errors import RaadsrumError


class Command(BaseCommand):
    help = _(
        "Opret databasen, indlæs referencedata, demobrugere og RAR Nordjyllands møde "
        "4. juni 2020. Kan køres igen uden at oprette noget to gange."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data",
            type=Path,
            default=None,
            help=_("mappe med demodata (standard: raadsrum/meetings/demo)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(_("Opdaterer databasen …"))
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(_("Indlæser demodata …"))
        try:
            report = demo.demo_load(data_dir=options["data"])
        except RaadsrumError as error:
            raise CommandError(error.message) from error
        for line in report.created:
            self.stdout.write(_("  oprettet: %(what)s") % {"what": line})
        for line in report.existing:
            self.stdout.write(_("  fandtes allerede: %(what)s") % {"what": line})
        for line in report.notes:
            self.stdout.write(self.style.WARNING(_("  bemærk: %(note)s") % {"note": line}))
        if not report.created:
            self.stdout.write(_("Intet nyt: demoen var allerede indlæst."))
        self.stdout.write(demo.summary_text(report))
