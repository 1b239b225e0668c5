"""Addresses: pool money and SIRI's supplementary job titles (see urls.py)."""

from django.urls import URLPattern, URLResolver, path

from raadsrum.positivelist import views_pool as v

_staff = "sekretariat/positivliste/<slug:council>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("positivliste/<slug:council>/puljemidler/", v.pool, name="pool"),
    path(_staff + "puljemidler/import/", v.pool_import, name="pool_import"),
    path(_staff + "siri/", v.siri_list, name="siri_list"),
    path(_staff + "siri/ny/", v.siri_propose, name="siri_propose"),
    path(_staff + "siri/<int:proposal>/afgoerelse/", v.siri_decide, name="siri_decide"),
]
