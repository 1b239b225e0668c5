"""Addresses of the calendar feeds and the annual plan (årshjul)."""

from django.urls import path

from raadsrum.meetings import calendar_views as views

app_name = "calendar"
urlpatterns = [
    path("kalender/<slug:council>.ics", views.council_feed, name="council_feed"),
    path("kalender/person/<uuid:token>.ics", views.person_feed, name="person_feed"),
    path("raad/<slug:council>/aarshjul/", views.annual_plan_current, name="annual_plan_current"),
    path("raad/<slug:council>/aarshjul/<int:year>/", views.annual_plan, name="annual_plan"),
    path(
        "raad/<slug:council>/aarshjul/<int:year>/punkter/",
        views.plan_entry_add,
        name="plan_entry_add",
    ),
    path(
        "raad/<slug:council>/aarshjul/punkt/<int:entry_id>/flyt/",
        views.plan_entry_move,
        name="plan_entry_move",
    ),
    path(
        "raad/<slug:council>/aarshjul/<int:year>/moedekalender/",
        views.meeting_calendar_create,
        name="meeting_calendar_create",
    ),
]
