"""The personal link: only its hash is stored, it opens one invitation, and it expires at the
deadline (a second before works, a second after is refused and nothing is saved)."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.test import Client
from django.urls import reverse

from raadsrum.core.errors import ValidationFailed
from raadsrum.positivelist.consultation_selectors import (
    ConsultationClosed,
    InvalidLink,
    invitation_for_token,
)
from raadsrum.positivelist.consultation_services import response_save, response_upload
from raadsrum.positivelist.models import (
    ConsultationResponse,
    Invitation,
    JobTitle,
    Organisation,
    Round,
)
from raadsrum.positivelist.tests.consultation_support import (
    DEADLINE,
    DEADLINE_TEXT,
    Clock,
    Links,
    course,
    open_links,
)
from raadsrum.positivelist.tokens import new_token, token_hash

SECOND = dt.timedelta(seconds=1)


@pytest.fixture
def links(
    fixed_round: Round, organisations: dict[str, Organisation], job_titles: dict[str, JobTitle]
) -> Links:
    return open_links(fixed_round, organisations, job_titles)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, DEADLINE - dt.timedelta(hours=1))


def form_url(token: str) -> str:
    return reverse("positivelist:consultation_form", kwargs={"token": token})


def test_a_new_token_is_random_and_only_its_hash_is_stored(links: Links) -> None:
    token, hashed = new_token()
    assert token != new_token()[0]
    assert hashed == token_hash(token) and token not in hashed
    stored = set(Invitation.objects.values_list("token_hash", flat=True))
    assert not stored & set(links.tokens.values())


def test_the_link_opens_its_own_organisations_invitation(links: Links, clock: Clock) -> None:
    invitation = invitation_for_token(links.tokens["EUC Nord"])
    assert invitation.organisation.name == "EUC Nord"


@pytest.mark.parametrize("token", ["", "ikke-et-token", "x" * 500])
def test_an_unknown_token_is_not_a_valid_link(links: Links, clock: Clock, token: str) -> None:
    with pytest.raises(InvalidLink, match="Linket er ikke gyldigt") as refused:
        invitation_for_token(token)
    assert isinstance(refused.value, ValidationFailed)


def test_the_link_works_a_second_before_the_deadline(links: Links, clock: Clock) -> None:
    clock.now = DEADLINE - SECOND
    invitation = invitation_for_token(links.tokens["EUC Nord"])
    response_save(
        invitation=invitation,
        contact_name="Eva",
        proposals=[course(links.titles)],
        expected_version=0,
        submit=True,
    )
    assert ConsultationResponse.objects.get().status == "submitted"


def test_the_link_is_refused_a_second_after_the_deadline_naming_it(
    links: Links, clock: Clock
) -> None:
    clock.now = DEADLINE + SECOND
    with pytest.raises(ConsultationClosed) as closed:
        invitation_for_token(links.tokens["EUC Nord"])
    assert DEADLINE_TEXT in closed.value.message
    assert "sekretariatet for AMK Test" in closed.value.message


def test_a_form_opened_before_the_deadline_cannot_be_saved_after_it(
    links: Links, clock: Clock
) -> None:
    invitation = invitation_for_token(links.tokens["EUC Nord"])
    clock.now = DEADLINE + SECOND
    with pytest.raises(ConsultationClosed):
        response_save(
            invitation=invitation,
            contact_name="Eva",
            proposals=[course(links.titles)],
            expected_version=0,
            submit=True,
        )
    with pytest.raises(ConsultationClosed):
        response_upload(
            invitation=invitation,
            content=b"Kursustitel;Udbyder\r\n",
            filename="kurser.csv",
            expected_version=0,
        )
    assert not ConsultationResponse.objects.exists()


def test_the_expired_link_page_says_the_deadline_has_passed_and_saves_nothing(
    client: Client, links: Links, clock: Clock
) -> None:
    clock.now = DEADLINE + SECOND
    url = form_url(links.tokens["EUC Nord"])
    page = client.get(url)
    assert page.status_code == 410
    assert "Svarfristen er overskredet" in page.content.decode()
    assert DEADLINE_TEXT in page.content.decode()

    posted = client.post(
        url,
        {
            "expected_version": "0",
            "contact_name": "Eva",
            "kursus-TOTAL_FORMS": "0",
            "kursus-INITIAL_FORMS": "0",
            "action": "submit",
        },
    )
    assert posted.status_code == 410
    assert "Det, du sendte, er ikke gemt." in posted.content.decode()
    assert not ConsultationResponse.objects.exists()


def test_an_unknown_link_gives_a_plain_page_not_the_form(
    client: Client, links: Links, clock: Clock
) -> None:
    page = client.get(form_url("ukendt-token"))
    assert page.status_code == 404
    assert "Linket er ikke gyldigt" in page.content.decode()
    assert "EUC Nord" not in page.content.decode()


@pytest.mark.parametrize("expired", [False, True])
def test_the_pages_are_not_cached_and_do_not_send_the_link_on(
    client: Client, links: Links, clock: Clock, expired: bool
) -> None:
    if expired:
        clock.now = DEADLINE + SECOND
    token = links.tokens["EUC Nord"]
    for url in (
        form_url(token),
        reverse("positivelist:consultation_template", kwargs={"token": token, "fmt": "xlsx"}),
        form_url("ukendt-token"),
    ):
        page = client.get(url)
        assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
        assert page["Referrer-Policy"] == "no-referrer"


def test_the_request_log_never_gets_the_token(
    client: Client, links: Links, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    token = links.tokens["EUC Nord"]
    caplog.set_level(logging.DEBUG)
    client.get(form_url("ukendt-token-123"))
    clock.now = DEADLINE + SECOND
    client.get(form_url(token))
    assert caplog.records  # the outcome is logged ...
    assert token not in caplog.text and "ukendt-token-123" not in caplog.text  # ... not the link


def test_a_post_from_a_no_referrer_page_is_accepted(links: Links, clock: Clock) -> None:
    # Under Referrer-Policy: no-referrer browsers post with `Origin: null` and no Referer;
    # the token, not a CSRF cookie, is what protects the form.
    browser = Client(enforce_csrf_checks=True)
    posted = browser.post(
        form_url(links.tokens["EUC Nord"]),
        {
            "expected_version": "0",
            "contact_name": "Eva",
            "kursus-TOTAL_FORMS": "0",
            "kursus-INITIAL_FORMS": "0",
            "action": "draft",
        },
        headers={"Origin": "null"},
    )
    assert posted.status_code == 302
    assert ConsultationResponse.objects.get().contact_name == "Eva"


def test_the_link_expires_at_the_deadline_itself(links: Links, clock: Clock) -> None:
    clock.now = DEADLINE
    with pytest.raises(ConsultationClosed):
        invitation_for_token(links.tokens["EUC Nord"])


def test_the_link_stops_working_when_the_secretariat_closes_the_consultation_early(
    links: Links, clock: Clock
) -> None:
    invitation = invitation_for_token(links.tokens["EUC Nord"])  # the form is open ...
    links.round.status = Round.Status.SCREENING  # ... when the screening starts early
    links.round.save()
    with pytest.raises(ConsultationClosed, match="lukket høringen før svarfristen"):
        response_save(
            invitation=invitation,
            contact_name="Eva",
            proposals=[course(links.titles)],
            expected_version=0,
            submit=True,
        )
    with pytest.raises(ConsultationClosed):
        invitation_for_token(links.tokens["EUC Nord"])
    assert not ConsultationResponse.objects.exists()
