"""Electing the chairmanship: a chair and two vice chairs from two other member groups."""

from __future__ import annotations

from datetime import date

import pytest

from raadsrum.core.errors import ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.councils import selectors, services
from raadsrum.councils.models import Role

from .conftest import TERM_START, Cast

pytestmark = pytest.mark.django_db


def _elect(cast: Cast, chair, first, second, valid_from=TERM_START, **kwargs):
    return services.chairmanship_elect(
        council=cast.council,
        chair=chair,
        first_vice_chair=first,
        second_vice_chair=second,
        valid_from=valid_from,
        elected_on=kwargs.pop("elected_on", valid_from),
        by=cast.secretary,
        **kwargs,
    )


def test_vice_chairs_must_come_from_two_other_groups(cast: Cast):
    # Hanne is DA like the chair.
    with pytest.raises(ValidationFailed) as error:
        _elect(cast, cast.birgit, cast.hanne, cast.peter)
    assert error.value.message == (
        "Næstformændene skal komme fra to andre medlemsgrupper end formandens."
    )
    # Two FH vice chairs: other than the chair's group, but not two different groups.
    another_fh = services.membership_add(
        council=cast.council,
        person=services.person_create(name="Kim Jacobsen", by=None),
        role=Role.MEMBER,
        valid_from=TERM_START,
        member_group=cast.fh,
        by=cast.secretary,
    )
    with pytest.raises(ValidationFailed, match="to andre medlemsgrupper"):
        _elect(cast, cast.birgit, cast.lars, another_fh)
    assert not selectors.chairmanship_history(council=cast.council).exists()

    chairmanship = _elect(cast, cast.birgit, cast.lars, cast.peter)
    assert selectors.chairmanship_on(council=cast.council, on=TERM_START) == chairmanship


def test_chair_must_be_council_member(cast: Cast):
    observer = services.membership_add(
        council=cast.council,
        person=services.person_create(name="Peter Thomsen", by=None),
        role=Role.OBSERVER,
        valid_from=TERM_START,
        by=cast.secretary,
    )
    for not_a_member in (cast.sofie, observer):
        with pytest.raises(ValidationFailed, match="Formanden skal være medlem"):
            _elect(cast, not_a_member, cast.lars, cast.peter)


def test_chair_must_be_member_on_the_day_the_chairmanship_starts(cast: Cast):
    services.membership_end(membership=cast.birgit, valid_to=date(2020, 1, 31), by=cast.secretary)
    with pytest.raises(ValidationFailed, match="Formanden skal være medlem .* den 4. juni 2020"):
        _elect(cast, cast.birgit, cast.lars, cast.peter, valid_from=date(2020, 6, 4))


def test_vice_chairs_must_be_council_members_too(cast: Cast):
    with pytest.raises(ValidationFailed, match="2. næstformand skal være medlem"):
        _elect(cast, cast.birgit, cast.lars, cast.sofie)


def test_chairmanship_is_elected_for_half_a_term_by_default(cast: Cast):
    chairmanship = _elect(cast, cast.birgit, cast.lars, cast.peter)
    assert chairmanship.valid_to == date(2020, 5, 31)


def test_chairmanship_never_outlives_its_council(cast: Cast):
    chairmanship = _elect(cast, cast.birgit, cast.lars, cast.peter, valid_from=date(2024, 6, 1))
    assert chairmanship.valid_to == date(2024, 12, 31)


def test_new_chairmanship_ends_previous_and_keeps_history(cast: Cast):
    # As in RAR Nordjylland in June 2020: Lars (FH) hands the chair to Birgit (DA).
    first = _elect(cast, cast.lars, cast.birgit, cast.peter, valid_to=date(2022, 5, 31))
    second = _elect(
        cast,
        cast.birgit,
        cast.lars,
        cast.peter,
        valid_from=date(2020, 6, 4),
        valid_to=date(2022, 5, 31),
    )

    first.refresh_from_db()
    assert first.valid_to == date(2020, 6, 3)
    assert selectors.chairmanship_on(council=cast.council, on=date(2020, 6, 3)) == first
    assert selectors.chairmanship_on(council=cast.council, on=date(2020, 6, 4)) == second
    history = list(selectors.chairmanship_history(council=cast.council))
    assert history == [second, first]
    assert [holder.person.name for _, holder in history[1].seats()] == [
        "Lars Christensen",
        "Birgit Frederiksen",
        "Peter Hansen",
    ]
    assert AuditEntry.objects.filter(action="chairmanship.end", target_id=str(first.pk)).exists()
    assert AuditEntry.objects.filter(action="chairmanship.elect").count() == 2


def test_chairmanship_cannot_be_elected_before_a_later_one(cast: Cast):
    _elect(cast, cast.birgit, cast.lars, cast.peter, valid_from=date(2020, 6, 4))
    with pytest.raises(ValidationFailed, match="allerede valgt et formandskab"):
        _elect(cast, cast.lars, cast.birgit, cast.peter)


def test_a_chair_cannot_leave_the_council_while_in_office(cast: Cast):
    _elect(cast, cast.birgit, cast.lars, cast.peter)
    with pytest.raises(ValidationFailed, match="vælg et nyt formandskab først"):
        services.membership_end(
            membership=cast.birgit, valid_to=date(2019, 12, 31), by=cast.secretary
        )
