"""Pool money: the import (Danish numbers, row-and-column errors, all or nothing, re-import
updates), who may import, and the council's table by the area the council had that year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from raadsrum.core.errors import PermissionDenied
from raadsrum.core.models import AuditEntry
from raadsrum.core.tabular import ImportRejected
from raadsrum.councils.models import Council, CouncilArea, Municipality
from raadsrum.positivelist.models import PoolAllocation
from raadsrum.positivelist.pool_selectors import pool_table, pool_years
from raadsrum.positivelist.pool_services import pool_import
from raadsrum.positivelist.tests.conftest import PLCast

GOOD = (
    "Kommune;År;Udmøntning;Forbrug\n"
    "Frederikshavn;2025;1.234.567,50;987.654,25\n"
    "Aalborg Kommune;2025;3.500.000;\n"
)


def _csv(text: str) -> bytes:
    return text.encode("utf-8")


def _errors(rejected: pytest.ExceptionInfo[ImportRejected]) -> set[tuple[int, str]]:
    return {(e.row, e.column) for e in rejected.value.errors}


def test_import_reads_danish_numbers_and_municipality_names(pl: PLCast) -> None:
    result = pool_import(content=_csv(GOOD), filename="pulje-2025.csv", by=pl.sara)

    assert (result.created, result.updated) == (2, 0)
    frederikshavn = PoolAllocation.objects.get(municipality=pl.frederikshavn, year=2025)
    assert frederikshavn.allocation == Decimal("1234567.50")
    assert frederikshavn.spent == Decimal("987654.25")
    aalborg = PoolAllocation.objects.get(municipality=pl.aalborg, year=2025)
    assert (aalborg.allocation, aalborg.spent) == (Decimal("3500000.00"), None)
    assert AuditEntry.objects.filter(action="pool.create").count() == 2


def test_import_finds_municipality_by_three_digit_code(pl: PLCast) -> None:
    content = _csv("kommunekode;år;tildeling;forbrug\n0813;2025;100.000;50.000\n851;2025;10;0\n")

    pool_import(content=content, filename="pulje.csv", by=pl.sara)

    assert PoolAllocation.objects.get(municipality=pl.frederikshavn).allocation == 100000


def test_errors_name_row_and_column_and_nothing_is_saved(pl: PLCast) -> None:
    content = _csv(
        "Kommune;År;Udmøntning;Forbrug\n"
        "Frederikshavn;2025;1.000,00;500,00\n"  # fine, but the file is rejected
        "Atlantis;2025;1.000,00;\n"  # unknown municipality
        "Aalborg;2025;-5.000,00;\n"  # negative allocation
        "Aalborg;2026;1.000;mange\n"  # not a number
    )

    with pytest.raises(ImportRejected) as rejected:
        pool_import(content=content, filename="pulje.csv", by=pl.sara)

    assert _errors(rejected) == {(3, "kommune"), (4, "udmøntning"), (5, "forbrug")}
    assert not PoolAllocation.objects.exists()


def test_a_missing_column_is_an_error_in_the_header_row(pl: PLCast) -> None:
    content = _csv("Kommune;År;Beløb\nFrederikshavn;2025;1.000\n")

    with pytest.raises(ImportRejected) as rejected:
        pool_import(content=content, filename="pulje.csv", by=pl.sara)

    assert _errors(rejected) == {(1, "udmøntning")}
    assert not PoolAllocation.objects.exists()


def test_the_same_municipality_twice_in_a_year_is_an_error(pl: PLCast) -> None:
    content = _csv("Kommune;År;Udmøntning\nAalborg;2025;1.000\n851;2025;2.000\n")

    with pytest.raises(ImportRejected) as rejected:
        pool_import(content=content, filename="pulje.csv", by=pl.sara)

    assert _errors(rejected) == {(3, "kommune")}


def test_reimport_updates_the_same_municipality_year(pl: PLCast) -> None:
    pool_import(content=_csv(GOOD), filename="pulje-2025.csv", by=pl.sara)
    corrected = GOOD.replace("3.500.000;", "3.500.000;3.100.000,00")

    result = pool_import(content=_csv(corrected), filename="pulje-2025-rettet.csv", by=pl.sara)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert PoolAllocation.objects.filter(year=2025).count() == 2
    aalborg = PoolAllocation.objects.get(municipality=pl.aalborg, year=2025)
    assert aalborg.spent == Decimal("3100000.00")
    assert aalborg.source_name == "pulje-2025-rettet.csv"


def test_the_year_may_be_given_for_a_file_without_it(pl: PLCast) -> None:
    content = _csv("Kommune;Udmøntning\nAalborg;1.000\n")

    pool_import(content=content, filename="pulje.csv", by=pl.sara, year=2024)

    assert PoolAllocation.objects.get(municipality=pl.aalborg).year == 2024


def test_only_the_secretariat_of_the_councils_concerned_may_import(pl: PLCast) -> None:
    aarhus_row = _csv("Kommune;År;Udmøntning\nAarhus;2025;1.000\n")

    for outsider in (pl.sven, pl.mette, pl.otto):
        with pytest.raises(PermissionDenied):
            pool_import(content=_csv(GOOD), filename="pulje.csv", by=outsider)
    with pytest.raises(PermissionDenied):
        pool_import(content=aarhus_row, filename="pulje.csv", by=pl.sara)
    assert not PoolAllocation.objects.exists()

    pool_import(content=aarhus_row, filename="pulje.csv", by=pl.sven)
    staff = User.objects.create_user(username="staff", password="pw", is_staff=True)
    pool_import(content=_csv(GOOD), filename="pulje.csv", by=staff)
    assert PoolAllocation.objects.count() == 3


def test_table_has_totals_and_share_spent(pl: PLCast) -> None:
    pool_import(content=_csv(GOOD), filename="pulje-2025.csv", by=pl.sara)

    table = pool_table(council=pl.council, year=2025)

    assert [r.municipality.name for r in table.rows] == ["Aalborg", "Frederikshavn"]
    assert table.total_allocation == Decimal("4734567.50")
    assert table.total_spent == Decimal("987654.25")
    # The share counts only municipalities that reported spending (Frederikshavn).
    assert table.total_share_spent == Decimal("987654.25") / Decimal("1234567.50") * 100
    assert table.rows[0].share_spent is None


def test_table_follows_the_councils_area_in_that_year(pl: PLCast) -> None:
    hjoerring = Municipality.objects.create(code="860", name="Hjørring", region=pl.aalborg.region)
    CouncilArea.objects.create(
        council=pl.council, municipality=hjoerring, valid_from=dt.date(2025, 1, 1)
    )
    PoolAllocation.objects.create(municipality=hjoerring, year=2024, allocation=1)
    PoolAllocation.objects.create(municipality=hjoerring, year=2025, allocation=2)

    assert hjoerring not in [r.municipality for r in pool_table(council=pl.council, year=2024).rows]
    assert hjoerring in [r.municipality for r in pool_table(council=pl.council, year=2025).rows]
    assert pool_years(council=pl.council) == [2025]


def test_a_successor_shows_its_predecessors_area_for_earlier_years(pl: PLCast) -> None:
    successor = Council.objects.create(
        slug="nyt-raad",
        name="Beskæftigelsesrådet Testland",
        name_genitive="Beskæftigelsesrådet Testlands",
        kind=Council.Kind.EMPLOYMENT_COUNCIL,
        valid_from=dt.date(2025, 1, 1),
    )
    CouncilArea.objects.filter(council=pl.council).update(valid_to=dt.date(2024, 12, 31))
    pl.council.successor = successor
    pl.council.valid_to = dt.date(2024, 12, 31)
    pl.council.save()
    CouncilArea.objects.create(
        council=successor, municipality=pl.aalborg, valid_from=dt.date(2025, 1, 1)
    )
    PoolAllocation.objects.create(municipality=pl.frederikshavn, year=2024, allocation=5)
    PoolAllocation.objects.create(municipality=pl.aalborg, year=2025, allocation=7)

    earlier = pool_table(council=successor, year=2024)
    assert [r.municipality for r in earlier.rows] == [pl.aalborg, pl.frederikshavn]
    assert earlier.area_councils == [pl.council]
    assert [r.municipality for r in pool_table(council=successor, year=2025).rows] == [pl.aalborg]
    assert pool_years(council=successor) == [2024, 2025]


def test_public_page_shows_danish_amounts_and_a_caption(client, pl: PLCast) -> None:  # type: ignore[no-untyped-def]
    pool_import(content=_csv(GOOD), filename="pulje-2025.csv", by=pl.sara)

    response = client.get(reverse("positivelist:pool", args=[pl.council.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html
    assert "1.234.568 kr." in html
    assert "4.734.568 kr." in html
    assert 'role="img"' in html


def test_import_page_shows_row_errors_in_a_table(client, pl: PLCast) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(pl.sara)
    upload = SimpleUploadedFile("pulje.csv", _csv("Kommune;År;Udmøntning\nAtlantis;2025;1\n"))

    response = client.post(
        reverse("positivelist:pool_import", args=[pl.council.slug]), {"file": upload}
    )

    assert response.status_code == 422
    assert "Atlantis" in response.content.decode()
    assert 'id="row-errors"' in response.content.decode()
    assert not PoolAllocation.objects.exists()


def test_import_page_is_for_the_secretariat(client, pl: PLCast) -> None:  # type: ignore[no-untyped-def]
    client.force_login(pl.mette)

    response = client.get(reverse("positivelist:pool_import", args=[pl.council.slug]))

    assert response.status_code == 403
