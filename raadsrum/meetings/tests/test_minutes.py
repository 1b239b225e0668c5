import datetime as dt

import pytest
from django.utils import timezone

from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.core.models import AuditEntry
from raadsrum.meetings import services
from raadsrum.meetings.models import Minutes
from raadsrum.meetings.selectors import minutes_current, minutes_published


def record_all_decisions(meeting, by):
    for item in meeting.items.all():
        services.decision_record(
            item=item,
            by=by,
            expected_version=item.version,
            decision=f"Rådet tog {item.title} til efterretning.",
        )


def publish(meeting, cast):
    record_all_decisions(meeting, cast.sara)
    services.minutes_send_for_hearing(meeting=meeting, by=cast.sara)
    services.hearing_comment_add(meeting=meeting, by=cast.mette, text="Stavefejl i 1.2.1")
    services.minutes_approve(meeting=meeting, by=cast.carl)
    return services.minutes_publish(meeting=meeting, by=cast.sara)


def test_minutes_go_from_draft_through_hearing_and_approval_to_published(meeting, cast):
    minutes = publish(meeting, cast)
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.approved_by == cast.carl
    assert minutes.snapshot["sections"][0]["items"][1]["decision"] == (
        "Rådet tog Dagsorden til efterretning."
    )


def test_published_minutes_cannot_be_changed(meeting, cast):
    publish(meeting, cast)
    item = meeting.items.get(title="Dagsorden")
    with pytest.raises(ValidationFailed, match="offentliggjort"):
        services.decision_record(
            item=item, by=cast.sara, decision="Noget andet", expected_version=item.version
        )
    item.refresh_from_db()
    assert item.decision == "Rådet tog Dagsorden til efterretning."


def test_a_correction_is_a_new_version_with_a_note_and_the_old_one_is_kept(meeting, cast):
    first = publish(meeting, cast)
    correction = services.minutes_correct(
        meeting=meeting, by=cast.sara, note="Beslutningen i 1.2.1 var gengivet forkert."
    )
    item = meeting.items.get(title="Dagsorden")
    services.decision_record(
        item=item,
        by=cast.sara,
        decision="Dagsordenen blev godkendt.",
        expected_version=item.version,
    )
    services.minutes_approve(meeting=meeting, by=cast.carl)
    services.minutes_publish(meeting=meeting, by=cast.sara)
    first.refresh_from_db()
    latest = minutes_published(meeting=meeting)
    assert latest.pk == correction.pk and latest.version == 2
    assert latest.snapshot["correction_note"] == "Beslutningen i 1.2.1 var gengivet forkert."
    assert first.snapshot["sections"][0]["items"][1]["decision"] == (
        "Rådet tog Dagsorden til efterretning."
    )
    assert latest.snapshot["sections"][0]["items"][1]["decision"] == "Dagsordenen blev godkendt."


def test_only_the_chairmanship_approves_minutes(meeting, cast):
    record_all_decisions(meeting, cast.sara)
    services.minutes_send_for_hearing(meeting=meeting, by=cast.sara)
    for who in (cast.sara, cast.mette, cast.otto):
        with pytest.raises(PermissionDenied):
            services.minutes_approve(meeting=meeting, by=who)
    assert minutes_current(meeting=meeting).status == Minutes.Status.HEARING


def test_minutes_cannot_be_published_before_approval(meeting, cast):
    record_all_decisions(meeting, cast.sara)
    with pytest.raises(ValidationFailed):
        services.minutes_publish(meeting=meeting, by=cast.sara)


def test_members_comment_in_the_hearing_but_outsiders_cannot(meeting, cast):
    record_all_decisions(meeting, cast.sara)
    services.minutes_send_for_hearing(meeting=meeting, by=cast.sara)
    comment = services.hearing_comment_add(meeting=meeting, by=cast.mette, text="Fint.")
    assert comment.hearing.minutes.meeting == meeting
    with pytest.raises(PermissionDenied):
        services.hearing_comment_add(meeting=meeting, by=cast.otto, text="Hej")


def test_comments_after_the_deadline_are_refused(meeting, cast):
    record_all_decisions(meeting, cast.sara)
    hearing = services.minutes_send_for_hearing(
        meeting=meeting, by=cast.sara, deadline=timezone.now() + dt.timedelta(minutes=1)
    )
    hearing.deadline = timezone.now() - dt.timedelta(minutes=1)
    hearing.save()
    with pytest.raises(ValidationFailed, match="Fristen"):
        services.hearing_comment_add(meeting=meeting, by=cast.mette, text="For sent")


def test_every_step_is_in_the_audit_log(meeting, cast):
    publish(meeting, cast)
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "minutes.send_for_hearing",
        "hearing.comment",
        "minutes.approve",
        "minutes.publish",
        "item.decision",
    } <= actions


def test_follow_up_sheet_collects_the_previous_meetings_decision_items(meeting, cast):
    record_all_decisions(meeting, cast.sara)
    next_meeting = services.meeting_create(
        council=cast.council, date=dt.date(2027, 2, 1), by=cast.sara, from_template=False
    )
    sheet = services.followup_sheet_generate(meeting=next_meeting, by=cast.sara)
    assert [f.title for f in sheet] == ["1.2.1 Dagsorden", "1.3.1 Årshjul"]
    assert sheet[0].decision == "Rådet tog Dagsorden til efterretning."
    services.followup_update(follow_up=sheet[0], by=cast.sara, note="Udført")
    assert services.followup_sheet_generate(meeting=next_meeting, by=cast.sara) == []
    sheet[0].refresh_from_db()
    assert sheet[0].note == "Udført"


def test_minutes_of_a_meeting_not_yet_held_cannot_go_to_hearing(cast):
    upcoming = services.meeting_create(
        council=cast.council,
        by=cast.sara,
        from_template=False,
        date=timezone.localdate() + dt.timedelta(days=7),
    )
    with pytest.raises(ValidationFailed, match="før mødet er holdt"):
        services.minutes_send_for_hearing(meeting=upcoming, by=cast.sara)
    with pytest.raises(ValidationFailed, match="før mødet er holdt"):
        services.meeting_end(meeting=upcoming, by=cast.sara, ended_at=dt.time(12))
