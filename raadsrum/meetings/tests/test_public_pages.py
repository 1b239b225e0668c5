"""The public portal: what anyone may read without logging in, and what they may not.

The story: RAR Nordjylland (2015–2024) met on 4 June 2020. Its successor, the regional
employment council, has Sofie in the secretariat and Birgit as chair; they inherit the
old council's archive. The public is an anonymous visitor.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client

from raadsrum.councils import services as council_services
from raadsrum.councils.models import Chairmanship, Council, Membership, Person, Role
from raadsrum.meetings import services
from raadsrum.meetings.models import AgendaItem, Meeting

MEETING_DAY = dt.date(2020, 6, 4)
DRAFT_DECISION = "Rådet vedtog at tilføje 19 kurser til positivlisten."
TERM = dt.date(2025, 1, 1)

# Until `meetings/document/body.html` exists, the page includes this stand-in: it shows
# every field the document offers for its kind, so a leak would show as it would in the
# real partial.
STUB_BODY = """{% for section in doc.sections %}<h3>{{ section.heading }}</h3>
{% for item in section.items %}<h4>{{ item.heading }}</h4>
<p>{{ item.summary }}</p>{% if doc.kind == "minutes" %}<p>{{ item.decision }}</p>{% endif %}
{% endfor %}{% endfor %}"""


@pytest.fixture(autouse=True)
def document_body(settings, tmp_path: Path) -> None:
    try:
        get_template("meetings/document/body.html")
    except TemplateDoesNotExist:
        folder = tmp_path / "templates" / "meetings" / "document"
        folder.mkdir(parents=True)
        (folder / "body.html").write_text(STUB_BODY, encoding="utf-8")
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path / "templates")]}]


@dataclass
class Cast:
    council: Council
    sofie: User  # secretariat of the successor council
    birgit: User  # chair of the successor council


def _person(username: str, name: str) -> tuple[User, Person]:
    user = User.objects.create_user(username=username, password="pw", first_name=name)
    return user, Person.objects.create(name=name, user=user)


@pytest.fixture
def cast(db: None) -> Cast:
    council_services.reference_load()
    council = Council.objects.get(slug="nordjylland")
    successor = council.successor
    assert successor is not None
    sofie, sofie_p = _person("sofie", "Sofie Brix")
    birgit, birgit_p = _person("birgit", "Birgit Frederiksen")
    Membership.objects.create(
        council=successor, person=sofie_p, role=Role.SECRETARIAT, valid_from=TERM
    )

    def seat(person: Person) -> Membership:
        return Membership.objects.create(
            council=successor, person=person, role=Role.MEMBER, valid_from=TERM
        )

    Chairmanship.objects.create(
        council=successor,
        chair=seat(birgit_p),
        first_vice_chair=seat(_person("lars", "Lars Christensen")[1]),
        second_vice_chair=seat(_person("peter", "Peter Hansen")[1]),
        valid_from=TERM,
        elected_on=TERM,
    )
    return Cast(council=council, sofie=sofie, birgit=birgit)


@pytest.fixture
def meeting(cast: Cast) -> Meeting:
    """The meeting of 4 June 2020 with one decision item whose decision is written in."""
    meeting = services.meeting_create(
        council=cast.council,
        date=MEETING_DAY,
        by=cast.sofie,
        start_time=dt.time(10),
        end_time=dt.time(12),
        location="AMK Midt-Nord, Aalborg",
        from_template=False,
    )
    section = services.section_add(meeting=meeting, title="Positivlisten", by=cast.sofie)
    item = services.item_add(
        section=section,
        title="Nye kurser på positivlisten",
        kinds="B",
        by=cast.sofie,
        summary="Positivlisteudvalget indstiller 19 kurser.",
    )
    services.decision_record(
        item=item, by=cast.sofie, decision=DRAFT_DECISION, expected_version=item.version
    )
    return meeting


def _publish_agenda(meeting: Meeting, cast: Cast) -> None:
    services.agenda_approve(meeting=meeting, by=cast.birgit)
    services.agenda_publish(meeting=meeting, by=cast.sofie)


def _publish_minutes(meeting: Meeting, cast: Cast) -> None:
    services.minutes_approve(meeting=meeting, by=cast.birgit)
    services.minutes_publish(meeting=meeting, by=cast.sofie)


def _page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


MEETING_URL = "/raad/nordjylland/2020-06-04/"


def test_the_public_reads_published_minutes_with_their_decisions(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    _publish_agenda(meeting, cast)
    _publish_minutes(meeting, cast)

    html = _page(client, MEETING_URL)

    assert DRAFT_DECISION in html
    assert "/raad/nordjylland/2020-06-04/referat.pdf" in html


def test_the_public_never_sees_the_decisions_of_draft_minutes(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    _publish_agenda(meeting, cast)

    html = _page(client, MEETING_URL)

    assert "Nye kurser på positivlisten" in html  # the published agenda
    assert DRAFT_DECISION not in html
    assert "Referatet er ikke offentliggjort endnu." in html
    assert client.get(MEETING_URL + "referat.pdf").status_code == 404


def test_published_minutes_do_not_change_when_a_correction_is_drafted(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    _publish_agenda(meeting, cast)
    _publish_minutes(meeting, cast)
    services.minutes_correct(meeting=meeting, by=cast.sofie, note="Stavefejl rettet")
    item = AgendaItem.objects.get(meeting=meeting)
    services.decision_record(
        item=item,
        by=cast.sofie,
        decision="Et udkast til en ny beslutning.",
        expected_version=item.version,
    )

    html = _page(client, MEETING_URL)

    assert DRAFT_DECISION in html
    assert "Et udkast til en ny beslutning." not in html


def test_an_unpublished_agenda_is_not_shown(client: Client, meeting: Meeting) -> None:
    html = _page(client, MEETING_URL)

    assert "Nye kurser på positivlisten" not in html
    assert "Positivlisteudvalget indstiller" not in html
    assert "Dagsordenen er ikke offentliggjort endnu." in html
    assert client.get(MEETING_URL + "dagsorden.pdf").status_code == 404


def test_the_meeting_page_always_shows_when_and_where(client: Client, meeting: Meeting) -> None:
    html = _page(client, MEETING_URL)

    assert "RAR Nordjyllands møde den 4. juni 2020" in html
    assert "AMK Midt-Nord, Aalborg" in html
    assert "kl. 10.00 til 12.00" in html


def test_the_second_meeting_of_a_day_has_its_own_address(
    client: Client, meeting: Meeting, cast: Cast
) -> None:
    services.meeting_create(
        council=cast.council,
        date=MEETING_DAY,
        by=cast.sofie,
        location="Virtuelt",
        title="Ekstraordinært møde",
        from_template=False,
    )

    html = _page(client, MEETING_URL.rstrip("/") + "-2/")

    assert "Ekstraordinært møde" in html


@pytest.mark.parametrize(
    "path",
    [
        "/raad/nordjylland/2020-06-05/",  # no meeting that day
        "/raad/nordjylland/2020-06-04-3/",  # no third meeting
        "/raad/nordjylland/2020-13-45/",  # not a date
        "/raad/atlantis/2020-06-04/",  # no such council
        "/raad/atlantis/",
    ],
)
def test_an_unknown_address_is_not_found(client: Client, meeting: Meeting, path: str) -> None:
    response = client.get(path)

    assert response.status_code == 404
    assert "Siden findes ikke" in response.content.decode()


def test_pages_are_danish_and_start_with_a_skip_link(client: Client, meeting: Meeting) -> None:
    for path in ["/", "/raad/", "/raad/nordjylland/", MEETING_URL, "/login/"]:
        html = _page(client, path)

        assert '<html lang="da">' in html, path
        assert 'href="#main-content"' in html and "Gå til indhold" in html, path
        assert 'id="main-content"' in html, path


def test_pages_stay_danish_for_a_browser_that_prefers_english(client: Client, cast: Cast) -> None:
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert '<html lang="da">' in html


def test_the_language_switch_changes_the_page_language(client: Client, cast: Cast) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    assert '<html lang="en">' in response.content.decode()


def test_the_council_page_lists_the_municipalities_of_its_area(
    client: Client, meeting: Meeting
) -> None:
    html = _page(client, "/raad/nordjylland/")

    for name in ["Aalborg", "Hjørring", "Frederikshavn", "Læsø", "Brønderslev"]:
        assert name in html
    assert "11 kommuner" in html


def test_the_council_page_links_its_meetings_and_its_successor(
    client: Client, meeting: Meeting
) -> None:
    html = _page(client, "/raad/nordjylland/")

    assert 'href="/raad/nordjylland/2020-06-04/"' in html
    assert 'href="/raad/beskaeftigelsesraad-nordjylland/"' in html
    assert "Rådet er nedlagt" in html


def test_the_home_page_shows_the_new_councils_as_current_and_the_rar_as_archive(
    client: Client, cast: Cast
) -> None:
    html = _page(client, "/")

    current, archive = html.split("Tidligere råd (arkiv)", 1)
    assert "RAR Nordjylland" in archive and "RAR Nordjylland" not in current
    assert 'href="/raad/beskaeftigelsesraad-nordjylland/"' in current


def test_downloads_carry_a_danish_file_name(client: Client, meeting: Meeting, cast: Cast) -> None:
    _publish_agenda(meeting, cast)
    _publish_minutes(meeting, cast)

    response = client.get(MEETING_URL + "referat.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "Referat RAR Nordjylland 2020-06-04.pdf" in response["Content-Disposition"]


def test_logout_is_a_post_form_for_logged_in_users(client: Client, cast: Cast) -> None:
    client.force_login(cast.sofie)

    html = _page(client, "/")

    assert 'action="/logout/" method="post"' in html
    assert "Mine råd" in html


def test_attachment_files_are_public_only_once_published_and_never_members_only(db, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    meeting = services.meeting_create(
        council=cast.council, date=dt.date(2020, 12, 3), by=cast.sofie, from_template=False
    )
    section = services.section_add(meeting=meeting, title="Orientering", by=cast.sofie)
    item = services.item_add(section=section, title="Nøgletal", kinds="O", by=cast.sofie)
    pdf = b"%PDF-1.4 test\n%%EOF"
    note = services.attachment_add(
        item=item, by=cast.sofie, title="Notat", upload=SimpleUploadedFile("notat.pdf", pdf)
    )
    slides = services.attachment_add(
        item=item,
        by=cast.sofie,
        title="Slides",
        members_only=True,
        upload=SimpleUploadedFile("slides.pdf", pdf),
    )
    note_url = reverse("meetings:attachment", args=[cast.council.slug, note.pk])
    slides_url = reverse("meetings:attachment", args=[cast.council.slug, slides.pk])
    public = Client()
    assert public.get(note_url).status_code == 404
    services.agenda_approve(meeting=meeting, by=cast.birgit)
    services.agenda_publish(meeting=meeting, by=cast.sofie)
    assert public.get(note_url).status_code == 200
    assert public.get(slides_url).status_code == 404
