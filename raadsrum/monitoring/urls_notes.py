"""Addresses: key-figures notes per council and month (see urls.py).

`monitoring:note` (HTML), `note_pdf`, `note_json` and `note_attach` (POST, secretariat),
each with kwargs `council` (slug) and `month` ("2020-03").
"""

from django.urls import URLPattern, URLResolver, re_path

from raadsrum.monitoring import views_notes as views

NOTE = r"^monitorering/(?P<council>[-a-zA-Z0-9_]+)/notat/(?P<month>\d{4}-\d{2})"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(NOTE + r"/$", views.note, name="note"),
    re_path(NOTE + r"\.pdf$", views.note_pdf_download, name="note_pdf"),
    re_path(NOTE + r"\.json$", views.note_json_download, name="note_json"),
    re_path(NOTE + r"/vedhaeft/$", views.note_attach_action, name="note_attach"),
]
