"""The search page `/arkiv/soeg/` and the JSON endpoints `/api/search` and
`/api/search/timeline`, on the same index as the selectors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from raadsrum.archive.search import item_search
from raadsrum.archive.tests.test_search import (  # noqa: F401 - the fixture
    BUDGET,
    CLEANING,
    POSITIVE_LIST,
    archive,
    published_meeting,
)


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def minutes_2020(archive):  # noqa: F811 - pytest fixture by name
    published_meeting(
        archive, archive.north, dt.date(2020, 6, 4), [POSITIVE_LIST, CLEANING, BUDGET]
    )
    published_meeting(archive, archive.south, dt.date(2021, 3, 4), [POSITIVE_LIST])
    return archive


def test_the_search_page_shows_a_labelled_form_before_any_search(client, db):
    response = client.get("/arkiv/soeg/")

    html = response.content.decode()
    assert response.status_code == 200
    for label in [
        "Søg efter",
        "Råd",
        "Møde i",
        "År",
        "Behandling",
        "Beslutning",
        "Sortér efter",
        "Tidslinje over beslutninger",
    ]:
        assert label in html
    assert 'for="id_q"' in html and 'role="search"' in html
    assert "punkter fundet" not in html


def test_results_link_to_the_item_on_the_meeting_page_with_marked_snippets(client, minutes_2020):
    response = client.get("/arkiv/soeg/", {"q": "positivliste", "year": "2020"})

    html = response.content.decode()
    assert "2 punkter fundet" in html
    assert 'href="/raad/nordland/2020-06-04/#punkt-1-1-1"' in html
    assert "<mark>Positivlisten</mark>" in html and "<mark>positivlisten</mark>" in html
    assert 'href="/raad/sydland/' not in html


def test_rengoering_is_found_on_the_page(client, minutes_2020):
    html = client.get("/arkiv/soeg/", {"q": "rengøring"}).content.decode()

    assert "1 punkt fundet" in html and "<mark>rengøring</mark>" in html


def test_the_timeline_view_lists_decisions_oldest_first(client, minutes_2020):
    html = client.get("/arkiv/soeg/", {"q": "positivliste", "view": "timeline"}).content.decode()

    assert "Tidslinje: 2 beslutninger" in html
    assert html.index("RAR Nordland") < html.index("RAR Sydland")
    assert html.index('datetime="2020-06-04"') < html.index('datetime="2021-03-04"')


def test_pages_link_to_each_other_keeping_the_query(client, archive):  # noqa: F811
    items = [(f"Positivlisten, del {n}", "O", {}, "") for n in range(1, 25)]
    published_meeting(archive, archive.north, dt.date(2020, 6, 4), items)

    html = client.get("/arkiv/soeg/", {"q": "positivliste", "order": "date"}).content.decode()

    assert "Side 1 af 2" in html
    assert "?q=positivliste&amp;order=date&amp;page=2" in html
    second = client.get("/arkiv/soeg/", {"q": "positivliste", "order": "date", "page": "2"})
    assert "Viser 21–24 af 24." in second.content.decode()


def test_a_bad_filter_value_is_shown_on_the_form_not_as_an_error_page(client, minutes_2020):
    response = client.get("/arkiv/soeg/", {"q": "positivliste", "kind": "X"})

    assert response.status_code == 200
    assert "form-error" in response.content.decode()


def test_hostile_text_in_the_query_is_escaped_on_the_page(client, minutes_2020):
    response = client.get("/arkiv/soeg/", {"q": '"><script>alert(1)</script> NEAR( *'})

    assert response.status_code == 200
    assert "<script>alert(1)" not in response.content.decode()


# --- API ----------------------------------------------------------------------------------


def test_the_api_answers_with_typed_results(client, minutes_2020):
    response = client.get("/api/search", {"q": "positivlisten", "council": "nordland"})

    data = response.json()
    assert response.status_code == 200
    assert data["total"] == 2 and data["terms"] == ["positivlisten"]
    first = data["results"][0]
    assert first["title"] == POSITIVE_LIST[0] and first["council"] == "nordland"
    assert first["date"] == "2020-06-04" and first["has_decision"] is True
    assert first["url"] == "http://127.0.0.1/raad/nordland/2020-06-04/#punkt-1-1-1"
    assert "<mark>" in first["snippet_html"]


def test_the_api_timeline_runs_across_councils(client, minutes_2020):
    data = client.get("/api/search/timeline", {"q": "positivliste"}).json()

    assert [(d["council"], d["date"]) for d in data["decisions"]] == [
        ("nordland", "2020-06-04"),
        ("sydland", "2021-03-04"),
    ]


def test_the_api_refuses_unknown_filter_values(client, db):
    assert client.get("/api/search", {"q": "x", "kind": "Z"}).status_code == 422
    assert client.get("/api/search", {"q": "x", "order": "random"}).status_code == 422


def test_the_api_takes_hostile_queries(client, minutes_2020):
    response = client.get("/api/search", {"q": '("positivliste" *) -"'})

    assert response.status_code == 200
    assert response.json()["total"] == 3


# --- the demo ---------------------------------------------------------------------------------


def test_the_demo_minutes_of_2020_are_found_by_their_danish_words(db):
    from raadsrum.core.demo import demo_load

    demo_load(today=dt.date(2026, 1, 15))

    found = item_search(query="positivliste", council="nordjylland", year=2020)
    assert "2.1.1" in [hit.item_number for hit in found.hits]
    assert any("<mark>positivlisten</mark>" in hit.snippet_html.lower() for hit in found.hits)
    cleaning = item_search(query="rengøring", year=2020)
    assert cleaning.total >= 1 and "<mark>rengøring</mark>" in cleaning.hits[0].snippet_html


# --- the main menu ------------------------------------------------------------------------------


def test_the_main_menu_leads_to_the_search_and_marks_it_there(client, db):
    home = client.get("/").content.decode()
    search = client.get("/arkiv/soeg/").content.decode()

    assert 'href="/arkiv/soeg/"' in home and "Søg i arkivet" in home
    marked = (
        '<li class="active current"><a href="/arkiv/soeg/" class="nav-link" aria-current="page">'
    )
    assert marked in search and marked not in home


def test_the_menu_entry_is_translated_to_english(client, db):
    from django.utils import translation

    with translation.override("en"):
        assert translation.gettext("Søg i arkivet") == "Search the archive"
