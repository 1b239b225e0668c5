import datetime as dt
from decimal import Decimal

import pytest

from raadsrum.core.danish import danish_month, danish_number


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1931, 0, "1.931"),
        (13330, 0, "13.330"),
        (219278, 0, "219.278"),
        (16.05, 1, "16,1"),
        (Decimal("3.14"), 1, "3,1"),
        (-442, 0, "-442"),
        (1234567.891, 2, "1.234.567,89"),
        (-0.04, 1, "0,0"),
    ],
)
def test_numbers_are_written_with_danish_separators(value, decimals, text) -> None:
    assert danish_number(value, decimals) == text


def test_a_month_is_written_in_danish() -> None:
    assert danish_month(dt.date(2020, 3, 1)) == "marts 2020"
