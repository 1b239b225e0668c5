"""Addresses of the staff pages (namespace "staff"): all behind login and `access`.

tests/test_staff_views.py walks every pattern here and checks who gets in, so a new page
without a permission check fails the tests.
"""

from django.urls import include, path

import raadsrum.meetings.urls  # noqa: F401  (registers the meetingdate/documentkind converters)
from raadsrum.meetings import staff_views as v

app_name = "staff"

_composer = [
    path("", v.composer, name="composer"),
    path("moede/", v.meeting_edit, name="meeting_edit"),
    path("tema/", v.section_add, name="section_add"),
    path("tema/<int:section>/", v.section_edit, name="section_edit"),
    path("tema/<int:section>/slet/", v.section_delete, name="section_delete"),
    path("punkter/", v.item_add, name="item_add"),
    path("punkter/<int:item>/", v.item_row, name="item_row"),
    path("punkter/<int:item>/rediger/", v.item_edit, name="item_edit"),
    path("punkter/<int:item>/flyt/", v.item_move, name="item_move"),
    path("punkter/<int:item>/slet/", v.item_delete, name="item_delete"),
    path("punkter/<int:item>/bilag/", v.attachment_add, name="attachment_add"),
    path("bilag/<int:attachment>/slet/", v.attachment_delete, name="attachment_delete"),
    path("deltagere/", v.attendance_add, name="attendance_add"),
    path("deltagere/<int:attendance>/", v.attendance_status, name="attendance_status"),
    path("moedestatus/", v.meeting_transition, name="meeting_transition"),
    path("dagsordenstatus/", v.agenda_transition, name="agenda_transition"),
]
_decisions = [
    path("", v.decisions, name="decisions"),
    path("punkter/<int:item>/", v.decision_save, name="decision_save"),
    path("sluttid/", v.meeting_end, name="meeting_end"),
]
_minutes = [
    path("", v.minutes, name="minutes"),
    path("status/", v.minutes_transition, name="minutes_transition"),
    path("hoering/", v.minutes_hearing, name="minutes_hearing"),
    path("rettelse/", v.minutes_correct, name="minutes_correct"),
    path("bemaerkninger/", v.hearing_comment, name="hearing_comment"),
]
_followup = [
    path("", v.followup, name="followup"),
    path("hent/", v.followup_generate, name="followup_generate"),
    path("<int:followup>/", v.followup_update, name="followup_update"),
]
_meeting = "raad/<slug:council>/<meetingdate:date_slug>/"

urlpatterns = [
    path("arbejde/", v.dashboard, name="dashboard"),
    path("raad/<slug:council>/nyt-moede/", v.meeting_create, name="meeting_create"),
    path("raad/<slug:council>/filkasse/", v.file_box, name="file_box"),
    path("raad/<slug:council>/faste-punkter/", v.standing_items, name="standing_items"),
    path(_meeting + "rediger/", include(_composer)),
    path(_meeting + "beslutninger/", include(_decisions)),
    path(_meeting + "referat/", include(_minutes)),
    path(_meeting + "opfoelgning/", include(_followup)),
    path(
        _meeting + "udkast/<documentkind:kind>.<documentformat:format>",
        v.draft_document,
        name="draft_document",
    ),
]
