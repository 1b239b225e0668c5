"""Keeping CPR numbers out of Rådsrum: one check for every text that may be stored in a case.

A CPR number is DDMMYY-SSSS (the dash may be a space or missing). Since 2007 the last four
digits need not pass modulus 11, so a number counts as a CPR number when its first six
digits are a real date of birth under the century rule of the seventh digit. Numbers that
are longer or shorter (CVR 8, EAN 13, phone numbers in pairs, dates with dots, case
numbers like 2026-0042) do not match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from raadsrum.core.errors import ValidationFailed

# Six digits, an optional separator (hyphen, en/em dash, minus, space, no-break space), four
# digits; not part of a longer run of digits.
_SEPARATOR = "[-\u2010-\u2015\u2212 \u00a0\u202f]?"
_CANDIDATE = re.compile(rf"(?<![\d])(\d{{2}})(\d{{2}})(\d{{2}}){_SEPARATOR}(\d{{4}})(?![\d])")

# A 10-digit production-unit number (P-nummer) follows its label; it is not a person.
_P_NUMBER_LABEL = re.compile(r"p[\s.-]*(?:nr|nummer|no)\.?\s*:?\s*$", re.IGNORECASE)


def cpr_message() -> str:
    return _("Teksten ser ud til at indeholde et CPR-nummer. CPR-numre må ikke gemmes i Rådsrum.")


def _birth_year(yy: int, seventh: int) -> int:
    """The century rule (CPR-kontoret): the 7th digit and the two-digit year give the year."""
    if seventh <= 3:
        return 1900 + yy
    if seventh in (4, 9):
        return (2000 if yy <= 36 else 1900) + yy
    return (2000 if yy <= 57 else 1800) + yy


def _is_cpr(dd: str, mm: str, yy: str, serial: str, today: date) -> bool:
    try:
        born = date(_birth_year(int(yy), int(serial[0])), int(mm), int(dd))
    except ValueError:
        return False
    return born <= today  # nobody is born in the future


def find_cpr(text: str, *, today: date | None = None) -> str | None:
    """The first thing in `text` that looks like a CPR number, or None."""
    if not text or not any(c.isdigit() for c in text):
        return None
    today = today or timezone.localdate()
    for match in _CANDIDATE.finditer(text):
        dd, mm, yy, serial = match.groups()
        if not _is_cpr(dd, mm, yy, serial, today):
            continue
        if _P_NUMBER_LABEL.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        return match.group(0)
    return None


def contains_cpr(text: str) -> bool:
    return find_cpr(text) is not None


def check_no_cpr(*texts: object) -> None:
    """Refuse (ValidationFailed) if any of the texts holds a CPR number. Non-strings are skipped."""
    for text in texts:
        if isinstance(text, str) and find_cpr(text) is not None:
            raise ValidationFailed(cpr_message())


def check_texts_no_cpr(texts: Iterable[object]) -> None:
    check_no_cpr(*texts)
