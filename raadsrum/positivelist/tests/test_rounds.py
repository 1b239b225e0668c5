"""Rounds: creating one for a period, proposing job titles and fixing them as a decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from raadsrum.core.audit import AuditEntry
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.positivelist import services
from raadsrum.positivelist.models import (
    BalanceCategory,
    JobTitle,
    LabourMarketBalance,
    Organisation,
    Round,
    RoundJobTitle,
)
from raadsrum.positivelist.tests.conftest import PLCast


def test_default_dates_are_the_next_1_april_the_next_1_october_or_today() -> None:
    on = dt.date(2026, 11, 23)
    assert services.round_default_valid_from(Round.Kind.YEARLY, on) == dt.date(2027, 4, 1)
    assert services.round_default_valid_from(Round.Kind.SUPPLEMENT, on) == dt.date(2027, 10, 1)
    assert services.round_default_valid_from(Round.Kind.EXTRAORDINARY, on) == on
    spring = dt.date(2026, 2, 10)
    assert services.round_default_valid_from(Round.Kind.YEARLY, spring) == dt.date(2026, 4, 1)
    assert services.round_default_valid_from(Round.Kind.SUPPLEMENT, spring) == dt.date(2026, 10, 1)


def test_a_yearly_round_gets_a_danish_title_and_the_balance_in_force(
    pl: PLCast, balance: LabourMarketBalance
) -> None:
    round = services.round_create(
        council=pl.council, kind=Round.Kind.YEARLY, valid_from=dt.date(2027, 4, 1), by=pl.sara
    )
    assert round.title == "Positivlisten pr. 1. april 2027"
    assert round.status == Round.Status.DRAFT
    assert round.balance == balance
    assert AuditEntry.objects.filter(action="positivelist.round_create").exists()


def test_an_extraordinary_addition_starts_today(pl: PLCast) -> None:
    round = services.round_create(council=pl.council, kind=Round.Kind.EXTRAORDINARY, by=pl.sara)
    assert round.valid_from == timezone.localdate()
    assert round.title.startswith("Ekstraordinær tilføjelse")


def test_the_yearly_list_starts_on_1_april_and_the_supplement_on_1_october(pl: PLCast) -> None:
    with pytest.raises(ValidationFailed, match="1. april"):
        services.round_create(
            council=pl.council, kind=Round.Kind.YEARLY, valid_from=dt.date(2027, 5, 1), by=pl.sara
        )
    with pytest.raises(ValidationFailed, match="1. oktober"):
        services.round_create(
            council=pl.council,
            kind=Round.Kind.SUPPLEMENT,
            valid_from=dt.date(2027, 4, 1),
            by=pl.sara,
        )


def test_there_is_one_yearly_round_per_council_and_year(pl: PLCast) -> None:
    services.round_create(
        council=pl.council, kind=Round.Kind.YEARLY, valid_from=dt.date(2027, 4, 1), by=pl.sara
    )
    with pytest.raises(ValidationFailed, match="findes allerede"):
        services.round_create(
            council=pl.council, kind=Round.Kind.YEARLY, valid_from=dt.date(2027, 4, 1), by=pl.sara
        )


def test_only_the_secretariat_creates_rounds(pl: PLCast) -> None:
    for user in (pl.kurt, pl.mette, pl.otto, pl.sven):
        with pytest.raises(PermissionDenied):
            services.round_create(council=pl.council, kind=Round.Kind.YEARLY, by=user)
    assert not Round.objects.exists()


def test_proposed_titles_carry_their_category_in_the_balance(
    pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    other = JobTitle.objects.create(title="Droneoperatør")
    added = services.round_propose_titles(
        round=draft_round, job_titles=[job_titles["Bager"], job_titles["Tømrer"], other], by=pl.sara
    )
    assert {a.job_title.title: a.category for a in added} == {
        "Bager": BalanceCategory.SHORTAGE,
        "Tømrer": BalanceCategory.GOOD,
        "Droneoperatør": "",  # not in the balance: may still be proposed
    }
    again = services.round_propose_titles(
        round=draft_round, job_titles=[job_titles["Bager"]], by=pl.sara
    )
    assert again == []
    assert RoundJobTitle.objects.filter(round=draft_round).count() == 3


def test_a_proposed_title_can_be_removed_before_the_titles_are_fixed(
    pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    services.round_propose_titles(round=draft_round, job_titles=[job_titles["Bager"]], by=pl.sara)
    services.round_remove_title(round=draft_round, job_title=job_titles["Bager"], by=pl.sara)
    assert not RoundJobTitle.objects.filter(round=draft_round).exists()


def _propose_three(pl: PLCast, round: Round, job_titles: dict[str, JobTitle]) -> None:
    services.round_propose_titles(
        round=round,
        job_titles=[job_titles[t] for t in ("Bager", "Sygeplejerske", "Tømrer")],
        by=pl.sara,
    )


def test_fixing_titles_records_the_decision_and_who_made_it(
    pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    _propose_three(pl, draft_round, job_titles)
    draft_round.refresh_from_db()
    fixed = services.round_fix_titles(
        round=draft_round,
        fixed=[job_titles["Bager"].pk, job_titles["Sygeplejerske"].pk],
        fixed_by="Positivlisteudvalget",
        fixed_on=dt.date(2026, 11, 2),
        decision="Udvalget fastlagde bager og sygeplejerske; tømrer venter til næste år.",
        by=pl.sara,
        expected_version=draft_round.version,
    )
    assert fixed.status == Round.Status.TITLES_FIXED
    assert fixed.titles_fixed_by == "Positivlisteudvalget"
    assert fixed.titles_fixed_on == dt.date(2026, 11, 2)
    assert "tømrer venter" in fixed.titles_decision
    assert dict(
        RoundJobTitle.objects.filter(round=draft_round).values_list("job_title__title", "is_fixed")
    ) == {"Bager": True, "Sygeplejerske": True, "Tømrer": False}
    assert AuditEntry.objects.filter(action="positivelist.round_fix_titles").exists()


def test_fixing_titles_refuses_when_the_round_changed_meanwhile(
    pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    _propose_three(pl, draft_round, job_titles)
    draft_round.refresh_from_db()
    seen = draft_round.version
    services.round_remove_title(round=draft_round, job_title=job_titles["Tømrer"], by=pl.sara)
    with pytest.raises(Conflict):
        services.round_fix_titles(
            round=draft_round,
            fixed=[job_titles["Bager"].pk],
            fixed_by="Formandskabet",
            fixed_on=dt.date(2026, 11, 2),
            decision="Fastlagt.",
            by=pl.sara,
            expected_version=seen,
        )
    draft_round.refresh_from_db()
    assert draft_round.status == Round.Status.DRAFT


def test_fixing_needs_a_decision_and_titles_from_the_proposal(
    pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    services.round_propose_titles(round=draft_round, job_titles=[job_titles["Bager"]], by=pl.sara)
    draft_round.refresh_from_db()
    common = dict(
        round=draft_round,
        fixed_by="Formandskabet",
        fixed_on=dt.date(2026, 11, 2),
        by=pl.sara,
        expected_version=draft_round.version,
    )
    with pytest.raises(ValidationFailed, match="beslutningen"):
        services.round_fix_titles(fixed=[job_titles["Bager"].pk], decision=" ", **common)  # type: ignore[arg-type]
    with pytest.raises(ValidationFailed, match="foreslåede"):
        services.round_fix_titles(
            fixed=[job_titles["Tømrer"].pk],
            decision="Fastlagt.",
            **common,  # type: ignore[arg-type]
        )
    with pytest.raises(ValidationFailed, match="mindst én"):
        services.round_fix_titles(fixed=[], decision="Fastlagt.", **common)  # type: ignore[arg-type]


def test_only_the_secretariat_records_the_fixing(
    pl: PLCast, draft_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    services.round_propose_titles(round=draft_round, job_titles=[job_titles["Bager"]], by=pl.sara)
    draft_round.refresh_from_db()
    for user in (pl.kurt, pl.mette, pl.sven):
        with pytest.raises(PermissionDenied):
            services.round_fix_titles(
                round=draft_round,
                fixed=[job_titles["Bager"].pk],
                fixed_by="Formandskabet",
                fixed_on=dt.date(2026, 11, 2),
                decision="Fastlagt.",
                by=user,
                expected_version=draft_round.version,
            )
        with pytest.raises(PermissionDenied):
            services.round_propose_titles(
                round=draft_round, job_titles=[job_titles["Tømrer"]], by=user
            )
    draft_round.refresh_from_db()
    assert draft_round.status == Round.Status.DRAFT


def test_titles_cannot_be_proposed_once_fixed(
    pl: PLCast, fixed_round: Round, job_titles: dict[str, JobTitle]
) -> None:
    with pytest.raises(ValidationFailed, match="fastlagt"):
        services.round_propose_titles(
            round=fixed_round, job_titles=[job_titles["Kontorassistent"]], by=pl.sara
        )


# --- The organisation directory ---------------------------------------------------------------


def test_organisations_are_added_edited_and_deactivated_by_the_secretariat(pl: PLCast) -> None:
    euc = services.organisation_add(
        council=pl.council,
        name="EUC Nord",
        kind=Organisation.Kind.INSTITUTION,
        email="kurser@eucnord.example.dk",
        by=pl.sara,
    )
    services.organisation_update(
        organisation=euc,
        name="EUC Nord",
        kind=Organisation.Kind.INSTITUTION,
        email="efteruddannelse@eucnord.example.dk",
        by=pl.sara,
    )
    services.organisation_deactivate(organisation=euc, by=pl.sara)
    euc.refresh_from_db()
    assert (euc.email, euc.is_active) == ("efteruddannelse@eucnord.example.dk", False)
    with pytest.raises(PermissionDenied):
        services.organisation_add(
            council=pl.council,
            name="3F",
            kind=Organisation.Kind.UNION,
            email="3f@example.dk",
            by=pl.mette,
        )


def test_an_organisation_needs_a_valid_email_and_a_free_name(
    pl: PLCast, organisations: dict[str, Organisation]
) -> None:
    with pytest.raises(ValidationFailed, match="e-mailadresse"):
        services.organisation_add(
            council=pl.council, name="Ny", kind=Organisation.Kind.OTHER, email="nej", by=pl.sara
        )
    with pytest.raises(ValidationFailed, match="findes allerede"):
        services.organisation_add(
            council=pl.council,
            name="euc nord",
            kind=Organisation.Kind.INSTITUTION,
            email="x@example.dk",
            by=pl.sara,
        )


def test_organisation_import_reports_bad_rows_and_saves_nothing(pl: PLCast) -> None:
    content = (
        b"Navn;Type;E-mail\n"
        b"EUC Nord;Uddannelsesinstitution;kurser@eucnord.example.dk\n"
        b"Jobcenter Aalborg;Kommune;jobcenter@aalborg.example.dk\n"
        b";A-kasse;akasse@example.dk\n"
        b"3F Aalborg;Fagforening;ikke-en-mail\n"
    )
    with pytest.raises(services.ImportRejected) as caught:
        services.organisation_import(
            council=pl.council, content=content, filename="org.csv", by=pl.sara
        )
    assert {(e.row, e.column) for e in caught.value.errors} == {
        (3, "Type"),
        (4, "Navn"),
        (5, "E-mail"),
    }
    assert not Organisation.objects.exists()


def test_organisation_import_adds_new_and_updates_known_names(
    pl: PLCast, organisations: dict[str, Organisation]
) -> None:
    content = (
        b"navn,type,e-mail\n"
        b"EUC Nord,Uddannelsesinstitution,ny@eucnord.example.dk\n"
        b"FOA Nordjylland,Faglig organisation,nord@foa.example.dk\n"
    )
    result = services.organisation_import(
        council=pl.council, content=content, filename="org.csv", by=pl.sara
    )
    assert (result.created, result.updated) == (1, 1)
    assert Organisation.objects.get(name="EUC Nord").email == "ny@eucnord.example.dk"
    assert Organisation.objects.get(name="FOA Nordjylland").kind == Organisation.Kind.UNION
