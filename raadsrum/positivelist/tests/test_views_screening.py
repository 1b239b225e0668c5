"""The screening pages as the secretariat uses them, and who may not."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from raadsrum.positivelist import screening_services as services
from raadsrum.positivelist.models import CourseProposal, JobTitle, Organisation, Round
from raadsrum.positivelist.tests.conftest import PLCast
from raadsrum.positivelist.tests.screening_setup import ScreeningCase, make_screening_case


@pytest.fixture
def case(
    pl: PLCast,
    fixed_round: Round,
    organisations: dict[str, Organisation],
    job_titles: dict[str, JobTitle],
) -> ScreeningCase:
    made = make_screening_case(
        pl=pl, fixed_round=fixed_round, organisations=organisations, job_titles=job_titles
    )
    services.screening_run(round=made.round, by=pl.sara)
    return made


def login(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def table_url(case: ScreeningCase, query: str = "") -> str:
    url = reverse("positivelist:screening", args=[case.round.pk])
    return f"{url}?{query}" if query else url


def body_rows(html: str) -> list[str]:
    tbody = html.split('<tbody id="proposals-body">', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", tbody, flags=re.S)


def texts(response: object) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]  # type: ignore[attr-defined]


def test_the_table_lists_submitted_proposals_with_flags_as_text(
    pl: PLCast, case: ScreeningCase
) -> None:
    response = login(pl.sara).get(table_url(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert len(body_rows(html)) == 4  # the draft is not there
    assert "Excel for alle" not in html
    assert "Står allerede på listen</span>" in html  # the tag, in words
    assert "40123 Brød og kager (AMU Nordjylland)</span>" in html  # what it matched
    assert '<th scope="col">' in html and "<caption" in html
    assert 'role="region" aria-labelledby="proposals-caption"' in html


def test_each_row_carries_the_version_it_was_loaded_at(pl: PLCast, case: ScreeningCase) -> None:
    html = login(pl.sara).get(table_url(case)).content.decode()
    assert f'name="version-{case.clean.pk}" value="1"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("flag=already_listed", ["Brød og kager"]),
        ("flag=none", ["Surdejsbagning"]),
        ("kind=academy", ["Akut sygepleje"]),
        ("q=akut", ["Akut sygepleje"]),
        ("status=accepted", []),
    ],
)
def test_filters_narrow_the_table(
    pl: PLCast, case: ScreeningCase, query: str, expected: list[str]
) -> None:
    rows = body_rows(login(pl.sara).get(table_url(case, query)).content.decode())
    if not expected:
        assert "Ingen forslag passer til filtrene." in rows[0]
        return
    assert len(rows) == len(expected)
    assert all(title in row for title, row in zip(expected, rows, strict=True))


def test_filter_by_organisation_and_job_title(
    pl: PLCast, case: ScreeningCase, organisations: dict[str, Organisation]
) -> None:
    jobcenter = organisations["Jobcenter Aalborg"].pk
    rows = body_rows(
        login(pl.sara).get(table_url(case, f"organisation={jobcenter}")).content.decode()
    )
    assert len(rows) == 2
    nurse = JobTitle.objects.get(title="Sygeplejerske").pk
    rows = body_rows(login(pl.sara).get(table_url(case, f"job_title={nurse}")).content.decode())
    assert len(rows) == 1 and "Akut sygepleje" in rows[0]


def test_the_table_reads_in_the_same_number_of_queries_for_more_rows(
    pl: PLCast, case: ScreeningCase
) -> None:
    client = login(pl.sara)
    client.get(table_url(case))  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(table_url(case)).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    nurse = JobTitle.objects.get(title="Sygeplejerske")
    for n in range(10):
        extra = CourseProposal.objects.create(
            response=case.clean.response,
            position=10 + n,
            course_number=f"4{n:04d}",
            title=f"Kursus {n}",
            provider="EUC Nord",
            kind="amu",
            duration=2,
            flags=[{"code": "too_long", "reason": "Varer for længe"}],
        )
        extra.job_titles.set([nurse])
    assert queries() == before


def test_bulk_reject_with_a_reason_keeps_the_filters(pl: PLCast, case: ScreeningCase) -> None:
    response = login(pl.sara).post(
        reverse("positivelist:screening_decide", args=[case.round.pk]),
        {
            "proposal": [case.listed.pk, case.duplicate.pk],
            f"version-{case.listed.pk}": 1,
            f"version-{case.duplicate.pk}": 1,
            "status": "rejected",
            "reason": "Uden for kriterierne",
            "next": table_url(case, "flag=already_listed"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == table_url(case, "flag=already_listed")
    assert texts(response) == ["2 forslag står nu som »Afvist«."]
    assert CourseProposal.objects.filter(status="rejected").count() == 2


def test_rejecting_without_a_reason_shows_the_rule_and_saves_nothing(
    pl: PLCast, case: ScreeningCase
) -> None:
    response = login(pl.sara).post(
        reverse("positivelist:screening_decide", args=[case.round.pk]),
        {"proposal": [case.listed.pk], f"version-{case.listed.pk}": 1, "status": "rejected"},
    )
    assert texts(response) == ["Skriv en begrundelse for afvisningen."]
    case.listed.refresh_from_db()
    assert case.listed.status == "pending"


def test_a_conflict_is_listed_after_the_result(pl: PLCast, case: ScreeningCase) -> None:
    services.proposals_decide(
        proposals=[(case.clean.pk, 1)], status="accepted", reason="", by=case.sofie
    )
    response = login(pl.sara).post(
        reverse("positivelist:screening_decide", args=[case.round.pk]),
        {
            "proposal": [case.clean.pk, case.too_long.pk],
            f"version-{case.clean.pk}": 1,
            f"version-{case.too_long.pk}": 1,
            "status": "rejected",
            "reason": "For lang",
        },
    )
    shown = texts(response)
    assert shown[0] == "1 forslag står nu som »Afvist«."
    assert shown[1].startswith("1 forslag blev ikke gemt")
    assert "45678 Surdejsbagning (EUC Nord) fra EUC Nord blev afgjort af Sofie" in shown[2]
    case.clean.refresh_from_db()
    assert case.clean.status == "accepted"


def test_the_detail_page_shows_the_flags_and_a_decision_form(
    pl: PLCast, case: ScreeningCase
) -> None:
    url = reverse("positivelist:screening_proposal", args=[case.round.pk, case.too_long.pk])
    html = login(pl.sara).get(url).content.decode()
    assert "For langt kursus" in html
    assert "Varer 15 ECTS-point; grænsen er 10 ECTS-point" in html
    assert f'name="version-{case.too_long.pk}" value="1"' in html


def test_the_rerun_button_screens_again(pl: PLCast, case: ScreeningCase) -> None:
    CourseProposal.objects.filter(pk=case.listed.pk).update(flags=[])
    response = login(pl.sara).post(reverse("positivelist:screening_run", args=[case.round.pk]))
    assert response.status_code == 302
    case.listed.refresh_from_db()
    assert [f["code"] for f in case.listed.flags] == ["already_listed"]


@pytest.mark.parametrize("who", ["kurt", "mette", "otto", "sven"])
def test_only_the_secretariat_sees_the_screening(pl: PLCast, case: ScreeningCase, who: str) -> None:
    client = login(getattr(pl, who))
    assert client.get(table_url(case)).status_code == 403
    detail = reverse("positivelist:screening_proposal", args=[case.round.pk, case.clean.pk])
    assert client.get(detail).status_code == 403
    decide = reverse("positivelist:screening_decide", args=[case.round.pk])
    response = client.post(
        decide, {"proposal": [case.clean.pk], f"version-{case.clean.pk}": 1, "status": "accepted"}
    )
    assert response.status_code == 403
    case.clean.refresh_from_db()
    assert case.clean.status == "pending"


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login(case: ScreeningCase) -> None:
    response = Client().get(table_url(case))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_closing_the_consultation_early_from_the_round_page(
    pl: PLCast, case: ScreeningCase
) -> None:
    from django.utils import timezone

    Round.objects.filter(pk=case.round.pk).update(status=Round.Status.CONSULTATION)
    case.round.consultation.deadline = timezone.now() + dt.timedelta(days=2)
    case.round.consultation.save()
    response = login(pl.sara).post(
        reverse("positivelist:screening_start", args=[case.round.pk]), {"force": "1"}
    )
    assert response["Location"] == table_url(case)
    case.round.refresh_from_db()
    assert case.round.status == Round.Status.SCREENING


def test_the_round_pages_step_partial_links_to_the_screening(
    pl: PLCast, case: ScreeningCase, rf: object
) -> None:
    from django.template.loader import render_to_string

    request = rf.get("/")  # type: ignore[attr-defined]
    request.user = pl.sara
    html = render_to_string(
        "positivelist/rounds/_step_screening.html", {"round": case.round}, request=request
    )
    assert table_url(case) in html
    assert "Med flag" in html
