# ruff: noqa: F811 - the fixtures `cast` and `meeting` come from test_public_pages
"""The public meeting page is fast without ever showing something out of date.

Published minutes are an immutable snapshot, so their rendered HTML is cached per version.
The live agenda is never cached: every change, made through the services or straight in
the database (the admin), shows on the next request. Same story as test_public_pages:
RAR Nordjylland's meeting of 4 June 2020, Sofie in the secretariat, Birgit as chair.
"""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from raadsrum.meetings import selectors, services
from raadsrum.meetings.documents import html as document_html
from raadsrum.meetings.models import AgendaItem, Meeting
from raadsrum.meetings.tests.test_public_pages import (  # noqa: F401 - fixtures
    MEETING_URL,
    Cast,
    _page,
    _publish_agenda,
    _publish_minutes,
    cast,
    document_body,
    meeting,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _item(meeting: Meeting) -> AgendaItem:
    return AgendaItem.objects.get(meeting=meeting)


def test_every_change_to_a_published_agenda_shows_on_the_next_request(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    _publish_agenda(meeting, cast)
    assert "Nye kurser på positivlisten" in _page(client, MEETING_URL)

    item = _item(meeting)
    services.item_update(
        item=item, by=cast.sofie, expected_version=item.version, title="Nye AMU-kurser"
    )
    assert "Nye AMU-kurser" in _page(client, MEETING_URL)

    second = services.section_add(meeting=meeting, title="Orientering", by=cast.sofie)
    services.item_move(item=_item(meeting), by=cast.sofie, position=0, section=second)
    html = _page(client, MEETING_URL)
    assert "2.1.1 Nye AMU-kurser" in html
    assert "Orientering" in html

    services.attachment_add(
        item=_item(meeting),
        by=cast.sofie,
        title="Positivliste pr. 1. juni 2020",
        upload=SimpleUploadedFile("positivliste.pdf", PDF, content_type="application/pdf"),
    )
    assert "Bilag 2.1.1 – Positivliste pr. 1. juni 2020" in _page(client, MEETING_URL)

    # Not through the services (the admin writes like this): shown all the same.
    AgendaItem.objects.filter(pk=_item(meeting).pk).update(summary="Rettet i admin.")
    assert "Rettet i admin." in _page(client, MEETING_URL)


def test_a_decision_shows_once_the_minutes_are_published(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    _publish_agenda(meeting, cast)
    item = _item(meeting)
    services.decision_record(
        item=item, by=cast.sofie, decision="Rådet godkendte listen.", expected_version=item.version
    )
    assert "Rådet godkendte listen." not in _page(client, MEETING_URL)  # still a draft

    _publish_minutes(meeting, cast)
    assert "Rådet godkendte listen." in _page(client, MEETING_URL)


def test_published_minutes_are_rendered_once_and_then_served_from_the_cache(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    _publish_agenda(meeting, cast)
    _publish_minutes(meeting, cast)
    with mock.patch.object(
        selectors, "render_body", wraps=document_html.render_body
    ) as render_body:
        first = _page(client, MEETING_URL)
        second = _page(client, MEETING_URL)
    assert render_body.call_count == 1
    assert first.split("csrfmiddlewaretoken")[0] == second.split("csrfmiddlewaretoken")[0]


def test_a_published_correction_replaces_the_cached_minutes(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    _publish_agenda(meeting, cast)
    _publish_minutes(meeting, cast)
    assert "Positivlisteudvalget indstiller 19 kurser." in _page(client, MEETING_URL)

    services.minutes_correct(meeting=meeting, by=cast.sofie, note="Antallet af kurser er rettet.")
    item = _item(meeting)
    services.item_update(
        item=item,
        by=cast.sofie,
        expected_version=item.version,
        summary="Positivlisteudvalget indstiller 21 kurser.",
    )
    # The draft correction is not public: the cached version 1 is still right.
    html = _page(client, MEETING_URL)
    assert "indstiller 19 kurser" in html and "indstiller 21 kurser" not in html

    _publish_minutes(meeting, cast)
    html = _page(client, MEETING_URL)
    assert "indstiller 21 kurser" in html and "indstiller 19 kurser" not in html
    assert "Rettet udgave (version 2): Antallet af kurser er rettet." in html


def test_markup_typed_into_a_field_reaches_the_page_as_text(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    item = _item(meeting)
    services.item_update(
        item=item,
        by=cast.sofie,
        expected_version=item.version,
        summary='**Vigtigt** <script>alert("x")</script>',
    )
    _publish_agenda(meeting, cast)
    html = _page(client, MEETING_URL)
    assert "<strong>Vigtigt</strong>" in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
