"""Danish full-text search over what the public may read: items of published minutes and
agendas, and imported documents.

Index maintenance (`search_index_meeting`, `search_index_rebuild`) writes `SearchEntry`
rows; the queries (`item_search`, `decision_timeline`) read them. The database decides
the machinery (`connection.vendor`), and both give the same answers to the same tests:

- PostgreSQL: a generated `tsvector` column with the `danish` configuration (title
  weight A, decision B, everything else C) and a GIN index finds the matches; `ts_rank`
  ranks the best few hundred of them (see `_Postgres`). The filters are columns.
- SQLite: an FTS5 table fed with Snowball Danish stems (`snowballstemmer`, the same
  algorithm PostgreSQL's `danish` dictionary runs), the same stemmer applied to the query;
  `bm25` ranks with the same column weights. The filters are words of its own column
  (`facets`), so FTS5 filters from its index and ranks only what passes.

Snippets are made the same way on both, for the rows of the page only, from the original
text: a word is marked when its stem is one of the query's stems, so "positivlisten" is
marked for a search on "positivliste".

User input never reaches a query language: it is cut into words (letters and digits),
stop words are dropped, and the words are passed as parameters (PostgreSQL's
`plainto_tsquery`) or as quoted FTS5 strings, so quotes, `NEAR`, `*` or `-` are just text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import html
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import snowballstemmer
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.search_models import SearchEntry
from raadsrum.core.errors import ValidationFailed
from raadsrum.meetings.documents.html import item_anchor
from raadsrum.meetings.documents.model import ItemDoc, MeetingDocument
from raadsrum.meetings.models import Meeting, Minutes

Order = Literal["relevance", "date"]
PAGE_SIZE = 20
MAX_PAGE = 500
MAX_TERMS = 16
MAX_TERM_LENGTH = 60
TIMELINE_LIMIT = 500
KINDS = ("B", "D", "O")
BODIES = tuple(SearchEntry.Body.values)

FTS_TABLE = "archive_search_fts"
ENTRY_TABLE = SearchEntry._meta.db_table

# Snowball's Danish stop words: the list PostgreSQL's `danish` configuration ships as
# danish.stop. Dropping the same words on SQLite keeps the two backends in agreement
# ("og", "i", "til" carry no meaning in a search and would match every item).
STOP_WORDS = frozenset(
    [
        "og",
        "i",
        "jeg",
        "det",
        "at",
        "en",
        "den",
        "til",
        "er",
        "som",
        "på",
        "de",
        "med",
        "han",
        "af",
        "for",
        "ikke",
        "der",
        "var",
        "mig",
        "sig",
        "men",
        "et",
        "har",
        "om",
        "vi",
        "min",
        "havde",
        "ham",
        "hun",
        "nu",
        "over",
        "da",
        "fra",
        "du",
        "ud",
        "sin",
        "dem",
        "os",
        "op",
        "man",
        "hans",
        "hvor",
        "eller",
        "hvad",
        "skal",
        "selv",
        "her",
        "alle",
        "vil",
        "blev",
        "kunne",
        "ind",
        "når",
        "være",
        "dog",
        "noget",
        "ville",
        "jo",
        "deres",
        "efter",
        "ned",
        "skulle",
        "denne",
        "end",
        "dette",
        "mit",
        "også",
        "under",
        "have",
        "dig",
        "anden",
        "hende",
        "mine",
        "alt",
        "meget",
        "sit",
        "sine",
        "vor",
        "mod",
        "disse",
        "hvis",
        "din",
        "nogle",
        "hos",
        "blive",
        "mange",
        "ad",
        "bliver",
        "hendes",
        "været",
        "thi",
        "jer",
        "sådan",
    ]
)

# A word as FTS5's unicode61 tokenizer sees it: letters and digits (no underscore).
WORD = re.compile(r"[^\W_]+")
# ts_headline's marks; stripped from indexed text so they can only come from PostgreSQL.
MARK_START, MARK_END = "\u27ea", "\u27eb"
ELLIPSIS = "…"
SNIPPET_WORDS = 32


# --- words and stems ----------------------------------------------------------------------

_local = threading.local()


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Danish stem of one lower-case word: positivlisten → positivlist."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:  # a stemmer object keeps state between calls: one per thread
        stemmer = _local.stemmer = snowballstemmer.stemmer("danish")
    return str(stemmer.stemWord(word))


def query_terms(query: str) -> list[str]:
    """The searchable words of what a user typed, lower case, without stop words or repeats."""
    terms: list[str] = []
    for match in WORD.finditer(query.lower()):
        word = match.group()[:MAX_TERM_LENGTH]
        if word not in STOP_WORDS and word not in terms:
            terms.append(word)
        if len(terms) == MAX_TERMS:
            break
    return terms


def query_stems(query: str) -> list[str]:
    stems: list[str] = []
    for term in query_terms(query):
        stemmed = stem(term)
        if stemmed not in stems:
            stems.append(stemmed)
    return stems


def stemmed_text(text: str) -> str:
    """`text` as the FTS5 table stores it: the stems of its words, stop words left out."""
    return " ".join(
        stem(word)
        for word in (m.group() for m in WORD.finditer(text.lower()))
        if word not in STOP_WORDS
    )


_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_MARKS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|^#{1,6}\s+|^>\s?)", re.M)


def plain_text(text: str) -> str:
    """Item text (Markdown) as plain text for the index: link texts kept, marks dropped."""
    text = _MD_LINK.sub(r"\1", text or "")
    text = _MD_MARKS.sub("", text)
    return text.replace(MARK_START, "").replace(MARK_END, "").strip()


# --- index maintenance (services) ----------------------------------------------------------


def _body(meeting: Meeting) -> str:
    if meeting.committee is None:
        return SearchEntry.Body.COUNCIL
    if meeting.committee.kind == "chairmanship":
        return SearchEntry.Body.CHAIRMANSHIP
    return SearchEntry.Body.COMMITTEE


def _item_text(item: ItemDoc) -> str:
    parts = [
        item.number,
        item.summary,
        item.recommendation,
        item.presentation,
        item.next_steps,
        item.background,
    ]
    parts += [attachment.label for attachment in item.attachments]
    return "\n\n".join(plain_text(part) for part in parts if part and part.strip())


def public_document(meeting: Meeting) -> tuple[str, MeetingDocument] | None:
    """What the public may read of `meeting`: the newest published minutes (their
    snapshot), else the published agenda (without decisions), else nothing."""
    from raadsrum.meetings.selectors import public_agenda_document, public_minutes_document

    minutes = public_minutes_document(meeting=meeting)
    if minutes is not None:
        return SearchEntry.Source.MINUTES, minutes
    agenda = public_agenda_document(meeting=meeting)
    if agenda is not None:
        return SearchEntry.Source.AGENDA, agenda
    return None


def _meeting_entries(meeting: Meeting) -> list[SearchEntry]:
    found = public_document(meeting)
    if found is None:
        return []
    source, doc = found
    body = _body(meeting)
    entries = []
    for position, item in enumerate(doc.items, start=1):
        decision = plain_text(item.decision) if source == SearchEntry.Source.MINUTES else ""
        entries.append(
            SearchEntry(
                source=source,
                meeting=meeting,
                council_id=meeting.council_id,
                body=body,
                body_name=meeting.body_name,
                meeting_date=meeting.date,
                meeting_address=meeting.address,
                position=position,
                item_number=item.number[:24],
                anchor=item_anchor(item)[:40],
                kinds=item.kinds[:3],
                has_decision=bool(decision),
                version=doc.version,
                title=plain_text(item.title),
                decision=decision,
                text=_item_text(item),
            )
        )
    return entries


@transaction.atomic
def search_index_meeting(*, meeting: Meeting) -> int:
    """Replace `meeting`'s rows in the search index with what the public may read now.

    Called when an agenda or minutes (also a corrected version) are published; a meeting
    with nothing published gets no rows. Returns the number of rows written.
    """
    meeting = Meeting.objects.select_related("council", "committee").get(pk=meeting.pk)
    SearchEntry.objects.filter(meeting=meeting).delete()
    entries = _meeting_entries(meeting)
    _backend().write(entries)
    return len(entries)


def _document_entry(document: ImportedDocument) -> SearchEntry | None:
    """A row for an imported document that did not become a meeting (a slide deck, a
    note, minutes without a council or date); a meeting's items are indexed instead."""
    if document.meeting_id is not None or not document.text.strip():
        return None
    body = {"council": SearchEntry.Body.COUNCIL, "chairmanship": SearchEntry.Body.CHAIRMANSHIP}
    return SearchEntry(
        source=SearchEntry.Source.DOCUMENT,
        document_id=document.pk,
        url=_document_url(document)[:300],
        council_id=document.council_id,
        body=body.get(document.body, SearchEntry.Body.COMMITTEE if document.body else ""),
        body_name=document.council.name if document.council else "",
        meeting_date=document.meeting_date,
        title=plain_text(document.source_name) or "Dokument",
        text=plain_text(document.text),
    )


def _document_url(document: ImportedDocument) -> str:
    from django.urls import NoReverseMatch

    try:
        return reverse("archive:document", args=[document.pk])
    except NoReverseMatch:  # the importer's pages may not offer one
        return ""


@transaction.atomic
def search_index_document(*, document: ImportedDocument) -> int:
    """Replace an imported document's row in the index; for the importer to call after
    it saves a document. A document that became a meeting gets no row of its own (its
    meeting's items are indexed when its minutes are published). A new version of a
    document replaces the row of the version before it. Returns rows written."""
    replaced = [document.pk, document.previous_id] if document.previous_id else [document.pk]
    SearchEntry.objects.filter(document_id__in=replaced).delete()
    entry = _document_entry(document)
    if entry is None:
        return 0
    _backend().write([entry])
    return 1


def _published_meetings() -> Iterable[Meeting]:
    published_minutes = Minutes.objects.filter(status=Minutes.Status.PUBLISHED)
    return (
        Meeting.objects.filter(
            Q(agenda_status=Meeting.AgendaStatus.PUBLISHED)
            | Q(pk__in=published_minutes.values("meeting_id"))
        )
        .select_related("council", "committee")
        .order_by("date", "pk")
        .iterator(chunk_size=200)
    )


@transaction.atomic
def search_index_rebuild() -> int:
    """Drop the whole index and write it again from every published agenda and minutes."""
    backend = _backend()
    backend.clear()
    SearchEntry.objects.all().delete()
    total = 0
    for meeting in _published_meetings():
        entries = _meeting_entries(meeting)
        backend.write(entries)
        total += len(entries)
    superseded = ImportedDocument.objects.filter(previous__isnull=False).values("previous_id")
    documents = (
        ImportedDocument.objects.filter(meeting__isnull=True)
        .exclude(pk__in=superseded)
        .select_related("council")
    )
    entries = [e for e in map(_document_entry, documents.iterator(chunk_size=200)) if e]
    backend.write(entries)
    return total + len(entries)


# --- queries (selectors) ---------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    council: str | None = None
    body: str | None = None
    year: int | None = None
    kind: str | None = None
    has_decision: bool | None = None

    def clean(self) -> SearchFilters:
        if self.body and self.body not in BODIES:
            raise ValidationFailed("Ukendt mødetype. Vælg rådet, formandskabet eller udvalg.")
        if self.kind and self.kind.upper() not in KINDS:
            raise ValidationFailed("Ukendt behandling. Vælg B, D eller O.")
        if self.year is not None and not 1900 <= self.year <= 2200:
            raise ValidationFailed("Året skal være et årstal som 2020.")
        return SearchFilters(
            council=self.council or None,
            body=self.body or None,
            year=self.year,
            kind=self.kind.upper() if self.kind else None,
            has_decision=self.has_decision,
        )

    def sql(self) -> tuple[str, list[Any]]:
        """WHERE clauses on the entry table (alias `e`), with their parameters."""
        from raadsrum.councils.models import Council

        clauses: list[str] = []
        params: list[Any] = []
        if self.council:
            clauses.append(
                f"e.council_id IN (SELECT id FROM {Council._meta.db_table} WHERE slug = %s)"
            )
            params.append(self.council)
        if self.body:
            clauses.append("e.body = %s")
            params.append(self.body)
        if self.year is not None:
            clauses.append("e.meeting_date >= %s AND e.meeting_date < %s")
            params += [dt.date(self.year, 1, 1), dt.date(self.year + 1, 1, 1)]
        if self.kind:
            clauses.append("e.kinds LIKE %s")
            params.append(f"%{self.kind}%")
        if self.has_decision is not None:
            clauses.append("e.has_decision = %s")
            params.append(self.has_decision)
        return "".join(f" AND {clause}" for clause in clauses), params

    def facets(self) -> list[str] | None:
        """The filters as words of the FTS5 `facets` column (see `entry_facets`), or None
        when nothing can match (a council nobody knows)."""
        from raadsrum.councils.models import Council

        words = []
        if self.council:
            council_id = Council.objects.filter(slug=self.council).values_list("pk", flat=True)
            found = council_id.first()
            if found is None:
                return None
            words.append(f"c{found}")
        if self.body:
            words.append(f"b{self.body}")
        if self.year is not None:
            words.append(f"y{self.year}")
        if self.kind:
            words.append(f"k{self.kind.lower()}")
        if self.has_decision is not None:
            words.append("d1" if self.has_decision else "d0")
        return words


@dataclass(frozen=True)
class SearchHit:
    source: str
    council_slug: str
    council_name: str
    body: str
    body_name: str
    meeting_date: dt.date | None
    meeting_address: str
    item_number: str
    title: str
    title_html: SafeString
    kinds: str
    has_decision: bool
    decision: str
    snippet_html: SafeString
    url: str
    rank: float

    @property
    def snippet_text(self) -> str:
        return _unmark(self.snippet_html)

    @property
    def kind_marker(self) -> str:
        return f"({'/'.join(self.kinds)})" if self.kinds else ""


@dataclass(frozen=True)
class SearchPage:
    query: str
    terms: list[str]
    filters: SearchFilters
    order: str
    page: int
    page_size: int
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.page_size + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return (self.page - 1) * self.page_size + len(self.hits)


@dataclass(frozen=True)
class Timeline:
    query: str
    terms: list[str]
    total: int
    hits: list[SearchHit] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.hits)


def item_search(
    *,
    query: str,
    council: str | None = None,
    body: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    has_decision: bool | None = None,
    order: Order = "relevance",
    page: int = 1,
    page_size: int = PAGE_SIZE,
) -> SearchPage:
    """One page of public items (and documents) matching `query`, best or newest first.

    Every word of the query must match (after stemming); an empty query or one of stop
    words only finds nothing. Raises ValidationFailed for an unknown filter value.
    """
    if order not in ("relevance", "date"):
        raise ValidationFailed("Sorter efter relevans eller dato.")
    filters = SearchFilters(council, body, year, kind, has_decision).clean()
    page = min(max(1, int(page)), MAX_PAGE)
    terms = query_terms(query)
    if not terms:
        return SearchPage(query, [], filters, order, page, page_size, 0)
    backend = _backend()
    ranked, total = backend.match(
        query=query,
        filters=filters,
        order=order,
        limit=page_size,
        offset=(page - 1) * page_size,
    )
    hits = _hits(backend, query, ranked, full_decision=False)
    return SearchPage(query, terms, filters, order, page, page_size, total, hits)


def decision_timeline(
    *,
    query: str,
    council: str | None = None,
    body: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    limit: int = TIMELINE_LIMIT,
) -> Timeline:
    """Every published decision about `query`, oldest first, across councils: "what have
    we decided about the positive list since 2020, and when?". The query's words must
    stand in the decision or in its item's title, so an item that only mentions the
    subject in its background does not count as a decision about it."""
    filters = SearchFilters(council, body, year, kind, True).clean()
    terms = query_terms(query)
    if not terms:
        return Timeline(query, [], 0)
    backend = _backend()
    ranked, total = backend.match(
        query=query, filters=filters, order="oldest", limit=limit, offset=0, in_decision=True
    )
    return Timeline(query, terms, total, _hits(backend, query, ranked, full_decision=True))


@dataclass(frozen=True)
class _Row:
    """What a hit needs of an index row: plain values, read without model instances (a
    timeline can show hundreds)."""

    pk: int
    source: str
    council_slug: str | None
    council_name: str | None
    body: str
    body_name: str
    meeting_date: dt.date | None
    meeting_address: str
    item_number: str
    anchor: str
    url: str
    title: str
    kinds: str
    has_decision: bool
    decision: str
    text: str = ""


_ROW_FIELDS = [
    "pk",
    "source",
    "council__slug",
    "council__name",
    "body",
    "body_name",
    "meeting_date",
    "meeting_address",
    "item_number",
    "anchor",
    "url",
    "title",
    "kinds",
    "has_decision",
    "decision",
]


def _hits(
    backend: _Backend, query: str, ranked: Sequence[tuple[int, float]], *, full_decision: bool
) -> list[SearchHit]:
    if not ranked:
        return []
    ids = [entry_id for entry_id, _ in ranked]
    # The timeline shows the decision, never the rest of the text.
    fields = _ROW_FIELDS if full_decision else [*_ROW_FIELDS, "text"]
    rows = {
        values[0]: _Row(*values)
        for values in SearchEntry.objects.filter(pk__in=ids).values_list(*fields)
    }
    found = [rows[i] for i in ids if i in rows]
    marked = backend.highlight(query=query, entries=found, full_decision=full_decision)
    url = _url_maker()
    hits = []
    for entry_id, rank in ranked:
        row = rows.get(entry_id)
        if row is None:
            continue
        title_html, snippet_html = marked[entry_id]
        hits.append(
            SearchHit(
                source=row.source,
                council_slug=row.council_slug or "",
                council_name=row.council_name or "",
                body=row.body,
                body_name=row.body_name,
                meeting_date=row.meeting_date,
                meeting_address=row.meeting_address,
                item_number=row.item_number,
                title=row.title,
                title_html=title_html,
                kinds=row.kinds,
                has_decision=row.has_decision,
                decision=row.decision,
                snippet_html=snippet_html,
                url=url(row),
                rank=rank,
            )
        )
    return hits


def _url_maker() -> Callable[[_Row], str]:
    """A function giving a row's address: the item on its meeting's page, or a document's
    own address. One `reverse()` for all rows: the meeting page's address with stand-ins,
    which each row's council and date then replace."""
    council_stand_in, date_stand_in = "council-stand-in", "1000-01-01"
    page = reverse("meetings:meeting", args=[council_stand_in, date_stand_in])
    head, tail = page.split(f"/{council_stand_in}/{date_stand_in}", 1)

    def url(row: _Row) -> str:
        if row.source == SearchEntry.Source.DOCUMENT or not row.meeting_address:
            return row.url
        council_slug, date_slug = row.meeting_address.split("/", 1)
        address = f"{head}/{council_slug}/{date_slug}{tail}"
        return f"{address}#{row.anchor}" if row.anchor else address

    return url


# --- marking -----------------------------------------------------------------------------


_SPACE = re.compile(r"\s+")


def _unmark(html: str) -> str:
    from html import unescape

    return unescape(html.replace("<mark>", "").replace("</mark>", ""))


@functools.lru_cache(maxsize=256)
def _candidates(stems: frozenset[str]) -> re.Pattern[str]:
    """Whole words that begin with one of `stems`. A Danish Snowball stem is always a
    prefix of the lower-case word, so only these words can have one of the stems, and
    the regular expression finds them without looking at every word in Python."""
    alternatives = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _matches(text: str, wanted: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, stem) of every word in `text` whose stem is one of `wanted`."""
    if not wanted:
        return []
    found = []
    for match in _candidates(wanted).finditer(text):
        stemmed = stem(match.group().lower())
        if stemmed in wanted:
            found.append((match.start(), match.end(), stemmed))
    return found


def highlight_words(text: str, stems: Iterable[str]) -> SafeString:
    """All of `text`, HTML-escaped, with every word whose stem is in `stems` in <mark>."""
    out: list[str] = []
    last = 0
    for start, end, _ in _matches(text, frozenset(stems)):
        out.append(html.escape(text[last:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        last = end
    out.append(html.escape(text[last:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped


def snippet(text: str, stems: Sequence[str], words: int = SNIPPET_WORDS) -> SafeString:
    """The stretch of `words` words of `text` that holds the most of the query's stems
    (original words, marked), with "…" where text was cut off."""
    text = _SPACE.sub(" ", text)
    starts = [match.start() for match in WORD.finditer(text)]
    if not starts:
        return mark_safe("")
    wanted = frozenset(stems)
    # (word number, stem) of each match, in order.
    matches = _matches(text, wanted)
    at = [bisect.bisect_left(starts, start) for start, _, _ in matches]
    found = [stemmed for _, _, stemmed in matches]
    # A window worth showing starts at a match (or at the beginning); the best holds the
    # most different stems, then the most matches; the first of equals wins.
    best_start, best_score = 0, (-1, -1)
    for position in [0] + [word for word in at if word]:
        inside = found[bisect.bisect_left(at, position) : bisect.bisect_left(at, position + words)]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best_start, best_score = position, score
    # Give the first match a few words of lead-in.
    start = max(0, best_start - 4) if best_start else 0
    end = min(len(starts), start + words)
    begin_at = starts[start] if start else 0
    if end < len(starts):
        last_word = WORD.match(text, starts[end - 1])
        end_at = last_word.end() if last_word else len(text)
    else:
        end_at = len(text)
    html = str(highlight_words(text[begin_at:end_at].strip(), wanted))
    if start:
        html = f"{ELLIPSIS} {html}"
    if end < len(starts):
        html = f"{html} {ELLIPSIS}"
    return mark_safe(html)  # noqa: S308 - built from escaped pieces


# --- the two backends ------------------------------------------------------------------------


class _Backend:
    def write(self, entries: list[SearchEntry]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def match(
        self,
        *,
        query: str,
        filters: SearchFilters,
        order: str,
        limit: int,
        offset: int,
        in_decision: bool = False,
    ) -> tuple[list[tuple[int, float]], int]:
        """(entry id, rank) of one page, and the number of all matches. With `in_decision`,
        the query's words must stand in the item's title or decision."""
        raise NotImplementedError

    def highlight(
        self, *, query: str, entries: Sequence[_Row], full_decision: bool
    ) -> dict[int, tuple[SafeString, SafeString]]:
        """entry id → (marked title, marked snippet or, for the timeline, whole decision).

        The same on both databases, and only for the rows shown: the original words whose
        Snowball stem is one of the query's (the stemmer PostgreSQL's `danish` runs).
        """
        stems = query_stems(query)
        marked = {}
        for entry in entries:
            title = highlight_words(entry.title, stems)
            if full_decision:
                body = highlight_words(entry.decision, stems)
            else:
                body = snippet("\n\n".join(p for p in (entry.decision, entry.text) if p), stems)
            marked[entry.pk] = (title, body)
        return marked


def _order_sql(order: str, rank: str) -> str:
    if order == "date":
        return "e.meeting_date DESC, e.position, e.id"
    if order == "oldest":
        return "e.meeting_date, e.council_id, e.position, e.id"
    return f"{rank}, e.meeting_date DESC, e.position, e.id"


class _Postgres(_Backend):
    """`search_document` (title A, decision B, the rest C) has the GIN index that finds
    the matches; `search_head` (title A, decision B) is small enough to live in the row.

    Ranking reads a row's `search_document`, which is stored out of line (TOAST) and
    costs a fetch per row: over thousands of matches that is most of the time. So the
    matches are first put in order by the cheap `ts_rank` of `search_head` (a word in the
    title or decision counts most there too), and only the best CANDIDATES of them are
    ranked by the whole item. Up to CANDIDATES matches the order is exactly `ts_rank` of
    the whole item; beyond, the pages after the candidates follow the cheap order.
    """

    CANDIDATES = 300
    QUERY = "(SELECT plainto_tsquery('danish', %s) AS query) AS q"
    CHEAP = _order_sql("relevance", "ts_rank(e.search_head, q.query, 1) DESC")

    def write(self, entries: list[SearchEntry]) -> None:
        # The tsvectors are generated columns: PostgreSQL fills them from the row.
        SearchEntry.objects.bulk_create(entries, batch_size=500)

    def clear(self) -> None:
        pass

    def match(
        self,
        *,
        query: str,
        filters: SearchFilters,
        order: str,
        limit: int,
        offset: int,
        in_decision: bool = False,
    ) -> tuple[list[tuple[int, float]], int]:
        where, params = filters.sql()
        if in_decision:  # weights A (title) and B (decision): all of `search_head`
            where = f" AND e.search_head @@ q.query{where}"
        matches = f"FROM {ENTRY_TABLE} e, {self.QUERY} WHERE e.search_document @@ q.query{where}"
        args = [" ".join(query_terms(query)), *params]
        # The matches come from the GIN index's bitmap; the count is taken in the same
        # scan (a window over the matches, no tsvector read). The column has no
        # statistics (migration 0004), so the planner always takes the index instead of
        # a sequential scan that would read every row's tsvector.
        rows: list[tuple[int, float]] = []
        total = None
        with connection.cursor() as cursor:
            if order != "relevance":  # by date: no ranking needed at all
                cursor.execute(
                    f"SELECT e.id, 0.0, count(*) OVER () {matches} "
                    f"ORDER BY {_order_sql(order, '')} LIMIT %s OFFSET %s",
                    [*args, limit, offset],
                )
                found = cursor.fetchall()
                rows = [(row[0], float(row[1])) for row in found]
                total = found[0][2] if found else None
            elif offset < self.CANDIDATES:
                cursor.execute(
                    f"WITH c AS MATERIALIZED (SELECT e.id, count(*) OVER () AS total {matches} "
                    f"ORDER BY {self.CHEAP} LIMIT %s) "
                    "SELECT e.id, ts_rank(e.search_document, q.query, 1) AS rank, c.total "
                    f"FROM c JOIN {ENTRY_TABLE} e ON e.id = c.id, {self.QUERY} "
                    f"ORDER BY {_order_sql(order, 'rank DESC')} LIMIT %s OFFSET %s",
                    [*args, self.CANDIDATES, args[0], limit, offset],
                )
                found = cursor.fetchall()
                rows = [(row[0], float(row[1])) for row in found]
                total = found[0][2] if found else None
            if total is None:  # a page past the end, or past the candidates
                cursor.execute(f"SELECT count(*) {matches}", args)
                total = int(cursor.fetchone()[0])
            wanted = limit - len(rows)
            if (
                order == "relevance"
                and wanted > 0
                and total > self.CANDIDATES
                and offset + limit > self.CANDIDATES
            ):
                # Past the candidates: the cheap order, with each row's whole rank.
                cursor.execute(
                    f"WITH c AS MATERIALIZED (SELECT e.id, row_number() OVER () AS n FROM "
                    f"(SELECT e.id {matches} ORDER BY {self.CHEAP} LIMIT %s OFFSET %s) AS e) "
                    "SELECT e.id, ts_rank(e.search_document, q.query, 1) "
                    f"FROM c JOIN {ENTRY_TABLE} e ON e.id = c.id, {self.QUERY} ORDER BY c.n",
                    [*args, wanted, max(offset, self.CANDIDATES), args[0]],
                )
                rows += [(row[0], float(row[1])) for row in cursor.fetchall()]
        return rows, int(total)


class _Sqlite(_Backend):
    # bm25 weights in the ratio of PostgreSQL's default weights for A, B and C (1, .4, .2);
    # the filter words in `facets` weigh nothing.
    RANK = f"bm25({FTS_TABLE}, 5.0, 2.0, 1.0, 0.0)"
    SCHEMA = (
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        "title, decision, text, facets, tokenize = 'unicode61 remove_diacritics 0')",
        # Rows deleted through the ORM (or with their meeting) leave the FTS table too.
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {ENTRY_TABLE} "
        f"BEGIN DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END",
    )

    def ensure_schema(self) -> None:
        """The migration creates these; a later migration that remakes the entry table
        (SQLite's way to alter a column) drops the trigger, so writes make sure of it."""
        with connection.cursor() as cursor:
            for statement in self.SCHEMA:
                cursor.execute(statement)

    def write(self, entries: list[SearchEntry]) -> None:
        self.ensure_schema()
        created = SearchEntry.objects.bulk_create(entries, batch_size=500)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, decision, text, facets) "
                "VALUES (%s, %s, %s, %s, %s)",
                [fts_row(e) for e in created],
            )

    def clear(self) -> None:
        self.ensure_schema()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")

    @staticmethod
    def match_expression(
        query: str, *, in_decision: bool = False, filters: SearchFilters | None = None
    ) -> str | None:
        """The FTS5 query: the query's stems in the text columns, and the filters as words
        of the `facets` column, so FTS5 does the filtering from its index. None when a
        filter cannot match (an unknown council)."""
        # Each stem quoted: FTS5 reads it as a plain string, never as an operator. A stem
        # holds only letters and digits, so it cannot contain a quote.
        words = " ".join(f'"{s}"' for s in query_stems(query))
        columns = "{title decision}" if in_decision else "{title decision text}"
        expression = f"{columns} : ({words})"
        facets = filters.facets() if filters is not None else []
        if facets is None:
            return None
        if facets:
            expression += " AND facets : (" + " ".join(f'"{f}"' for f in facets) + ")"
        return expression

    def match(
        self,
        *,
        query: str,
        filters: SearchFilters,
        order: str,
        limit: int,
        offset: int,
        in_decision: bool = False,
    ) -> tuple[list[tuple[int, float]], int]:
        expression = self.match_expression(query, in_decision=in_decision, filters=filters)
        if expression is None:
            return [], 0
        if order == "relevance":
            # Ranked straight from the FTS table: bm25() works only in the query that
            # scans it, and this is several times faster than a join.
            sql = (
                f"SELECT rowid, {self.RANK} AS rank FROM {FTS_TABLE} "
                f"WHERE {FTS_TABLE} MATCH %s ORDER BY rank, rowid LIMIT %s OFFSET %s"
            )
        else:
            # By date, no ranking: read the date index in order, keep the matches and stop
            # at the page's end. Left to itself SQLite fetches every match and sorts them
            # (9,000 matches: 25 ms against 3 ms; the whole index for a rare word: 3 ms).
            index = "archive_search_newest" if order == "date" else "archive_search_oldest"
            sql = (
                f"SELECT e.id, 0.0 FROM {ENTRY_TABLE} e INDEXED BY {index} WHERE e.id IN "
                f"(SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) "
                f"ORDER BY {_order_sql(order, '')} LIMIT %s OFFSET %s"
            )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, limit, offset])
            rows = cursor.fetchall()
            cursor.execute(
                f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [expression]
            )
            total = int(cursor.fetchone()[0])
        # bm25 is lower for better matches; turn it round so both backends rank up.
        return [(row[0], -float(row[1])) for row in rows], total


def entry_facets(entry: Any) -> str:
    """The filter values of an index row as words for the FTS5 `facets` column (SQLite):
    c<council id>, b<body>, y<year>, k<kind> for each kind, d1/d0 for a decision."""
    words = []
    if entry.council_id:
        words.append(f"c{entry.council_id}")
    if entry.body:
        words.append(f"b{entry.body}")
    if entry.meeting_date:
        words.append(f"y{entry.meeting_date.year}")
    words += [f"k{kind}" for kind in entry.kinds.lower() if kind.isalnum()]
    words.append("d1" if entry.has_decision else "d0")
    return " ".join(words)


def fts_row(entry: Any) -> tuple[int, str, str, str, str]:
    """(rowid, title, decision, text, facets) of the FTS5 table for one index row."""
    return (
        entry.pk,
        stemmed_text(entry.title),
        stemmed_text(entry.decision),
        stemmed_text(entry.text),
        entry_facets(entry),
    )


def _backend() -> _Backend:
    if connection.vendor == "postgresql":
        return _Postgres()
    if connection.vendor == "sqlite":
        return _Sqlite()
    raise NotImplementedError(f"Søgning understøtter ikke databasen {connection.vendor}.")
