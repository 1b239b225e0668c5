"""A mail server that fails on purpose, for the tests of invitations whose e-mail fails."""

from __future__ import annotations

import smtplib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import ClassVar

from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings


class FailingBackend(BaseEmailBackend):
    """Refuses the e-mails whose number (counting from 1 across connections) is in `fail_on`,
    or every e-mail when `down`; the others land in `mail.outbox` as with the test backend."""

    fail_on: ClassVar[set[int]] = set()
    down: ClassVar[bool] = False
    count: ClassVar[int] = 0

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            FailingBackend.count += 1
            if FailingBackend.down:
                raise ConnectionRefusedError(111, "Connection refused")
            if FailingBackend.count in FailingBackend.fail_on:
                raise smtplib.SMTPRecipientsRefused(
                    {message.to[0]: (451, b"temporary local problem")}
                )
            mail.outbox.append(message)
        return len(email_messages)


@contextmanager
def mail_failing(*numbers: int, down: bool = False) -> Iterator[None]:
    """Within the block the n-th e-mails sent fail (or all of them, with down=True)."""
    FailingBackend.count, FailingBackend.fail_on, FailingBackend.down = 0, set(numbers), down
    try:
        with override_settings(EMAIL_BACKEND=f"{__name__}.FailingBackend"):
            yield
    finally:
        FailingBackend.count, FailingBackend.fail_on, FailingBackend.down = 0, set(), False
