"""SIRI's supplementary job titles: the evidence on a proposal, two years' validity (also from
a leap day), the warning before a title runs out, and who may propose and decide."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.positivelist.models import JobTitle, LabourMarketBalance
from raadsrum.positivelist.models import SupplementaryTitleProposal as Proposal
from raadsrum.positivelist.siri_selectors import (
    supplementary_titles_expiring,
    supplementary_titles_in_force,
)
from raadsrum.positivelist.siri_services import (
    parse_job_wish_text,
    supplementary_title_decide,
    supplementary_title_propose,
    validity_for,
)
from raadsrum.positivelist.tests.conftest import PLCast

IN_2026 = dt.date(2026, 3, 15)  # the fixture's balance (first half of 2026) is in force
PHARMACIST_WISHES = {"2026-01": 4, "2026-02": 5, "2026-03": 4}


@pytest.fixture
def pharmacist(db: None) -> JobTitle:
    return JobTitle.objects.create(title="Farmaceut", disco_code="2262")


def _propose(pl: PLCast, title: JobTitle, on: dt.date = IN_2026) -> Proposal:
    return supplementary_title_propose(
        council=pl.council,
        job_title=title,
        job_wish_counts=PHARMACIST_WISHES,
        evidence="Få ledige farmaceuter har jobønsket.",
        by=pl.sara,
        on=on,
    )


def _approved(pl: PLCast, title: JobTitle, decided_on: dt.date) -> Proposal:
    return supplementary_title_decide(
        proposal=_propose(pl, title),
        status=Proposal.Status.APPROVED,
        decided_on=decided_on,
        by=pl.sara,
    )


# --- Evidence -------------------------------------------------------------------------------------


def test_proposal_takes_the_category_from_the_balance_in_force(
    pl: PLCast, balance: LabourMarketBalance, job_titles: dict[str, JobTitle]
) -> None:
    proposal = _propose(pl, job_titles["Sygeplejerske"])

    assert proposal.balance_category == "shortage"
    assert proposal.job_wish_counts == PHARMACIST_WISHES
    assert proposal.status == Proposal.Status.PROPOSED
    assert AuditEntry.objects.filter(action="siri.propose").count() == 1


def test_no_category_when_the_title_is_not_in_the_balance_or_no_balance_is_in_force(
    pl: PLCast, balance: LabourMarketBalance, job_titles: dict[str, JobTitle], pharmacist: JobTitle
) -> None:
    assert _propose(pl, pharmacist).balance_category == ""
    before_the_balance = _propose(pl, job_titles["Bager"], on=dt.date(2025, 12, 31))
    assert before_the_balance.balance_category == ""


def test_job_wish_counts_must_be_months_and_whole_non_negative_numbers(
    pl: PLCast, pharmacist: JobTitle
) -> None:
    for counts in ({"2026-13": 4}, {"januar": 4}, {"2026-01": -1}, {"2026-01": "fire"}):
        with pytest.raises(ValidationFailed):
            supplementary_title_propose(
                council=pl.council,
                job_title=pharmacist,
                job_wish_counts=counts,
                evidence="",
                by=pl.sara,
            )
    assert not Proposal.objects.exists()


def test_pasted_two_columns_become_monthly_counts() -> None:
    pasted = "Måned\tAntal\n2020-01\t4\njanuar 2021; 5\n02/2021  79\n"

    assert parse_job_wish_text(pasted) == {"2020-01": 4, "2021-01": 5, "2021-02": 79}
    with pytest.raises(ValidationFailed, match="Linje 2"):
        parse_job_wish_text("2020-01 4\nsidste måned 5\n")


def test_a_title_cannot_be_proposed_twice_while_pending(pl: PLCast, pharmacist: JobTitle) -> None:
    _propose(pl, pharmacist)

    with pytest.raises(Conflict):
        _propose(pl, pharmacist)


def test_only_the_councils_secretariat_proposes_and_decides(
    pl: PLCast, pharmacist: JobTitle
) -> None:
    for user in (pl.kurt, pl.mette, pl.otto, pl.sven):
        with pytest.raises(PermissionDenied):
            supplementary_title_propose(
                council=pl.council,
                job_title=pharmacist,
                job_wish_counts={},
                evidence="",
                by=user,
            )
    proposal = _propose(pl, pharmacist)
    with pytest.raises(PermissionDenied):
        supplementary_title_decide(
            proposal=proposal,
            status=Proposal.Status.APPROVED,
            decided_on=dt.date(2026, 1, 5),
            by=pl.sven,
        )


# --- Two years' validity ------------------------------------------------------------------------


def test_approval_is_valid_two_years_from_the_decision(pl: PLCast, pharmacist: JobTitle) -> None:
    proposal = _approved(pl, pharmacist, dt.date(2025, 6, 4))

    assert (proposal.valid_from, proposal.valid_to) == (dt.date(2025, 6, 4), dt.date(2027, 6, 3))
    assert proposal.decided_on == dt.date(2025, 6, 4)


def test_validity_from_a_leap_day_runs_to_the_end_of_february(pl: PLCast) -> None:
    # 29 February 2024 + 2 years has no 29 February: the title is valid through 28 February.
    assert validity_for(dt.date(2024, 2, 29)) == (dt.date(2024, 2, 29), dt.date(2026, 2, 28))


def test_validity_across_a_leap_day_ends_on_it(pl: PLCast) -> None:
    assert validity_for(dt.date(2022, 3, 1))[1] == dt.date(2024, 2, 29)
    assert validity_for(dt.date(2023, 3, 1))[1] == dt.date(2025, 2, 28)


def test_a_rejection_has_no_validity_and_a_decision_is_final(
    pl: PLCast, pharmacist: JobTitle
) -> None:
    proposal = supplementary_title_decide(
        proposal=_propose(pl, pharmacist),
        status=Proposal.Status.REJECTED,
        decided_on=dt.date(2026, 4, 1),
        by=pl.sara,
    )

    assert (proposal.valid_from, proposal.valid_to) == (None, None)
    with pytest.raises(Conflict):
        supplementary_title_decide(
            proposal=proposal,
            status=Proposal.Status.APPROVED,
            decided_on=dt.date(2026, 4, 2),
            by=pl.sara,
        )


def test_a_decision_cannot_be_dated_in_the_future(pl: PLCast, pharmacist: JobTitle) -> None:
    with pytest.raises(ValidationFailed):
        supplementary_title_decide(
            proposal=_propose(pl, pharmacist),
            status=Proposal.Status.APPROVED,
            decided_on=dt.date.today() + dt.timedelta(days=30),
            by=pl.sara,
        )


def test_titles_in_force_on_a_day(pl: PLCast, pharmacist: JobTitle) -> None:
    proposal = _approved(pl, pharmacist, dt.date(2024, 2, 29))

    assert proposal not in supplementary_titles_in_force(
        council=pl.council, on=dt.date(2024, 2, 28)
    )
    assert proposal in supplementary_titles_in_force(council=pl.council, on=dt.date(2026, 2, 28))
    assert proposal not in supplementary_titles_in_force(council=pl.council, on=dt.date(2026, 3, 1))


# --- The expiry warning -------------------------------------------------------------------------


def test_warning_90_days_before_the_last_valid_day_and_not_91(
    pl: PLCast, pharmacist: JobTitle
) -> None:
    proposal = _approved(pl, pharmacist, dt.date(2024, 3, 1))
    assert proposal.valid_to == dt.date(2026, 2, 28)

    at_90 = supplementary_titles_expiring(council=pl.council, on=dt.date(2025, 11, 30))
    at_91 = supplementary_titles_expiring(council=pl.council, on=dt.date(2025, 11, 29))

    assert [(e.proposal, e.days_left) for e in at_90] == [(proposal, 90)]
    assert at_91 == []


def test_no_warning_once_the_title_has_run_out(pl: PLCast, pharmacist: JobTitle) -> None:
    _approved(pl, pharmacist, dt.date(2024, 3, 1))

    assert supplementary_titles_expiring(council=pl.council, on=dt.date(2026, 3, 1)) == []


def test_siri_page_shows_the_expiry_warning(
    client: Client, pl: PLCast, pharmacist: JobTitle
) -> None:
    # Decided 23 months ago: about a month left of the two years.
    decided = dt.date.today() - dt.timedelta(days=700)
    _approved(pl, pharmacist, decided)
    client.force_login(pl.sara)

    response = client.get(reverse("positivelist:siri_list", args=[pl.council.slug]))

    assert response.status_code == 200
    assert "udløber snart" in response.content.decode()
    assert "Farmaceut" in response.content.decode()


def test_siri_pages_are_for_the_secretariat(client: Client, pl: PLCast) -> None:
    client.force_login(pl.kurt)

    for name in ("positivelist:siri_list", "positivelist:siri_propose"):
        assert client.get(reverse(name, args=[pl.council.slug])).status_code == 403


def test_propose_form_with_a_month_table(client: Client, pl: PLCast, pharmacist: JobTitle) -> None:
    client.force_login(pl.sara)

    response = client.post(
        reverse("positivelist:siri_propose", args=[pl.council.slug]),
        {
            "job_title": pharmacist.pk,
            "month_1": "2026-01",
            "count_1": "4",
            "month_2": "2026-02",
            "count_2": "5",
            "evidence": "Mangel på farmaceuter.",
        },
    )

    assert response.status_code == 302
    assert Proposal.objects.get().job_wish_counts == {"2026-01": 4, "2026-02": 5}


def test_decide_form_approves(client: Client, pl: PLCast, pharmacist: JobTitle) -> None:
    proposal = _propose(pl, pharmacist)
    client.force_login(pl.sara)

    response = client.post(
        reverse("positivelist:siri_decide", args=[pl.council.slug, proposal.pk]),
        {"status": "approved", "decided_on": "2024-02-29"},
    )

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.valid_to == dt.date(2026, 2, 28)


def test_staff_pages_render_for_the_secretariat(
    client: Client, pl: PLCast, pharmacist: JobTitle
) -> None:
    proposal = _propose(pl, pharmacist)
    client.force_login(pl.sara)

    for url in (
        reverse("positivelist:siri_list", args=[pl.council.slug]),
        reverse("positivelist:siri_propose", args=[pl.council.slug]),
        reverse("positivelist:siri_decide", args=[pl.council.slug, proposal.pk]),
        reverse("positivelist:pool_import", args=[pl.council.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<h1>" in response.content.decode()


def test_propose_form_accepts_pasted_columns(
    client: Client, pl: PLCast, pharmacist: JobTitle
) -> None:
    client.force_login(pl.sara)

    response = client.post(
        reverse("positivelist:siri_propose", args=[pl.council.slug]),
        {"job_title": pharmacist.pk, "pasted": "2026-01\t4\n2026-02\t5", "evidence": "Mangel."},
    )

    assert response.status_code == 302
    assert Proposal.objects.get().job_wish_counts == {"2026-01": 4, "2026-02": 5}


def test_the_positive_list_index_warns_the_secretariat_of_a_title_running_out(
    client: Client, pl: PLCast, pharmacist: JobTitle
) -> None:
    from raadsrum.councils.selectors import today

    _approved(pl, pharmacist, decided_on=today() - dt.timedelta(days=700))
    client.force_login(pl.sara)
    html = client.get(reverse("positivelist:rounds")).content.decode()
    assert "udløber snart" in html and "Farmaceut" in html
    assert reverse("positivelist:siri_list", args=[pl.council.slug]) in html
    assert reverse("positivelist:pool", args=[pl.council.slug]) in html
