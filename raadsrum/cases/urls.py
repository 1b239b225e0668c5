"""Addresses of the case pages (namespace "cases"): all behind login and `access`.

tests/test_views.py walks every pattern here against every role, so a page added without
`case_view` fails the tests.
"""

from django.urls import path

from raadsrum.cases import views as v

app_name = "cases"

urlpatterns = [
    path("sager/", v.case_list, name="list"),
    path("sager/afgoer/", v.bulk_decide, name="bulk_decide"),
    path("sager/ny/", v.intake, name="intake"),
    path("sager/ny/<slug:kind>/", v.case_create, name="create"),
    path("sager/import/arbejdsfordeling/", v.worksharing_import, name="import_worksharing"),
    path("sager/import/klv/", v.klv_import, name="import_klv"),
    path(
        "sager/raad/<slug:council>/kvartal/<int:year>/<int:quarter>/",
        v.quarter_summary,
        name="quarter",
    ),
    path("sager/<int:case_id>/", v.detail, name="detail"),
    path("sager/<int:case_id>/notater/", v.note_add, name="note_add"),
    path("sager/<int:case_id>/dokumenter/", v.document_add, name="document_add"),
    path("sager/<int:case_id>/dokumenter/<int:document>/", v.document_download, name="document"),
    path("sager/<int:case_id>/behandling/", v.handling, name="handling"),
    path("sager/<int:case_id>/status/", v.transition, name="transition"),
    path("sager/<int:case_id>/genoptag/", v.reopen, name="reopen"),
    path("sager/<int:case_id>/afgoer/", v.decide, name="decide"),
    path("sager/<int:case_id>/send-i-hoering/", v.hearing_send, name="hearing_send"),
    path("sager/<int:case_id>/afslut-hoering/", v.hearing_close, name="hearing_close"),
    path("sager/<int:case_id>/afgoerelsesbrev.pdf", v.letter, name="letter"),
    path("sager/<int:case_id>/hoering/", v.hearing, name="hearing"),
    path("sager/<int:case_id>/hoering/svar/", v.hearing_answer, name="hearing_answer"),
]
