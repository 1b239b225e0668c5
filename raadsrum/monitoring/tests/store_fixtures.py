"""Fixtures for the statistics store tests: the reference data (regions, the 98
municipalities, the councils) and the recorded responses that ship with the tests.

Import `reference` into a test module and ask for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from raadsrum.councils import services as council_services
from raadsrum.monitoring.codes import Areas

RECORDINGS = Path(__file__).resolve().parent / "recordings"

AALBORG = "851"
FREDERIKSHAVN = "813"
REGION_NORDJYLLAND = "1081"


def recording(name: str) -> bytes:
    return (RECORDINGS / name).read_bytes()


@pytest.fixture
def reference(db: None) -> Areas:
    council_services.reference_load()
    return Areas()
