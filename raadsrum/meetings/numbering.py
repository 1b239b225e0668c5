"""Agenda numbering in each council's own style.

Section numbers: a theme section (first, if any) is 0, the others 1, 2, 3 … in order.
Item numbers: the council's style applied to (section number, item's place in the section),
or a letter for theme items where the council uses them (0A, 0B).
Attachments: "<section>.<item>.<k>", as in "Bilag 2.1.1" and "Bilag 5.1.2".
"""

from __future__ import annotations

import string
from collections.abc import Sequence

from raadsrum.councils.models import NumberingStyle


def section_numbers(themes: Sequence[bool]) -> list[str]:
    """Numbers for sections in order, given whether each one is a theme."""
    numbers: list[str] = []
    regular = 0
    for is_theme in themes:
        if is_theme:
            numbers.append("0")
        else:
            regular += 1
            numbers.append(str(regular))
    return numbers


def item_number(
    *, style: str, section_number: str, index: int, is_theme: bool, theme_letters: bool
) -> str:
    """The number of the `index`-th (1-based) item of a section."""
    if is_theme and theme_letters:
        return f"{section_number}{_letters(index)}"
    if style == NumberingStyle.DOTTED:
        return f"{section_number}.{index}"
    if style == NumberingStyle.DOTTED_TRAILING:
        return f"{section_number}.{index}."
    return f"{section_number}.{index}.1"


def attachment_number(*, section_number: str, index: int, position: int) -> str:
    return f"{section_number}.{index}.{position}"


def _letters(index: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    letters = ""
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        letters = string.ascii_uppercase[remainder] + letters
    return letters


ITEM_KINDS = ("B", "D", "O")


def normalise_kinds(kinds: str) -> str:
    """'d/b' → 'DB'; keeps the order given, drops separators. Raises ValueError on others."""
    cleaned = "".join(ch for ch in kinds.upper() if ch not in " /+,")
    if any(ch not in ITEM_KINDS for ch in cleaned) or len(set(cleaned)) != len(cleaned):
        raise ValueError(kinds)
    return cleaned


def kinds_marker(kinds: str, has_presentation: bool) -> str:
    """'(D/B)', '(Oplæg + D)'; empty when there is nothing to mark."""
    body = "/".join(kinds)
    if has_presentation:
        body = f"Oplæg + {body}" if body else "Oplæg"
    return f"({body})" if body else ""
