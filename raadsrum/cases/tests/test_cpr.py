"""CPR numbers are recognised in any form people write them; other numbers pass."""

from __future__ import annotations

import datetime as dt

import pytest

from raadsrum.cases.cpr import check_no_cpr, contains_cpr, find_cpr
from raadsrum.core.errors import ValidationFailed

TODAY = dt.date(2026, 6, 4)

CPR_TEXTS = [
    "010203-1234",
    "0102031234",
    "010203 1234",
    "010203\u00a01234",  # no-break space, as Word pastes it
    "010203–1234",  # en dash
    "CPR: 311299-4321",
    "Borgeren (cpr.nr. 2902004234) er ansat",  # 29 February 2000
    "Medarbejder 150575-1111 er omfattet.",
    "\n\n120360-2345\n",
    "kontakt 010101-0000.",
    "a:250599-3002;b",
    "Født 300698-4001 i Aalborg",  # 7th digit 4, yy 98 → 1998
    "010120-5001",  # 7th digit 5, yy 20 → 2020
    "311279-9876",  # 7th digit 9, yy 79 → 1979
]

NOT_CPR_TEXTS = [
    "CVR 12345674",
    "CVR-nr. 29403473",
    "tlf. 98 12 34 56",
    "+45 98 12 34 56",
    "+4598123456",
    "Mødet 04.06.2020 kl. 10.00",
    "4. juni 2020",
    "Sag 2026-0042",
    "sagsnr. 2026-00042",
    "SIRI 2026-12345",
    "219.278 beskæftigede",
    "EAN 5798000123456",
    "Kontonummer 1234-5678901234",  # bank reg. + account: 5678901234 has day 56
    "320112-3456",  # day 32
    "011312-3456",  # month 13
    "290201-1234",  # 29 Feb 1901 does not exist
    "290200-1234",  # 7th digit 1: 29 Feb 1900, which did not exist either
    "010130-4123",  # 7th digit 4, yy 30 → 2030: not born yet
    "P-nr. 1003388394",  # a production-unit number after its label
    "01020312345",  # eleven digits
    "Tidsrum 20260604 1030",
    "",
]


@pytest.mark.parametrize("text", CPR_TEXTS)
def test_cpr_numbers_are_found_in_every_form(text: str) -> None:
    assert find_cpr(text, today=TODAY) is not None


@pytest.mark.parametrize("text", NOT_CPR_TEXTS)
def test_numbers_that_are_not_cpr_numbers_pass(text: str) -> None:
    assert find_cpr(text, today=TODAY) is None


def test_a_leap_day_is_a_real_birthday_in_a_leap_year() -> None:
    assert find_cpr("290200-4123", today=TODAY) == "290200-4123"  # 2000 was a leap year


def test_modulus_11_is_not_required() -> None:
    # 010203-1235 fails the old modulus-11 check; CPR numbers issued since 2007 may too.
    assert contains_cpr("010203-1235")


def test_the_refusal_says_why_in_danish() -> None:
    with pytest.raises(ValidationFailed) as refused:
        check_no_cpr("ok", "Borger 010203-1234")
    assert refused.value.message == (
        "Teksten ser ud til at indeholde et CPR-nummer. CPR-numre må ikke gemmes i Rådsrum."
    )


def test_non_text_values_are_ignored() -> None:
    check_no_cpr(None, 12, 102031234)
