"""Closing the consultation, running the screening and the secretariat's decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.positivelist import screening_services as services
from raadsrum.positivelist.models import CourseProposal, JobTitle, Organisation, Round
from raadsrum.positivelist.screening import ALREADY_LISTED, DUPLICATE_PROPOSAL, TOO_LONG
from raadsrum.positivelist.tests.conftest import PLCast
from raadsrum.positivelist.tests.screening_setup import ScreeningCase, make_screening_case

ACCEPTED = CourseProposal.Status.ACCEPTED
REJECTED = CourseProposal.Status.REJECTED
PENDING = CourseProposal.Status.PENDING


@pytest.fixture
def case(
    pl: PLCast,
    fixed_round: Round,
    organisations: dict[str, Organisation],
    job_titles: dict[str, JobTitle],
) -> ScreeningCase:
    return make_screening_case(
        pl=pl, fixed_round=fixed_round, organisations=organisations, job_titles=job_titles
    )


@pytest.fixture
def in_consultation(
    pl: PLCast,
    fixed_round: Round,
    organisations: dict[str, Organisation],
    job_titles: dict[str, JobTitle],
) -> ScreeningCase:
    return make_screening_case(
        pl=pl,
        fixed_round=fixed_round,
        organisations=organisations,
        job_titles=job_titles,
        status=Round.Status.CONSULTATION,
    )


def codes(proposal: CourseProposal) -> list[str]:
    proposal.refresh_from_db()
    return [flag["code"] for flag in proposal.flags]


def pairs(*proposals: CourseProposal) -> list[tuple[int, int]]:
    return [(p.pk, p.version) for p in proposals]


# --- closing the consultation ----------------------------------------------------------------


def test_screening_starts_after_the_deadline_and_flags_the_answers(
    pl: PLCast, in_consultation: ScreeningCase
) -> None:
    summary = services.screening_start(round=in_consultation.round, by=pl.sara)
    in_consultation.round.refresh_from_db()
    assert in_consultation.round.status == Round.Status.SCREENING
    assert summary.screened == 4
    assert codes(in_consultation.listed) == [ALREADY_LISTED]


def test_screening_does_not_start_before_the_deadline_unless_closed_early(
    pl: PLCast, in_consultation: ScreeningCase
) -> None:
    before = in_consultation.round.consultation.deadline - dt.timedelta(hours=1)
    with pytest.raises(ValidationFailed, match="Høringsfristen"):
        services.screening_start(round=in_consultation.round, by=pl.sara, now=before)
    services.screening_start(round=in_consultation.round, by=pl.sara, now=before, force=True)
    in_consultation.round.refresh_from_db()
    assert in_consultation.round.status == Round.Status.SCREENING


def test_closing_early_is_recorded_in_the_audit_log(
    pl: PLCast, in_consultation: ScreeningCase
) -> None:
    before = in_consultation.round.consultation.deadline - dt.timedelta(hours=1)
    services.screening_start(round=in_consultation.round, by=pl.sara, now=before, force=True)
    entry = AuditEntry.objects.get(action="positivelist.screening_start")
    assert entry.actor == pl.sara
    assert entry.details == {"closed_early": True}


@pytest.mark.parametrize("who", ["kurt", "mette", "otto", "sven"])
def test_only_the_councils_secretariat_starts_the_screening(
    pl: PLCast, in_consultation: ScreeningCase, who: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.screening_start(round=in_consultation.round, by=getattr(pl, who))


def test_a_round_not_in_consultation_cannot_start_screening(
    pl: PLCast, case: ScreeningCase
) -> None:
    with pytest.raises(ValidationFailed):
        services.screening_start(round=case.round, by=pl.sara)


# --- running the rules -----------------------------------------------------------------------


def test_running_the_screening_flags_each_submitted_proposal(
    pl: PLCast, case: ScreeningCase
) -> None:
    summary = services.screening_run(round=case.round, by=pl.sara)
    assert codes(case.clean) == []
    assert codes(case.listed) == [ALREADY_LISTED]
    assert codes(case.duplicate) == [DUPLICATE_PROPOSAL]
    assert codes(case.too_long) == [TOO_LONG]
    assert (summary.screened, summary.flagged) == (4, 3)


def test_the_duplicate_names_the_organisation_that_proposed_it_first(
    pl: PLCast, case: ScreeningCase
) -> None:
    services.screening_run(round=case.round, by=pl.sara)
    case.duplicate.refresh_from_db()
    assert case.duplicate.flags[0]["reason"] == (
        "Samme kursus er også foreslået af EUC Nord: 45678 Surdejsbagning (EUC Nord)"
    )


def test_drafts_are_not_screened(pl: PLCast, case: ScreeningCase) -> None:
    services.screening_run(round=case.round, by=pl.sara)
    assert codes(case.draft) == []


def test_a_council_rule_on_the_lists_start_day_decides_the_length(
    pl: PLCast, case: ScreeningCase
) -> None:
    from decimal import Decimal

    from raadsrum.positivelist.models import CourseLengthRule

    CourseLengthRule.objects.create(
        council=pl.council,
        valid_from=case.round.valid_from,
        max_days=Decimal("10"),
        max_ects=Decimal("15"),
    )
    services.screening_run(round=case.round, by=pl.sara)
    assert TOO_LONG not in codes(case.too_long)


def test_running_again_keeps_decisions_and_versions(pl: PLCast, case: ScreeningCase) -> None:
    services.proposals_decide(proposals=pairs(case.clean), status=ACCEPTED, reason="", by=pl.sara)
    case.clean.refresh_from_db()
    services.screening_run(round=case.round, by=pl.sara)
    kept = CourseProposal.objects.get(pk=case.clean.pk)
    assert (kept.status, kept.version) == (ACCEPTED, case.clean.version)


def test_only_the_secretariat_runs_the_screening(pl: PLCast, case: ScreeningCase) -> None:
    with pytest.raises(PermissionDenied):
        services.screening_run(round=case.round, by=pl.kurt)


# --- decisions -------------------------------------------------------------------------------


def test_accepting_in_bulk_writes_every_proposal_and_who_did_it(
    pl: PLCast, case: ScreeningCase
) -> None:
    result = services.proposals_decide(
        proposals=pairs(case.clean, case.too_long),
        status=ACCEPTED,
        reason="Opfylder kriterierne",
        by=pl.sara,
    )
    assert result.conflicts == []
    for proposal in (case.clean, case.too_long):
        proposal.refresh_from_db()
        assert (proposal.status, proposal.status_by, proposal.version) == (ACCEPTED, pl.sara, 2)
        assert proposal.status_reason == "Opfylder kriterierne"


def test_rejecting_needs_a_reason(pl: PLCast, case: ScreeningCase) -> None:
    with pytest.raises(ValidationFailed, match="begrundelse"):
        services.proposals_decide(
            proposals=pairs(case.listed), status=REJECTED, reason=" ", by=pl.sara
        )
    case.listed.refresh_from_db()
    assert case.listed.status == PENDING


def test_rejecting_with_a_reason_stores_it(pl: PLCast, case: ScreeningCase) -> None:
    services.proposals_decide(
        proposals=pairs(case.listed), status=REJECTED, reason="Står allerede på listen", by=pl.sara
    )
    case.listed.refresh_from_db()
    assert (case.listed.status, case.listed.status_reason) == (REJECTED, "Står allerede på listen")


def test_two_secretaries_deciding_the_same_proposal_lose_nothing(
    pl: PLCast, case: ScreeningCase
) -> None:
    # Both load the table while the proposals are at version 1.
    saras_page = pairs(case.clean, case.listed)
    sofies_page = pairs(case.clean, case.duplicate)
    first = services.proposals_decide(proposals=saras_page, status=ACCEPTED, reason="", by=pl.sara)
    second = services.proposals_decide(
        proposals=sofies_page, status=REJECTED, reason="Dublet", by=case.sofie
    )
    assert first.conflicts == []
    assert [c.proposal_id for c in second.conflicts] == [case.clean.pk]
    assert "Sara Sekretær" in second.conflicts[0].message
    assert "Indstilles" in second.conflicts[0].message
    case.clean.refresh_from_db()
    case.duplicate.refresh_from_db()
    assert (case.clean.status, case.clean.status_by) == (ACCEPTED, pl.sara)
    assert (case.duplicate.status, case.duplicate.status_by) == (REJECTED, case.sofie)


@pytest.mark.parametrize("who", ["kurt", "mette", "otto", "sven"])
def test_only_the_councils_secretariat_decides(pl: PLCast, case: ScreeningCase, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.proposals_decide(
            proposals=pairs(case.clean), status=ACCEPTED, reason="", by=getattr(pl, who)
        )
    case.clean.refresh_from_db()
    assert case.clean.status == PENDING


def test_a_draft_proposal_cannot_be_decided(pl: PLCast, case: ScreeningCase) -> None:
    result = services.proposals_decide(
        proposals=pairs(case.clean, case.draft), status=ACCEPTED, reason="", by=pl.sara
    )
    assert [c.proposal_id for c in result.conflicts] == [case.draft.pk]
    case.draft.refresh_from_db()
    assert case.draft.status == PENDING


def test_decisions_wait_for_the_screening(pl: PLCast, in_consultation: ScreeningCase) -> None:
    with pytest.raises(ValidationFailed, match="screening"):
        services.proposals_decide(
            proposals=pairs(in_consultation.clean), status=ACCEPTED, reason="", by=pl.sara
        )


def test_every_decision_is_audited(pl: PLCast, case: ScreeningCase) -> None:
    services.proposals_decide(
        proposals=pairs(case.clean, case.listed), status=REJECTED, reason="Uden for", by=pl.sara
    )
    entries = AuditEntry.objects.filter(action="positivelist.proposal_decide")
    assert sorted(int(e.target_id) for e in entries) == sorted([case.clean.pk, case.listed.pk])
    assert all(e.actor == pl.sara and e.details["reason"] == "Uden for" for e in entries)


def test_a_decision_can_be_set_back_to_pending(pl: PLCast, case: ScreeningCase) -> None:
    services.proposals_decide(proposals=pairs(case.clean), status=ACCEPTED, reason="", by=pl.sara)
    services.proposals_decide(proposals=[(case.clean.pk, 2)], status=PENDING, reason="", by=pl.sara)
    case.clean.refresh_from_db()
    assert (case.clean.status, case.clean.version) == (PENDING, 3)
    assert case.clean.status_at is not None and case.clean.status_at <= timezone.now()


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_saving_at_the_same_moment_on_postgresql(
    pl: PLCast, case: ScreeningCase
) -> None:
    """The real race: two transactions update the same row at once. PostgreSQL makes the
    second wait for the first and then finds the version moved on (SQLite in the tests is
    one in-memory connection, so there the sequential test above stands in)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs a database that two connections can write at once")
    start = threading.Barrier(2)
    results: dict[str, services.DecideResult] = {}

    def decide(name: str, by: User, status: str) -> None:
        try:
            start.wait()
            results[name] = services.proposals_decide(
                proposals=[(case.clean.pk, 1)], status=status, reason="Samtidig", by=by
            )
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("sara", pl.sara, ACCEPTED)),
        threading.Thread(target=decide, args=("sofie", case.sofie, REJECTED)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [name for name, result in results.items() if result.decided]
    losers = [name for name, result in results.items() if result.conflicts]
    assert len(winners) == 1 and len(losers) == 1
    case.clean.refresh_from_db()
    assert case.clean.version == 2
    assert case.clean.status == (ACCEPTED if winners == ["sara"] else REJECTED)
