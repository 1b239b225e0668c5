"""The secretariat's positive-list pages, as Sara (secretariat), Mette (member) and Sven (another
council's secretary) see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from raadsrum.positivelist.models import (
    Invitation,
    JobTitle,
    LabourMarketBalance,
    Organisation,
    Round,
    RoundJobTitle,
)
from raadsrum.positivelist.tests.conftest import OpenConsultation, PLCast, token_from_mail
from raadsrum.positivelist.tests.mail_support import mail_failing


@pytest.fixture
def sara(client: Client, pl: PLCast) -> Client:
    client.force_login(pl.sara)
    return client


def _as(client: Client, user: object) -> Client:
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_index_lists_the_councils_rounds_and_tools(
    sara: Client, pl: PLCast, draft_round: Round
) -> None:
    page = sara.get(reverse("positivelist:rounds"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "RAR Testland" in html
    assert draft_round.title in html
    assert reverse("positivelist:balance_import", args=["testland"]) in html
    assert "RAR Andetland" not in html


@pytest.mark.parametrize("who", ["mette", "kurt", "otto"])
def test_the_secretariat_pages_are_closed_to_members_and_outsiders(
    client: Client, pl: PLCast, draft_round: Round, who: str
) -> None:
    _as(client, getattr(pl, who))
    for url in (
        reverse("positivelist:rounds"),
        reverse("positivelist:round_detail", args=[draft_round.pk]),
        reverse("positivelist:balance", args=["testland"]),
        reverse("positivelist:organisations", args=["testland"]),
    ):
        assert client.get(url).status_code == 403, url


def test_another_councils_secretary_cannot_open_the_round(
    client: Client, pl: PLCast, draft_round: Round
) -> None:
    _as(client, pl.sven)
    assert client.get(reverse("positivelist:rounds")).status_code == 200
    assert (
        client.get(reverse("positivelist:round_detail", args=[draft_round.pk])).status_code == 403
    )


def test_anonymous_visitors_are_sent_to_the_login(client: Client, pl: PLCast) -> None:
    page = client.get(reverse("positivelist:rounds"))
    assert page.status_code == 302
    assert "/login/" in page["Location"]


def test_creating_a_round_from_the_form(
    sara: Client, pl: PLCast, balance: LabourMarketBalance
) -> None:
    page = sara.post(
        reverse("positivelist:round_create"),
        {"council": pl.council.pk, "kind": "yearly", "valid_from": "2027-04-01", "title": ""},
    )
    created = Round.objects.get()
    assert page.status_code == 302
    assert page["Location"] == reverse("positivelist:round_detail", args=[created.pk])
    assert created.title == "Positivlisten pr. 1. april 2027"
    assert created.balance == balance


def test_the_balance_import_page_shows_each_row_error_and_saves_nothing(
    sara: Client, pl: PLCast
) -> None:
    upload = SimpleUploadedFile(
        "balance.csv",
        b"Stillingsbetegnelse;Kategori\nBager;Mangel\n;Gode jobmuligheder\nSmed;Lilla\n",
    )
    page = sara.post(
        reverse("positivelist:balance_import", args=["testland"]),
        {"period_start": "2026-07-01", "upload": upload},
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="row-errors"' in html
    assert '<th scope="row">3</th><td>Stillingsbetegnelse</td>' in html
    assert '<th scope="row">4</th><td>Kategori</td>' in html
    assert not LabourMarketBalance.objects.exists()


def test_a_good_balance_file_is_imported_and_shown(sara: Client, pl: PLCast) -> None:
    upload = SimpleUploadedFile(
        "balance.csv", "Stillingsbetegnelse;Kategori\nBager;Mangel på arbejdskraft\n".encode()
    )
    page = sara.post(
        reverse("positivelist:balance_import", args=["testland"]),
        {"period_start": "2026-07-01", "upload": upload},
        follow=True,
    )
    assert page.status_code == 200
    assert LabourMarketBalance.objects.get().period_start == dt.date(2026, 7, 1)
    assert "Bager" in page.content.decode()


def test_the_balance_view_filters_by_category_and_search(
    sara: Client, balance: LabourMarketBalance
) -> None:
    url = reverse("positivelist:balance", args=["testland"])
    shortage = sara.get(url, {"kategori": "shortage"}).content.decode()
    assert "Bager" in shortage and "Sygeplejerske" in shortage and "Kontorassistent" not in shortage
    searched = sara.get(url, {"q": "tøm"}).content.decode()
    assert "Tømrer" in searched and "Bager" not in searched


def test_the_proposal_page_offers_shortage_and_good_prospects_and_adds_ticked_titles(
    sara: Client, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    url = reverse("positivelist:round_propose", args=[draft_round.pk])
    html = sara.get(url).content.decode()
    for title in ("Bager", "Sygeplejerske", "Tømrer"):
        assert f'value="{job_titles[title].pk}"' in html
    assert "Kontorassistent" not in html and "Lagerarbejder" not in html
    poor = sara.get(url, {"kategori": "poor"}).content.decode()
    assert "Kontorassistent" in poor and "Bager" not in poor
    page = sara.post(url, {"job_title": [job_titles["Bager"].pk, job_titles["Tømrer"].pk]})
    assert page.status_code == 302
    assert set(
        RoundJobTitle.objects.filter(round=draft_round).values_list("job_title__title", flat=True)
    ) == {"Bager", "Tømrer"}


def test_fixing_titles_through_the_form_records_the_decision(
    sara: Client, pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    for title in ("Bager", "Tømrer"):
        RoundJobTitle.objects.create(round=draft_round, job_title=job_titles[title])
    page = sara.post(
        reverse("positivelist:round_fix", args=[draft_round.pk]),
        {
            "fixed": [job_titles["Bager"].pk],
            "fixed_by": "Formandskabet",
            "fixed_on": "2026-11-02",
            "decision": "Formandskabet fastlagde bager.",
            "version": draft_round.version,
        },
    )
    assert page.status_code == 302
    draft_round.refresh_from_db()
    assert draft_round.status == Round.Status.TITLES_FIXED
    assert draft_round.titles_fixed_by == "Formandskabet"
    detail = sara.get(reverse("positivelist:round_detail", args=[draft_round.pk])).content.decode()
    assert "Formandskabet fastlagde bager." in detail


def test_a_stale_fix_form_is_refused_with_a_message(
    sara: Client, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    RoundJobTitle.objects.create(round=draft_round, job_title=job_titles["Bager"])
    page = sara.post(
        reverse("positivelist:round_fix", args=[draft_round.pk]),
        {
            "fixed": [job_titles["Bager"].pk],
            "fixed_by": "Formandskabet",
            "fixed_on": "2026-11-02",
            "decision": "Fastlagt.",
            "version": draft_round.version - 1,
        },
    )
    assert page.status_code == 200
    assert "ændret, mens du arbejdede" in page.content.decode()
    draft_round.refresh_from_db()
    assert draft_round.status == Round.Status.DRAFT


def test_opening_the_consultation_from_the_form_mails_working_links(
    sara: Client, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    page = sara.post(
        reverse("positivelist:consultation_open", args=[fixed_round.pk]),
        {
            "deadline_date": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
            "deadline_time": "12:00",
            "organisations": [organisations["EUC Nord"].pk, organisations["3F Aalborg"].pk],
            "message": "Velkommen til høringen.",
        },
    )
    assert page.status_code == 302
    assert len(mail.outbox) == 2
    token = token_from_mail(mail.outbox[0].body)
    assert not Invitation.objects.filter(token_hash=token).exists()
    detail = sara.get(reverse("positivelist:round_detail", args=[fixed_round.pk])).content.decode()
    assert "Intet svar endnu" in detail and "EUC Nord" in detail


def test_the_round_page_offers_a_new_link_and_it_replaces_the_old(
    sara: Client, open_consultation: OpenConsultation, organisations: dict[str, Organisation]
) -> None:
    invitation = Invitation.objects.get(organisation=organisations["EUC Nord"])
    old_hash = invitation.token_hash
    resend = reverse("positivelist:invitation_resend", args=[invitation.pk])
    detail = sara.get(
        reverse("positivelist:round_detail", args=[open_consultation.round.pk])
    ).content.decode()
    assert resend in detail
    mail.outbox.clear()
    assert sara.post(resend).status_code == 302
    invitation.refresh_from_db()
    assert invitation.token_hash != old_hash
    assert len(mail.outbox) == 1


def _open_from_the_form(sara: Client, round: Round, organisations: list[Organisation]) -> str:
    """Open the consultation from the form; the text of the round page it leads to."""
    page = sara.post(
        reverse("positivelist:consultation_open", args=[round.pk]),
        {
            "deadline_date": (dt.date.today() + dt.timedelta(days=20)).isoformat(),
            "deadline_time": "12:00",
            "organisations": [o.pk for o in organisations],
            "message": "",
        },
        follow=True,
    )
    assert page.redirect_chain, page.content.decode()
    return page.content.decode()


def test_when_mails_fail_the_page_names_them_and_offers_to_send_the_link_again(
    sara: Client, fixed_round: Round, organisations: dict[str, Organisation]
) -> None:
    chosen = [organisations[n] for n in ("EUC Nord", "Jobcenter Aalborg", "3F Aalborg")]
    with mail_failing(1, 3):  # the form sends in name order: 3F, EUC Nord, Jobcenter
        detail = _open_from_the_form(sara, fixed_round, chosen)
    fixed_round.refresh_from_db()
    assert fixed_round.status == Round.Status.CONSULTATION
    assert (
        "Høringen er åbnet, men e-mailen til 3F Aalborg og Jobcenter Aalborg kunne ikke sendes. "
        "Send linket igen fra listen nedenfor."
    ) in detail
    assert detail.count("E-mail ikke sendt") == 2
    assert "E-mailen til 2 organisationer er ikke sendt." in detail
    invitation = Invitation.objects.get(organisation=organisations["Jobcenter Aalborg"])
    resend = reverse("positivelist:invitation_resend", args=[invitation.pk])
    assert resend in detail
    assert 'Send linket igen<span class="sr-only"> til Jobcenter Aalborg' in detail
    mail.outbox.clear()
    after = sara.post(resend, follow=True).content.decode()
    assert "Et nyt link er sendt til Jobcenter Aalborg." in after
    assert after.count("E-mail ikke sendt") == 1
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert [m.to for m in mail.outbox] == [["jobcenter@aalborg.example.dk"]]


def test_inviting_more_when_the_mail_fails_warns_and_keeps_the_invitation(
    sara: Client, pl: PLCast, open_consultation: OpenConsultation
) -> None:
    foa = Organisation.objects.create(
        council=pl.council, name="FOA", kind=Organisation.Kind.UNION, email="foa@example.dk"
    )
    with mail_failing(down=True):
        page = sara.post(
            reverse("positivelist:consultation_invite", args=[open_consultation.round.pk]),
            {"organisations": [foa.pk]},
            follow=True,
        )
    assert (
        "1 organisationer er inviteret, men e-mailen til FOA kunne ikke sendes."
        in page.content.decode()
    )
    assert Invitation.objects.get(organisation=foa).sent_at is None


def test_a_resend_that_fails_says_so_and_the_old_link_still_works(
    sara: Client, open_consultation: OpenConsultation, organisations: dict[str, Organisation]
) -> None:
    invitation = Invitation.objects.get(organisation=organisations["EUC Nord"])
    old_hash = invitation.token_hash
    with mail_failing(down=True):
        page = sara.post(
            reverse("positivelist:invitation_resend", args=[invitation.pk]), follow=True
        )
    assert "E-mailen med det nye link til EUC Nord kunne ikke sendes." in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.token_hash == old_hash


def test_organisations_are_kept_from_the_directory_pages(sara: Client, pl: PLCast) -> None:
    add = reverse("positivelist:organisation_add", args=["testland"])
    page = sara.post(
        add, {"name": "EUC Nord", "kind": "institution", "email": "kurser@eucnord.example.dk"}
    )
    assert page.status_code == 302
    euc = Organisation.objects.get(name="EUC Nord")
    sara.post(reverse("positivelist:organisation_deactivate", args=["testland", euc.pk]))
    euc.refresh_from_db()
    assert not euc.is_active
    listing = sara.get(reverse("positivelist:organisations", args=["testland"])).content.decode()
    assert "Deaktiveret" in listing


def test_the_organisation_import_page_lists_row_errors(sara: Client, pl: PLCast) -> None:
    upload = SimpleUploadedFile("org.csv", b"Navn;Type;E-mail\nEUC;Skole;ikke-mail\n")
    page = sara.post(
        reverse("positivelist:organisation_import", args=["testland"]), {"upload": upload}
    )
    assert page.status_code == 400
    assert '<th scope="row">2</th><td>E-mail</td>' in page.content.decode()
    assert not Organisation.objects.exists()


def test_members_cannot_post_to_the_secretariat_pages(
    client: Client, pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    _as(client, pl.mette)
    page = client.post(
        reverse("positivelist:round_propose", args=[draft_round.pk]),
        {"job_title": [job_titles["Bager"].pk]},
    )
    assert page.status_code == 403
    assert not RoundJobTitle.objects.exists()


def test_every_secretariat_page_opens(
    sara: Client, open_consultation: OpenConsultation, organisations: dict[str, Organisation]
) -> None:
    round_id = open_consultation.round.pk
    euc = organisations["EUC Nord"].pk
    for name, args in (
        ("rounds", []),
        ("round_create", []),
        ("round_detail", [round_id]),
        ("round_propose", [round_id]),
        ("round_fix", [round_id]),
        ("consultation_open", [round_id]),
        ("consultation_invite", [round_id]),
        ("balance", ["testland"]),
        ("balance_import", ["testland"]),
        ("organisations", ["testland"]),
        ("organisation_add", ["testland"]),
        ("organisation_edit", ["testland", euc]),
        ("organisation_import", ["testland"]),
    ):
        assert sara.get(reverse(f"positivelist:{name}", args=args)).status_code == 200, name
