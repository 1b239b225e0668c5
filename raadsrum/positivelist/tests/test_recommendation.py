"""The recommendation: one click puts a (B) item with the course list on a council agenda."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.meetings import services as meeting_services
from raadsrum.meetings.models import AgendaItem
from raadsrum.positivelist.list_services import recommendation_item_create
from raadsrum.positivelist.models import CourseProposal, Organisation, Round
from raadsrum.positivelist.tests.conftest import PLCast
from raadsrum.positivelist.tests.list_cast import Proposed, council_meeting, screened_round

REJECTED = CourseProposal.Status.REJECTED
PENDING = CourseProposal.Status.PENDING


def nineteen_courses() -> list[Proposed]:
    """The autumn supplement from the minutes: 9 for baker, 7 for social educator, …"""
    return (
        [Proposed(f"Bagerkursus {n}", ("Bager",)) for n in range(1, 10)]
        + [Proposed(f"Pædagogkursus {n}", ("Pædagog",)) for n in range(1, 8)]
        + [Proposed(f"SOSU-kursus {n}", ("Social- og sundhedshjælper",)) for n in range(1, 3)]
        + [Proposed("Markedsføring på sociale medier", ("Marketingkoordinator",))]
    )


@pytest.fixture
def euc(organisations: dict[str, Organisation]) -> Organisation:
    return organisations["EUC Nord"]


def test_recommendation_counts_the_courses_per_job_title_in_the_minutes_style(
    pl: PLCast, euc: Organisation
) -> None:
    round = screened_round(pl.council, euc, nineteen_courses())
    meeting = council_meeting(pl.council, pl.sara)

    item = recommendation_item_create(round=round, meeting=meeting, by=pl.sara)

    attachment = item.attachments.get()
    assert item.title == "Positivlisten pr. 1. oktober 2026"
    assert item.kinds == "B"
    assert item.recommendation == (
        f"Positivlisteudvalget indstiller, at de 19 kurser, der er oplistet i bilag "
        f"{attachment.number}, tilføjes positivlisten pr. 1. oktober 2026: 9 kurser til bager, "
        "7 til pædagog, 2 til social- og sundhedshjælper og 1 til marketingkoordinator."
    )


def test_the_attachment_number_in_the_text_is_the_number_after_renumbering(
    pl: PLCast, euc: Organisation
) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    meeting = council_meeting(pl.council, pl.sara)

    item = recommendation_item_create(round=round, meeting=meeting, by=pl.sara)

    # Decision items come first: after "Godkendelse af dagsorden" (B), before the (O) item.
    numbers = list(meeting.items.order_by("section__position", "position").values_list("title"))
    assert [t for (t,) in numbers] == [
        "Godkendelse af dagsorden",
        "Positivlisten pr. 1. oktober 2026",
        "Nyt fra sekretariatet",
    ]
    attachment = item.attachments.get()
    assert attachment.number.startswith(item.number.rstrip("."))
    assert f"oplistet i bilag {attachment.number}," in item.recommendation
    assert "at det kursus, der er oplistet" in item.recommendation


def test_the_attachment_is_a_pdf_listing_only_the_accepted_courses(
    pl: PLCast, euc: Organisation
) -> None:
    round = screened_round(
        pl.council,
        euc,
        [
            Proposed("Surdejsbrød", ("Bager",), course_number="40001"),
            Proposed("Konditori for begyndere", ("Bager",)),
            Proposed("Svejsning for viderekomne", ("Bager",), status=REJECTED),
            Proposed("Ikke screenet endnu", ("Bager",), status=PENDING),
        ],
    )
    meeting = council_meeting(pl.council, pl.sara)

    item = recommendation_item_create(round=round, meeting=meeting, by=pl.sara)

    attachment = item.attachments.get()
    assert attachment.content_type == "application/pdf"
    with attachment.file.open("rb") as handle:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "Surdejsbrød" in text and "40001" in text
    assert "Konditori for begyndere" in text
    assert "Svejsning" not in text
    assert "Ikke screenet" not in text
    assert "de 2 kurser" in item.recommendation


def test_the_round_is_recommended_and_points_at_its_item(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    meeting = council_meeting(pl.council, pl.sara)

    item = recommendation_item_create(round=round, meeting=meeting, by=pl.sara)

    round.refresh_from_db()
    assert round.status == Round.Status.RECOMMENDED
    assert round.recommendation_item == item


def test_nothing_accepted_nothing_to_recommend(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Afvist", ("Bager",), status=REJECTED)])
    meeting = council_meeting(pl.council, pl.sara)

    with pytest.raises(ValidationFailed, match="Ingen kursusforslag er indstillet"):
        recommendation_item_create(round=round, meeting=meeting, by=pl.sara)

    assert meeting.items.count() == 2


def test_a_second_click_is_refused_and_leaves_one_item(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    stale = Round.objects.get(pk=round.pk)  # the page the double submit came from
    meeting = council_meeting(pl.council, pl.sara)
    recommendation_item_create(round=round, meeting=meeting, by=pl.sara)

    with pytest.raises(Conflict, match="allerede sat på en dagsorden"):
        recommendation_item_create(round=stale, meeting=meeting, by=pl.sara)

    assert AgendaItem.objects.filter(title__startswith="Positivlisten pr.").count() == 1


def test_a_held_meeting_cannot_take_the_recommendation(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    last_month = council_meeting(
        pl.council, pl.sara, date=timezone.localdate() - dt.timedelta(days=30)
    )

    with pytest.raises(ValidationFailed, match="Vælg et kommende møde"):
        recommendation_item_create(round=round, meeting=last_month, by=pl.sara)


def test_only_the_councils_own_meetings_can_take_it(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    elsewhere = council_meeting(pl.other_council, pl.sven)

    with pytest.raises(ValidationFailed, match="rådets egne møder"):
        recommendation_item_create(round=round, meeting=elsewhere, by=pl.sara)


def test_only_the_secretariat_may_recommend(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    meeting = council_meeting(pl.council, pl.sara)

    for outsider in (pl.mette, pl.kurt, pl.sven):
        with pytest.raises(PermissionDenied):
            recommendation_item_create(round=round, meeting=meeting, by=outsider)


def test_an_empty_agenda_gets_a_positive_list_section(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    meeting = meeting_services.meeting_create(
        council=pl.council, date=timezone.localdate(), by=pl.sara, from_template=False
    )

    item = recommendation_item_create(round=round, meeting=meeting, by=pl.sara)

    assert item.section.title == "Positivlisten"


def test_the_step_offers_the_councils_coming_meetings(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    meeting = council_meeting(pl.council, pl.sara)
    request = RequestFactory().get("/")
    request.user = pl.sara

    html = render_to_string(
        "positivelist/rounds/_step_recommendation.html", {"round": round}, request=request
    )

    assert reverse("positivelist:recommendation_create", args=[round.pk]) in html
    assert f'<option value="{meeting.pk}">' in html


def test_the_button_puts_the_item_on_the_agenda(client, pl: PLCast, euc: Organisation) -> None:  # type: ignore[no-untyped-def]
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    meeting = council_meeting(pl.council, pl.sara)
    client.force_login(pl.sara)
    url = reverse("positivelist:recommendation_create", args=[round.pk])

    first = client.post(url, {"meeting": meeting.pk})
    again = client.post(url, {"meeting": meeting.pk}, follow=True)

    assert first.status_code == 302
    assert first["Location"].startswith(reverse("positivelist:round_detail", args=[round.pk]))
    assert "allerede sat på en dagsorden" in again.content.decode()
    assert meeting.items.filter(title__startswith="Positivlisten").count() == 1


def test_a_member_gets_no_item_from_the_button(client, pl: PLCast, euc: Organisation) -> None:  # type: ignore[no-untyped-def]
    round = screened_round(pl.council, euc, [Proposed("Surdejsbrød", ("Bager",))])
    meeting = council_meeting(pl.council, pl.sara)
    client.force_login(pl.mette)

    response = client.post(
        reverse("positivelist:recommendation_create", args=[round.pk]), {"meeting": meeting.pk}
    )

    assert response.status_code == 403
    assert meeting.items.count() == 2
