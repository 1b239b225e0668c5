"""The archive search: Danish stemming, filters, order, the decision timeline, and that only
what the public may read is ever found. Runs on SQLite (FTS5 + Snowball stems) and on
PostgreSQL (tsvector, `danish`) alike: `scripts/with-postgres .venv/bin/python -m pytest
raadsrum/archive/tests/test_search*.py`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import connection

from raadsrum.archive.models import ImportedDocument
from raadsrum.archive.search import (
    decision_timeline,
    item_search,
    query_stems,
    query_terms,
    search_index_document,
    search_index_meeting,
    search_index_rebuild,
    snippet,
)
from raadsrum.archive.search_models import SearchEntry
from raadsrum.core.errors import ValidationFailed
from raadsrum.councils.models import (
    Chairmanship,
    Committee,
    Council,
    MemberGroup,
    Membership,
    Person,
    Role,
)
from raadsrum.meetings import services
from raadsrum.meetings.models import Meeting

TERM_START = dt.date(2022, 6, 1)

POSITIVE_LIST = (
    "Positivlisten for den regionale uddannelsespulje",
    "B",
    {"summary": "Rådet skal godkende tilføjelser til positivlisten pr. 1. oktober."},
    "Rådet godkendte tilføjelserne til positivlisten.",
)
CLEANING = (
    "Rekruttering til rengøring",
    "D",
    {"presentation": "Kommunerne har afsat midler til ekstra rengøring i skoler."},
    "Rådet drøftede rekrutteringen.",
)
BUDGET = (
    "Budget for analysemidler",
    "O",
    {"summary": "Orientering om budgettet; kurserne på positivliste nævnes kort."},
    "",
)


@dataclass
class Archive:
    north: Council
    south: Council
    sara: User  # secretariat in both councils
    carl: User  # chair in both councils


def _person(username: str, name: str) -> tuple[User, Person]:
    user = User.objects.create_user(username=username, password="pw", first_name=name)
    return user, Person.objects.create(name=name, user=user)


def _council(slug: str, name: str, people: dict[str, Person]) -> Council:
    council = Council.objects.create(
        slug=slug,
        name=name,
        name_genitive=f"{name}s",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
        secretariat_name="AMK",
    )
    groups = [
        MemberGroup.objects.get_or_create(code=code, defaults={"name": code, "position": i})[0]
        for i, code in enumerate(["DA", "FH", "KL"], start=1)
    ]
    Membership.objects.create(
        council=council, person=people["sara"], role=Role.SECRETARIAT, valid_from=TERM_START
    )

    def member(person: Person, group: MemberGroup) -> Membership:
        return Membership.objects.create(
            council=council,
            person=person,
            role=Role.MEMBER,
            member_group=group,
            valid_from=TERM_START,
        )

    Chairmanship.objects.create(
        council=council,
        chair=member(people["carl"], groups[0]),
        first_vice_chair=member(people["vera"], groups[1]),
        second_vice_chair=member(people["kim"], groups[2]),
        valid_from=TERM_START,
        elected_on=TERM_START,
    )
    return council


@pytest.fixture
def archive(db: None) -> Archive:
    users, people = {}, {}
    for username, name in [
        ("sara", "Sara Sekretær"),
        ("carl", "Carl Formand"),
        ("vera", "Vera Næstformand"),
        ("kim", "Kim Næstformand"),
    ]:
        users[username], people[username] = _person(username, name)
    return Archive(
        north=_council("nordland", "RAR Nordland", people),
        south=_council("sydland", "RAR Sydland", people),
        sara=users["sara"],
        carl=users["carl"],
    )


def meeting_with_items(
    archive: Archive,
    council: Council,
    day: dt.date,
    items: list[tuple],
    committee: Committee | None = None,
) -> Meeting:
    """A meeting whose agenda is published; decisions recorded (still a draft)."""
    meeting = services.meeting_create(
        council=council, date=day, by=archive.sara, from_template=False, committee=committee
    )
    section = services.section_add(meeting=meeting, title="Rådets sager", by=archive.sara)
    for title, kinds, fields, decision in items:
        item = services.item_add(
            section=section, title=title, kinds=kinds, by=archive.sara, **fields
        )
        if decision:
            services.decision_record(
                item=item, by=archive.sara, decision=decision, expected_version=item.version
            )
    services.agenda_approve(meeting=meeting, by=archive.carl)
    services.agenda_publish(meeting=meeting, by=archive.sara)
    return meeting


def published_meeting(
    archive: Archive,
    council: Council,
    day: dt.date,
    items: list[tuple],
    committee: Committee | None = None,
) -> Meeting:
    """A meeting whose agenda and minutes are published."""
    meeting = meeting_with_items(archive, council, day, items, committee=committee)
    services.minutes_approve(meeting=meeting, by=archive.carl)
    services.minutes_publish(meeting=meeting, by=archive.sara)
    return meeting


def titles(page) -> list[str]:
    return [hit.title for hit in page.hits]


# --- Danish stemming ------------------------------------------------------------------------


def test_positivliste_finds_positivlisten_and_the_other_way_round(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, CLEANING])

    assert titles(item_search(query="positivliste")) == [POSITIVE_LIST[0]]
    assert titles(item_search(query="Positivlisten")) == [POSITIVE_LIST[0]]
    assert titles(item_search(query="positivlister")) == [POSITIVE_LIST[0]]


def test_rengoering_is_found_in_the_2020_minutes(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, CLEANING])

    page = item_search(query="rengøring", year=2020)

    assert titles(page) == [CLEANING[0]]
    assert page.hits[0].url == "/raad/nordland/2020-06-04/#punkt-1-2-1"


def test_every_word_of_the_query_must_match(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, CLEANING])

    assert titles(item_search(query="rengøring skoler")) == [CLEANING[0]]
    assert item_search(query="rengøring positivlisten").total == 0


def test_a_query_of_stop_words_only_finds_nothing(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])

    page = item_search(query="og i til")

    assert page.total == 0 and page.terms == []


def test_the_query_is_stemmed_with_snowball_danish():
    assert query_stems("Positivlisten positivliste rengøringen") == ["positivlist", "rengøring"]


# --- snippets -------------------------------------------------------------------------------


def test_snippets_mark_the_original_words_whose_stem_matches(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])

    hit = item_search(query="positivliste").hits[0]

    assert "<mark>positivlisten</mark>" in hit.snippet_html
    assert "<mark>Positivlisten</mark>" in hit.title_html


def test_snippets_escape_the_text_around_the_marks(archive):
    hostile = (
        "Om <script>alert(1)</script> & positivlisten",
        "O",
        {"summary": "Tekst med <b>tags</b> & positivlisten."},
        "",
    )
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [hostile])

    hit = item_search(query="positivliste").hits[0]

    assert "<script>" not in hit.title_html and "&lt;script&gt;" in hit.title_html
    # SQLite shows the tag as text; PostgreSQL's ts_headline drops HTML tags. Neither
    # lets one through.
    assert "<b>" not in hit.snippet_html and "tags" in hit.snippet_html
    assert "<mark>positivlisten</mark>" in hit.snippet_html


def test_a_long_text_is_cut_to_the_stretch_around_the_match():
    text = " ".join(["fyld"] * 200 + ["positivlisten"] + ["mere"] * 200)

    html = snippet(text, ["positivlist"])

    assert html.startswith("…") and html.endswith("…")
    assert "<mark>positivlisten</mark>" in html and len(html) < 400


# --- filters, order, pages --------------------------------------------------------------------


def test_filters_by_council_year_kind_and_decision(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, BUDGET])
    published_meeting(archive, archive.south, dt.date(2021, 3, 4), [POSITIVE_LIST])

    assert item_search(query="positivliste").total == 3
    assert {h.council_slug for h in item_search(query="positivliste", council="sydland").hits} == {
        "sydland"
    }
    assert [h.meeting_date.year for h in item_search(query="positivliste", year=2021).hits] == [
        2021
    ]
    assert titles(item_search(query="positivliste", kind="O")) == [BUDGET[0]]
    assert titles(item_search(query="positivliste", council="nordland", has_decision=True)) == [
        POSITIVE_LIST[0]
    ]
    assert titles(item_search(query="positivliste", has_decision=False)) == [BUDGET[0]]


def test_filters_by_body(archive):
    chairmanship = Committee.objects.create(
        council=archive.north,
        kind=Committee.Kind.CHAIRMANSHIP,
        name="Formandskabet",
        slug="formandskabet",
    )
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])
    published_meeting(archive, archive.north, dt.date(2020, 5, 4), [BUDGET], committee=chairmanship)

    page = item_search(query="positivliste", body="chairmanship")

    assert titles(page) == [BUDGET[0]]
    assert page.hits[0].body_name == "Formandskabet"
    assert titles(item_search(query="positivliste", body="council")) == [POSITIVE_LIST[0]]


def test_unknown_filter_values_are_refused_in_danish(archive):
    with pytest.raises(ValidationFailed, match="behandling"):
        item_search(query="positivliste", kind="X")
    with pytest.raises(ValidationFailed, match="mødetype"):
        item_search(query="positivliste", body="parliament")


def test_relevance_puts_the_title_match_first_and_date_puts_the_newest_first(archive):
    published_meeting(archive, archive.north, dt.date(2019, 1, 10), [POSITIVE_LIST])
    published_meeting(archive, archive.north, dt.date(2022, 1, 10), [BUDGET])

    by_relevance = item_search(query="positivliste")
    by_date = item_search(query="positivliste", order="date")

    assert titles(by_relevance) == [POSITIVE_LIST[0], BUDGET[0]]
    assert by_relevance.hits[0].rank > by_relevance.hits[1].rank
    assert titles(by_date) == [BUDGET[0], POSITIVE_LIST[0]]


def test_results_come_in_pages(archive):
    items = [(f"Positivlisten, del {n}", "O", {}, "") for n in range(1, 6)]
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), items)

    first = item_search(query="positivliste", order="date", page_size=2)
    last = item_search(query="positivliste", order="date", page=3, page_size=2)

    assert first.total == 5 and first.pages == 3 and len(first.hits) == 2 and first.has_next
    assert len(last.hits) == 1 and not last.has_next and last.has_previous
    assert item_search(query="positivliste", page=9, page_size=2).total == 5


# --- the decision timeline -------------------------------------------------------------------


def test_the_timeline_lists_decisions_oldest_first_across_councils(archive):
    published_meeting(archive, archive.south, dt.date(2023, 2, 1), [POSITIVE_LIST])
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, BUDGET])
    published_meeting(archive, archive.north, dt.date(2021, 9, 9), [POSITIVE_LIST])

    timeline = decision_timeline(query="positivlisterne")

    assert [(h.meeting_date, h.council_slug) for h in timeline.hits] == [
        (dt.date(2020, 6, 4), "nordland"),
        (dt.date(2021, 9, 9), "nordland"),
        (dt.date(2023, 2, 1), "sydland"),
    ]
    assert all(h.has_decision for h in timeline.hits)
    assert "<mark>positivlisten</mark>" in timeline.hits[0].snippet_html


def test_the_timeline_leaves_out_items_that_only_mention_the_subject(archive):
    mention = (
        "Orientering om analyser",
        "B",
        {"background": "Se også positivlisten."},
        "Rådet tog orienteringen til efterretning.",
    )
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, mention])

    assert item_search(query="positivliste").total == 2
    assert [h.title for h in decision_timeline(query="positivliste").hits] == [POSITIVE_LIST[0]]


# --- only what is public ----------------------------------------------------------------------


def test_draft_decisions_are_never_found(archive):
    meeting_with_items(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])

    assert item_search(query="godkendte tilføjelserne").total == 0
    assert decision_timeline(query="positivliste").total == 0
    agenda_hit = item_search(query="positivliste").hits[0]
    assert agenda_hit.source == "agenda" and agenda_hit.decision == ""
    assert not agenda_hit.has_decision


def test_a_meeting_with_nothing_published_is_not_indexed(archive):
    meeting = services.meeting_create(
        council=archive.north, date=dt.date(2020, 6, 4), by=archive.sara, from_template=False
    )
    section = services.section_add(meeting=meeting, title="Sager", by=archive.sara)
    services.item_add(section=section, title="Positivlisten", kinds="B", by=archive.sara)

    assert search_index_meeting(meeting=meeting) == 0
    assert item_search(query="positivliste").total == 0


def test_republishing_corrected_minutes_replaces_the_old_rows(archive):
    meeting = published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])
    services.minutes_correct(meeting=meeting, by=archive.sara, note="Beslutningen var forkert.")
    item = meeting.items.get()
    services.decision_record(
        item=item,
        by=archive.sara,
        expected_version=item.version,
        decision="Rådet udsatte positivlisten til næste møde.",
    )

    # While the correction is a draft, the public still reads (and finds) version 1.
    assert item_search(query="godkendte tilføjelserne").total == 1
    assert item_search(query="udsatte").total == 0

    services.minutes_approve(meeting=meeting, by=archive.carl)
    services.minutes_publish(meeting=meeting, by=archive.sara)

    assert item_search(query="godkendte tilføjelserne").total == 0
    assert item_search(query="udsatte").hits[0].title == POSITIVE_LIST[0]
    assert SearchEntry.objects.filter(meeting=meeting).count() == 1
    assert SearchEntry.objects.get(meeting=meeting).version == 2


def test_deleting_a_meeting_takes_its_rows_out_of_the_search(archive):
    meeting = published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])

    meeting.delete()

    assert item_search(query="positivliste").total == 0
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM archive_search_fts")
            assert cursor.fetchone()[0] == 0


def test_a_rebuild_writes_the_same_index_again(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, CLEANING])
    meeting_with_items(archive, archive.south, dt.date(2021, 6, 4), [BUDGET])
    before = titles(item_search(query="positivliste"))
    SearchEntry.objects.all().delete()

    assert search_index_rebuild() == 3
    assert titles(item_search(query="positivliste")) == before


def test_imported_documents_without_agenda_items_are_searchable(archive):
    document = ImportedDocument.objects.create(
        source_name="Oplæg om positivlisten.pdf",
        sha256="a" * 64,
        size=10,
        file_type="pdf",
        kind=ImportedDocument.Kind.OTHER,
        outcome=ImportedDocument.Outcome.NOT_MINUTES,
        council=archive.north,
        meeting_date=dt.date(2021, 5, 1),
        text="Slides: Rengøringsområdet og positivlisterne i 2021.",
    )

    assert search_index_document(document=document) == 1
    hit = item_search(query="positivliste", year=2021).hits[0]
    assert hit.source == "document" and hit.council_slug == "nordland"
    assert search_index_rebuild() == 1
    assert item_search(query="positivliste").total == 1


# --- hostile input ----------------------------------------------------------------------------

HOSTILE = [
    '"',
    '"""',
    "'",
    'positivliste"',
    "NEAR(positivliste rengøring, 2)",
    "positiv*",
    "-positivliste",
    "positivliste -",
    "*",
    "AND OR NOT",
    "title:positivliste",
    "{title}: positivliste",
    "^positivliste",
    "positivliste'); DROP TABLE archive_searchentry; --",
    "%",
    "_",
    "\\",
    "æøå ÆØÅ",
    "Ærø Århus øl",
    "\x00",
    "😀 positivliste",
    "a" * 5000,
    " ".join(["positivliste"] * 200),
    "(((",
    ":",
    "&|!",
    "<->",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_never_raise(archive, query):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])

    page = item_search(query=query)
    timeline = decision_timeline(query=query)

    assert page.total >= 0 and timeline.total >= 0
    if query_terms(query) == ["positivliste"]:  # the rest was punctuation: still found
        assert page.total == 1 and timeline.total == 1
    assert SearchEntry.objects.count() == 1


# --- filters inside the full-text query, and long result lists ---------------------------------


def test_filters_combine_and_an_unknown_council_finds_nothing(archive):
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, BUDGET])
    published_meeting(archive, archive.north, dt.date(2021, 3, 4), [POSITIVE_LIST])
    published_meeting(archive, archive.south, dt.date(2020, 9, 1), [POSITIVE_LIST])

    both = item_search(
        query="positivliste", council="nordland", year=2020, kind="B", has_decision=True
    )
    assert [(h.council_slug, h.meeting_date, h.title) for h in both.hits] == [
        ("nordland", dt.date(2020, 6, 4), POSITIVE_LIST[0])
    ]
    assert both.total == 1
    assert item_search(query="positivliste", council="atlantis").total == 0
    assert decision_timeline(query="positivliste", council="atlantis").total == 0
    assert item_search(query="positivliste", year=2019).total == 0


def test_a_filter_value_typed_as_a_query_word_finds_nothing(archive):
    # The filters are words of their own column on SQLite: a query never reaches them.
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST])

    assert item_search(query="y2020").total == 0
    assert item_search(query="d1").total == 0
    assert item_search(query=f"c{archive.north.pk}").total == 0


def test_paging_through_a_long_relevance_list_shows_every_match_once(archive, monkeypatch):
    # PostgreSQL ranks a bounded set of candidates fully; past it the pages follow the
    # cheap order. A small bound makes the boundary fall inside this list: no match may be
    # lost or shown twice, and the candidates come best first.
    from raadsrum.archive import search

    monkeypatch.setattr(search._Postgres, "CANDIDATES", 5)
    items = [
        (f"Punkt {n}", "O", {"summary": "Om positivlisten. " * (n % 4 + 1)}, "")
        for n in range(1, 10)
    ]
    items += [(f"Positivlisten {n}", "B", {}, "") for n in range(1, 4)]
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), items)

    pages = [item_search(query="positivliste", page=n, page_size=4) for n in (1, 2, 3, 4)]

    seen = [hit.title for page in pages for hit in page.hits]
    assert sorted(seen) == sorted(title for title, *_ in items)
    assert all(page.total == 12 for page in pages) and not pages[3].hits
    assert seen[:3] == sorted(seen[:3]) and all(t.startswith("Positivlisten") for t in seen[:3])
    ranks = [hit.rank for hit in pages[0].hits]
    assert ranks == sorted(ranks, reverse=True)


def test_the_timeline_is_complete_when_more_decisions_match_than_a_page(archive):
    for day in (dt.date(2020, 6, 4), dt.date(2019, 1, 10), dt.date(2021, 2, 2)):
        published_meeting(archive, archive.north, day, [POSITIVE_LIST] * 3)

    timeline = decision_timeline(query="positivliste", limit=4)

    assert timeline.total == 9 and timeline.truncated
    assert [h.meeting_date for h in timeline.hits] == [dt.date(2019, 1, 10)] * 3 + [
        dt.date(2020, 6, 4)
    ]


def test_snippets_are_the_same_on_every_database_and_mark_words_deep_in_long_texts():
    text = "Indledning. " + "fyld " * 3000 + "Rådet drøftede Positivlisten & rengøring."

    html = snippet(text, ["positivlist", "rengøring"])

    assert "<mark>Positivlisten</mark> &amp; <mark>rengøring</mark>" in html
    assert html.startswith("…") and "Indledning" not in html


# --- the importer ---------------------------------------------------------------------------------


@pytest.fixture
def importer(db, words) -> User:
    from raadsrum.archive.services import import_user
    from raadsrum.councils.services import reference_load

    reference_load()
    return import_user()


def test_a_document_imported_without_a_meeting_is_found_at_once(importer):
    from raadsrum.archive.services import document_import

    slides = "Rengøringsområdet\n\nPositivlisterne for 2021 og kurser i rengøring.\n"
    result = document_import(data=slides.encode(), filename="oplaeg.txt", by=importer)

    page = item_search(query="positivliste")
    assert [(h.source, h.title) for h in page.hits] == [("document", "oplaeg.txt")]
    assert search_index_rebuild() >= 1
    assert item_search(query="positivliste").total == 1
    assert result.document is not None


def test_a_previewed_import_leaves_nothing_in_the_search(importer):
    from raadsrum.archive.services import document_import

    slides = "Rengøringsområdet\n\nPositivlisterne for 2021.\n"
    document_import(data=slides.encode(), filename="oplaeg.txt", by=importer, commit=False)

    assert item_search(query="positivliste").total == 0
    assert SearchEntry.objects.count() == 0


def test_a_changed_document_replaces_its_earlier_version_in_the_search(importer):
    from raadsrum.archive.services import document_import

    document_import(data=b"Positivlisterne for 2021.\n", filename="oplaeg.txt", by=importer)
    document_import(data=b"Positivlisterne for 2022.\n", filename="oplaeg.txt", by=importer)

    assert item_search(query="positivliste").total == 1
    assert item_search(query="2022").total == 1 and item_search(query="2021").total == 0
    search_index_rebuild()
    assert item_search(query="positivliste").total == 1
