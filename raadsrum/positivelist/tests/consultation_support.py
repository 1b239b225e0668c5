"""Shared set-up of the consultation tests (the form, the upload and the links).

RAR Testland's yearly round (conftest: Bager, Sygeplejerske and Tømrer fixed) goes into
consultation with the deadline 1 December 2026 at 12.00, Copenhagen time. EUC Nord and
Jobcenter Aalborg each get a personal link. Kontorassistent is proposed for the round but was
not fixed, so no course may target it. The clock is frozen an hour before the deadline and
tests move it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from raadsrum.positivelist.consultation_services import ProposalInput
from raadsrum.positivelist.models import (
    Consultation,
    Invitation,
    JobTitle,
    Organisation,
    Round,
    RoundJobTitle,
)
from raadsrum.positivelist.tokens import new_token

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
DEADLINE = dt.datetime(2026, 12, 1, 12, 0, tzinfo=COPENHAGEN)
DEADLINE_TEXT = "1. december 2026 kl. 12.00"
INVITED = ("EUC Nord", "Jobcenter Aalborg")


class Clock:
    """timezone.now() frozen at `now`; tests set it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, now: dt.datetime) -> None:
        self.now = now
        monkeypatch.setattr(timezone, "now", lambda: self.now)


@dataclass
class Links:
    round: Round
    consultation: Consultation
    tokens: dict[str, str]  # organisation name → the clear token of its link
    invitations: dict[str, Invitation]
    titles: dict[str, JobTitle] = field(default_factory=dict)

    def invitation(self, name: str) -> Invitation:
        return Invitation.objects.get(pk=self.invitations[name].pk)


def open_links(
    round: Round, organisations: dict[str, Organisation], job_titles: dict[str, JobTitle]
) -> Links:
    RoundJobTitle.objects.create(
        round=round, job_title=job_titles["Kontorassistent"], is_fixed=False
    )
    round.status = Round.Status.CONSULTATION
    round.save()
    consultation = Consultation.objects.create(
        round=round, deadline=DEADLINE, message="Send jeres forslag til kurser."
    )
    tokens: dict[str, str] = {}
    invitations: dict[str, Invitation] = {}
    for name in INVITED:
        token, hashed = new_token()
        tokens[name] = token
        invitations[name] = Invitation.objects.create(
            consultation=consultation, organisation=organisations[name], token_hash=hashed
        )
    return Links(
        round=round,
        consultation=consultation,
        tokens=tokens,
        invitations=invitations,
        titles=job_titles,
    )


def course(titles: dict[str, JobTitle], **changes: Any) -> ProposalInput:
    """A valid proposal: a half-day AMU course for bakers. `changes` override fields."""
    values: dict[str, Any] = {
        "title": "Hygiejne for bagere",
        "provider": "AMU Nord",
        "kind": "amu",
        "course_number": "40123",
        "duration": "0,5",
        "duration_unit": "days",
        "is_online": False,
        "job_title_ids": [titles["Bager"].pk],
        "description": "Hygiejnebevis til bagerier.",
    }
    values.update(changes)
    return ProposalInput(**values)


def academy(titles: dict[str, JobTitle], **changes: Any) -> ProposalInput:
    values: dict[str, Any] = {
        "title": "Ledelse i praksis",
        "provider": "Erhvervsakademi Nord",
        "kind": "academy",
        "course_number": "",
        "duration": Decimal("5"),
        "duration_unit": "ects",
        "is_online": True,
        "job_title_ids": [titles["Sygeplejerske"].pk],
    }
    values.update(changes)
    return ProposalInput(**values)
