"""`raadsrum cases-reminders [--dry-run]`: remind case committee members of written hearings.

Sends each member who has not answered an open hearing one e-mail, CASES_HEARING_REMINDER_DAYS
days (2 by default) before its deadline, marks them reminded and prints a summary that also
lists the members without an e-mail address. Meant for cron, e.g. every hour.
Exit codes: 0 done, 1 bad settings or e-mails that could not be sent, 2 usage.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from raadsrum.cases.reminders import hearing_reminders_send
from raadsrum.core.errors import ValidationFailed


class Command(BaseCommand):
    help = "Send påmindelser til medlemmer af sagsudvalget, der ikke har svaret på en høring."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="vis hvem der ville få en påmindelse"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            run = hearing_reminders_send(dry_run=options["dry_run"])
        except ValidationFailed as error:
            raise CommandError(error.message, returncode=1) from error
        self.stdout.write(run.summary())
        if run.failed:
            raise CommandError(
                ngettext(
                    "%(count)s påmindelse kunne ikke sendes.",
                    "%(count)s påmindelser kunne ikke sendes.",
                    len(run.failed),
                )
                % {"count": len(run.failed)},
                returncode=1,
            )
