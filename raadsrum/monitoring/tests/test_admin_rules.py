"""The dated rules are edited in the admin: a later focus-target rule or set of refund steps
is added there, and steps that make no sense are refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from raadsrum.monitoring.models import FocusTargetRule, RefundStep

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(User.objects.create_superuser("adam", password="x"))
    return client


@pytest.mark.parametrize(
    "model",
    [
        "source",
        "measure",
        "statisticsload",
        "observation",
        "focustargetrule",
        "refundstep",
        "keyfiguresreport",
    ],
)
def test_every_monitoring_list_opens(admin_client: Client, model: str) -> None:
    response = admin_client.get(reverse(f"admin:monitoring_{model}_changelist"))
    assert response.status_code == 200


def test_a_later_focus_target_rule_is_added_with_its_own_date(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:monitoring_focustargetrule_add"),
        {
            "name": "Fokusmål 2024",
            "valid_from": "2024-01-01",
            "no_offer_max_share": "25",
            "few_interviews_max_share": "20",
            "definition": "",
        },
    )
    assert response.status_code == 302
    assert FocusTargetRule.objects.filter(name="Fokusmål 2024").exists()


def test_a_step_ending_before_it_starts_is_refused(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:monitoring_refundstep_add"),
        {
            "scheme": "Ny ordning",
            "valid_from": "2030-01-01",
            "from_week": "10",
            "to_week": "5",
            "rate": "50",
        },
    )
    assert response.status_code == 200
    assert "Til-ugen ligger før fra-ugen" in response.content.decode()
    assert not RefundStep.objects.filter(scheme="Ny ordning").exists()


def test_a_share_over_100_percent_is_refused(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("admin:monitoring_focustargetrule_add"),
        {
            "name": "Forkert",
            "valid_from": "2030-01-01",
            "no_offer_max_share": "120",
            "few_interviews_max_share": "20",
        },
    )
    assert "mellem 0 og 100" in response.content.decode()
