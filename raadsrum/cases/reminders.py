"""E-mail reminders to case committee members who have not answered a written hearing.

Each member is reminded once, a few days before the deadline (setting
CASES_HEARING_REMINDER_DAYS). The e-mail names the case by number and title only and links
to the answer page behind the login: cases hold personal and business data, and e-mail is
neither private nor erasable, so nothing else about the case goes into it.
"""

from __future__ import annotations

import datetime as dt
import smtplib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from raadsrum.cases import services
from raadsrum.cases.selectors import ReminderDue, hearing_reminders_due
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.selectors import UserLike

SUBJECT_TEMPLATE = "cases/email/hearing_reminder_subject.txt"
BODY_TEMPLATE = "cases/email/hearing_reminder_body.txt"


def reminder_days() -> int:
    """The lead time in days; ValidationFailed unless it is a whole number of at least 1."""
    days = getattr(settings, "CASES_HEARING_REMINDER_DAYS", 2)
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValidationFailed(
            _("Indstillingen CASES_HEARING_REMINDER_DAYS skal være et helt antal dage (mindst 1).")
        )
    return days


def site_url() -> str:
    url = str(getattr(settings, "SITE_URL", "")).rstrip("/")
    if not url.startswith(("https://", "http://")):
        raise ValidationFailed(
            _("Indstillingen SITE_URL skal være portalens adresse, fx https://raadsrum.example.dk.")
        )
    return url


def reminder_address(reminder: ReminderDue) -> str:
    return reminder.recipient.person.email.strip()


def reminder_message(reminder: ReminderDue, *, base_url: str) -> EmailMessage:
    """The reminder to one member, in the portal's language (Danish)."""
    case = reminder.case
    context: dict[str, Any] = {
        "name": reminder.person_name,
        "reference": case.reference,
        "title": case.title,
        "deadline": reminder.deadline,
        "url": base_url + reverse("cases:hearing", args=[case.pk]),
        "sender": case.council.secretariat_name or case.council.name,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(SUBJECT_TEMPLATE, context)
        body = render_to_string(BODY_TEMPLATE, context)
    return EmailMessage(
        subject=" ".join(subject.split()),  # a header: one line
        body=body.strip() + "\n",
        to=[reminder_address(reminder)],
    )


@dataclass
class ReminderRun:
    """What a run did (or, with dry_run, would do); `summary()` is the command's report."""

    days: int
    dry_run: bool
    sent: list[ReminderDue] = field(default_factory=list)
    without_email: list[ReminderDue] = field(default_factory=list)
    failed: list[tuple[ReminderDue, str]] = field(default_factory=list)
    marked: int = 0

    def summary(self) -> str:
        def line(r: ReminderDue, extra: str = "") -> str:
            deadline = timezone.localtime(r.deadline)
            return f"  {r.case.reference}  {r.person_name}{extra}  ({deadline:%d.%m.%Y %H.%M})"

        if self.dry_run:
            head = _("Prøvekørsel: intet er sendt eller markeret.")
            sent_label = _("Ville blive påmindet: %(count)s")
        else:
            head = ""
            sent_label = _("Påmindet: %(count)s")
        lines = [head] if head else []
        lines.append(
            _("Påmindelser om skriftlige høringer med frist inden for %(days)s dage.")
            % {"days": self.days}
        )
        lines.append(sent_label % {"count": len(self.sent)})
        lines += [line(r, f" <{reminder_address(r)}>") for r in self.sent]
        if self.without_email:
            lines.append(
                _("Uden e-mailadresse, ikke påmindet (påmind dem på anden vis): %(count)s")
                % {"count": len(self.without_email)}
            )
            lines += [line(r) for r in self.without_email]
        if self.failed:
            lines.append(
                _("Kunne ikke sendes, prøves igen ved næste kørsel: %(count)s")
                % {"count": len(self.failed)}
            )
            lines += [line(r, f": {error}") for r, error in self.failed]
        return "\n".join(lines)


def hearing_reminders_send(
    *, now: dt.datetime | None = None, dry_run: bool = False, by: UserLike | None = None
) -> ReminderRun:
    """Remind every member due a reminder now, one e-mail each, and mark them reminded.

    Members without an e-mail address, and those whose e-mail failed, stay unmarked: the
    summary lists them, and the next run tries again until the deadline has passed. The
    marks are written in one transaction after the e-mails went out, so a crash in between
    can remind someone twice but never leaves a member marked who got nothing.
    """
    run = ReminderRun(days=reminder_days(), dry_run=dry_run)
    base_url = site_url()
    due = hearing_reminders_due(now)
    addressed: list[ReminderDue] = []
    for reminder in due:
        (addressed if reminder_address(reminder) else run.without_email).append(reminder)
    if dry_run:
        run.sent = addressed
        return run
    if not addressed:
        return run
    messages = [(r, reminder_message(r, base_url=base_url)) for r in addressed]
    connection = get_connection()
    try:
        connection.open()
        for reminder, message in messages:
            try:
                connection.send_messages([message])
            except (smtplib.SMTPException, OSError) as error:
                run.failed.append((reminder, str(error) or error.__class__.__name__))
            else:
                run.sent.append(reminder)
    except (smtplib.SMTPException, OSError) as error:  # no connection to the mail server
        run.failed = [(r, str(error) or error.__class__.__name__) for r, _m in messages]
    finally:
        connection.close()
    if run.sent:
        with transaction.atomic():
            run.marked = services.hearing_reminders_sent(
                reminders=[r.recipient for r in run.sent], by=by
            )
    return run
