"""The public API: what anyone may read about meetings, and nothing more."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve

from raadsrum.councils.models import Council, CouncilArea, Municipality, Region
from raadsrum.meetings import services
from raadsrum.meetings.models import Meeting

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DRAFT_DECISION = "Rådet godkendte i udkast at lukke alle jobcentre."


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def published_agenda(meeting: Meeting, cast) -> Meeting:
    """The agenda is published; item 1.2.1 has a public and a members-only attachment."""
    item = meeting.items.get(title="Dagsorden")
    services.attachment_add(item=item, by=cast.sara, title="Positivliste", upload=pdf("p.pdf"))
    services.attachment_add(
        item=item,
        by=cast.sara,
        title="Notat til medlemmer",
        upload=pdf("fortrolig.pdf"),
        members_only=True,
    )
    services.agenda_approve(meeting=meeting, by=cast.carl)
    services.agenda_publish(meeting=meeting, by=cast.sara)
    return meeting


def record_decisions(meeting: Meeting, cast, text: str = DRAFT_DECISION) -> None:
    for item in meeting.items.all():
        services.decision_record(
            item=item, by=cast.sara, decision=text, expected_version=item.version
        )


def publish_minutes(meeting: Meeting, cast) -> None:
    services.minutes_approve(meeting=meeting, by=cast.carl)
    services.minutes_publish(meeting=meeting, by=cast.sara)


def detail(client, meeting: Meeting) -> dict:
    response = client.get(f"/api/meetings/{meeting.address}")
    assert response.status_code == 200
    return response.json()


def all_items(document: dict) -> list[dict]:
    return [item for section in document["sections"] for item in section["items"]]


# --- the list -------------------------------------------------------------------------------


def test_the_council_meeting_list_says_what_is_published(client, published_agenda, cast):
    draft = services.meeting_create(council=cast.council, date=dt.date(2027, 3, 4), by=cast.sara)
    response = client.get("/api/councils/testraad/meetings")
    assert response.status_code == 200
    rows = {row["address"]: row for row in response.json()}
    assert rows[published_agenda.address]["agenda_published"] is True
    assert rows[published_agenda.address]["minutes_published"] is False
    assert rows[draft.address]["agenda_published"] is False
    assert rows[draft.address]["status"] == "planned"


def test_an_unknown_council_is_a_404_with_a_json_message(client, db):
    response = client.get("/api/councils/findesikke/meetings")
    assert response.status_code == 404
    assert response.json() == {"detail": "Rådet findes ikke."}


# --- one meeting ----------------------------------------------------------------------------


def test_an_unknown_meeting_is_a_404_with_a_json_message(client, cast):
    for address in ("testraad/2026-01-01", "findesikke/2026-11-05", "testraad/ikke-en-dato"):
        response = client.get(f"/api/meetings/{address}")
        assert response.status_code == 404, address
        assert response["Content-Type"] == "application/json; charset=utf-8"
        assert response.json() == {"detail": "Mødet findes ikke."}


def test_an_unpublished_agenda_is_not_in_the_api(client, meeting, cast):
    data = detail(client, meeting)
    assert data["agenda"] is None and data["minutes"] is None
    assert data["address"] == "testraad/2026-11-05"


def test_the_published_agenda_has_its_sections_items_and_fields(client, published_agenda):
    agenda = detail(client, published_agenda)["agenda"]
    assert [s["title"] for s in agenda["sections"]] == ["Rådets interne fokus", "Orientering"]
    item = all_items(agenda)[1]
    assert (item["number"], item["title"], item["kinds"], item["marker"]) == (
        "1.2.1",
        "Dagsorden",
        "B",
        "(B)",
    )
    assert {"summary", "recommendation", "presentation", "next_steps", "background"} <= set(item)


def test_the_public_never_sees_a_draft_decision(client, published_agenda, cast):
    record_decisions(published_agenda, cast)
    body = client.get(f"/api/meetings/{published_agenda.address}").content.decode()
    assert DRAFT_DECISION not in body
    data = detail(client, published_agenda)
    assert data["minutes"] is None
    assert {item["decision"] for item in all_items(data["agenda"])} == {None}


def test_decisions_appear_once_the_minutes_are_published(client, published_agenda, cast):
    record_decisions(published_agenda, cast, text="Rådet tog punktet til efterretning.")
    publish_minutes(published_agenda, cast)
    data = detail(client, published_agenda)
    assert data["minutes_published"] is True
    assert {i["decision"] for i in all_items(data["minutes"])} == {
        "Rådet tog punktet til efterretning."
    }
    # The agenda still carries no decisions; they belong to the minutes.
    assert {i["decision"] for i in all_items(data["agenda"])} == {None}


def test_the_minutes_come_from_the_published_snapshot_not_from_a_new_draft(
    client, published_agenda, cast
):
    record_decisions(published_agenda, cast, text="Offentliggjort beslutning.")
    publish_minutes(published_agenda, cast)
    services.minutes_correct(meeting=published_agenda, by=cast.sara, note="Rettelse af 1.2.1")
    record_decisions(published_agenda, cast, text=DRAFT_DECISION)
    body = client.get(f"/api/meetings/{published_agenda.address}").content.decode()
    assert DRAFT_DECISION not in body
    assert "Offentliggjort beslutning." in body


def test_the_public_never_gets_a_members_only_attachment(client, published_agenda):
    item = all_items(detail(client, published_agenda)["agenda"])[1]
    public, members_only = item["attachments"]
    assert public["title"] == "Positivliste"
    # The address goes through the access-checked download view, never straight to /media/.
    path = urlsplit(public["download_url"]).path
    assert resolve(path).view_name == "meetings:attachment"
    assert client.get(path).status_code == 200
    assert (members_only["title"], members_only["members_only"]) == ("Notat til medlemmer", True)
    assert members_only["download_url"] is None
    body = client.get(f"/api/meetings/{published_agenda.address}").content.decode()
    assert "fortrolig" not in body


def test_minutes_versions_lists_only_published_versions(client, published_agenda, cast):
    url = f"/api/meetings/{published_agenda.address}/minutes/versions"
    assert client.get(url).json() == []
    record_decisions(published_agenda, cast, text="Besluttet.")
    publish_minutes(published_agenda, cast)
    services.minutes_correct(meeting=published_agenda, by=cast.sara, note="Navn rettet")
    versions = client.get(url).json()
    assert [(v["version"], v["is_current"]) for v in versions] == [(1, True)]
    assert client.get("/api/meetings/testraad/2020-01-01/minutes/versions").status_code == 404


# --- the schema -----------------------------------------------------------------------------


def test_the_openapi_schema_lists_the_meeting_endpoints(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/councils/{slug}/meetings",
        "/api/meetings/{council}/{date}",
        "/api/meetings/{council}/{date}/minutes/versions",
        "/api/municipalities",
    } <= set(paths)
    schemas = response.json()["components"]["schemas"]
    assert "decision" in schemas["ItemOut"]["properties"]
    assert "download_url" in schemas["AttachmentOut"]["properties"]


def test_the_api_docs_page_loads(client, db):
    assert client.get("/api/docs").status_code == 200


# --- the councils API -----------------------------------------------------------------------


@pytest.fixture
def municipalities(cast) -> None:
    region = Region.objects.create(code="1081", name="Region Nordjylland")
    successor = Council.objects.create(
        slug="nord",
        name="Beskæftigelsesrådet Nord",
        name_genitive="Beskæftigelsesrådet Nords",
        kind=Council.Kind.EMPLOYMENT_COUNCIL,
        valid_from=dt.date(2025, 7, 1),
    )
    for code, name in [("851", "Aalborg"), ("813", "Frederikshavn"), ("860", "Hjørring")]:
        municipality = Municipality.objects.create(code=code, name=name, region=region)
        CouncilArea.objects.create(
            council=cast.council,
            municipality=municipality,
            valid_from=dt.date(2015, 1, 1),
            valid_to=dt.date(2025, 6, 30),
        )
        CouncilArea.objects.create(
            council=successor, municipality=municipality, valid_from=dt.date(2025, 7, 1)
        )
    Municipality.objects.create(code="101", name="København", region=region)


def test_municipalities_show_the_council_on_the_day_asked_in_one_query(
    client, municipalities, django_assert_num_queries
):
    with django_assert_num_queries(1):
        before = client.get("/api/municipalities?on=2020-06-04").json()
    after = client.get("/api/municipalities?on=2026-01-01").json()
    assert [(m["name"], m["council"]) for m in before] == [
        ("København", None),
        ("Frederikshavn", "testraad"),
        ("Aalborg", "testraad"),
        ("Hjørring", "testraad"),
    ]
    assert {m["council"] for m in after if m["name"] != "København"} == {"nord"}


def test_a_council_lists_its_municipalities_on_its_last_day_once_abolished(
    client, municipalities, cast
):
    Council.objects.filter(pk=cast.council.pk).update(valid_to=dt.date(2025, 6, 30))
    data = client.get("/api/councils/testraad").json()
    assert data["municipalities_on"] == "2025-06-30"
    assert [m["name"] for m in data["municipalities"]] == ["Aalborg", "Frederikshavn", "Hjørring"]
    assert client.get("/api/councils/findesikke").status_code == 404
