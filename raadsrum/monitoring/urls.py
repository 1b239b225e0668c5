"""Addresses of monitoring (namespace "monitoring"): the dashboard and key-figures notes per
council, job-centre insight and the refund model. Each part keeps its own url module.
"""

from django.urls import include, path

app_name = "monitoring"

urlpatterns = [
    path("", include("raadsrum.monitoring.urls_notes")),
    path("", include("raadsrum.monitoring.urls_dashboard")),
]
