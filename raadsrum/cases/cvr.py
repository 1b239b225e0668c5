"""CVR numbers (the Danish business register): eight digits with a modulus-11 check digit."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from raadsrum.core.errors import ValidationFailed

_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_SEPARATORS = re.compile(r"[\s.\-]")


def cvr_normalise(value: str) -> str:
    """'DK 12 34 56 78' and '12345678' both give '12345678'; nothing else is changed."""
    text = _SEPARATORS.sub("", value or "")
    if text[:2].upper() == "DK":
        text = text[2:]
    return text


def cvr_is_valid(value: str) -> bool:
    digits = cvr_normalise(value)
    if len(digits) != 8 or not digits.isdigit() or digits[0] == "0":
        return False
    return sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11 == 0


def cvr_clean(value: str, *, required: bool = True) -> str:
    """The normalised CVR number, or ValidationFailed with a Danish message."""
    digits = cvr_normalise(value)
    if not digits:
        if required:
            raise ValidationFailed(_("Angiv virksomhedens CVR-nummer."))
        return ""
    if len(digits) != 8 or not digits.isdigit():
        raise ValidationFailed(
            _("CVR-nummeret skal være 8 cifre, fx 12345674. Der står: %(value)s") % {"value": value}
        )
    if not cvr_is_valid(digits):
        raise ValidationFailed(
            _("CVR-nummeret %(value)s findes ikke (kontrolcifferet passer ikke).")
            % {"value": value}
        )
    return digits
