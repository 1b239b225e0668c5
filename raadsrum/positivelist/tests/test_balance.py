"""The labour-market balance: importing STAR-like exports, history, the balance in force and
the candidates the secretariat proposes job titles from."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from raadsrum.core.audit import AuditEntry
from raadsrum.core.errors import PermissionDenied, ValidationFailed
from raadsrum.core.tabular import ImportRejected
from raadsrum.councils.models import Council
from raadsrum.positivelist import selectors, services
from raadsrum.positivelist.models import (
    BalanceCategory,
    BalanceEntry,
    JobTitle,
    LabourMarketBalance,
    Round,
)
from raadsrum.positivelist.tests.conftest import PLCast

H1 = dt.date(2026, 1, 1)
H2 = dt.date(2026, 7, 1)

GOOD_CSV = (
    "Stillingsbetegnelse;DISCO-08;Kategori;Forventede jobåbninger\n"
    "Bager;7512;Mangel på arbejdskraft;40\n"
    "Sygeplejerske;2221;Mangel på arbejdskraft;1.310\n"
    "Tømrer;7115;Gode jobmuligheder;120\n"
    "Kontorassistent;4110;Mindre gode jobmuligheder;\n"
    "Lagerarbejder;9333;Paradoksproblemer;12\n"
).encode()


def _import(pl: PLCast, content: bytes, period: dt.date = H1, filename: str = "b.csv"):
    return services.balance_import(
        council=pl.council, period_start=period, content=content, filename=filename, by=pl.sara
    )


def test_import_creates_job_titles_and_entries_with_categories(pl: PLCast) -> None:
    balance = _import(pl, GOOD_CSV)
    categories = {
        e.job_title.title: (e.category, e.expected_openings)
        for e in balance.entries.select_related("job_title")
    }
    assert categories == {
        "Bager": (BalanceCategory.SHORTAGE, 40),
        "Sygeplejerske": (BalanceCategory.SHORTAGE, 1310),
        "Tømrer": (BalanceCategory.GOOD, 120),
        "Kontorassistent": (BalanceCategory.POOR, None),
        "Lagerarbejder": (BalanceCategory.PARADOX, 12),
    }
    assert JobTitle.objects.get(title="Bager").disco_code == "7512"
    assert AuditEntry.objects.filter(action="positivelist.balance_import").count() == 1


def test_import_reads_short_codes_and_the_vurdering_column_from_xlsx(pl: PLCast) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Stillingsbetegnelse", "DISCO", "Vurdering"])
    sheet.append(["Bager", 7512, "M"])
    sheet.append(["Tømrer", None, "G"])
    sheet.append(["Kontorassistent", None, "MG"])
    out = io.BytesIO()
    workbook.save(out)
    balance = _import(pl, out.getvalue(), filename="balance.xlsx")
    assert dict(balance.entries.values_list("job_title__title", "category")) == {
        "Bager": BalanceCategory.SHORTAGE,
        "Tømrer": BalanceCategory.GOOD,
        "Kontorassistent": BalanceCategory.POOR,
    }


def test_import_reuses_known_job_titles_and_fills_their_disco_code(pl: PLCast) -> None:
    JobTitle.objects.create(title="Bager")
    _import(pl, GOOD_CSV)
    assert JobTitle.objects.filter(title__iexact="bager").count() == 1
    assert JobTitle.objects.get(title="Bager").disco_code == "7512"


def test_every_bad_row_is_named_by_row_and_column_and_nothing_is_saved(pl: PLCast) -> None:
    bad = (
        "Stillingsbetegnelse;DISCO-08;Kategori;Forventede jobåbninger\n"
        "Bager;7512;Mangel på arbejdskraft;40\n"  # row 2 fine
        ";2221;Mangel på arbejdskraft;10\n"  # row 3: no title
        "Tømrer;7115;Lysegrøn;10\n"  # row 4: unknown category
        "Smed;72x;Gode jobmuligheder;mange\n"  # row 5: bad DISCO and bad number
        "bager;7512;Gode jobmuligheder;5\n"  # row 6: duplicate of row 2
    ).encode()
    with pytest.raises(ImportRejected) as caught:
        _import(pl, bad)
    where = {(e.row, e.column) for e in caught.value.errors}
    assert where == {
        (3, "Stillingsbetegnelse"),
        (4, "Kategori"),
        (5, "DISCO-08"),
        (5, "Forventede jobåbninger"),
        (6, "Stillingsbetegnelse"),
    }
    assert "række 2" in next(e.message for e in caught.value.errors if e.row == 6)
    assert LabourMarketBalance.objects.count() == 0
    assert JobTitle.objects.count() == 0
    assert BalanceEntry.objects.count() == 0


def test_a_missing_category_column_is_reported_on_the_header_row(pl: PLCast) -> None:
    with pytest.raises(ImportRejected) as caught:
        _import(pl, b"Stillingsbetegnelse;DISCO\nBager;7512\n")
    assert [(e.row, e.column) for e in caught.value.errors] == [(1, "Kategori")]


def test_the_half_year_must_start_on_1_january_or_1_july(pl: PLCast) -> None:
    with pytest.raises(ValidationFailed, match="1. januar eller 1. juli"):
        _import(pl, GOOD_CSV, period=dt.date(2026, 3, 1))


def test_only_the_secretariat_imports_the_balance(pl: PLCast) -> None:
    for outsider in (pl.mette, pl.kurt, pl.otto, pl.sven):
        with pytest.raises(PermissionDenied):
            services.balance_import(
                council=pl.council, period_start=H1, content=GOOD_CSV, filename="b.csv", by=outsider
            )
    assert LabourMarketBalance.objects.count() == 0


def test_a_reimport_of_a_half_year_is_a_new_release_and_the_newest_is_in_force(
    pl: PLCast,
) -> None:
    first = _import(pl, GOOD_CSV)
    corrected = _import(
        pl,
        b"Stillingsbetegnelse;Kategori\nBager;Gode jobmuligheder\n",
        filename="rettet.csv",
    )
    assert LabourMarketBalance.objects.filter(council=pl.council, period_start=H1).count() == 2
    assert first.entries.count() == 5  # the first release is kept as it was
    assert selectors.balance_in_force(council=pl.council, on=dt.date(2026, 3, 1)) == corrected


def test_the_balance_in_force_is_the_latest_half_year_started_on_the_day(pl: PLCast) -> None:
    spring = _import(pl, GOOD_CSV, period=H1)
    autumn = _import(pl, GOOD_CSV, period=H2)
    assert selectors.balance_in_force(council=pl.council, on=dt.date(2026, 6, 30)) == spring
    assert selectors.balance_in_force(council=pl.council, on=dt.date(2026, 7, 1)) == autumn
    assert selectors.balance_in_force(council=pl.council, on=dt.date(2025, 12, 31)) is None


def test_a_successor_council_falls_back_to_its_predecessors_balance(pl: PLCast) -> None:
    successor = Council.objects.create(
        slug="nyt-raad",
        name="Beskæftigelsesrådet Testland",
        name_genitive="Beskæftigelsesrådet Testlands",
        kind=Council.Kind.EMPLOYMENT_COUNCIL,
        valid_from=dt.date(2025, 1, 1),
    )
    pl.council.successor = successor
    pl.council.save()
    old = _import(pl, GOOD_CSV, period=dt.date(2024, 7, 1))
    assert selectors.balance_in_force(council=successor, on=dt.date(2025, 2, 1)) == old


def test_history_shows_the_category_half_year_by_half_year_from_the_newest_release(
    pl: PLCast,
) -> None:
    _import(pl, GOOD_CSV, period=H1)
    _import(pl, b"Stillingsbetegnelse;Kategori\nBager;Paradoksproblemer\n", period=H1)
    _import(pl, b"Stillingsbetegnelse;Kategori\nBager;Gode jobmuligheder\n", period=H2)
    bager = JobTitle.objects.get(title="Bager")
    history = selectors.balance_history(job_title=bager, council=pl.council)
    assert [(p.period_start, p.category) for p in history] == [
        (H1, BalanceCategory.PARADOX),
        (H2, BalanceCategory.GOOD),
    ]


def test_candidates_are_shortage_and_good_prospects_unless_filtered(
    pl: PLCast, balance: LabourMarketBalance
) -> None:
    round = services.round_create(council=pl.council, kind=Round.Kind.YEARLY, by=pl.sara)
    assert round.balance == balance

    def titles(**filters: object) -> list[str]:
        return [
            e.job_title.title
            for e in selectors.balance_candidates(round=round, **filters)  # type: ignore[arg-type]
        ]

    # Shortage first, most expected openings first.
    assert titles() == ["Sygeplejerske", "Bager", "Tømrer"]
    assert titles(categories=[BalanceCategory.SHORTAGE]) == ["Sygeplejerske", "Bager"]
    assert titles(categories=[BalanceCategory.GOOD]) == ["Tømrer"]
    assert titles(search="bag") == ["Bager"]
    assert titles(search="7115") == ["Tømrer"]


def test_candidates_say_which_titles_are_already_in_the_round(
    pl: PLCast, balance: LabourMarketBalance, job_titles: dict[str, JobTitle]
) -> None:
    round = services.round_create(council=pl.council, kind=Round.Kind.YEARLY, by=pl.sara)
    services.round_propose_titles(round=round, job_titles=[job_titles["Bager"]], by=pl.sara)
    flags = {
        e.job_title.title: e.in_round  # type: ignore[attr-defined]
        for e in selectors.balance_candidates(round=round)
    }
    assert flags == {"Sygeplejerske": 0, "Bager": 1, "Tømrer": 0}
