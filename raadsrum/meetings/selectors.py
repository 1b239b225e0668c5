"""Reads about meetings: by address, lists for the portal, the current minutes."""

from __future__ import annotations

import re
from datetime import date

from raadsrum.meetings.models import Meeting, Minutes

_ADDRESS = re.compile(r"^(?P<council>[a-z0-9-]+)/(?P<date>\d{4}-\d{2}-\d{2})(?:-(?P<seq>\d+))?/?$")


def parse_address(address: str) -> tuple[str, date, int]:
    """'nordjylland/2020-06-04-2' → ('nordjylland', date(2020, 6, 4), 2). ValueError if malformed."""
    match = _ADDRESS.match(address.strip())
    if match is None:
        raise ValueError(address)
    return (
        match["council"],
        date.fromisoformat(match["date"]),
        int(match["seq"] or 1),
    )


def meeting_get_by_address(address: str) -> Meeting:
    """The meeting at COUNCIL/DATE[-N]. Raises Meeting.DoesNotExist (also for a bad address)."""
    try:
        council_slug, day, sequence = parse_address(address)
    except ValueError as bad:
        raise Meeting.DoesNotExist(address) from bad
    return Meeting.objects.select_related("council", "committee").get(
        council__slug=council_slug, date=day, sequence=sequence
    )


def minutes_current(*, meeting: Meeting) -> Minutes | None:
    """The newest version of the minutes (a draft, in hearing, approved or published)."""
    return meeting.minutes.order_by("-version").first()


def minutes_published(*, meeting: Meeting) -> Minutes | None:
    """The newest published version: what the public sees."""
    return meeting.minutes.filter(status=Minutes.Status.PUBLISHED).order_by("-version").first()
