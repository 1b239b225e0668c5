"""Before any figures are loaded the monitoring pages say so, and claim nothing synthetic."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from raadsrum.councils import services as council_services

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reference() -> None:
    council_services.reference_load()


@pytest.mark.parametrize("name", ["dashboard", "insight", "refund"])
def test_a_page_without_figures_says_so_and_shows_no_synthetic_notice(
    client: Client, name: str
) -> None:
    response = client.get(reverse(f"monitoring:{name}", args=["nordjylland"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Syntetiske data" not in page
    assert "ingen tal" in page.lower()
