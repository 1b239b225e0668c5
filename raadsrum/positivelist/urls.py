"""Addresses of the positive list (namespace "positivelist").

Public pages live under /positivliste/, the secretariat's under /sekretariat/positivliste/
and the consultation form under /hoering/<token>/. Each part keeps its own url module.
"""

from django.urls import include, path

app_name = "positivelist"

urlpatterns = [
    path("", include("raadsrum.positivelist.urls_rounds")),
    path("", include("raadsrum.positivelist.urls_consultation")),
    path("", include("raadsrum.positivelist.urls_screening")),
    path("", include("raadsrum.positivelist.urls_list")),
    path("", include("raadsrum.positivelist.urls_pool")),
]
