"""The staff pages: who gets in, and what the composer, decisions and minutes pages do.

The permission tests walk every URL in the "staff" namespace, so a page added without a
permission check (without `staff_view`) fails here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.formats import date_format

from raadsrum.councils.models import Committee
from raadsrum.meetings import services
from raadsrum.meetings.models import AgendaItem, FollowUp, HearingComment, Meeting

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTMX = {"HTTP_HX_REQUEST": "true"}


def staff_urls() -> Iterator[tuple[str, Any, tuple[str, ...]]]:
    """(name, view, parameter names) of every pattern in the "staff" namespace."""
    _, resolver = get_resolver().namespace_dict["staff"]

    def walk(patterns: list[Any], params: tuple[str, ...]) -> Iterator[Any]:
        for pattern in patterns:
            names = params + tuple(pattern.pattern.converters)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, names)
            else:
                assert isinstance(pattern, URLPattern)
                yield pattern.name, pattern.callback, names

    yield from walk(resolver.url_patterns, ())


STAFF_URLS = list(staff_urls())


@pytest.fixture
def world(cast, meeting) -> dict[str, Any]:
    """One of everything a staff URL can point at, for the meeting of 3 December 2026."""
    sara = cast.sara
    item = meeting.items.get(title="Dagsorden")
    previous = services.meeting_create(
        council=cast.council, date=dt.date(2026, 9, 10), by=sara, from_template=False
    )
    old_section = services.section_add(meeting=previous, title="Beslutninger", by=sara)
    services.item_add(section=old_section, title="Positivlisten", kinds="B", by=sara)
    services.followup_sheet_generate(meeting=meeting, by=sara)
    slides = services.attachment_add(
        item=item,
        by=sara,
        title="Slides fra oplægget",
        members_only=True,
        upload=SimpleUploadedFile("slides.pdf", PDF, content_type="application/pdf"),
    )
    row = services.attendance_add(meeting=meeting, by=sara, name="Carl Formand", role="member")
    Committee.objects.create(
        council=cast.council,
        kind=Committee.Kind.CHAIRMANSHIP,
        name="Formandskabet",
        slug="formandskabet",
    )
    return {
        "meeting": meeting,
        "item": item,
        "attachment": slides,
        "kwargs": {
            "council": cast.council.slug,
            "date_slug": meeting.date_slug,
            "item": item.pk,
            "section": item.section_id,
            "attendance": row.pk,
            "followup": meeting.follow_ups.get().pk,
            "attachment": slides.pk,
            "kind": "minutes",
            "format": "pdf",
        },
    }


def url_for(name: str, params: tuple[str, ...], kwargs: dict[str, Any]) -> str:
    missing = set(params) - set(kwargs)
    assert not missing, f"staff:{name} takes {missing}: add an object for it to `world`"
    return reverse(f"staff:{name}", kwargs={p: kwargs[p] for p in params})


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def requests(world: dict[str, Any]) -> Iterator[tuple[str, str, str, str]]:
    """(name, access kind, method, url) for every staff URL and every method it answers."""
    for name, view, params in STAFF_URLS:
        assert hasattr(view, "staff_access"), (
            f"staff:{name} is not wrapped in staff_view, so nothing checks who may use it"
        )
        assert view.staff_access != "login" or name == "dashboard", (
            f"staff:{name} lets any logged-in user in; only the dashboard may"
        )
        for method in view.staff_methods:
            yield name, view.staff_access, method, url_for(name, params, world["kwargs"])


def call(client: Client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url, {})


def test_the_staff_namespace_is_walked():
    names = {name for name, _, _ in STAFF_URLS}
    assert {
        "dashboard",
        "composer",
        "item_move",
        "decisions",
        "minutes",
        "followup",
        "file_box",
        "meeting_edit",
        "section_edit",
        "section_delete",
        "item_delete",
        "attachment_delete",
        "standing_items",
    } <= names


def test_posting_nothing_to_a_delete_deletes_nothing(world, cast):
    """The permission walk posts empty forms; a delete needs its confirmation field."""
    client = client_for(cast.sara)
    meeting, kwargs = world["meeting"], world["kwargs"]
    for name in ("item_delete", "attachment_delete", "section_delete"):
        params = ("council", "date_slug", name.split("_")[0])
        response = client.post(url_for(name, params, kwargs), {})
        assert response.status_code in {200, 302}, name
    assert meeting.items.filter(pk=world["item"].pk).exists()
    assert world["item"].attachments.filter(pk=world["attachment"].pk).exists()
    assert meeting.sections.filter(pk=kwargs["section"]).exists()


def test_anonymous_visitors_are_sent_to_the_login_page_everywhere(world):
    client = client_for(None)
    for name, _, method, url in requests(world):
        response = call(client, method, url)
        assert response.status_code == 302, f"{method} staff:{name}"
        assert response["Location"].startswith(reverse("login")), f"{method} staff:{name}"


def test_outsiders_are_refused_everywhere_but_their_own_empty_dashboard(world, cast):
    client = client_for(cast.otto)
    for name, kind, method, url in requests(world):
        response = call(client, method, url)
        if kind == "login":
            # "Mine råd" is every logged-in user's start page; for Otto it lists nothing.
            assert response.status_code == 200
            assert cast.council.name not in response.content.decode()
        else:
            assert response.status_code == 403, f"{method} staff:{name}"


def test_members_read_drafts_but_cannot_edit_or_steer(world, cast):
    client = client_for(cast.mette)
    for name, kind, method, url in requests(world):
        response = call(client, method, url)
        if kind in {"edit", "steer"}:
            assert response.status_code == 403, f"{method} staff:{name}"
        elif method == "GET":
            assert response.status_code == 200, f"{method} staff:{name}"
        else:
            assert response.status_code not in {401, 403}, f"{method} staff:{name}"


def test_the_chairmanship_steers_the_workflows_but_does_not_edit(world, cast):
    client = client_for(cast.carl)
    for name, kind, method, url in requests(world):
        response = call(client, method, url)
        if kind == "edit":
            assert response.status_code == 403, f"{method} staff:{name}"
        else:
            assert response.status_code != 403, f"{method} staff:{name}"


def test_the_secretariat_gets_every_page_and_may_post_everything_but_hearing_comments(world, cast):
    client = client_for(cast.sara)
    for name, kind, method, url in requests(world):
        response = call(client, method, url)
        if kind == "comment":
            assert response.status_code == 403, "only members comment in a hearing"
        elif method == "GET":
            assert response.status_code == 200, f"{method} staff:{name}"
        else:
            assert response.status_code != 403, f"{method} staff:{name}"
            assert not response.get("Location", "").startswith(reverse("login"))


def composer_url(meeting: Meeting, name: str = "composer", *args: Any) -> str:
    return reverse(f"staff:{name}", args=[meeting.council.slug, meeting.date_slug, *args])


def numbers(meeting: Meeting) -> list[tuple[str, str]]:
    return [(i.number, i.title) for i in meeting.items.order_by("section__position", "position")]


# --- The composer ---------------------------------------------------------------------------


def test_a_stale_save_is_refused_in_danish_and_the_first_save_is_kept(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    url = composer_url(meeting, "item_edit", item.pk)
    sara, colleague = client_for(cast.sara), client_for(cast.sara)
    loaded = item.version
    form = {"expected_version": loaded, "title": "Dagsorden", "kinds": "B"}

    first = sara.post(url, {**form, "summary": "Saras tekst"}, **HTMX)
    second = colleague.post(url, {**form, "summary": "Kollegaens tekst"}, **HTMX)

    assert first.status_code == 200
    assert second.status_code == 409
    page = second.content.decode()
    assert "Dine ændringer er ikke gemt" in page
    assert "Kollegaens tekst" in page, "the second editor's own text stays in the form"
    assert "Saras tekst" in page, "the text that was saved is shown beside it"
    item.refresh_from_db()
    assert item.summary == "Saras tekst"


def test_every_label_on_the_composer_points_at_its_own_field(meeting, cast):
    import re
    from collections import Counter

    page = client_for(cast.sara).get(composer_url(meeting)).content.decode()
    ids = Counter(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page))
    assert [i for i, n in ids.items() if n > 1] == [], "two fields share an id"
    for target in re.findall(r'<label[^>]*\bfor="([^"]+)"', page):
        assert ids[target] == 1, f"the label for {target} points at no field"


def test_the_edit_form_and_the_saved_row_are_fragments_for_htmx(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    client = client_for(cast.sara)
    form = client.get(composer_url(meeting, "item_edit", item.pk), **HTMX)
    assert form.status_code == 200
    assert "<html" not in form.content.decode()
    assert f'name="expected_version" value="{item.version}"' in form.content.decode()

    saved = client.post(
        composer_url(meeting, "item_edit", item.pk),
        {"expected_version": item.version, "title": "Dagsordenen", "kinds": "D/B"},
        **HTMX,
    )
    body = saved.content.decode()
    assert "<html" not in body
    assert f'id="item-{item.pk}"' in body and "Dagsordenen" in body and "(D/B)" in body
    assert 'hx-swap-oob="innerHTML"' in body and "Punkt 1.2.1 er gemt." in body


def test_the_edit_form_works_without_javascript(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    client = client_for(cast.sara)
    page = client.get(composer_url(meeting, "item_edit", item.pk))
    assert "<html" in page.content.decode()
    response = client.post(
        composer_url(meeting, "item_edit", item.pk),
        {
            "expected_version": item.version,
            "title": "Dagsorden",
            "recommendation": "Formandskabet indstiller, at Rådet godkender.",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#item-{item.pk}")


def test_the_flyt_op_button_renumbers_without_javascript(meeting, cast):
    aarshjul = meeting.items.get(title="Årshjul")
    response = client_for(cast.sara).post(
        composer_url(meeting, "item_move", aarshjul.pk), {"direction": "up"}
    )
    assert response.status_code == 302
    assert numbers(meeting)[:3] == [
        ("1.1.1", "Referater"),
        ("1.2.1", "Årshjul"),
        ("1.3.1", "Dagsorden"),
    ]


def test_flyt_op_at_the_top_of_a_section_moves_the_item_to_the_end_of_the_one_before(meeting, cast):
    news = meeting.items.get(title="Nyt fra formandskabet")
    client_for(cast.sara).post(composer_url(meeting, "item_move", news.pk), {"direction": "up"})
    assert numbers(meeting)[3] == ("1.4.1", "Nyt fra formandskabet")
    assert numbers(meeting)[4] == ("2.1.1", "Eventuelt")


def test_flyt_op_on_the_first_item_changes_nothing_and_says_so(meeting, cast):
    first = meeting.items.get(title="Referater")
    before = numbers(meeting)
    response = client_for(cast.sara).post(
        composer_url(meeting, "item_move", first.pk), {"direction": "up"}, follow=True
    )
    assert numbers(meeting) == before
    assert "Punktet står allerede øverst." in response.content.decode()


def test_an_htmx_move_returns_the_renumbered_agenda_as_a_fragment(meeting, cast):
    aarshjul = meeting.items.get(title="Årshjul")
    response = client_for(cast.sara).post(
        composer_url(meeting, "item_move", aarshjul.pk), {"direction": "up"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and body.lstrip().startswith('<div id="agenda"')
    assert body.index("Årshjul") < body.index("Dagsorden")
    assert "Punktet “Årshjul” er nu nummer 1.2.1." in body
    assert f'id="up-{aarshjul.pk}"' in body, "the pressed button is still there to take focus"


def test_dragging_posts_a_section_and_position_and_renumbers_both_sections(meeting, cast):
    referater = meeting.items.get(title="Referater")
    second = meeting.sections.get(number="2")
    client_for(cast.sara).post(
        composer_url(meeting, "item_move", referater.pk),
        {"section": second.pk, "position": 1},
        **HTMX,
    )
    assert numbers(meeting) == [
        ("1.1.1", "Dagsorden"),
        ("1.2.1", "Årshjul"),
        ("2.1.1", "Nyt fra formandskabet"),
        ("2.2.1", "Referater"),
        ("2.3.1", "Eventuelt"),
    ]


def test_members_see_the_draft_agenda_read_only_with_a_banner(meeting, cast):
    page = client_for(cast.mette).get(composer_url(meeting)).content.decode()
    assert "Udkast" in page
    assert "1.2.1" in page and "Dagsorden" in page and "(B)" in page
    assert "Flyt op" not in page and "Tilføj punkt" not in page


def test_only_the_allowed_transitions_are_offered(meeting, cast):
    carl_page = client_for(cast.carl).get(composer_url(meeting)).content.decode()
    sara_page = client_for(cast.sara).get(composer_url(meeting)).content.decode()
    assert "Godkend dagsordenen" in carl_page
    assert "Godkend dagsordenen" not in sara_page
    assert "Aflys mødet" in sara_page and "Aflys mødet" not in carl_page


def test_the_chair_approves_the_agenda_with_the_button(meeting, cast):
    client_for(cast.carl).post(composer_url(meeting, "agenda_transition"), {"name": "approve"})
    meeting.refresh_from_db()
    assert meeting.agenda_status == Meeting.AgendaStatus.APPROVED


def agenda_state(page: str) -> str:
    """The text of the composer's banner about the agenda's state and the next step."""
    start = page.rindex("<div", 0, page.index('id="agenda-state"'))
    return page[start : page.index("</div>\n</div>", start)]


def test_the_banner_names_the_agendas_real_state_and_the_next_step_for_each_role(meeting, cast):
    def banner(user: Any) -> str:
        return agenda_state(client_for(user).get(composer_url(meeting)).content.decode())

    draft = {
        who: banner(user)
        for who, user in (("sara", cast.sara), ("carl", cast.carl), ("mette", cast.mette))
    }
    for text in draft.values():
        assert "dagsordenen er under udarbejdelse" in text
        assert "Når dagsordenen er klar, skal formandskabet godkende den" in text
    assert "tryk Godkend dagsordenen" in draft["carl"]
    assert "del det ikke" in draft["mette"]

    services.agenda_transition(meeting=meeting, by=cast.carl, name="approve")
    for user in (cast.sara, cast.carl, cast.mette):
        text = banner(user)
        assert "Dagsordenen er godkendt af formandskabet" in text
        assert "under udarbejdelse" not in text, "the banner never contradicts the status"
        assert "Sekretariatet kan nu offentliggøre dagsordenen" in text

    services.agenda_transition(meeting=meeting, by=cast.sara, name="publish")
    public = reverse("meetings:meeting", args=[meeting.council.slug, meeting.date_slug])
    sara_text, mette_text = banner(cast.sara), banner(cast.mette)
    assert "alert-warning" in sara_text
    assert "kommer straks med på den offentliggjorte dagsorden" in sara_text
    assert "kommer straks med" not in mette_text
    assert f'href="{public}"' in sara_text and f'href="{public}"' in mette_text


def test_a_workflow_step_says_what_happened_and_what_comes_next(meeting, cast):
    response = client_for(cast.carl).post(
        composer_url(meeting, "agenda_transition"), {"name": "approve"}, follow=True
    )
    page = response.content.decode()
    assert "Dagsordenen er godkendt. Sekretariatet kan nu offentliggøre den." in page
    assert "Udført:" not in page


def test_the_step_that_moves_the_agenda_along_is_the_primary_button(meeting, cast):
    services.agenda_transition(meeting=meeting, by=cast.carl, name="approve")
    page = client_for(cast.sara).get(composer_url(meeting)).content.decode()
    assert '<button type="submit" class="button button-primary">Offentliggør dagsordenen' in page
    assert 'button-primary">Genåbn dagsordenen' not in page
    services.agenda_transition(meeting=meeting, by=cast.sara, name="reopen")
    carl_page = client_for(cast.carl).get(composer_url(meeting)).content.decode()
    # "Lad formandskabet behandle punkterne" explains itself.
    assert 'aria-describedby="transition-to_chairmanship-help"' in carl_page
    assert "formandskabet træffer beslutningerne på rådets vegne" in carl_page


def test_readers_of_the_draft_agenda_see_the_whole_items_not_only_titles(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    services.item_update(
        item=item,
        by=cast.sara,
        expected_version=item.version,
        summary="Rådet skal godkende dagens dagsorden.",
        recommendation="Formandskabet indstiller, at Rådet godkender.",
    )
    for user in (cast.carl, cast.mette):
        page = client_for(user).get(composer_url(meeting)).content.decode()
        assert "Rådet skal godkende dagens dagsorden." in page
        assert "Formandskabet indstiller, at Rådet godkender." in page
    sara_page = client_for(cast.sara).get(composer_url(meeting)).content.decode()
    assert "Rådet skal godkende dagens dagsorden." not in sara_page, "editors get the composer"


def test_members_in_a_hearing_read_the_whole_draft_minutes(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    services.item_update(
        item=item,
        by=cast.sara,
        expected_version=item.version,
        summary="Rådet skal godkende dagens dagsorden.",
    )
    item.refresh_from_db()
    services.decision_record(
        item=item,
        by=cast.sara,
        decision="Rådet godkendte dagsordenen.",
        expected_version=item.version,
    )
    services.minutes_send_for_hearing(meeting=meeting, by=cast.sara)
    page = client_for(cast.mette).get(composer_url(meeting, "minutes")).content.decode()
    draft = page[page.index('id="minutes-document"') :]
    assert "Rådet skal godkende dagens dagsorden." in draft
    assert "Rådet godkendte dagsordenen." in draft


def test_the_agendas_first_item_cannot_move_up_nor_its_last_move_down(meeting, cast):
    first, last = meeting.items.get(title="Referater"), meeting.items.get(title="Eventuelt")
    middle = meeting.items.get(title="Årshjul")
    page = client_for(cast.sara).get(composer_url(meeting)).content.decode()

    def button(direction: str, item: AgendaItem) -> str:
        start = page.index(f'id="{direction}-{item.pk}"')
        return page[start : page.index(">", start)]

    assert "disabled" in button("up", first) and "disabled" not in button("down", first)
    assert "disabled" in button("down", last) and "disabled" not in button("up", last)
    assert "disabled" not in button("up", middle) + button("down", middle)


def test_a_new_items_confirmation_stands_beside_it_not_at_the_top(meeting, cast):
    client = client_for(cast.sara)
    section = meeting.sections.get(number="1")
    response = client.post(
        composer_url(meeting, "item_add"),
        {"section": section.pk, "title": "Positivlisten", "kinds": "B"},
        follow=True,
    )
    page = response.content.decode()
    item = meeting.items.get(title="Positivlisten")
    row = page[page.index(f'<li id="item-{item.pk}"') :]
    row = row[: row.index("</li>\n")]
    assert "Punkt 1.4.1 er tilføjet." in row
    assert page.count("Punkt 1.4.1 er tilføjet.") == 1, "not in the messages at the top too"
    again = client.get(composer_url(meeting)).content.decode()
    assert "er tilføjet." not in again, "the confirmation is said once"


def test_attachments_are_a_short_disclosure_with_the_count(world, cast):
    meeting, item = world["meeting"], world["item"]
    page = client_for(cast.sara).get(composer_url(meeting)).content.decode()
    row = page[page.index(f'<li id="item-{item.pk}"') :]
    assert '<details class="item-attachments">' in row
    assert "Bilag (1)" in row and "Ingen bilag til punktet" not in row


def test_each_section_has_its_own_add_item_form(meeting, cast):
    page = client_for(cast.sara).get(composer_url(meeting)).content.decode()
    for section in meeting.sections.all():
        assert f'name="section" value="{section.pk}"' in page
        assert f'for="section-{section.pk}-add-title"' in page
    client_for(cast.sara).post(
        composer_url(meeting, "item_add"),
        {
            "section": meeting.sections.get(number="2").pk,
            "title": "Ny orientering",
        },
    )
    assert numbers(meeting)[-1] == ("2.3.1", "Ny orientering")


def test_adding_an_item_twice_with_the_same_form_adds_it_once(meeting, cast):
    client = client_for(cast.sara)
    section = meeting.sections.get(number="1")
    form = {
        "section": section.pk,
        "title": "Positivlisten",
        "kinds": "B",
        "submission": "a-form-token",
    }
    client.post(composer_url(meeting, "item_add"), form)
    client.post(composer_url(meeting, "item_add"), form)
    assert meeting.items.filter(title="Positivlisten").count() == 1
    assert numbers(meeting)[3] == ("1.4.1", "Positivlisten")


def test_an_uploaded_attachment_is_listed_with_its_number(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    client = client_for(cast.sara)
    client.post(
        composer_url(meeting, "attachment_add", item.pk),
        {
            "title": "Opfølgningsark",
            "upload": SimpleUploadedFile("ark.pdf", PDF, content_type="application/pdf"),
        },
    )
    page = client.get(composer_url(meeting)).content.decode()
    assert "Bilag 1.2.1 – Opfølgningsark" in page


def test_an_attachment_of_the_wrong_type_is_refused_in_danish(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    response = client_for(cast.sara).post(
        composer_url(meeting, "attachment_add", item.pk),
        {"title": "Billede", "upload": SimpleUploadedFile("foto.png", b"\x89PNG....")},
        follow=True,
    )
    assert "Bilag skal være en PDF-, Word- (DOCX) eller Excel-fil (XLSX)." in (
        response.content.decode()
    )
    assert not item.attachments.exists()


def test_attendance_is_added_and_marked_absent(meeting, cast):
    client = client_for(cast.sara)
    client.post(
        composer_url(meeting, "attendance_add"),
        {"name": "Mette Medlem", "role": "member", "group": "FH", "status": "present"},
    )
    row = meeting.attendance.get()
    client.post(composer_url(meeting, "attendance_status", row.pk), {"status": "absent"})
    row.refresh_from_db()
    assert row.status == "absent"


def test_a_new_meeting_starts_from_the_standing_items_and_opens_the_composer(cast):
    services.standing_items_set(
        council=cast.council,
        by=cast.sara,
        items=[
            {"section_title": "Rådets interne fokus", "title": "Referater", "kinds": "O"},
        ],
    )
    client = client_for(cast.sara)
    url = reverse("staff:meeting_create", args=[cast.council.slug])
    form = client.get(url).content.decode()
    assert 'name="from_template"' in form and "checked" in form
    data = {
        "date": "2027-02-04",
        "start_time": "10:00",
        "end_time": "13:00",
        "location": "Aalborg",
        "from_template": "on",
        "submission": "once",
    }
    response = client.post(url, data)
    again = client.post(url, data)
    meeting = Meeting.objects.get(council=cast.council, date=dt.date(2027, 2, 4))
    assert response["Location"] == again["Location"] == composer_url(meeting)
    assert numbers(meeting) == [("1.1.1", "Referater")]


# --- Decisions --------------------------------------------------------------------------------


def test_a_decision_is_saved_per_item_and_returned_as_a_fragment(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    response = client_for(cast.sara).post(
        composer_url(meeting, "decision_save", item.pk),
        {"expected_version": item.version, "decision": "Rådet godkendte dagsordenen."},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Beslutningen til punkt 1.2.1 er gemt" in body
    item.refresh_from_db()
    assert item.decision == "Rådet godkendte dagsordenen."
    assert f'name="expected_version" value="{item.version}"' in body


def test_a_stale_decision_is_refused_and_the_first_kept(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    url = composer_url(meeting, "decision_save", item.pk)
    client = client_for(cast.sara)
    client.post(url, {"expected_version": item.version, "decision": "Godkendt."}, **HTMX)
    stale = client.post(url, {"expected_version": item.version, "decision": "Udsat."}, **HTMX)
    assert stale.status_code == 409
    assert "Dine ændringer er ikke gemt" in stale.content.decode()
    assert "Udsat." in stale.content.decode()
    item.refresh_from_db()
    assert item.decision == "Godkendt."


def test_the_decisions_page_shows_the_recommendation(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    services.item_update(
        item=item,
        by=cast.sara,
        expected_version=item.version,
        recommendation="Formandskabet indstiller, at Rådet godkender dagsordenen.",
    )
    page = client_for(cast.sara).get(composer_url(meeting, "decisions")).content.decode()
    assert "Formandskabet indstiller, at Rådet godkender dagsordenen." in page
    assert f'for="decision-{item.pk}-decision"' in page


def test_the_decisions_page_shows_the_summary_and_names_each_save_button(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    services.item_update(
        item=item,
        by=cast.sara,
        expected_version=item.version,
        summary="Rådet skal godkende dagens dagsorden.",
    )
    page = client_for(cast.sara).get(composer_url(meeting, "decisions")).content.decode()
    assert '<details class="item-summary">' in page
    assert "Rådet skal godkende dagens dagsorden." in page
    assert 'Gem beslutning<span class="sr-only"> for punkt 1.2.1</span>' in page


def test_the_end_of_the_meeting_is_recorded(meeting, cast):
    client_for(cast.sara).post(composer_url(meeting, "meeting_end"), {"ended_at": "12:35"})
    meeting.refresh_from_db()
    assert meeting.ended_at == dt.time(12, 35)
    assert meeting.status == Meeting.Status.HELD


# --- Minutes ----------------------------------------------------------------------------------


def test_minutes_go_to_hearing_members_comment_and_everyone_reads_the_comments(meeting, cast):
    sara, mette = client_for(cast.sara), client_for(cast.mette)
    page = sara.get(composer_url(meeting, "minutes")).content.decode()
    assert "Send i skriftlig høring" in page
    sara.post(
        composer_url(meeting, "minutes_hearing"),
        {"deadline": (dt.datetime.now() + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")},
    )

    member_page = mette.get(composer_url(meeting, "minutes")).content.decode()
    assert "Din bemærkning til referatet" in member_page
    item = meeting.items.get(title="Dagsorden")
    mette.post(
        composer_url(meeting, "hearing_comment"),
        {"item": item.pk, "text": "Jeg savner FH's bemærkning.", "submission": "t1"},
    )
    mette.post(
        composer_url(meeting, "hearing_comment"),
        {"item": item.pk, "text": "Jeg savner FH's bemærkning.", "submission": "t1"},
    )
    assert HearingComment.objects.count() == 1

    secretariat_page = sara.get(composer_url(meeting, "minutes")).content.decode()
    assert "Jeg savner FH&#x27;s bemærkning." in secretariat_page
    assert "Din bemærkning til referatet" not in secretariat_page


def test_the_chair_approves_and_the_secretariat_publishes_the_minutes(meeting, cast):
    carl, sara = client_for(cast.carl), client_for(cast.sara)
    assert "Godkend referatet" in carl.get(composer_url(meeting, "minutes")).content.decode()
    carl.post(composer_url(meeting, "minutes_transition"), {"name": "approve"})
    sara_page = sara.get(composer_url(meeting, "minutes")).content.decode()
    assert "Offentliggør referatet" in sara_page
    sara.post(composer_url(meeting, "minutes_transition"), {"name": "publish"})
    page = sara.get(composer_url(meeting, "minutes")).content.decode()
    assert "Offentliggjort" in page and "Start rettelse" in page


def test_the_draft_minutes_download_as_pdf_for_members(meeting, cast):
    response = client_for(cast.mette).get(
        reverse(
            "staff:draft_document", args=[meeting.council.slug, meeting.date_slug, "minutes", "pdf"]
        )
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


# --- Follow-up, file box, dashboard --------------------------------------------------------


def test_the_follow_up_sheet_is_generated_and_edited_per_line(world, cast):
    meeting = world["meeting"]
    line = meeting.follow_ups.get()
    assert line.title == "1.1.1 Positivlisten"
    response = client_for(cast.sara).post(
        composer_url(meeting, "followup_update", line.pk),
        {"owner": "AMK Test", "status": "in_progress", "note": "Sendt i høring"},
        **HTMX,
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    line.refresh_from_db()
    assert (line.status, line.note) == (FollowUp.Status.IN_PROGRESS, "Sendt i høring")


def test_generating_the_follow_up_sheet_twice_adds_nothing_new(world, cast):
    meeting = world["meeting"]
    client_for(cast.sara).post(composer_url(meeting, "followup_generate"))
    assert meeting.follow_ups.count() == 1


def test_the_file_box_lists_members_only_files_and_serves_them_only_after_login(world, cast):
    council = cast.council
    page = client_for(cast.mette).get(reverse("staff:file_box", args=[council.slug]))
    assert "Bilag 1.2.1 – Slides fra oplægget" in page.content.decode()
    url = reverse("meetings:attachment", args=[council.slug, world["attachment"].pk])
    download = client_for(cast.mette).get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Cache-Control"] == "private, no-store"
    assert client_for(None).get(url).status_code == 404
    assert client_for(cast.otto).get(url).status_code == 403


def test_the_dashboard_shows_what_waits_for_each_role(meeting, cast):
    services.minutes_send_for_hearing(meeting=meeting, by=cast.sara)
    upcoming = services.meeting_create(
        council=cast.council,
        by=cast.sara,
        from_template=False,
        date=timezone.localdate() + dt.timedelta(days=30),
    )
    services.item_add(
        section=services.section_add(meeting=upcoming, title="Tema", by=cast.sara),
        title="Punkt",
        kinds="B",
        by=cast.sara,
    )
    mette_page = client_for(cast.mette).get(reverse("staff:dashboard")).content.decode()
    carl_page = client_for(cast.carl).get(reverse("staff:dashboard")).content.decode()
    sara_page = client_for(cast.sara).get(reverse("staff:dashboard")).content.decode()
    assert "er i høring" in mette_page and "Frist for bemærkninger" in mette_page
    assert "afventer godkendelse" in carl_page
    assert "er i høring" not in sara_page
    assert "Opret møde" in sara_page and "Opret møde" not in mette_page
    assert date_format(upcoming.date, "j. F Y") in sara_page
    which = f"til {upcoming.body_name} {date_format(upcoming.date, 'j. F Y')}"
    assert f'Rediger dagsorden<span class="sr-only"> {which}</span>' in sara_page


def test_an_item_of_another_meeting_is_not_found_through_this_one(meeting, cast):
    other = services.meeting_create(
        council=cast.council, date=dt.date(2027, 3, 4), by=cast.sara, from_template=False
    )
    section = services.section_add(meeting=other, title="Andet", by=cast.sara)
    foreign = services.item_add(section=section, title="Fremmed", by=cast.sara)
    response = client_for(cast.sara).get(composer_url(meeting, "item_edit", foreign.pk))
    assert response.status_code == 404
    assert AgendaItem.objects.filter(pk=foreign.pk).exists()


# --- Editing the meeting ------------------------------------------------------------------------


def meeting_form(meeting: Meeting, **changes: str) -> dict[str, str]:
    form = {
        "date": meeting.date.isoformat(),
        "start_time": "10:00",
        "end_time": "12:00",
        "title": meeting.title,
        "location": meeting.location,
        "note": meeting.note,
        "virtual_link": meeting.virtual_link,
    }
    return {**form, **changes}


def test_a_moved_meeting_keeps_its_uid_and_gets_a_new_address(meeting, cast):
    uid, sequence, old_url = meeting.uid, meeting.calendar_sequence, composer_url(meeting)
    client = client_for(cast.sara)
    response = client.post(
        composer_url(meeting, "meeting_edit"),
        meeting_form(meeting, date="2026-11-12", submission="move"),
    )
    moved = Meeting.objects.get(pk=meeting.pk)
    assert moved.date == dt.date(2026, 11, 12)
    assert moved.uid == uid, "the calendar event stays the same event"
    assert moved.calendar_sequence > sequence, "calendar subscribers get the change"
    assert response["Location"] == composer_url(moved)
    page = client.get(response["Location"]).content.decode()
    assert "Mødet er flyttet til 12. november 2026 og har fået en ny adresse." in page
    assert client.get(old_url).status_code == 404


def test_posting_the_move_twice_goes_to_the_new_address_both_times(meeting, cast):
    client = client_for(cast.sara)
    url = composer_url(meeting, "meeting_edit")
    form = meeting_form(meeting, date="2026-11-12", submission="twice")
    first, second = client.post(url, form), client.post(url, form)
    assert (
        first["Location"]
        == second["Location"]
        == (reverse("staff:composer", args=[cast.council.slug, "2026-11-12"]))
    )


def test_a_meeting_moved_onto_a_day_with_a_meeting_becomes_the_days_second(meeting, cast):
    services.meeting_create(
        council=cast.council, date=dt.date(2026, 11, 12), by=cast.sara, from_template=False
    )
    response = client_for(cast.sara).post(
        composer_url(meeting, "meeting_edit"), meeting_form(meeting, date="2026-11-12")
    )
    assert response["Location"] == reverse(
        "staff:composer", args=[cast.council.slug, "2026-11-12-2"]
    )


def test_changing_only_the_note_keeps_the_address_and_the_calendar_event(meeting, cast):
    sequence = meeting.calendar_sequence
    response = client_for(cast.sara).post(
        composer_url(meeting, "meeting_edit"),
        meeting_form(meeting, note="Mødet holdes i kantinen.", location="Aalborg"),
    )
    assert response["Location"] == composer_url(meeting)
    meeting.refresh_from_db()
    assert meeting.note == "Mødet holdes i kantinen."
    # The place changed, so the event changed; the note alone would not have.
    assert meeting.calendar_sequence == sequence + 1
    client_for(cast.sara).post(
        composer_url(meeting, "meeting_edit"), meeting_form(meeting, note="Kaffe fra 9.30.")
    )
    meeting.refresh_from_db()
    assert meeting.calendar_sequence == sequence + 1


def test_a_meeting_that_ends_before_it_begins_is_refused_in_danish(meeting, cast):
    response = client_for(cast.sara).post(
        composer_url(meeting, "meeting_edit"),
        meeting_form(meeting, start_time="13:00", end_time="12:00"),
    )
    assert response.status_code == 422
    assert "Mødet skal slutte efter, det begynder." in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.start_time == dt.time(10)


def test_the_edit_form_is_filled_with_the_meeting_as_it_is(meeting, cast):
    page = client_for(cast.sara).get(composer_url(meeting, "meeting_edit")).content.decode()
    assert 'value="2026-11-05"' in page and 'value="10:00"' in page
    assert 'for="id_note"' in page


# --- Sections, items and attachments ----------------------------------------------------------


def test_deleting_a_section_with_items_is_refused_in_danish(meeting, cast):
    section = meeting.sections.get(number="1")
    response = client_for(cast.sara).post(
        composer_url(meeting, "section_delete", section.pk), {"confirm": "yes"}, follow=True
    )
    assert "Temaet har stadig punkter. Flyt eller slet dem først." in response.content.decode()
    assert meeting.sections.filter(pk=section.pk).exists()


def test_an_empty_section_is_deleted_and_the_next_ones_renumbered(meeting, cast):
    empty = services.section_add(meeting=meeting, title="Tomt tema", by=cast.sara)
    services.section_add(meeting=meeting, title="Sidste tema", by=cast.sara)
    client_for(cast.sara).post(
        composer_url(meeting, "section_delete", empty.pk), {"confirm": "yes"}
    )
    assert [(s.number, s.title) for s in meeting.sections.order_by("position")] == [
        ("1", "Rådets interne fokus"),
        ("2", "Orientering"),
        ("3", "Sidste tema"),
    ]


def test_a_section_is_renamed(meeting, cast):
    section = meeting.sections.get(number="2")
    response = client_for(cast.sara).post(
        composer_url(meeting, "section_edit", section.pk),
        {"title": "Orientering fra sekretariatet"},
    )
    assert response["Location"].endswith(f"#section-{section.pk}")
    section.refresh_from_db()
    assert section.title == "Orientering fra sekretariatet"


def test_deleting_an_item_asks_first_and_names_the_item(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    client = client_for(cast.sara)
    question = client.get(composer_url(meeting, "item_delete", item.pk), **HTMX)
    body = question.content.decode()
    assert "<html" not in body and f'<li id="item-{item.pk}"' in body
    assert "Slet punkt 1.2.1 Dagsorden?" in body and 'name="confirm" value="yes"' in body
    assert 'hx-target="#agenda"' in body
    unconfirmed = client.post(composer_url(meeting, "item_delete", item.pk), {})
    assert unconfirmed.status_code == 200
    assert meeting.items.filter(pk=item.pk).exists()


def test_a_confirmed_delete_renumbers_the_agenda_and_says_so(meeting, cast):
    item = meeting.items.get(title="Dagsorden")
    response = client_for(cast.sara).post(
        composer_url(meeting, "item_delete", item.pk), {"confirm": "yes"}, **HTMX
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="agenda"')
    assert "Punkt 1.2.1 Dagsorden er slettet. Numrene er opdateret." in body
    assert numbers(meeting)[:2] == [("1.1.1", "Referater"), ("1.2.1", "Årshjul")]
    heading = f'id="section-{item.section_id}-heading" tabindex="-1" data-autofocus'
    assert heading in body, "focus goes to the section the item was in"


def test_a_delete_posted_twice_deletes_once_and_lands_in_the_same_place(meeting, cast):
    client = client_for(cast.sara)
    dagsorden = meeting.items.get(title="Dagsorden")
    form = {"confirm": "yes", "submission": "delete-once"}
    first = client.post(composer_url(meeting, "item_delete", dagsorden.pk), form)
    second = client.post(composer_url(meeting, "item_delete", dagsorden.pk), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert meeting.items.count() == 4


def test_an_attachment_is_deleted_after_confirmation(world, cast):
    meeting, slides = world["meeting"], world["attachment"]
    client = client_for(cast.sara)
    page = client.get(composer_url(meeting, "attachment_delete", slides.pk)).content.decode()
    assert "Slet Bilag 1.2.1 – Slides fra oplægget?" in page
    response = client.post(
        composer_url(meeting, "attachment_delete", slides.pk), {"confirm": "yes"}, **HTMX
    )
    assert "Bilag 1.2.1 – Slides fra oplægget er slettet." in response.content.decode()
    assert not world["item"].attachments.exists()


# --- Attendance --------------------------------------------------------------------------------


def test_represented_by_an_alternate_shows_in_the_minutes_attendance(meeting, cast):
    sara = client_for(cast.sara)
    member = services.attendance_add(
        meeting=meeting, by=cast.sara, name="Mette Medlem", role="member", group="FH"
    )
    alternate = services.attendance_add(
        meeting=meeting, by=cast.sara, name="Anne Suppleant", role="alternate", group="FH"
    )
    sara.post(
        composer_url(meeting, "attendance_status", member.pk),
        {"status": "represented", "represented_by": alternate.pk},
    )
    member.refresh_from_db()
    assert member.represented_by == alternate

    minutes_page = client_for(cast.mette).get(composer_url(meeting, "minutes")).content.decode()
    assert "Mette Medlem (repræsenteret ved Anne Suppleant)" in minutes_page
    from raadsrum.meetings.documents.model import meeting_document

    absent = meeting_document(meeting, "minutes").attendance[-1]
    assert [p.line for p in absent.people] == ["Mette Medlem (repræsenteret ved Anne Suppleant)"]


def test_represented_without_naming_the_alternate_is_refused(meeting, cast):
    member = services.attendance_add(
        meeting=meeting, by=cast.sara, name="Mette Medlem", role="member", group="FH"
    )
    response = client_for(cast.sara).post(
        composer_url(meeting, "attendance_status", member.pk),
        {"status": "represented"},
        follow=True,
    )
    assert "Vælg den suppleant, der repræsenterer medlemmet." in response.content.decode()
    member.refresh_from_db()
    assert member.status == "present"


def test_attendance_is_shown_by_group_with_each_persons_status(meeting, cast):
    for name, role, group, status in [
        ("Carl Formand", "member", "DA", "present"),
        ("Mette Medlem", "member", "FH", "absent"),
        ("Anne Suppleant", "alternate", "FH", "present"),
        ("Sara Sekretær", "secretariat", "", "present"),
    ]:
        services.attendance_add(
            meeting=meeting, by=cast.sara, name=name, role=role, group=group, status=status
        )
    page = client_for(cast.mette).get(composer_url(meeting)).content.decode()
    captions = [page.index(f'<caption class="h4">{g} ') for g in ("DA", "FH", "Sekretariat")]
    assert captions == sorted(captions)
    fh = page[captions[1] : captions[2]]
    assert "1 af 2 deltog" in fh
    assert "Mette Medlem" in fh and "Afbud" in fh and "Anne Suppleant" in fh


# --- Standing items and committee meetings -----------------------------------------------------


def standing_form(rows: list[dict[str, str]], **extra: str) -> dict[str, Any]:
    data: dict[str, Any] = {"rows-TOTAL_FORMS": len(rows), "rows-INITIAL_FORMS": len(rows)}
    for i, row in enumerate(rows):
        data.update({f"rows-{i}-{k}": v for k, v in row.items()})
    return {**data, **extra}


def test_standing_items_edited_are_used_by_the_next_new_meeting(cast):
    client = client_for(cast.sara)
    url = reverse("staff:standing_items", args=[cast.council.slug])
    rows = [
        {
            "section_title": "Rådets interne fokus",
            "title": "Referater",
            "kinds": "O",
            "recommendation": "Rådet tager referaterne til efterretning.",
        },
        {"section_title": "Rådets interne fokus", "title": "Dagsorden", "kinds": "B"},
        {"section_title": "", "title": "", "kinds": ""},  # an empty row is left out
        {"section_title": "Orientering", "title": "Eventuelt", "kinds": "O"},
    ]
    saved = client.post(url, standing_form(rows, submission="std"))
    assert saved.status_code == 302
    assert "Referater" in client.get(url).content.decode()

    client.post(
        reverse("staff:meeting_create", args=[cast.council.slug]),
        {"date": "2027-03-04", "from_template": "on"},
    )
    meeting = Meeting.objects.get(council=cast.council, date=dt.date(2027, 3, 4))
    assert numbers(meeting) == [
        ("1.1.1", "Referater"),
        ("1.2.1", "Dagsorden"),
        ("2.1.1", "Eventuelt"),
    ]
    assert meeting.items.get(title="Referater").recommendation == (
        "Rådet tager referaterne til efterretning."
    )


def test_moving_and_removing_standing_rows_changes_the_form_but_saves_nothing(cast):
    services.standing_items_set(
        council=cast.council,
        by=cast.sara,
        items=[
            {"section_title": "A", "title": "Første"},
            {"section_title": "A", "title": "Anden"},
        ],
    )
    client = client_for(cast.sara)
    url = reverse("staff:standing_items", args=[cast.council.slug])
    rows = [{"section_title": "A", "title": "Første"}, {"section_title": "A", "title": "Anden"}]
    moved = client.post(url, standing_form(rows, op="up-1"), **HTMX).content.decode()
    assert moved.index('value="Anden"') < moved.index('value="Første"')
    assert "“Anden” er nu nummer 1." in moved
    assert 'data-focus-target="down-0"' in moved, "focus follows the row that moved"
    removed = client.post(url, standing_form(rows, op="remove-0"), **HTMX).content.decode()
    assert 'value="Første"' not in removed and 'value="Anden"' in removed
    added = client.post(url, standing_form(rows, op="add")).content.decode()
    assert 'name="rows-TOTAL_FORMS" value="3"' in added
    assert [s.title for s in cast.council.standing_items.order_by("position")] == [
        "Første",
        "Anden",
    ]


def test_a_standing_row_without_a_title_is_refused_and_nothing_is_replaced(cast):
    services.standing_items_set(
        council=cast.council, by=cast.sara, items=[{"section_title": "A", "title": "Første"}]
    )
    response = client_for(cast.sara).post(
        reverse("staff:standing_items", args=[cast.council.slug]),
        standing_form([{"section_title": "A", "title": "", "kinds": "B"}]),
    )
    assert response.status_code == 422
    assert "Nogle rækker mangler tema eller overskrift." in response.content.decode()
    assert cast.council.standing_items.get().title == "Første"


def test_a_chairmanship_meeting_is_created_for_the_chairmanship_without_standing_items(cast):
    chairmanship = Committee.objects.create(
        council=cast.council,
        kind=Committee.Kind.CHAIRMANSHIP,
        name="Formandskabet",
        slug="formandskabet",
    )
    services.standing_items_set(
        council=cast.council, by=cast.sara, items=[{"section_title": "A", "title": "Referater"}]
    )
    client = client_for(cast.sara)
    url = reverse("staff:meeting_create", args=[cast.council.slug])
    form = client.get(url).content.decode()
    assert "Rådet (rådsmøde)" in form and f'<option value="{chairmanship.pk}">Formandskabet' in form
    client.post(url, {"committee": chairmanship.pk, "date": "2027-01-14", "from_template": "on"})
    meeting = Meeting.objects.get(council=cast.council, date=dt.date(2027, 1, 14))
    assert meeting.committee == chairmanship
    assert not meeting.items.exists()
    page = client.get(composer_url(meeting)).content.decode()
    assert "Formandskabet 14. januar 2027" in page


def test_a_committee_of_another_council_cannot_be_chosen(cast):
    from raadsrum.councils.models import Council

    other = Council.objects.create(
        slug="andet",
        name="RAR Andet",
        name_genitive="RAR Andets",
        kind=Council.Kind.RAR,
        valid_from=dt.date(2015, 1, 1),
    )
    foreign = Committee.objects.create(
        council=other,
        kind=Committee.Kind.CHAIRMANSHIP,
        name="Andet formandskab",
        slug="formandskab",
    )
    Committee.objects.create(
        council=cast.council,
        kind=Committee.Kind.CHAIRMANSHIP,
        name="Formandskabet",
        slug="formandskabet",
    )
    response = client_for(cast.sara).post(
        reverse("staff:meeting_create", args=[cast.council.slug]),
        {"committee": foreign.pk, "date": "2027-01-14"},
    )
    assert response.status_code == 422
    assert not Meeting.objects.filter(date=dt.date(2027, 1, 14)).exists()
