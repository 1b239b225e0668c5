"""Addresses: dashboard, job-centre insight and the refund model per council (see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from raadsrum.monitoring import views_dashboard as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("monitorering/", views.dashboard_index, name="dashboard_index"),
    path("monitorering/<slug:council>/", views.dashboard, name="dashboard"),
    path("monitorering/<slug:council>/jobcenterindblik/", views.insight, name="insight"),
    path("monitorering/<slug:council>/refusion/", views.refund, name="refund"),
]
