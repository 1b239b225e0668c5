from decimal import Decimal

import pytest

from raadsrum.core.tabular import cell_decimal, read_table


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("0,5", "0.5"), ("3", "3"), ("1.234,5", "1234.5"), ("1.234", "1234"), (0.5, "0.5"), (5, "5")],
)
def test_danish_decimals_are_read_as_written(cell: object, expected: str) -> None:
    assert cell_decimal(cell) == Decimal(expected)


@pytest.mark.parametrize("cell", ["", "en halv", "-1", "nan", True])
def test_a_cell_that_is_not_a_decimal_says_so(cell: object) -> None:
    with pytest.raises(ValueError):
        cell_decimal(cell)


def test_a_semicolon_csv_from_excel_in_windows_1252_is_read() -> None:
    table = read_table("Kursus;Varighed\nBagning;0,5\n".encode("cp1252"), "svar.csv")
    assert table.headers == ["kursus", "varighed"]
    assert table.rows == [{"kursus": "Bagning", "varighed": "0,5"}]
