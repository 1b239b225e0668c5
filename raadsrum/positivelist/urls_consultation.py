"""Addresses: consultation (see urls.py). The token in the address is the organisation's key."""

from django.urls import URLPattern, URLResolver, path, re_path

from raadsrum.positivelist import views_consultation as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("hoering/<str:token>/", views.consultation_form, name="consultation_form"),
    path("hoering/<str:token>/fil/", views.consultation_upload, name="consultation_upload"),
    re_path(
        r"^hoering/(?P<token>[^/]+)/skabelon\.(?P<fmt>xlsx|csv)$",
        views.consultation_template,
        name="consultation_template",
    ),
    path(
        "hoering/<str:token>/kvittering/",
        views.consultation_receipt,
        name="consultation_receipt",
    ),
]
