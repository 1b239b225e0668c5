"""Repairs of the damage text extraction does to published minutes, one function each.

Every repair takes text and returns repaired text (and what it found, where that matters);
`words` is the Danish word list (wordlist.danish_words()) where a repair must tell a
real word from a fragment. Without a word list those repairs do only what is certain.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from raadsrum.archive.parsing.document import TocEntry
from raadsrum.archive.parsing.wordlist import DanishWords

URL_RE = re.compile(r"(?:https?:(?://)?|www\.)[^\s<>\"”]+", re.IGNORECASE)
URL_LINE_RE = re.compile(r"^\s*(?:https?:(?://)?|www\.)\S+\s*$", re.IGNORECASE)
PAGE_NUMBER_RE = re.compile(
    r"^\s*(?:\d{1,3}|side \d{1,3}(?: af \d{1,3})?|\d{1,3} ?/ ?\d{1,3})\s*$", re.IGNORECASE
)
HEADER_RE = re.compile(r"^\s*Referat af .{3,80}? møde den \d{1,2}\. ?\w+ \d{4}\s*$", re.IGNORECASE)
DOT_LEADER_RE = re.compile(r"(?:\.{4,}|(?:\. ){4,}|…{2,})\s*\d*\s*$")
KIND_MARKER_RE = re.compile(
    r"\(\s*((?:oplæg|[BDO])(?:\s*[/+,&]\s*(?:oplæg|[BDO]))*)\s*\)\s*\.?\s*$", re.IGNORECASE
)
ITEM_START_RE = re.compile(r"^\s*(?:[-–•]\s*)?(?:\d{1,2}[A-Z]?|\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+\S")
LETTER = "A-Za-zÆØÅæøåÉéÜüÖöÄä"


# --- Characters ---------------------------------------------------------------------


_CHAR_MAP = {
    "\r\n": "\n",
    "\r": "\n",
    "\u00a0": " ",
    "\u2007": " ",
    "\u202f": " ",
    "\u200b": "",
    "\ufeff": "",
    "\u00ad": "-",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb00": "ff",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\uf0b7": "•",
    "\uf0a7": "•",
    "\uf0d8": "•",
    "\uf076": "•",
    "\uf0fc": "•",
    "\u25cf": "•",
    "\u25aa": "•",
    "\u2022": "•",
    "\u2023": "•",
    "\u2043": "•",
    "\u25e6": "•",
}
_CHAR_RE = re.compile("|".join(re.escape(k) for k in sorted(_CHAR_MAP, key=len, reverse=True)))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ue000-\uf8ff]")


def normalise_characters(text: str) -> str:
    """Line ends, no-break spaces, soft hyphens, ligatures, and symbol-font bullets."""
    text = _CHAR_RE.sub(lambda m: _CHAR_MAP[m.group(0)], text)
    return _CONTROL_RE.sub("", text)


# --- Table of contents --------------------------------------------------------------


def parse_kind_marker(marker: str) -> tuple[list[str], bool]:
    """'(Oplæg + D)' → (['D'], True); '(D/B)' → (['D', 'B'], False)."""
    kinds: list[str] = []
    presentation = False
    for token in re.split(r"[\s/+,&()]+", marker):
        if not token:
            continue
        if token.lower() == "oplæg":
            presentation = True
        elif token.upper() in ("B", "D", "O") and token.upper() not in kinds:
            kinds.append(token.upper())
    return kinds, presentation


TOC_LINE_RE = re.compile(
    r"^\s*(?:[-–•]\s*)?(?P<number>\d{1,2}[A-Z]?(?:\.\d{1,2}){0,3})\.?\s+(?P<title>.+?)"
    r"\s*(?:(?:\.{2,}|(?:\. ){2,}|…+)\s*\.?\s*(?P<page>\d{1,3})?|\.(?P<page2>\d{1,3}))?\s*$"
)


def _toc_entry(line: str) -> TocEntry | None:
    match = TOC_LINE_RE.match(line)
    if match is None:
        return None
    title = match.group("title").strip().rstrip(". ").strip()
    page = match.group("page") or match.group("page2")
    kinds: list[str] = []
    presentation = False
    marker = KIND_MARKER_RE.search(title + " ")
    marker_match = re.search(r"\(([^()]*)\)\s*\.?\s*$", title)
    if marker_match and KIND_MARKER_RE.search(marker_match.group(0)):
        kinds, presentation = parse_kind_marker(marker_match.group(1))
        title = title[: marker_match.start()].strip()
    del marker
    number = match.group("number")
    return TocEntry(
        number=number,
        title=collapse_spaces(title),
        kinds=kinds,
        has_presentation=presentation,
        page=int(page) if page else None,
        is_section=not kinds and "." not in number and not number[-1].isalpha(),
    )


def remove_table_of_contents(text: str) -> tuple[str, list[TocEntry]]:
    """Cut the table of contents out and parse it: dot-leader lines, or a tab-indented list.

    The entries check the headings found in the body; they never become items.
    """
    lines = text.split("\n")
    dotted = [
        i
        for i, line in enumerate(lines)
        if DOT_LEADER_RE.search(line)
        and (TOC_LINE_RE.match(line) or ITEM_START_RE.match(line) or len(line.strip()) > 10)
    ]
    remove: set[int] = set()
    clusters: list[list[int]] = []
    for index in dotted:
        if clusters and index - clusters[-1][-1] <= 8:
            clusters[-1].append(index)
        else:
            clusters.append([index])
    for cluster in clusters:
        if len(cluster) < 3:
            continue
        start, end = cluster[0], cluster[-1]
        for back in range(start - 1, max(-1, start - 8), -1):
            stripped = lines[back].strip().lower()
            if stripped.startswith(
                ("dagsordenspunkter", "indholdsfortegnelse", "indhold", "dagsorden:")
            ):
                start = back
                break
            if stripped and not ITEM_START_RE.match(lines[back]):
                break
            if ITEM_START_RE.match(lines[back]):
                start = back
        remove.update(range(start, end + 1))
    # A tab-indented list of headings (the table of contents at the end of a document).
    tabbed = [
        i
        for i, line in enumerate(lines)
        if line.startswith("\t") and ITEM_START_RE.match(line.strip("\t"))
    ]
    if len(tabbed) >= 3:
        remove.update(tabbed)
    entries = []
    for index in sorted(remove):
        line = lines[index].replace("\t", " ")
        if not line.strip() or line.strip().lower().startswith(("dagsordenspunkter", "indhold")):
            continue
        entry = _toc_entry(line)
        if entry is not None:
            entries.append(entry)
    kept = [line for i, line in enumerate(lines) if i not in remove]
    return "\n".join(kept), entries


# --- Page furniture -----------------------------------------------------------------


def find_repeated_lines(text: str, *, min_count: int = 3) -> set[str]:
    """Lines that repeat page after page: running headers and footers."""
    counts = Counter(collapse_spaces(line) for line in text.split("\n") if line.strip())
    return {
        line
        for line, count in counts.items()
        if count >= min_count
        and len(line) >= 12
        and not ITEM_START_RE.match(line)
        and not URL_LINE_RE.match(line)
        and not line.startswith(("•", "-", "–"))
        and re.search(f"[{LETTER}]{{3}}", line) is not None
        # "Bilag Ingen bilag til punktet." repeats too, but it is a field, not furniture.
        and not LABEL_RE.match(line)
        and not (line.endswith(".") and len(line.split()) > 5)
    }


def remove_page_furniture(text: str) -> tuple[str, int]:
    """Drop page headers/footers (found by repetition or as 'Referat af … møde den …'),
    page numbers, and form feeds. Returns the text and how many lines went."""
    repeated = find_repeated_lines(text)
    kept = []
    removed = 0
    for line in text.replace("\f", "\n").split("\n"):
        stripped = collapse_spaces(line)
        if stripped and (
            stripped in repeated or HEADER_RE.match(stripped) or PAGE_NUMBER_RE.match(stripped)
        ):
            removed += 1
            continue
        kept.append("" if not stripped else line)
    return "\n".join(kept), removed


# --- Links repeated at page ends ----------------------------------------------------


@dataclass
class LinkRepair:
    text: str
    links: list[str] = field(default_factory=list)
    removed: int = 0


def _flat(text: str) -> str:
    return re.sub(r"[\s\-]+", "", text).lower()


def remove_repeated_links(text: str) -> LinkRepair:
    """Drop the link addresses a PDF repeats on lines of their own at the end of a page.

    A run of address-only lines goes when it repeats an address, when its address already
    stood in the text, or when a page starts right after it (a line indented by one space).
    Every address (inline or dropped) is kept in `links`.
    """
    lines = text.split("\n")
    result = LinkRepair(text="")
    kept: list[str] = []
    seen_flat = ""
    i = 0
    while i < len(lines):
        if not URL_LINE_RE.match(lines[i]):
            kept.append(lines[i])
            seen_flat += _flat(lines[i])
            i += 1
            continue
        j = i
        run: list[str] = []
        while j < len(lines) and (URL_LINE_RE.match(lines[j]) or not lines[j].strip()):
            if lines[j].strip():
                run.append(lines[j].strip())
            j += 1
        following = lines[j] if j < len(lines) else ""
        duplicate = len(set(run)) < len(run)
        already = all(_flat(_strip_scheme(url)) in seen_flat for url in run)
        page_start = j >= len(lines) or (
            following.startswith(" ") and not following.startswith("  ")
        )
        annotation = any(re.match(r"https?:(?!//)", url, re.IGNORECASE) for url in run)
        if duplicate or already or annotation or (page_start and len(run) >= 1 and already):
            result.removed += len(run)
            kept.append("")
        elif page_start and i > 0 and _ends_mid_sentence(kept):
            # A link block between two halves of a sentence is page furniture.
            result.removed += len(run)
            kept.append("")
        else:
            kept.extend(lines[i:j])
            seen_flat += _flat("".join(run))
        for url in run:
            if url not in result.links and "//" in url:
                result.links.append(url.rstrip(".,;)"))
        i = j
    result.text = "\n".join(kept)
    for url in URL_RE.findall(result.text):
        url = url.rstrip(".,;)")
        if url not in result.links and ("//" in url or url.lower().startswith("www.")):
            result.links.append(url)
    return result


def _strip_scheme(url: str) -> str:
    url = re.sub(r"^https?:(//)?", "", url, flags=re.IGNORECASE)
    return url.rstrip("/")


def _ends_mid_sentence(lines: list[str]) -> bool:
    for line in reversed(lines):
        if line.strip():
            return re.search(r"[.:!?)]\s*$", line) is None
    return False


# --- Words split over lines -----------------------------------------------------------

MAX_JOIN_GAP = 8
_CONJUNCTIONS = ("og", "eller", "samt", "til", "som")
_PRONOUNS = ("de", "den", "det", "der", "dem")
_FUNCTION_WORDS = frozenset(
    (
        "som",
        "og",
        "at",
        "i",
        "på",
        "til",
        "er",
        "med",
        "for",
        "af",
        "en",
        "et",
        "de",
        "den",
        "det",
        "der",
        "dem",
        "har",
        "kan",
        "vil",
        "skal",
        "blev",
        "var",
        "ikke",
        "eller",
        "samt",
        "om",
        "fra",
        "ved",
        "efter",
        "over",
        "under",
    )
)
_INFLECTIONS = ("ede", "ene", "ets", "et", "er", "es", "en", "te")
_LAST_WORD_RE = re.compile(f"(?:^|(?<=[\\s(\"'“’‘/]))([{LETTER}]+)(-?)$")
_FIRST_WORD_RE = re.compile(f"^\\s*([{LETTER}]+)")
_LOWER = "a-zæøåéüöä"


def should_join(
    left: str,
    right: str,
    words: DanishWords | None,
    *,
    hyphen: bool,
    seen: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Decide whether `left` at a line end and `right` on the next line are one word.

    `seen` holds the document's own words (lower case): a compound the list lacks but the
    document spells unsplit elsewhere is a word.
    """
    if hyphen:
        if (
            len(left) < 2
            or not right[:1].islower()
            or left.isupper()
            or right.lower() in _CONJUNCTIONS
        ):
            return False  # "a-kasser", "RAR-model", "social- og": a real hyphen
        # "social- og sundhedshjælper": a hyphen before a conjunction is a real one.
        return not (
            words is not None
            and right.lower() in words
            and len(right) <= 5
            and not words.is_word(left + right)
            and left.lower() in words
        )
    if words is None:
        return False
    joined = left + right
    if any(ch.isupper() for ch in left[1:]):
        return False  # "RARs\nsædvanlige": an acronym's genitive ends a word
    if words.is_word(left) and right.lower() in _PRONOUNS:
        # "udnytte\nde samlede": a word and a pronoun on the next line are two words, even
        # where the list knows the join ("udnyttede"): unhyphenated breaks inside a word
        # leave longer pieces than these.
        return False
    if words.is_word(left):
        # Two words, or one compound that lost its hyphen? Only a listed word or the same
        # word unsplit elsewhere in the document says compound ("til fokusområder" stays).
        # A compound whose first part runs past the line break ("red|skabsvifte" is
        # "redskabs" + "vifte") was split inside a word.
        return (
            joined in words
            or joined.lower() in seen
            or any(
                point > len(left) and len(joined) - point >= 4  # not "blevs|agt"
                for point in words.split_points(joined)
            )
        )
    if words.is_word(joined):
        return True
    if right.lower() in _FUNCTION_WORDS:
        return False  # "webinarer\nsom": an unlisted word, then a listed small word
    # "oplistet" is a complete word the list lacks: its stem is there.
    for ending in _INFLECTIONS:
        stem = left[: -len(ending)]
        if (
            left.endswith(ending)
            and len(stem) >= 3
            and (words.is_word(stem) or words.is_word(stem + "e"))
        ):
            return False
    return True


def join_split_words(text: str, words: DanishWords | None) -> tuple[str, int]:
    """Join words broken across lines: 'neddroslin-\\ngen' and 'neddroslin\\ngen'.

    A line that ends in a letter (or a hyphen) and a next line (at most two blank lines on)
    that starts lower-case are joined when the word list says the join is one word, or that
    the left part is no word on its own. Addresses broken over lines are joined as they are.
    """
    lines = text.split("\n")
    seen = {w.lower() for w in re.findall(f"[{LETTER}]{{6,}}", text)}
    joins = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip() or line.rstrip() != line and not line.rstrip().endswith("-"):
            i += 1
            continue
        j = i + 1
        while j < len(lines) and j - i <= MAX_JOIN_GAP and not lines[j].strip():
            j += 1
        if j >= len(lines) or j - i > MAX_JOIN_GAP:
            i += 1
            continue
        nxt = lines[j]
        body = line.rstrip()
        last_token = body.split()[-1] if body.split() else ""
        if (
            URL_RE.match(last_token)
            and re.match(r"^\s*[\w%./-]+\S*", nxt)
            and (
                body.endswith(("-", "/", "_"))
                and "//" in last_token
                and re.match(r"^\s*[a-z0-9]", nxt)
                and " " not in nxt.strip()[:20].strip()
            )
        ):
            lines[i] = body + nxt.strip()
            del lines[i + 1 : j + 1]
            joins += 1
            continue
        match = _LAST_WORD_RE.search(body)
        first = _FIRST_WORD_RE.match(nxt)
        if (
            match
            and not match.group(2)
            and len(match.group(1)) >= 2
            and match.group(1).isupper()
            and j == i + 1
            and re.match(f"^[{_LOWER}0-9]", nxt)
        ):
            # "VEU\nindsatsen", "COVID\n19": an acronym compound lost its hyphen.
            lines[i] = body + "-" + nxt.lstrip()
            del lines[i + 1]
            joins += 1
            continue
        starts_lower = re.match(f"^\\s*[{_LOWER}]", nxt) is not None
        if match is None or first is None or not (starts_lower or match.group(2)):
            i += 1
            continue
        left, hyphen = match.group(1), bool(match.group(2))
        right = first.group(1)
        gap = j - i - 1
        # Across blank lines (where page furniture was) only a listed word joins.
        if not hyphen and gap > 1 and not (words and (left + right) in words):
            i += 1
            continue
        head = body[: match.start(1)] + left
        rest = nxt.lstrip()[len(right) :]
        if should_join(left, right, words, hyphen=hyphen, seen=seen):
            lines[i] = head + right + rest
        elif hyphen and right.lower() not in _CONJUNCTIONS:
            lines[i] = head + "-" + right + rest  # a real hyphen: "RAR-model", "a-kasser"
        else:
            i += 1
            continue
        del lines[i + 1 : j + 1]
        joins += 1
    return "\n".join(lines), joins


# --- Letter-spaced words (slides) -------------------------------------------------------

_TOKEN_RE = re.compile(r"\S+")
# A join needs a piece of at most three letters (see _merge_at): a line without a token
# like that has nothing to join. `[^\W\d_]` is a letter (or a non-decimal numeral such as
# "²": a few false alarms, never a missed line).
_SHORT_PIECE_RE = re.compile(r"(?:^| )[^\W\d_]{1,3}(?= |$)")


def join_letter_spaced_words(text: str, words: DanishWords | None) -> tuple[str, int]:
    """'B eskæft ige lsen' → 'Beskæftigelsen': pieces that are no words on their own but
    together make one listed word."""
    if words is None:
        return text, 0
    total = 0
    out_lines = []
    for line in text.split("\n"):
        if " " not in line or _SHORT_PIECE_RE.search(line) is None:
            out_lines.append(line)
            continue
        tokens = line.split(" ")
        # Where a join could start: a piece that may be joined, followed by one that may
        # be joined and starts in lower case (what _merge_at checks first, done once).
        joinable = [_is_piece(t) and not _blocks(t, words) for t in tokens]
        starts = [
            joinable[k] and joinable[k + 1] and tokens[k + 1][:1].islower()
            for k in range(len(tokens) - 1)
        ]
        if not any(starts):
            out_lines.append(line)
            continue
        result: list[str] = []
        i = 0
        while i < len(tokens):
            merged = _merge_at(tokens, i, words) if i < len(starts) and starts[i] else None
            if merged is None:
                result.append(tokens[i])
                i += 1
            else:
                word, used = merged
                result.append(word)
                total += 1
                i += used
        out_lines.append(" ".join(result))
    return "\n".join(out_lines), total


def _is_piece(token: str) -> bool:
    return bool(token) and token.isalpha() and not (token.isupper() and len(token) > 1)


def _blocks(piece: str, words: DanishWords) -> bool:
    """A piece no join can include: too long for a slide's spacing, or a listed word of
    more than three letters ("for mand" stays two words)."""
    return len(piece) > 7 or (len(piece) > 3 and piece in words)


def _merge_at(tokens: list[str], start: int, words: DanishWords) -> tuple[str, int] | None:
    first = tokens[start]
    if not _is_piece(first) or _blocks(first, words):
        return None
    limit = min(len(tokens), start + 8)
    end = start + 1
    while end < limit:
        token = tokens[end]
        if not (_is_piece(token) and token[:1].islower()) or _blocks(token, words):
            break
        end += 1
    # From here on no piece is longer than seven letters, and every piece of more than
    # three letters is a fragment (not listed on its own).
    for stop in range(end, start + 1, -1):
        pieces = tokens[start:stop]
        if min(len(p) for p in pieces) > 3:
            continue  # slides space out short pieces ("meritgivende opkvalificering")
        joined = "".join(pieces)
        if len(joined) < 4 and not all(len(p) == 1 for p in pieces):
            continue
        fragments = [p for p in pieces if p not in words]
        if not fragments:
            continue
        if joined in words or (len(fragments) == len(pieces) and words.is_word(joined)):
            return joined, len(pieces)
    return None


# --- Letters swapped by the PDF font ------------------------------------------------------

# What a broken font puts where Danish letters should be.
# A plain "e" or "o" is left alone: too many real words would "mend" into other words.
FONT_SWAPS: dict[str, tuple[str, ...]] = {
    "g": ("ø",),
    "a": ("å",),
    "@": ("Ø", "ø"),
    "ae": ("æ",),
    "oe": ("ø",),
    "aa": ("å",),
    "A": ("Å",),
    "O": ("Ø",),
    "AE": ("Æ",),
    "Ae": ("Æ",),
    "0": ("Ø", "ø"),
}
_SWAP_KEYS = sorted(FONT_SWAPS, key=len, reverse=True)
_SWAP_RE = re.compile("|".join(re.escape(k) for k in _SWAP_KEYS))
_WORDISH_RE = re.compile(f"(?<![\\w@/.:])[{LETTER}@0]+(?![\\w@/])")
_SWAP_SPOT_RE = re.compile("(?=(" + "|".join(re.escape(k) for k in _SWAP_KEYS) + "))")
_HAS_LETTER_RE = re.compile(f"[{LETTER}]")


@dataclass
class FontRepair:
    text: str
    fixed: dict[str, str] = field(default_factory=dict)
    count: int = 0


def _candidates(token: str) -> list[tuple[int, str]]:
    spots = [(m.start(), m.group(0)) for m in _SWAP_SPOT_RE.finditer(token)]
    spots = [(pos, next(k for k in _SWAP_KEYS if token.startswith(k, pos))) for pos, _ in spots]
    spots = spots[:6]
    found: list[tuple[int, str]] = []
    for size in range(1, min(3, len(spots)) + 1):
        for chosen in itertools.combinations(spots, size):
            ends = [pos + len(key) for pos, key in chosen]
            if any(chosen[k + 1][0] < ends[k] for k in range(len(chosen) - 1)):
                continue
            for replacements in itertools.product(*(FONT_SWAPS[key] for _, key in chosen)):
                out, last = [], 0
                for (pos, key), rep in zip(chosen, replacements, strict=True):
                    out.append(token[last:pos])
                    out.append(rep)
                    last = pos + len(key)
                out.append(token[last:])
                found.append((size, "".join(out)))
    return found


def _fits_case(candidate: str) -> bool:
    body = candidate[1:]
    return body.islower() or body.isupper() or not body


def repair_font_swaps(text: str, words: DanishWords | None) -> FontRepair:
    """'mgde' → 'møde', 'Radet' → 'Rådet', '@stjylland' → 'Østjylland', 'naeste' → 'næste'.

    Only words the list lacks are touched, only into a listed word, with the fewest swaps,
    and only when the same kind of swap mends at least two words in the text (or the text
    has no æ, ø or å at all): one unknown name must not turn into a Danish word.
    """
    result = FontRepair(text=text)
    if words is None:
        return result
    proposals: dict[str, tuple[str, str]] = {}
    for match in _WORDISH_RE.finditer(text):
        token = match.group(0)
        if token in proposals or len(token) < 4 or not _HAS_LETTER_RE.search(token):
            continue
        if _inside_url(text, match.start()) or _at_line_edge(text, match.start(), match.end()):
            continue  # an address, or a piece of a word split over two lines
        if token.isalpha() and words.is_word(token):
            continue
        best: tuple[int, str] | None = None
        ambiguous = False
        for size, candidate in _candidates(token):
            if not candidate.isalpha() or not _fits_case(candidate):
                continue
            if token[:1].isupper() and "aa" in token.lower() and "å" in candidate.lower():
                continue  # names keep their aa: Søndergaard, Holmgaard
            if words.is_word(candidate) or words.is_word(candidate.lower()):
                if best is None or size < best[0]:
                    best, ambiguous = (size, candidate), False
                elif size == best[0] and candidate.lower() != best[1].lower():
                    ambiguous = True
        if best is not None and not ambiguous:
            proposals[token] = (best[1], _swap_kind(token, best[1]))
    if not proposals:
        return result
    kinds = Counter(kind for _, kind in proposals.values())
    no_danish_letters = re.search("[æøåÆØÅ]", text) is None
    accepted = {
        token: fixed
        for token, (fixed, kind) in proposals.items()
        # "@" or "0" inside a word is never Danish: one such word is evidence enough.
        if kinds[kind] >= 2 or no_danish_letters or re.search("[@0]", token)
    }
    if not accepted:
        return result

    def replace(m: re.Match[str]) -> str:
        fixed = accepted.get(m.group(0))
        if fixed is None:
            return m.group(0)
        result.count += 1
        return fixed

    def replace_outside_urls(segment: str) -> str:
        return _WORDISH_RE.sub(replace, segment)

    parts = URL_RE.split(text)
    urls = URL_RE.findall(text)
    result.text = "".join(
        replace_outside_urls(part) + (urls[index] if index < len(urls) else "")
        for index, part in enumerate(parts)
    )
    result.fixed = accepted
    return result


def _inside_url(text: str, position: int) -> bool:
    start = max(text.rfind(" ", 0, position), text.rfind("\n", 0, position)) + 1
    return URL_RE.match(text, start) is not None and start <= position


def _at_line_edge(text: str, start: int, end: int) -> bool:
    """A token that ends a line ending in a letter, or starts the line after one."""
    if text[end : end + 1] == "\n":
        return True
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    # The last character before the line that is not a newline or a space (found without
    # copying the text before it: this runs for every word).
    before = line_start
    while before > 0 and text[before - 1] in "\n ":
        before -= 1
    return (
        before > 0
        and text[before - 1].isalpha()
        and text[line_start - 1 : line_start] == "\n"
        and not text.endswith(" ", 0, line_start - 1)
    )


def _swap_kind(before: str, after: str) -> str:
    """Which letters changed, as 'g→ø', ignoring case."""
    matcher = __import__("difflib").SequenceMatcher(a=before.lower(), b=after.lower())
    parts = [
        f"{before.lower()[a1:a2]}→{after.lower()[b1:b2]}"
        for tag, a1, a2, b1, b2 in matcher.get_opcodes()
        if tag != "equal"
    ]
    return ",".join(sorted(parts))


# --- Headings over two lines ---------------------------------------------------------------

_HEADING_NO_MARKER_RE = re.compile(
    r"^\s*(?:[-–•]\s*)?\d{1,2}(?:[A-Z]|(?:\.\d{1,2}){1,3})\.?\s+\S.*$"
)


def join_split_headings(text: str) -> tuple[str, int]:
    """'0.1 TEMA: De unge … potentialer og' + 'indspil til RAR's videre indsats (B + oplæg)'
    become one heading line."""
    lines = text.split("\n")
    joins = 0
    i = 0
    while i < len(lines):
        line = lines[i]
        if (
            _HEADING_NO_MARKER_RE.match(line)
            and not KIND_MARKER_RE.search(line)
            and not DOT_LEADER_RE.search(line)
        ):
            j = i + 1
            while j < len(lines) and j - i <= 2 and not lines[j].strip():
                j += 1
            if j < len(lines) and j - i <= 2:
                nxt = lines[j].strip()
                if (
                    KIND_MARKER_RE.search(nxt)
                    and len(nxt) < 90
                    and not ITEM_START_RE.match(nxt)
                    and not nxt.startswith(("-", "•"))
                    # "2022 (B)" ends a title; "1. …" or "2.1 …" starts something else.
                    and not re.match(r"^\d{1,2}(?:[.A-Z)]|\s)", nxt)
                ):
                    lines[i] = line.rstrip() + " " + nxt
                    del lines[i + 1 : j + 1]
                    joins += 1
        i += 1
    return "\n".join(lines), joins


# --- Field labels ------------------------------------------------------------------------

LABELS: dict[str, str] = {
    "sagen kort": "summary",
    "anledning": "summary",
    "indstilling": "recommendation",
    "beslutning": "decision",
    "bemærkninger": "decision",
    "emner": "decision",
    "sagsfremstilling": "presentation",
    "videre proces": "next_steps",
    "baggrund": "background",
    "bilag": "attachments",
}
LABEL_RE = re.compile(
    r"^\s*(?P<label>sagen kort|anledning|indstilling|beslutning|bemærkninger|emner|"
    r"sagsfremstilling|videre proces|baggrund|bilag)(?P<colon>\s*:)?(?=\s|$)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def split_stacked_labels(text: str) -> tuple[str, int]:
    """Label-column layout where the labels stand together and the contents follow in order:
    'Anledning\\nIndstilling\\nBeslutning\\n\\n<text>\\n\\n<text>\\n\\n<text>' becomes
    'Anledning <text>\\n\\nIndstilling <text>\\n\\nBeslutning <text>'.

    Each label takes one paragraph, the last label the rest up to the next heading.
    """
    lines = text.split("\n")
    out: list[str] = []
    fixed = 0
    i = 0
    while i < len(lines):
        run = []
        j = i
        while j < len(lines):
            m = LABEL_RE.match(lines[j])
            if m and not m.group("rest").strip():
                run.append(m.group("label"))
                j += 1
            elif not lines[j].strip() and run:
                j += 1
            else:
                break
        if len(run) < 2:
            out.append(lines[i])
            i += 1
            continue
        # Paragraphs after the run, up to the next heading or label.
        paragraphs: list[list[str]] = []
        k = j
        current: list[str] = []
        while k < len(lines) and not ITEM_START_RE.match(lines[k]) and not LABEL_RE.match(lines[k]):
            if lines[k].strip():
                current.append(lines[k])
            elif current:
                paragraphs.append(current)
                current = []
            k += 1
        if current:
            paragraphs.append(current)
        if len(paragraphs) < len(run):
            out.extend(lines[i:j])
            i = j
            continue
        for index, label in enumerate(run):
            chunk = (
                paragraphs[index]
                if index < len(run) - 1
                else list(itertools.chain.from_iterable(p + [""] for p in paragraphs[index:]))
            )
            out.append(f"{label}: {chunk[0].strip()}")
            out.extend(chunk[1:])
            out.append("")
        fixed += 1
        i = k
    return "\n".join(out), fixed


# --- Small helpers -------------------------------------------------------------------------


def collapse_spaces(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text).strip()
