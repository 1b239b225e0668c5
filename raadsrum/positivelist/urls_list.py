"""Addresses: the published list (public) and the recommendation/decision steps (see urls.py)."""

from django.urls import URLPattern, URLResolver, path, register_converter

from raadsrum.positivelist import views_list as v


class ListFormatConverter:
    regex = "csv|xlsx|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ListFormatConverter, "listformat")

P = "positivliste/"
S = "sekretariat/positivliste/runde/<int:round_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, v.list_councils, name="list_councils"),
    path(f"{P}<slug:council>/", v.list_page, name="list"),
    path(f"{P}<slug:council>/versioner/", v.list_versions, name="list_versions"),
    path(f"{P}<slug:council>/forskel/", v.list_diff, name="list_diff"),
    path(f"{P}<slug:council>/feed/", v.list_feed, name="list_feed"),
    path(f"{P}<slug:council>/<listformat:format>/", v.list_download, name="list_download"),
    path(f"{S}indstilling/", v.recommendation_create, name="recommendation_create"),
    path(f"{S}beslutning/", v.decision_create, name="decision_create"),
]
