"""A real Danish word list, used to decide repairs (join a split word, undo a font swap).

The list is Debian's `wdanish` package (/usr/share/dict/danish: about 313,000 word forms
from Den Store Danske Ordliste / Stavekontrolden, inflections and common compounds included).
Danish makes new compounds freely, so a word the list lacks is also accepted when it splits
into known words, with the linking `s` or `e` allowed ("strategi" + "drøftelser").
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable
from pathlib import Path

DEFAULT_PATHS = (Path("/usr/share/dict/danish"), Path("/usr/share/dict/dansk"))
ENV_VAR = "RAADSRUM_DANISH_WORDLIST"
MIN_PART = 3  # shorter parts would make "og" + "dem" a compound


class DanishWords:
    """Membership tests against a set of lower-cased Danish word forms."""

    def __init__(self, words: Iterable[str], *, source: str = "") -> None:
        self._words = frozenset(w.strip().lower() for w in words if w.strip())
        self.source = source
        self.is_word = functools.lru_cache(maxsize=200_000)(self._is_word)

    def __len__(self) -> int:
        return len(self._words)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.lower() in self._words

    def _is_word(self, word: str) -> bool:
        """True for a listed word form, or a compound of listed words."""
        w = word.lower()
        if not w or not w.isalpha():
            return False
        return w in self._words or self._is_compound(w, depth=0)

    def _is_compound(self, w: str, *, depth: int) -> bool:
        if depth > 2 or len(w) < 2 * MIN_PART:
            return False
        for i in range(len(w) - MIN_PART, MIN_PART - 1, -1):
            head, tail = w[:i], w[i:]
            if not self._is_head(head):
                continue
            if tail in self._words or self._is_compound(tail, depth=depth + 1):
                return True
        return False

    def split_points(self, word: str) -> list[int]:
        """Where `word` splits into a listed head and a listed word or compound tail."""
        w = word.lower()
        return [
            i
            for i in range(MIN_PART, len(w) - MIN_PART + 1)
            if self._is_head(w[:i]) and (w[i:] in self._words or self._is_compound(w[i:], depth=1))
        ]

    def _is_head(self, head: str) -> bool:
        if head in self._words:
            return True
        # Linking letters: "beskæftigelse-s-indsats", "pige-e"? only s and e are common.
        return len(head) > MIN_PART and head[-1] in "se" and head[:-1] in self._words


@functools.lru_cache(maxsize=4)
def _load(path: str) -> DanishWords | None:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return DanishWords(text.split(), source=path)


def danish_words() -> DanishWords | None:
    """The installed list, or None when Debian's `wdanish` is not installed."""
    configured = os.environ.get(ENV_VAR)
    candidates = [Path(configured)] if configured else list(DEFAULT_PATHS)
    for path in candidates:
        if path.is_file():
            return _load(str(path))
    return None
