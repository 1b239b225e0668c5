"""One load of the reference data and the synthetic figures per test module.

Loading the whole synthetic set takes seconds, so a module loads it once inside an outer
transaction that is rolled back when the module is done; each test still runs in its own
savepoint (the `db` fixture), so nothing a test writes leaks into the next one.
Import `synthetic_db` into a test module and ask for it (with `db`) in the tests.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from raadsrum.councils import services as council_services
from raadsrum.monitoring.synthetic import synthetic_load

TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def synthetic_db(django_db_setup: Any, django_db_blocker: Any) -> Iterator[float]:
    """The seconds the synthetic load took (the reference data is loaded first)."""
    with django_db_blocker.unblock(), transaction.atomic():
        council_services.reference_load()
        began = time.perf_counter()
        synthetic_load(today=TODAY)
        seconds = time.perf_counter() - began
        yield seconds
        transaction.set_rollback(True)
