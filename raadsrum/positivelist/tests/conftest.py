"""The cast of the positive-list tests (shared by every positive-list test module).

RAR Testland covers Frederikshavn and Aalborg; Sara works in its secretariat. Kurt chairs the
council with Karin and Kaj as vice-chairs (the chairmanship); Mette is a plain member. Otto has
a login and no seat anywhere; Sven is the secretary of RAR Andetland.

The balance for the first half of 2026 puts five job titles in all four categories:
  Bager, Sygeplejerske → shortage; Tømrer → good prospects; Kontorassistent → poor;
  Lagerarbejder → paradox.
The directory holds three active organisations and one that has been deactivated.

Fixtures are general on purpose: each test module adds its own on top of them.
`open_consultation` gives a round in consultation and the clear tokens that were mailed
(`tokens[organisation.name]`), for tests of the consultation form.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from raadsrum.councils.models import (
    Chairmanship,
    Council,
    Membership,
    Municipality,
    Person,
    Role,
)
from raadsrum.councils.tests.worlds import two_councils
from raadsrum.positivelist.models import (
    BalanceCategory,
    BalanceEntry,
    Consultation,
    JobTitle,
    LabourMarketBalance,
    Organisation,
    Round,
    RoundJobTitle,
)

TERM_START = dt.date(2022, 6, 1)
BALANCE_PERIOD = dt.date(2026, 1, 1)

# title → (DISCO-08, category, expected openings)
BALANCE_ROWS: dict[str, tuple[str, str, int | None]] = {
    "Bager": ("7512", BalanceCategory.SHORTAGE, 40),
    "Sygeplejerske": ("2221", BalanceCategory.SHORTAGE, 310),
    "Tømrer": ("7115", BalanceCategory.GOOD, 120),
    "Kontorassistent": ("4110", BalanceCategory.POOR, 25),
    "Lagerarbejder": ("9333", BalanceCategory.PARADOX, None),
}


@dataclass
class PLCast:
    council: Council
    other_council: Council
    frederikshavn: Municipality
    aalborg: Municipality
    sara: User  # secretariat
    kurt: User  # chair (chairmanship)
    karin: User  # first vice-chair (chairmanship)
    mette: User  # plain member
    otto: User  # no seat anywhere
    sven: User  # secretariat of another council
    memberships: dict[str, Membership] = field(default_factory=dict)


def _person(username: str, name: str) -> tuple[User, Person]:
    user = User.objects.create_user(
        username=username, password="pw", first_name=name, email=f"{username}@example.dk"
    )
    return user, Person.objects.create(name=name, user=user, email=f"{username}@example.dk")


@pytest.fixture
def pl(db: None) -> PLCast:
    world = two_councils()
    council, other = world.council, world.other
    frederikshavn, aalborg = world.frederikshavn, world.aalborg
    da, fh = world.da, world.fh

    sara, sara_p = _person("sara", "Sara Sekretær")
    kurt, kurt_p = _person("kurt", "Kurt Formand")
    karin, karin_p = _person("karin", "Karin Næstformand")
    _kaj, kaj_p = _person("kaj", "Kaj Næstformand")
    mette, mette_p = _person("mette", "Mette Rådsmedlem")
    otto, _ = _person("otto", "Otto Udenfor")
    sven, sven_p = _person("sven", "Sven Andetsteds")

    Membership.objects.create(
        council=council, person=sara_p, role=Role.SECRETARIAT, valid_from=TERM_START
    )
    Membership.objects.create(
        council=other, person=sven_p, role=Role.SECRETARIAT, valid_from=TERM_START
    )
    memberships = {}
    for key, person, group in (
        ("kurt", kurt_p, da),
        ("karin", karin_p, fh),
        ("kaj", kaj_p, fh),
        ("mette", mette_p, da),
    ):
        memberships[key] = Membership.objects.create(
            council=council,
            person=person,
            role=Role.MEMBER,
            member_group=group,
            valid_from=TERM_START,
        )
    Chairmanship.objects.create(
        council=council,
        chair=memberships["kurt"],
        first_vice_chair=memberships["karin"],
        second_vice_chair=memberships["kaj"],
        valid_from=TERM_START,
        elected_on=TERM_START,
    )
    return PLCast(
        council=council,
        other_council=other,
        frederikshavn=frederikshavn,
        aalborg=aalborg,
        sara=sara,
        kurt=kurt,
        karin=karin,
        mette=mette,
        otto=otto,
        sven=sven,
        memberships=memberships,
    )


@pytest.fixture
def job_titles(db: None) -> dict[str, JobTitle]:
    """The five job titles of the balance, by title."""
    return {
        title: JobTitle.objects.create(title=title, disco_code=disco)
        for title, (disco, _category, _openings) in BALANCE_ROWS.items()
    }


@pytest.fixture
def balance(pl: PLCast, job_titles: dict[str, JobTitle]) -> LabourMarketBalance:
    """RAR Testland's balance for the first half of 2026 (imported by Sara)."""
    release = LabourMarketBalance.objects.create(
        council=pl.council,
        period_start=BALANCE_PERIOD,
        source_name="balance-2026-1.csv",
        imported_by=pl.sara,
    )
    for title, (_disco, category, openings) in BALANCE_ROWS.items():
        BalanceEntry.objects.create(
            balance=release,
            job_title=job_titles[title],
            category=category,
            expected_openings=openings,
        )
    return release


@pytest.fixture
def organisations(pl: PLCast) -> dict[str, Organisation]:
    """The consultation's directory, by name; 'Lukket Skole' is deactivated."""
    rows = [
        ("EUC Nord", Organisation.Kind.INSTITUTION, "kurser@eucnord.example.dk", True),
        ("Jobcenter Aalborg", Organisation.Kind.JOB_CENTRE, "jobcenter@aalborg.example.dk", True),
        ("3F Aalborg", Organisation.Kind.UNION, "aalborg@3f.example.dk", True),
        ("Lukket Skole", Organisation.Kind.INSTITUTION, "lukket@skole.example.dk", False),
    ]
    return {
        name: Organisation.objects.create(
            council=pl.council, name=name, kind=kind, email=email, is_active=active
        )
        for name, kind, email, active in rows
    }


@pytest.fixture
def draft_round(pl: PLCast, balance: LabourMarketBalance) -> Round:
    """The yearly list from 1 April 2027, in draft, with no job titles yet."""
    return Round.objects.create(
        council=pl.council,
        kind=Round.Kind.YEARLY,
        title="Positivlisten pr. 1. april 2027",
        valid_from=dt.date(2027, 4, 1),
        balance=balance,
    )


@pytest.fixture
def fixed_round(draft_round: Round, job_titles: dict[str, JobTitle]) -> Round:
    """The yearly round with Bager, Sygeplejerske and Tømrer fixed by the chairmanship."""
    for title in ("Bager", "Sygeplejerske", "Tømrer"):
        RoundJobTitle.objects.create(
            round=draft_round,
            job_title=job_titles[title],
            category=BALANCE_ROWS[title][1],
            is_fixed=True,
        )
    draft_round.status = Round.Status.TITLES_FIXED
    draft_round.titles_fixed_by = "Formandskabet"
    draft_round.titles_fixed_on = dt.date(2026, 11, 2)
    draft_round.titles_decision = "Formandskabet fastlagde stillingsbetegnelserne."
    draft_round.version += 1
    draft_round.save()
    return draft_round


def token_from_mail(body: object) -> str:
    """The token in the personal link of an invitation e-mail (links end /hoering/<token>/)."""
    found = re.search(r"/hoering/([A-Za-z0-9_-]+)/", str(body))
    assert found, body
    return found.group(1)


@dataclass
class OpenConsultation:
    round: Round
    consultation: Consultation
    tokens: dict[str, str]  # organisation name → the clear token in its link


@pytest.fixture
def open_consultation(
    pl: PLCast, fixed_round: Round, organisations: dict[str, Organisation]
) -> OpenConsultation:
    """The round in consultation with the three active organisations, deadline in 14 days."""
    from django.core import mail

    from raadsrum.positivelist import services

    active = [o for o in organisations.values() if o.is_active]
    consultation = services.consultation_open(
        round=fixed_round,
        deadline=timezone.now() + dt.timedelta(days=14),
        organisations=active,
        message="Send jeres forslag til kurser.",
        by=pl.sara,
    )
    tokens = {}
    for message in mail.outbox:
        for organisation in active:
            if organisation.email in message.to:
                tokens[organisation.name] = token_from_mail(message.body)
    fixed_round.refresh_from_db()
    return OpenConsultation(round=fixed_round, consultation=consultation, tokens=tokens)
