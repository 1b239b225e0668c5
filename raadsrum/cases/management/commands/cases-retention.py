"""`raadsrum cases-retention --older-than-years 5 [--anonymise|--delete] [--dry-run]`.

Anonymises (the default) or deletes closed cases closed more than N years ago (setting
CASES_RETENTION_YEARS when not given), prints a summary and records each case in the
audit log. Exit codes: 0 done, 1 bad input, 2 usage.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from raadsrum.cases.services import cases_retention
from raadsrum.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Anonymisér eller slet lukkede forvaltningssager, der er ældre end opbevaringsperioden."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-years",
            type=int,
            default=None,
            help="år efter lukning (standard: indstillingen CASES_RETENTION_YEARS)",
        )
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--anonymise",
            dest="mode",
            action="store_const",
            const="anonymise",
            help="fjern tekster, navne, CVR, notater og dokumenter (standard)",
        )
        mode.add_argument(
            "--delete", dest="mode", action="store_const", const="delete", help="slet sagerne helt"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hvad der ville ske, uden at ændre noget"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = cases_retention(
                older_than_years=options["older_than_years"],
                mode=options["mode"] or "anonymise",
                dry_run=options["dry_run"],
            )
        except ValidationFailed as error:
            raise CommandError(error.message, returncode=1) from error
        if options["verbosity"] > 1:
            for reference in result.references:
                self.stdout.write(reference)
        self.stdout.write(result.summary())
