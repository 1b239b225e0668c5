"""Addresses: rounds (see urls.py).

The secretariat's pages under /sekretariat/positivliste/: rounds and their hub page, the
labour-market balance, the job-title proposal and fixing, the organisation directory and
opening the consultation.
"""

from django.urls import URLPattern, URLResolver, path

from raadsrum.positivelist import views_rounds as v

P = "sekretariat/positivliste/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, v.round_index, name="rounds"),
    path(f"{P}ny/", v.round_create, name="round_create"),
    path(f"{P}runde/<int:round_id>/", v.round_detail, name="round_detail"),
    path(f"{P}runde/<int:round_id>/foreslaa/", v.round_propose, name="round_propose"),
    path(
        f"{P}runde/<int:round_id>/stillingsbetegnelse/<int:entry_id>/fjern/",
        v.round_remove_title,
        name="round_remove_title",
    ),
    path(f"{P}runde/<int:round_id>/fastlaeg/", v.round_fix, name="round_fix"),
    path(f"{P}runde/<int:round_id>/hoering/", v.consultation_open, name="consultation_open"),
    path(
        f"{P}runde/<int:round_id>/hoering/inviter/",
        v.consultation_invite,
        name="consultation_invite",
    ),
    path(
        f"{P}invitation/<int:invitation_id>/send-igen/",
        v.invitation_resend,
        name="invitation_resend",
    ),
    path(f"{P}<slug:council_slug>/balance/", v.balance_view, name="balance"),
    path(f"{P}<slug:council_slug>/balance/indlaes/", v.balance_import, name="balance_import"),
    path(f"{P}<slug:council_slug>/organisationer/", v.organisation_list, name="organisations"),
    path(
        f"{P}<slug:council_slug>/organisationer/ny/",
        v.organisation_add,
        name="organisation_add",
    ),
    path(
        f"{P}<slug:council_slug>/organisationer/indlaes/",
        v.organisation_import,
        name="organisation_import",
    ),
    path(
        f"{P}<slug:council_slug>/organisationer/<int:organisation_id>/",
        v.organisation_edit,
        name="organisation_edit",
    ),
    path(
        f"{P}<slug:council_slug>/organisationer/<int:organisation_id>/deaktiver/",
        v.organisation_deactivate,
        name="organisation_deactivate",
    ),
]
