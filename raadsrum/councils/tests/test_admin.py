"""The admin lists every council model, and elections there follow the same rules."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from raadsrum.councils.models import Chairmanship

from .conftest import TERM_START, Cast

pytestmark = pytest.mark.django_db

MODELS = [
    "region",
    "municipality",
    "council",
    "councilarea",
    "membergroup",
    "person",
    "membership",
    "committee",
    "committeemembership",
    "chairmanship",
]


@pytest.fixture
def admin_client_(cast: Cast) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("admin", "admin@example.org", "x"))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_every_council_model_has_an_admin_list(admin_client_: Client, model: str):
    for view in ("changelist", "add"):
        response = admin_client_.get(reverse(f"admin:councils_{model}_{view}"))
        assert response.status_code == 200, (model, view)


def test_admin_election_refuses_vice_chairs_from_the_chairs_group(
    admin_client_: Client, cast: Cast
):
    response = admin_client_.post(
        reverse("admin:councils_chairmanship_add"),
        {
            "council": cast.council.pk,
            "chair": cast.birgit.pk,
            "first_vice_chair": cast.hanne.pk,
            "second_vice_chair": cast.peter.pk,
            "valid_from": TERM_START.isoformat(),
            "elected_on": TERM_START.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "to andre medlemsgrupper end formandens" in response.content.decode()
    assert not Chairmanship.objects.exists()


def test_admin_election_goes_through_the_service(admin_client_: Client, cast: Cast):
    response = admin_client_.post(
        reverse("admin:councils_chairmanship_add"),
        {
            "council": cast.council.pk,
            "chair": cast.birgit.pk,
            "first_vice_chair": cast.lars.pk,
            "second_vice_chair": cast.peter.pk,
            "valid_from": TERM_START.isoformat(),
            "elected_on": TERM_START.isoformat(),
        },
    )
    assert response.status_code == 302
    chairmanship = Chairmanship.objects.get()
    assert chairmanship.valid_to is not None and chairmanship.valid_to.isoformat() == "2020-05-31"


def test_admin_refuses_an_alternate_without_a_member(admin_client_: Client, cast: Cast):
    response = admin_client_.post(
        reverse("admin:councils_membership_add"),
        {
            "council": cast.council.pk,
            "person": cast.hanne.person.pk,
            "role": "alternate",
            "member_group": cast.da.pk,
            "valid_from": TERM_START.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "suppleant for et navngivet medlem" in response.content.decode()
