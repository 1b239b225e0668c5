"""The decision: recording it on the agenda item creates the next version of the list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from raadsrum.core.danish import danish_date
from raadsrum.core.errors import Conflict, PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.positivelist.list_selectors import CourseFilter, course_list
from raadsrum.positivelist.list_services import (
    CourseRow,
    list_version_create,
    recommendation_item_create,
    round_decide,
)
from raadsrum.positivelist.models import (
    CourseProposal,
    ListedCourse,
    Organisation,
    PositiveListVersion,
    Round,
)
from raadsrum.positivelist.tests.conftest import PLCast
from raadsrum.positivelist.tests.list_cast import (
    AUTUMN,
    NEXT_SPRING,
    SPRING,
    Proposed,
    council_meeting,
    screened_round,
    second_secretary,
    spring_list,
)

APPROVED_TEXT = "Rådet godkendte indstillingen."


@pytest.fixture
def euc(organisations: dict[str, Organisation]) -> Organisation:
    return organisations["EUC Nord"]


def recommended(
    pl: PLCast,
    euc: Organisation,
    proposals: list[Proposed],
    *,
    kind: str = Round.Kind.SUPPLEMENT,
    valid_from: dt.date = AUTUMN,
) -> Round:
    round = screened_round(pl.council, euc, proposals, kind=kind, valid_from=valid_from)
    recommendation_item_create(
        round=round, meeting=council_meeting(pl.council, pl.sara), by=pl.sara
    )
    round.refresh_from_db()
    return round


def two_bakery_courses() -> list[Proposed]:
    return [
        Proposed("Surdejsbrød", ("Bager",), course_number="40001"),
        Proposed("Konditori", ("Bager", "Konditor"), duration=Decimal("0.5")),
    ]


def titles(version: PositiveListVersion) -> set[str]:
    return set(version.courses.values_list("title", flat=True))


def test_the_decision_creates_the_next_version_with_old_and_new_courses(
    pl: PLCast, euc: Organisation
) -> None:
    spring = spring_list(pl.council, pl.sara)
    round = recommended(pl, euc, two_bakery_courses())

    autumn = round_decide(
        round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
    )

    assert autumn.number == spring.number + 1
    assert autumn.valid_from == AUTUMN and autumn.valid_to is None
    assert titles(autumn) == titles(spring) | {"Surdejsbrød", "Konditori"}
    spring.refresh_from_db()
    assert spring.valid_to == AUTUMN - dt.timedelta(days=1)
    assert titles(spring) == {
        "Brød og kager til butik",
        "Truckcertifikat B",
        "Digital markedsføring",
    }


def test_the_decision_is_written_on_the_item_and_the_round_is_decided(
    pl: PLCast, euc: Organisation
) -> None:
    round = recommended(pl, euc, two_bakery_courses())

    version = round_decide(
        round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
    )

    round.refresh_from_db()
    assert round.status == Round.Status.DECIDED
    assert version.round == round
    assert version.decision_item == round.recommendation_item
    assert round.recommendation_item is not None
    assert round.recommendation_item.decision == APPROVED_TEXT


def test_new_courses_carry_their_job_titles_and_the_date_they_joined(
    pl: PLCast, euc: Organisation
) -> None:
    spring_list(pl.council, pl.sara)
    round = recommended(pl, euc, two_bakery_courses())

    autumn = round_decide(
        round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
    )

    pastry = autumn.courses.get(title="Konditori")
    assert sorted(t.title for t in pastry.job_titles.all()) == ["Bager", "Konditor"]
    assert pastry.job_titles_text == "Bager; Konditor"
    assert pastry.added_on == AUTUMN
    assert pastry.proposal is not None
    kept = autumn.courses.get(course_number="40753")
    assert kept.added_on == dt.date(2025, 4, 1)
    assert [t.title for t in kept.job_titles.all()] == ["Bager"]


def test_courses_the_council_did_not_approve_stay_off(pl: PLCast, euc: Organisation) -> None:
    round = recommended(pl, euc, two_bakery_courses())
    pastry = CourseProposal.objects.get(title="Konditori")

    version = round_decide(
        round=round,
        by=pl.sara,
        decision_text="Rådet godkendte indstillingen bortset fra Konditori.",
        course_ids_not_approved=[pastry.pk],
        expected_version=round.version,
    )

    assert titles(version) == {"Surdejsbrød"}


def test_proposals_the_council_did_not_approve_are_rejected_with_the_meetings_date(
    pl: PLCast, euc: Organisation
) -> None:
    round = recommended(pl, euc, two_bakery_courses())
    pastry = CourseProposal.objects.get(title="Konditori")
    sourdough = CourseProposal.objects.get(title="Surdejsbrød")
    assert round.recommendation_item is not None
    meeting_date = round.recommendation_item.meeting.date

    round_decide(
        round=round,
        by=pl.sara,
        decision_text="Rådet godkendte indstillingen bortset fra Konditori.",
        course_ids_not_approved=[pastry.pk],
        expected_version=round.version,
    )

    left_out = CourseProposal.objects.get(pk=pastry.pk)
    assert left_out.status == CourseProposal.Status.REJECTED
    assert left_out.status_reason == f"Ikke godkendt af rådet {danish_date(meeting_date)}"
    assert left_out.status_by == pl.sara
    assert left_out.status_at is not None
    assert left_out.version == pastry.version + 1
    approved = CourseProposal.objects.get(pk=sourdough.pk)
    assert approved.status == CourseProposal.Status.ACCEPTED
    assert approved.version == sourdough.version
    assert AuditEntry.objects.filter(
        action="positivelist.proposal_decide", target_id=str(pastry.pk)
    ).exists()


def test_a_refused_decision_leaves_the_proposals_as_they_were(
    pl: PLCast, euc: Organisation
) -> None:
    spring_list(pl.council, pl.sara)
    round = recommended(pl, euc, two_bakery_courses())
    pastry = CourseProposal.objects.get(title="Konditori")

    with pytest.raises(ValidationFailed, match="fjernes kun fra positivlisten"):
        round_decide(
            round=round,
            by=pl.sara,
            decision_text=APPROVED_TEXT,
            course_ids_not_approved=[pastry.pk],
            continuing_course_ids=[],
            expected_version=round.version,
        )

    pastry.refresh_from_db()
    assert pastry.status == CourseProposal.Status.ACCEPTED
    assert pastry.status_reason == ""


def test_the_new_versions_courses_can_be_searched_whatever_the_case(
    pl: PLCast, euc: Organisation
) -> None:
    round = recommended(
        pl, euc, [Proposed("Økologisk bagning", ("Bager",), provider="Ærø Kursuscenter")]
    )

    version = round_decide(
        round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
    )

    for query in ("ØKOLOGISK", "ærø", "BAGER", "økologisk bager"):
        found = course_list(version=version, filters=CourseFilter(q=query))
        assert [c.title for c in found] == ["Økologisk bagning"], query


def test_a_supplement_cannot_take_courses_off_the_list(pl: PLCast, euc: Organisation) -> None:
    spring = spring_list(pl.council, pl.sara)
    round = recommended(pl, euc, two_bakery_courses())
    one_course = [spring.courses.order_by("pk").first().pk]  # type: ignore[union-attr]

    with pytest.raises(
        ValidationFailed, match="fjernes kun fra positivlisten ved den årlige opdatering"
    ):
        round_decide(
            round=round,
            by=pl.sara,
            decision_text=APPROVED_TEXT,
            continuing_course_ids=one_course,
            expected_version=round.version,
        )

    round.refresh_from_db()
    assert round.status == Round.Status.RECOMMENDED
    assert PositiveListVersion.objects.count() == 1
    assert round.recommendation_item is not None
    assert round.recommendation_item.decision == ""


def test_the_yearly_list_keeps_only_the_courses_that_continue(
    pl: PLCast, euc: Organisation
) -> None:
    spring = spring_list(pl.council, pl.sara)
    round = recommended(
        pl, euc, two_bakery_courses(), kind=Round.Kind.YEARLY, valid_from=NEXT_SPRING
    )
    truck = spring.courses.get(title="Truckcertifikat B")

    version = round_decide(
        round=round,
        by=pl.sara,
        decision_text=APPROVED_TEXT,
        continuing_course_ids=[truck.pk],
        expected_version=round.version,
    )

    assert titles(version) == {"Truckcertifikat B", "Surdejsbrød", "Konditori"}


def test_a_course_proposed_again_is_listed_once_with_both_job_titles(
    pl: PLCast, euc: Organisation
) -> None:
    spring_list(pl.council, pl.sara)
    round = recommended(pl, euc, [Proposed("Brød og kager", ("Konditor",), course_number="40753")])

    version = round_decide(
        round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
    )

    listed = version.courses.get(course_number="40753")
    assert version.courses.count() == 3
    assert listed.job_titles_text == "Bager; Konditor"
    assert listed.added_on == dt.date(2025, 4, 1)


def test_two_secretaries_deciding_at_once_create_one_version(pl: PLCast, euc: Organisation) -> None:
    sanne = second_secretary(pl.council)
    spring_list(pl.council, pl.sara)
    round = recommended(pl, euc, two_bakery_courses())
    # Both loaded the round page before either saved.
    saras_page = Round.objects.get(pk=round.pk)
    sannes_page = Round.objects.get(pk=round.pk)

    first = round_decide(
        round=saras_page,
        by=pl.sara,
        decision_text=APPROVED_TEXT,
        expected_version=saras_page.version,
    )
    with pytest.raises(Conflict, match="allerede registreret af en anden"):
        round_decide(
            round=sannes_page,
            by=sanne,
            decision_text="Rådet godkendte ikke indstillingen.",
            course_ids_not_approved=list(CourseProposal.objects.values_list("pk", flat=True)),
            expected_version=sannes_page.version,
        )

    assert list(
        PositiveListVersion.objects.values_list("number", flat=True).order_by("number")
    ) == [1, 2]
    assert titles(first) >= {"Surdejsbrød", "Konditori"}
    item = Round.objects.get(pk=round.pk).recommendation_item
    assert item is not None and item.decision == APPROVED_TEXT


def test_a_decision_before_the_meeting_is_refused(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, two_bakery_courses())
    next_week = council_meeting(
        pl.council, pl.sara, date=timezone.localdate() + dt.timedelta(days=7)
    )
    recommendation_item_create(round=round, meeting=next_week, by=pl.sara)
    round.refresh_from_db()

    with pytest.raises(ValidationFailed, match="når rådet har behandlet punktet"):
        round_decide(
            round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
        )

    assert not PositiveListVersion.objects.exists()


def test_a_round_without_recommendation_cannot_be_decided(pl: PLCast, euc: Organisation) -> None:
    round = screened_round(pl.council, euc, two_bakery_courses())

    with pytest.raises(ValidationFailed, match="sat på en dagsorden"):
        round_decide(
            round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
        )


def test_only_the_secretariat_records_the_decision(pl: PLCast, euc: Organisation) -> None:
    round = recommended(pl, euc, two_bakery_courses())

    with pytest.raises(PermissionDenied):
        round_decide(
            round=round, by=pl.kurt, decision_text=APPROVED_TEXT, expected_version=round.version
        )


def test_an_imported_list_keeps_the_date_a_course_joined(pl: PLCast) -> None:
    spring_list(pl.council, pl.sara)

    autumn = list_version_create(
        council=pl.council,
        valid_from=AUTUMN,
        by=None,
        courses=[
            CourseRow(course_number="40753", title="Brød og kager til butik", provider="EUC Nord"),
            CourseRow(title="Ny kursus", provider="AMU Nord", job_titles=["Bager"]),
        ],
    )

    assert autumn.courses.get(course_number="40753").added_on == dt.date(2025, 4, 1)
    assert autumn.courses.get(title="Ny kursus").added_on == AUTUMN


def test_a_new_version_must_start_after_the_current_one(pl: PLCast) -> None:
    spring_list(pl.council, pl.sara)

    with pytest.raises(ValidationFailed, match="efter 1. april 2026"):
        list_version_create(
            council=pl.council,
            valid_from=SPRING,
            by=pl.sara,
            courses=[CourseRow(title="Kursus", provider="EUC Nord")],
        )

    assert ListedCourse.objects.count() == 3


def test_the_decide_form_lists_the_courses_and_the_current_list_for_a_yearly_round(
    pl: PLCast, euc: Organisation
) -> None:
    spring = spring_list(pl.council, pl.sara)
    round = recommended(
        pl, euc, two_bakery_courses(), kind=Round.Kind.YEARLY, valid_from=NEXT_SPRING
    )
    request = RequestFactory().get("/")
    request.user = pl.sara

    html = render_to_string(
        "positivelist/rounds/_step_recommendation.html", {"round": round}, request=request
    )

    for proposal in CourseProposal.objects.all():
        assert f'name="not_approved" value="{proposal.pk}"' in html
    for course in spring.courses.all():
        assert f'name="continuing" value="{course.pk}"' in html


def test_posting_the_decision_publishes_the_list(client, pl: PLCast, euc: Organisation) -> None:  # type: ignore[no-untyped-def]
    spring = spring_list(pl.council, pl.sara)
    round = recommended(
        pl, euc, two_bakery_courses(), kind=Round.Kind.YEARLY, valid_from=NEXT_SPRING
    )
    keep = spring.courses.exclude(title="Digital markedsføring").values_list("pk", flat=True)
    pastry = CourseProposal.objects.get(title="Konditori")
    client.force_login(pl.sara)

    response = client.post(
        reverse("positivelist:decision_create", args=[round.pk]),
        {
            "expected_version": round.version,
            "decision": APPROVED_TEXT,
            "not_approved": [pastry.pk],
            "continuing_shown": "1",
            "continuing": list(keep),
        },
    )

    assert response.status_code == 302
    version = PositiveListVersion.objects.get(number=2)
    assert titles(version) == {"Brød og kager til butik", "Truckcertifikat B", "Surdejsbrød"}


def test_a_member_cannot_post_the_decision(client, pl: PLCast, euc: Organisation) -> None:  # type: ignore[no-untyped-def]
    round = recommended(pl, euc, two_bakery_courses())
    client.force_login(pl.mette)

    response = client.post(
        reverse("positivelist:decision_create", args=[round.pk]),
        {"expected_version": round.version, "decision": APPROVED_TEXT},
    )

    assert response.status_code == 403
    assert not PositiveListVersion.objects.exists()


def test_the_round_page_carries_the_decide_form(client, pl: PLCast, euc: Organisation) -> None:  # type: ignore[no-untyped-def]
    round = recommended(pl, euc, two_bakery_courses())
    client.force_login(pl.sara)

    html = client.get(reverse("positivelist:round_detail", args=[round.pk])).content.decode()

    assert reverse("positivelist:decision_create", args=[round.pk]) in html
    assert "Positivlisteudvalget indstiller, at de 2 kurser" in html


def test_the_versions_page_links_the_deciding_item_once_the_agenda_is_public(
    client,
    pl: PLCast,
    euc: Organisation,  # type: ignore[no-untyped-def]
) -> None:
    from raadsrum.meetings import services as meeting_services

    round = recommended(pl, euc, two_bakery_courses())
    item = round.recommendation_item
    assert item is not None
    round_decide(
        round=round, by=pl.sara, decision_text=APPROVED_TEXT, expected_version=round.version
    )
    meeting_url = reverse("meetings:meeting", args=[pl.council.slug, item.meeting.date_slug])
    versions_url = reverse("positivelist:list_versions", args=[pl.council.slug])

    before = client.get(versions_url).content.decode()
    meeting_services.agenda_approve(meeting=item.meeting, by=pl.kurt)
    meeting_services.agenda_publish(meeting=item.meeting, by=pl.sara)
    after = client.get(versions_url).content.decode()

    assert meeting_url not in before
    assert f'href="{meeting_url}"' in after
    assert f"punkt {item.number}" in after


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_deciding_at_the_same_moment_on_postgresql(
    pl: PLCast, euc: Organisation
) -> None:
    """The real race: two transactions decide the same round at once. PostgreSQL makes the
    second wait for the first and then finds the round decided (SQLite in the tests is one
    in-memory connection, so there the sequential test above stands in)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs a database that two connections can write at once")
    sanne = second_secretary(pl.council)
    round = recommended(pl, euc, two_bakery_courses())
    start = threading.Barrier(2)
    outcome: dict[str, str] = {}

    def decide(name: str, by: User, text: str) -> None:
        try:
            start.wait()
            round_decide(round=round, by=by, decision_text=text, expected_version=round.version)
            outcome[name] = "decided"
        except Conflict:
            outcome[name] = "conflict"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("sara", pl.sara, "Saras beslutning.")),
        threading.Thread(target=decide, args=("sanne", sanne, "Sannes beslutning.")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcome.values()) == ["conflict", "decided"]
    winner = next(name for name, result in outcome.items() if result == "decided")
    assert PositiveListVersion.objects.count() == 1
    item = Round.objects.get(pk=round.pk).recommendation_item
    assert item is not None
    assert item.decision == ("Saras beslutning." if winner == "sara" else "Sannes beslutning.")
