"""Minutes as plain data: council, date, sections, items with their fields, attendance.

`parse_minutes` runs the repairs (repair.py) in order, then reads the structure. It never
invents: what the text does not say stays None or empty, and `warnings` says so in Danish.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from raadsrum.archive.parsing import repair
from raadsrum.archive.parsing.document import (
    AttendanceEntry,
    ParsedDocument,
    ParsedItem,
    ParsedSection,
    TocEntry,
)
from raadsrum.archive.parsing.errors import ImportFailed
from raadsrum.archive.parsing.extract import extract_text
from raadsrum.archive.parsing.wordlist import DanishWords, danish_words

MAX_CHARS = 5_000_000
NO_ITEMS_WARNING = "Ingen dagsordenspunkter fundet; dokumentet er ikke læst som et referat."

MONTHS = {
    "januar": 1,
    "februar": 2,
    "marts": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "august": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
_MONTH_RE = "|".join(MONTHS)
DATE_RE = re.compile(rf"\b(\d{{1,2}})\.\s*({_MONTH_RE})\s+(\d{{4}})\b", re.IGNORECASE)
TITLE_DATE_RE = re.compile(
    rf"^\s*(?:referat\b.*?\bden|den|dato:?|mødedato:?|tid:?|mødet? (?:den|holdes))\s+"
    rf"(?:(?:man|tirs|ons|tors|fre|lør|søn)dag\s+(?:den\s+)?)?(\d{{1,2}})\.\s*({_MONTH_RE})\s+(\d{{4}})",
    re.IGNORECASE,
)
HEADER_DATE_RE = re.compile(
    rf"referat af (?P<who>.{{2,80}}?) møde (?:den )?(\d{{1,2}})\.\s*({_MONTH_RE})\s+(\d{{4}})",
    re.IGNORECASE,
)
HEADER_LINE_RE = re.compile(
    rf"^[ \t]*referat af (?P<who>.{{2,80}}?) møde (?:den )?"
    rf"(\d{{1,2}})\.\s*({_MONTH_RE})\s+(\d{{4}})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
COUNCIL_RE = re.compile(r"\bRAR\s+([A-ZÆØÅ][a-zæøå]+(?:-[A-ZÆØÅ]?[a-zæøå]+)?)")
BODY_WORDS = (
    ("formandskab", "chairmanship"),
    ("sagsudvalg", "case_committee"),
    ("positivlisteudvalg", "positive_list_committee"),
    ("udvalg", "other"),
)
HEADING_RE = re.compile(
    r"^\s*(?:[-–•]\s*)?(?P<number>\d{1,2}[A-Z]|\d{1,2}(?:\.\d{1,2}){1,3}|[0-9])\.?\s+"
    r"(?P<title>.+?)\s*(?P<marker>\((?:[^()]*)\))\s*\.?\s*$"
)
SECTION_RE = re.compile(r"^\s*(?P<number>\d{1,2})\.\s+(?P<title>[A-ZÆØÅ0-9\"'“].{2,160}?)\s*$")
END_RE = re.compile(
    r"^\s*(?:mødet (?:sluttede|slut|blev afsluttet|afsluttedes|hævet)|på mødet deltog|"
    r"deltagere\s*:|til stede\s*:|fremmødte\s*:|afbud\s*:)",
    re.IGNORECASE,
)
ENDED_RE = re.compile(
    r"mødet (?:sluttede|blev afsluttet|afsluttedes|blev hævet|hævet)\s+(?:kl\.|klokken)\s*"
    r"(\d{1,2})(?:[.:](\d{2}))?",
    re.IGNORECASE,
)
TIME_RANGE_RE = re.compile(
    r"kl\.?\s*(\d{1,2})(?:[.:](\d{2}))?\s*(?:-|–|til)\s*(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?",
    re.IGNORECASE,
)
VIRTUAL_RE = re.compile(
    r"\b(virtuel\w*|skype|teams-?møde|via teams|online-?møde|zoom)\b", re.IGNORECASE
)
BULLET_RE = re.compile(r"^\s*(?:[•▪◦●]|[-–](?=\s)|[A-Ha-h][.)](?=\s)|\d{1,2}[.)](?=\s))\s*")
ATTACHMENT_RE = re.compile(
    r"^\s*(?:bilag\s*:?\s*)?(?P<number>[O0-9]{1,2}[A-Z]?(?:\.\d{1,2}){0,3})\.?\s*[-–]\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
NO_ATTACHMENTS_RE = re.compile(r"^\s*(?:bilag:?\s*)?(?:ingen|intet)\s+bilag", re.IGNORECASE)


def parse_file(data: bytes, *, source_name: str = "") -> ParsedDocument:
    """Extract the text of a PDF, DOCX or text file and parse it. Raises ImportFailed."""
    extracted = extract_text(data, filename=source_name)
    return parse_minutes(extracted.text, source_name=source_name)


def parse_minutes(text: str, *, source_name: str = "") -> ParsedDocument:
    """Parse the text of a document. Never raises anything but ImportFailed."""
    if not isinstance(text, str):
        raise ImportFailed("Teksten kunne ikke læses.", source_name=source_name)
    if len(text) > MAX_CHARS:
        raise ImportFailed(
            "Dokumentet er for stort til at blive importeret (over 5 mio. tegn).",
            source_name=source_name,
        )
    try:
        return _parse(text, source_name=source_name, words=danish_words())
    except ImportFailed:
        raise
    except RecursionError as error:
        raise ImportFailed("Dokumentet kunne ikke læses.", source_name=source_name) from error


def _parse(text: str, *, source_name: str, words: DanishWords | None) -> ParsedDocument:
    doc = ParsedDocument(source_name=source_name)
    if words is None:
        doc.unread.append(
            "Den danske ordliste (Debian-pakken wdanish) er ikke installeret; ord delt over "
            "linjer og bogstaver byttet af PDF-skrifttypen er ikke rettet."
        )
    text = repair.normalise_characters(text)
    text, toc = repair.remove_table_of_contents(text)
    doc.toc = toc
    # The running header names council and date: read them before it goes.
    _read_header(text, doc)
    text, removed = repair.remove_page_furniture(text)
    _count(doc, "page_furniture", removed)
    links = repair.remove_repeated_links(text)
    text = links.text
    doc.links = links.links
    _count(doc, "repeated_links", links.removed)
    text, joins = repair.join_split_words(text, words)
    _count(doc, "split_words", joins)
    text, spaced = repair.join_letter_spaced_words(text, words)
    _count(doc, "letter_spaced_words", spaced)
    fonts = repair.repair_font_swaps(text, words)
    text = fonts.text
    _count(doc, "font_swaps", fonts.count)
    if fonts.count:
        doc.toc = [_fix_toc(entry, fonts.fixed) for entry in doc.toc]
        _read_header(text, doc)
    text, headings = repair.join_split_headings(text)
    _count(doc, "split_headings", headings)
    text, stacked = repair.split_stacked_labels(text)
    _count(doc, "stacked_labels", stacked)
    doc.text = text

    lines = text.split("\n")
    double_spaced = _is_double_spaced(lines)
    width = _typical_width(lines)
    headings_at = _find_headings(lines, toc)
    headings_at, listed = _drop_contents_list(lines, headings_at)
    if listed:
        _count(doc, "contents_list", len(listed))
        if not doc.toc:
            doc.toc = listed
    front_end = headings_at[0][0] if headings_at else len(lines)
    _read_front_page(lines[:front_end], doc)
    if doc.council is None:
        doc.council = _most_named_council(text)
    tail_start = _find_tail(lines, headings_at)
    _read_items(lines, headings_at, tail_start, doc, double_spaced=double_spaced, width=width)
    _read_tail(lines[tail_start:], doc)
    _check_against_toc(doc)
    doc.body = _read_body(text, doc)
    _warn(doc)
    return doc


def _count(doc: ParsedDocument, name: str, value: int) -> None:
    if value:
        doc.repairs[name] = doc.repairs.get(name, 0) + value


def _fix_toc(entry: TocEntry, fixed: dict[str, str]) -> TocEntry:
    entry.title = re.sub(r"\S+", lambda m: fixed.get(m.group(0), m.group(0)), entry.title)
    return entry


# --- Header and front page ----------------------------------------------------------------


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return dt.date(int(year), MONTHS[month.lower()], int(day)).isoformat()
    except (ValueError, KeyError):
        return None


def _read_header(text: str, doc: ParsedDocument) -> None:
    counts: Counter[tuple[str, str | None]] = Counter()
    # Only whole header lines: "Referat af Rådets møde den 21. juni …" inside a field is
    # about another meeting.
    for match in HEADER_LINE_RE.finditer(text):
        who = repair.collapse_spaces(match.group("who"))
        counts[(who, _iso(match.group(2), match.group(3), match.group(4)))] += 1
    if not counts:
        return
    (who, date), _ = counts.most_common(1)[0]
    if date:
        doc.date = date
    council = COUNCIL_RE.search(who)
    if council:
        doc.council = "RAR " + _nominative(council.group(1), text)


def _nominative(name: str, text: str) -> str:
    """'Nordjyllands' → 'Nordjylland' (the header says 'RAR Nordjyllands møde')."""
    if name.endswith("s") and (
        f"RAR {name[:-1]}" in text or name.endswith(("lands", "ens", "yns"))
    ):
        return name[:-1]
    return name


def _most_named_council(text: str) -> str | None:
    counts = Counter(_nominative(m.group(1), text) for m in COUNCIL_RE.finditer(text))
    counts.pop("Nord", None)
    if not counts:
        return None
    (name, count), *rest = counts.most_common(2)
    if rest and rest[0][1] == count:
        return None  # two councils named as often: do not guess
    return f"RAR {name}"


def _read_front_page(lines: list[str], doc: ParsedDocument) -> None:
    front = "\n".join(lines)
    if doc.date is None:
        for line in lines[:40]:
            match = TITLE_DATE_RE.match(line)
            if match:
                doc.date = _iso(*match.groups())
                break
    times = TIME_RANGE_RE.search(front)
    if times:
        doc.start_time = _hhmm(times.group(1), times.group(2))
        doc.end_time = _hhmm(times.group(3), times.group(4))
    if VIRTUAL_RE.search(front):
        doc.virtual = True
    elif re.search(r"^\s*(?:sted|mødested)\s*:", front, re.IGNORECASE | re.MULTILINE):
        doc.virtual = False


def _hhmm(hour: str, minute: str | None) -> str | None:
    h, m = int(hour), int(minute or 0)
    return f"{h:02d}:{m:02d}" if h < 24 and m < 60 else None


def _read_body(text: str, doc: ParsedDocument) -> str | None:
    heading = "\n".join(text.split("\n")[:8]).lower()
    for word, body in BODY_WORDS:
        if re.search(rf"referat\b.{{0,40}}{word}", heading):
            return body
    if doc.items or re.search(r"\brådsmøde|\bRAR\b.{0,30}møde", heading, re.IGNORECASE):
        decisions = " ".join(item.fields["decision"] for item in doc.items)
        council_subject = len(re.findall(r"\bRådet\b", decisions))
        chair_subject = len(re.findall(r"\bFormandskabet\b", decisions))
        if council_subject >= chair_subject and (council_subject or doc.council):
            return "council"
    return None


# --- Structure --------------------------------------------------------------------------------


def _is_double_spaced(lines: list[str]) -> bool:
    pairs = sum(1 for a, b in zip(lines, lines[1:], strict=False) if a.strip() and not b.strip())
    filled = sum(1 for line in lines if line.strip())
    return filled > 20 and pairs / filled > 0.75


def _typical_width(lines: list[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20)
    if not lengths:
        return 80
    return lengths[int(len(lengths) * 0.9)]


def _number_key(number: str) -> str:
    return number.rstrip(".").replace("O", "0")


def _find_headings(lines: list[str], toc: list[TocEntry]) -> list[tuple[int, str, object]]:
    """(line index, 'item' or 'section', match) for every heading in the body."""
    toc_items = {_number_key(e.number) for e in toc if not e.is_section}
    toc_sections = {_number_key(e.number): e for e in toc if e.is_section}
    found: list[tuple[int, str, object]] = []
    for index, line in enumerate(lines):
        match = HEADING_RE.match(line)
        if match and repair.KIND_MARKER_RE.search(match.group("marker")):
            number = _number_key(match.group("number"))
            if toc_items and number not in toc_items and not _plausible_number(number, found):
                continue
            found.append((index, "item", match))
            continue
        section = SECTION_RE.match(line)
        if section and not repair.URL_RE.search(line):
            number = section.group("number")
            in_toc = number in toc_sections and _same_text(
                toc_sections[number].title, section.group("title")
            )
            if in_toc or _section_followed_by_item(lines, index, number):
                found.append((index, "section", section))
    return found


def _drop_contents_list(
    lines: list[str], headings: list[tuple[int, str, object]]
) -> tuple[list[tuple[int, str, object]], list[TocEntry]]:
    """A list of the headings before the items (a contents list without dot leaders, as
    Word writes it before its table of contents is updated): it is no items.

    Recognised when the first item's number comes back later and nearly every heading
    before that has no text of its own. The list is returned as table-of-contents entries.
    """
    items = [(pos, m) for pos, (_, kind, m) in enumerate(headings) if kind == "item"]
    if len(items) < 2:
        return headings, []
    first = _number_key(items[0][1].group("number"))  # type: ignore[attr-defined]
    again = next(
        (pos for pos, m in items[1:] if _number_key(m.group("number")) == first),  # type: ignore[attr-defined]
        None,
    )
    if again is None:
        return headings, []
    start = again
    while start > 0 and headings[start - 1][1] == "section":
        start -= 1
    listed = [h for h in headings[:start] if h[1] == "item"]
    empty = 0
    for pos, (index, _, _) in enumerate(headings[:start]):
        end = headings[pos + 1][0]
        if not any(LABEL_START_RE.match(line) for line in lines[index + 1 : end]):
            empty += 1
    if not listed or empty < 0.8 * start:
        return headings, []
    entries = []
    for _, kind, match in headings[:start]:
        number = match.group("number")  # type: ignore[attr-defined]
        if kind == "item":
            kinds, presentation = repair.parse_kind_marker(match.group("marker"))  # type: ignore[attr-defined]
            entries.append(
                TocEntry(
                    number=_number_key(number),
                    title=repair.collapse_spaces(match.group("title")),  # type: ignore[attr-defined]
                    kinds=kinds,
                    has_presentation=presentation,
                )
            )
        else:
            entries.append(
                TocEntry(
                    number=number,
                    title=repair.collapse_spaces(match.group("title")),  # type: ignore[attr-defined]
                    is_section=True,
                )
            )
    return headings[start:], entries


LABEL_START_RE = repair.LABEL_RE


def _plausible_number(number: str, found: list[tuple[int, str, object]]) -> bool:
    items = [m.group("number") for _, kind, m in found if kind == "item"]  # type: ignore[attr-defined]
    return not items or number.split(".")[0] >= items[-1].split(".")[0]


def _section_followed_by_item(lines: list[str], index: int, number: str) -> bool:
    seen = 0
    for line in lines[index + 1 :]:
        if not line.strip():
            continue
        seen += 1
        if seen > 12:
            return False
        match = HEADING_RE.match(line)
        if match and repair.KIND_MARKER_RE.search(match.group("marker")):
            return _number_key(match.group("number")).startswith(number + ".")
        if SECTION_RE.match(line):
            return False
    return False


def _find_tail(lines: list[str], headings: list[tuple[int, str, object]]) -> int:
    start = headings[-1][0] + 1 if headings else 0
    for index in range(start, len(lines)):
        if END_RE.match(lines[index]):
            return index
    return len(lines)


def _read_items(
    lines: list[str],
    headings: list[tuple[int, str, object]],
    tail: int,
    doc: ParsedDocument,
    *,
    double_spaced: bool,
    width: int,
) -> None:
    toc_by_number = {_number_key(e.number): e for e in doc.toc}
    section: ParsedSection | None = None
    for position, (index, kind, match) in enumerate(headings):
        end = headings[position + 1][0] if position + 1 < len(headings) else tail
        body = lines[index + 1 : max(index + 1, end)]
        if kind == "section":
            number = match.group("number")  # type: ignore[attr-defined]
            title = repair.collapse_spaces(match.group("title"))  # type: ignore[attr-defined]
            entry = toc_by_number.get(number)
            if entry and _same_text(entry.title, title):
                title = entry.title
            section = ParsedSection(
                number=number,
                title=title,
                is_theme=number == "0" or title.upper().startswith("TEMA"),
                intro=_reflow(body, double_spaced=double_spaced, width=width),
            )
            doc.sections.append(section)
            continue
        number = _number_key(match.group("number"))  # type: ignore[attr-defined]
        title = repair.collapse_spaces(match.group("title"))  # type: ignore[attr-defined]
        kinds, presentation = repair.parse_kind_marker(match.group("marker"))  # type: ignore[attr-defined]
        entry = toc_by_number.get(number)
        # The contents' spelling wins (the body's may be broken), except a full stop the
        # contents lost to its dot leaders.
        if entry and _same_text(entry.title, title) and entry.title != title.rstrip("."):
            title = entry.title
        title = title.rstrip(" -–")
        section_number = number.split(".")[0] if "." in number else number.rstrip("ABCDEFGH")
        if section is None or section.number != section_number:
            section = ParsedSection(number=section_number, title="", is_theme=section_number == "0")
            doc.sections.append(section)
        item = ParsedItem(
            number=number,
            title=title,
            kinds=kinds,
            has_presentation=presentation,
            section_number=section.number,
            written_number=match.string[match.start("number") : match.start("title")].strip(),  # type: ignore[attr-defined]
        )
        _read_fields(body, item, doc, double_spaced=double_spaced, width=width)
        doc.items.append(item)


def _same_text(a: str, b: str) -> bool:
    def letters(s: str) -> str:
        return re.sub(r"[^0-9a-zæøåéü]", "", s.lower())

    return letters(a) == letters(b)


FIELD_ORDER = (
    "summary",
    "recommendation",
    "decision",
    "presentation",
    "next_steps",
    "background",
    "attachments",
)


def _read_fields(
    body: list[str], item: ParsedItem, doc: ParsedDocument, *, double_spaced: bool, width: int
) -> None:
    colon_style = _colon_style(body)
    chunks: dict[str, list[str]] = {}
    current: str | None = None
    before: list[str] = []
    for line in body:
        match = repair.LABEL_RE.match(line)
        target = _label_target(match, current, chunks, colon_style=colon_style) if match else None
        if target is None:
            (chunks.setdefault(current, []) if current else before).append(line)
            continue
        label = match.group("label").lower()  # type: ignore[union-attr]
        if target == "decision" and label == "indstilling":
            doc.warnings.append(
                f"Punkt {item.number}: 'Indstilling' står to gange; "
                "den anden er læst som beslutning."
            )
        if target in chunks and target != "attachments":
            chunks[target].append("")
        current = target
        chunks.setdefault(current, []).append(match.group("rest"))  # type: ignore[union-attr]
    if any(line.strip() for line in before):
        text = _reflow(before, double_spaced=double_spaced, width=width)
        if chunks:
            doc.unread.append(f"Punkt {item.number}: tekst før første feltnavn: {text[:80]}")
        else:
            item.fields["presentation"] = text
    for name, chunk in list(chunks.items()):
        if name == "attachments":
            item.attachments, prose = _attachments(chunk)
            if prose:
                # Text under 'Bilag' that names no attachment (links, or the presentation
                # running on past a page break) belongs to the presentation.
                chunks.setdefault("presentation", []).extend(["", *prose])
    for name, chunk in chunks.items():
        if name != "attachments":
            item.fields[name] = _reflow(chunk, double_spaced=double_spaced, width=width)


def _colon_style(body: list[str]) -> bool:
    labels = [m for m in map(repair.LABEL_RE.match, body) if m]
    with_colon = sum(1 for m in labels if m.group("colon"))
    return bool(labels) and with_colon * 2 >= len(labels)


def _label_target(
    match: re.Match[str], current: str | None, chunks: dict[str, list[str]], *, colon_style: bool
) -> str | None:
    label = repair.collapse_spaces(match.group("label")).lower()
    target = repair.LABELS[label]
    rest = match.group("rest").strip()
    if not match.group("colon"):
        starts_well = not rest or rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"'”’("
        if not starts_well:
            return None
        if target == "attachments":
            names_attachment = re.match(
                r"(?:bilag|ingen|intet|se |\d[\d.]*\s*[-–]|[O0]\.\d)", rest, re.IGNORECASE
            )
            if rest and not names_attachment and colon_style:
                return None
        elif colon_style and not _expected_next(current, target):
            return None
    # A second 'Indstilling' where the decision belongs is the decision.
    if target == "recommendation" and current == "recommendation" and "decision" not in chunks:
        return "decision"
    if (
        target == "recommendation"
        and "recommendation" in chunks
        and "decision" not in chunks
        and current in ("recommendation",)
    ):
        return "decision"
    return target


def _expected_next(current: str | None, target: str) -> bool:
    if current is None:
        return target == "summary"
    order = FIELD_ORDER
    return current in order and order.index(target) > order.index(current)


def _attachments(lines: list[str]) -> tuple[list[str], list[str]]:
    """'Bilag 2.1.1 – …' entries, and the lines under 'Bilag' that name no attachment."""
    found: list[str] = []
    prose: list[str] = []
    for line in lines:
        stripped = repair.collapse_spaces(line)
        if not stripped:
            if prose:
                prose.append("")
            continue
        if NO_ATTACHMENTS_RE.match(stripped):
            continue
        match = ATTACHMENT_RE.match(stripped)
        if match and not repair.URL_RE.match(stripped):
            number = match.group("number").replace("O", "0").rstrip(".")
            found.append(f"Bilag {number} – {match.group('title').strip()}")
        elif found and not prose and stripped[:1].islower() and not repair.URL_RE.match(stripped):
            found[-1] += " " + stripped
        else:
            prose.append(stripped)
    return found, prose


def _reflow(lines: list[str], *, double_spaced: bool, width: int) -> str:
    """Lines of a field as paragraphs: wrapped lines joined, list items on their own line."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    blank = False
    previous = ""
    for raw in lines:
        line = repair.collapse_spaces(raw)
        if not line:
            blank = True
            continue
        bullet = BULLET_RE.match(line)
        if bullet:
            line = "- " + line[bullet.end() :] if not re.match(r"^[A-Ha-h\d]", line) else line
        starts_new = bool(bullet)
        if blank and current and not starts_new:
            soft = line[:1].islower() or (
                double_spaced
                and not (re.search(r"[.:!?]$", previous) and len(previous) < width * 0.8)
            )
            if not soft:
                paragraphs.append(current)
                current = []
        if starts_new and current:
            paragraphs.append(current)
            current = []
        current.append(line)
        previous = line
        blank = False
    if current:
        paragraphs.append(current)
    out: list[str] = []
    for paragraph in paragraphs:
        text = " ".join(paragraph)
        if out and BULLET_RE.match(text) and BULLET_RE.match(out[-1].split("\n")[-1]):
            out[-1] += "\n" + text
        else:
            out.append(text)
    return "\n\n".join(out).strip()


# --- The end: time, attendance --------------------------------------------------------------

GROUP_WORDS = {
    "DA",
    "FH",
    "LO",
    "FTF",
    "KL",
    "Kommunerne",
    "Kommune",
    "kommune",
    "kommunerne",
    "Regionsrådet",
    "Regionen",
    "Akademikerne",
    "Lederne",
    "DH",
}
ROLE_HEADINGS = (
    (re.compile(r"^medlemmer", re.I), "member"),
    (re.compile(r"^suppleant", re.I), "alternate"),
    (re.compile(r"^tilforordnede", re.I), "observer"),
    (re.compile(r"^bagland", re.I), "constituency_rep"),
    (re.compile(r"^(?:fra )?(?:sekretariat|amk|arbejdsmarkedskontor)", re.I), "secretariat"),
    (re.compile(r"^(?:gæster|under |oplægsholder|fra )", re.I), "guest"),
    (re.compile(r"^afbud", re.I), "absent"),
)


def _read_tail(lines: list[str], doc: ParsedDocument) -> None:
    text = "\n".join(lines)
    ended = ENDED_RE.search(text)
    if ended:
        doc.ended_at = _hhmm(ended.group(1), ended.group(2))
    role = "member"
    for raw in lines:
        line = repair.collapse_spaces(BULLET_RE.sub("", raw, count=1))
        if not line or ENDED_RE.search(line) or re.match(r"^på mødet deltog", line, re.I):
            continue
        heading = re.match(r"^([^:]{2,40}):\s*(.*)$", line)
        if heading:
            for pattern, new_role in ROLE_HEADINGS:
                if pattern.match(heading.group(1)):
                    role = new_role
                    break
            line = heading.group(2)
            if heading.group(1).lower().startswith("fra "):
                org = heading.group(1)[4:]
                for name in re.split(r",\s*|\s+og\s+", line):
                    if _looks_like_name(name):
                        doc.attendance.append(
                            AttendanceEntry(name=name.strip(), role=role, organisation=org)
                        )
                continue
            if not line:
                continue
        if role == "absent":
            continue
        entry = _attendance_line(line, role)
        if entry:
            doc.attendance.append(entry)


def _attendance_line(line: str, role: str) -> AttendanceEntry | None:
    line = re.sub(r"\s+og$", "", line).strip()
    note = re.search(r"\s*\(([^)]*)\)\s*$", line)
    group = ""
    if note and note.group(1).strip() in GROUP_WORDS | {"VIA", "UCN", "AAU", "AMU", "EUC"}:
        group = note.group(1).strip()
        line = line[: note.start()].strip()
    elif note:
        line = line[: note.start()].strip()
    parts = [p.strip() for p in re.split(r"\s+[-–]\s+|,\s*", line) if p.strip()]
    if len(parts) >= 2 and not group:
        if parts[0] in GROUP_WORDS:
            group, name = parts[0], parts[1]
        elif parts[-1] in GROUP_WORDS:
            group, name = parts[-1], parts[0]
        else:
            name, group = parts[0], parts[1]
    elif parts:
        name = parts[0]
    else:
        return None
    if not _looks_like_name(name):
        return None
    group = {"Kommune": "Kommunerne", "kommune": "Kommunerne", "kommunerne": "Kommunerne"}.get(
        group, group
    )
    return AttendanceEntry(name=name, group=group, role=role)


def _looks_like_name(text: str) -> bool:
    words = text.strip().split()
    return (
        2 <= len(words) <= 6
        and all(w[:1].isupper() for w in words if len(w) > 2)
        and not repair.URL_RE.search(text)
        and not any(ch.isdigit() for ch in text)
    )


# --- Checks and warnings ------------------------------------------------------------------


def _check_against_toc(doc: ParsedDocument) -> None:
    found = {item.number for item in doc.items}
    missing = [e for e in doc.toc if not e.is_section and _number_key(e.number) not in found]
    if missing:
        count = len(missing)
        noun = "punkt" if count == 1 else "punkter"
        numbers = ", ".join(e.number for e in missing[:10])
        doc.warnings.append(
            f"{count} {noun} uden overskrift (står i indholdsfortegnelsen: {numbers})"
        )
    toc_by_number = {_number_key(e.number): e for e in doc.toc if not e.is_section}
    for item in doc.items:
        entry = toc_by_number.get(item.number)
        if entry and entry.kinds and entry.kinds != item.kinds:
            doc.warnings.append(
                f"Punkt {item.number}: behandlingen er {'/'.join(item.kinds)} i overskriften, "
                f"men {'/'.join(entry.kinds)} i indholdsfortegnelsen"
            )


def _warn(doc: ParsedDocument) -> None:
    if not doc.items:
        doc.warnings.append(NO_ITEMS_WARNING)
        if doc.date is None:
            doc.warnings.append("Ingen mødedato i teksten")
        return
    if doc.date is None:
        doc.warnings.append("Ingen mødedato i teksten")
    if doc.council is None:
        doc.warnings.append("Intet råd nævnt i teksten")
    for item in doc.items:
        if not item.fields["decision"].strip():
            doc.warnings.append(f"Punkt {item.number} har ingen beslutning")
    counts = Counter(item.number for item in doc.items)
    for number, count in counts.items():
        if count > 1:
            doc.warnings.append(f"Punkt {number} står {count} gange")
