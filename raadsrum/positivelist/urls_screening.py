"""Addresses: screening (see urls.py).

The secretariat's screening of a round's proposals, under the round's own address.
"""

from django.urls import URLPattern, URLResolver, path

from raadsrum.positivelist import views_screening as v

P = "sekretariat/positivliste/runde/<int:round_id>/screening/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(P, v.screening, name="screening"),
    path(f"{P}start/", v.screening_start, name="screening_start"),
    path(f"{P}koer/", v.screening_run, name="screening_run"),
    path(f"{P}afgoer/", v.screening_decide, name="screening_decide"),
    path(f"{P}forslag/<int:proposal_id>/", v.screening_proposal, name="screening_proposal"),
]
