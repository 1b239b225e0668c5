"""KLV lists and batches of work-sharing cases come in as CSV or XLSX; errors are reported per
row and column in Danish, nothing is stored when there is one, and the KLV ratio requirement
is checked per workplace."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence

import pytest
from openpyxl import Workbook

from raadsrum.cases import services
from raadsrum.cases.imports import ImportRejected, RowError, parse_quarter, read_table
from raadsrum.cases.models import Case, KLVReport, RatioRequirement, RatioStatus, WorkSharingCase
from raadsrum.cases.tests.conftest import CVR_A, CVR_B, Cast
from raadsrum.core.errors import ValidationFailed
from raadsrum.core.models import AuditEntry

KLV_CSV = (
    "Arbejdsplads;CVR;Virksomhedspraktik;Nytteindsats;Løntilskud;Ansatte uden tilskud\n"
    "Genbrugspladsen;;1;1;0;20\n"  # 2 per 20: fine
    "Plejecenter Solgården;;2;0;2;20\n"  # 4 per 20: limit 4, at the limit → near
    "Materielgården;29403473;3;2;1;10\n"  # 6 per 10: limit 2 → breach
).encode()


def _klv(cast: Cast, rows: Sequence[Mapping[str, object]], quarter: str = "2026K1") -> object:
    return services.klv_import(
        council=cast.council,
        municipality=cast.frederikshavn,
        quarter=quarter,
        rows=rows,
        by=cast.sara,
    )


def test_a_klv_list_flags_breaches_and_workplaces_near_the_limit(cast: Cast) -> None:
    table = read_table(KLV_CSV, "klv.csv")
    result = _klv(cast, table.rows)
    assert isinstance(result, services.KLVImportResult)
    statuses = {r.workplace_name: r.ratio_status for r in result.report.rows.all()}
    assert statuses == {
        "Genbrugspladsen": RatioStatus.OK,
        "Plejecenter Solgården": RatioStatus.NEAR,
        "Materielgården": RatioStatus.BREACH,
    }
    assert [r.workplace_name for r in result.breaches] == ["Materielgården"]
    assert result.report.title == "KLV-liste 1. kvartal 2026 – Frederikshavn"
    assert result.report.reference == "2026-0001"


def test_the_ratio_requirement_in_force_in_the_quarter_applies(cast: Cast) -> None:
    RatioRequirement.objects.update(valid_to=dt.date(2025, 12, 31))
    RatioRequirement.objects.create(valid_from=dt.date(2026, 1, 1), subsidised=1, per_staff=1)
    result = _klv(cast, read_table(KLV_CSV, "klv.csv").rows)
    assert isinstance(result, services.KLVImportResult)
    assert result.breaches == []


def test_a_council_may_have_its_own_ratio_requirement(cast: Cast) -> None:
    RatioRequirement.objects.create(
        council=cast.council, valid_from=dt.date(2020, 1, 1), subsidised=1, per_staff=10
    )
    result = _klv(cast, read_table(KLV_CSV, "klv.csv").rows)
    assert isinstance(result, services.KLVImportResult)
    assert len(result.breaches) == 2


def test_without_a_ratio_requirement_there_is_no_import(cast: Cast) -> None:
    RatioRequirement.objects.all().delete()
    with pytest.raises(ValidationFailed, match="intet rimelighedskrav"):
        _klv(cast, read_table(KLV_CSV, "klv.csv").rows)


def test_klv_errors_are_reported_by_row_and_column_and_nothing_is_stored(cast: Cast) -> None:
    rows = [
        {"Arbejdsplads": "Hal", "Ansatte uden tilskud": "10", "Løntilskud": "to"},
        {"Arbejdsplads": "", "Ansatte uden tilskud": "4"},
        {"Arbejdsplads": "Skole", "Ansatte uden tilskud": "", "CVR": "1234"},
    ]
    with pytest.raises(ImportRejected) as rejected:
        _klv(cast, rows)
    assert rejected.value.errors == [
        RowError(2, "Løntilskud", "skal være et helt tal, der står 'to'"),
        RowError(3, "Arbejdsplads", "mangler"),
        RowError(4, "CVR", "CVR-nummeret skal være 8 cifre, fx 12345674. Der står: 1234"),
        RowError(4, "Ansatte uden tilskud", "mangler"),
    ]
    assert str(rejected.value.errors[1]) == "Række 3, Arbejdsplads: mangler"
    assert not Case.objects.exists()


def test_a_cpr_number_anywhere_in_a_klv_row_is_refused(cast: Cast) -> None:
    rows = [
        {
            "Arbejdsplads": "Hal",
            "Ansatte uden tilskud": "10",
            "Bemærkning": "Kontaktperson 010203-1234",
        }
    ]
    with pytest.raises(ImportRejected) as rejected:
        _klv(cast, rows)
    assert rejected.value.errors == [
        RowError(
            2,
            "bemærkning",
            "Teksten ser ud til at indeholde et CPR-nummer. CPR-numre må ikke gemmes i Rådsrum.",
        )
    ]
    assert not KLVReport.objects.exists()


def test_a_municipality_sends_one_klv_list_per_quarter(cast: Cast) -> None:
    _klv(cast, read_table(KLV_CSV, "klv.csv").rows)
    with pytest.raises(ValidationFailed, match="allerede indlæst"):
        _klv(cast, read_table(KLV_CSV, "klv.csv").rows)
    _klv(cast, read_table(KLV_CSV, "klv.csv").rows, quarter="2. kvartal 2026")


QUARTERS: list[str | tuple[int, int]] = ["2026K1", "2026Q1", "2026-1", "1. kvartal 2026", (2026, 1)]


def test_quarters_are_written_in_several_ways() -> None:
    assert {str(parse_quarter(q)) for q in QUARTERS} == {"2026K1"}
    with pytest.raises(ValidationFailed):
        parse_quarter("2026K5")


def _xlsx(rows: Sequence[Sequence[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "Virksomhed",
    "CVR",
    "Kommune",
    "Berørte medarbejdere",
    "Startdato",
    "Uger",
    "Forlængelse",
    "Principiel",
]


def test_a_batch_of_work_sharing_extensions_comes_in_from_excel(cast: Cast) -> None:
    content = _xlsx(
        [
            HEADER,
            [
                "Skagen Fisk A/S",
                CVR_A,
                "Frederikshavn",
                40,
                dt.datetime(2026, 3, 9),
                26,
                "ja",
                "nej",
            ],
            ["Værftet ApS", int(CVR_B), "851", "1.200", "09.03.2026", 20, "ja", ""],
            [None] * 8,
            ["Bageriet", CVR_A, "aalborg", 4, "2026-03-16", 13, "nej", "ja"],
        ]
    )
    rows = read_table(content, "arbejdsfordeling.xlsx").rows
    cases = services.worksharing_batch_import(
        council=cast.council, rows=rows, by=cast.sara, received_on=dt.date(2026, 3, 2)
    )
    assert [
        (
            c.reference,
            c.company_name,
            c.municipality.name,
            c.employees_affected,
            c.weeks,
            c.is_extension,
            c.is_question_of_principle,
        )
        for c in cases
    ] == [
        ("2026-0001", "Skagen Fisk A/S", "Frederikshavn", 40, 26, True, False),
        ("2026-0002", "Værftet ApS", "Aalborg", 1200, 20, True, False),
        ("2026-0003", "Bageriet", "Aalborg", 4, 13, False, True),
    ]
    assert cases[0].title == "Forlængelse af arbejdsfordeling – Skagen Fisk A/S"
    assert AuditEntry.objects.filter(action="case.create").count() == 3


def test_one_bad_row_stops_the_whole_batch_and_every_error_is_listed(cast: Cast) -> None:
    rows = [
        dict(
            zip(
                HEADER,
                ["Skagen Fisk A/S", CVR_A, "Frederikshavn", 40, "09.03.2026", 26, "ja", "nej"],
                strict=True,
            )
        ),
        dict(
            zip(
                HEADER,
                ["Aarhus Byg", CVR_A, "Aarhus", 10, "32.03.2026", 0, "måske", "nej"],
                strict=True,
            )
        ),
    ]
    with pytest.raises(ImportRejected) as rejected:
        services.worksharing_batch_import(council=cast.council, rows=rows, by=cast.sara)
    assert [(e.row, e.column) for e in rejected.value.errors] == [
        (3, "Kommune"),
        (3, "Startdato"),
        (3, "Forlængelse"),
    ]
    assert "'Aarhus' er ikke en kommune i RAR Testland" in rejected.value.errors[0].message
    assert not WorkSharingCase.objects.exists()


def test_model_rules_are_row_errors_too(cast: Cast) -> None:
    rows = [
        dict(zip(HEADER, ["A/S", CVR_A, "Aalborg", 3, "01.04.2026", 0, "nej", "nej"], strict=True))
    ]
    with pytest.raises(ImportRejected) as rejected:
        services.worksharing_batch_import(council=cast.council, rows=rows, by=cast.sara)
    assert rejected.value.errors[0].row == 2
    assert "Uger i alt" in rejected.value.errors[0].message


def test_a_cpr_number_in_a_work_sharing_row_is_refused(cast: Cast) -> None:
    rows = [
        dict(
            zip(
                HEADER,
                [
                    "Skagen Fisk A/S v/ 0102031234",
                    CVR_A,
                    "Frederikshavn",
                    40,
                    "09.03.2026",
                    26,
                    "ja",
                    "nej",
                ],
                strict=True,
            )
        )
    ]
    with pytest.raises(ImportRejected) as rejected:
        services.worksharing_batch_import(council=cast.council, rows=rows, by=cast.sara)
    assert rejected.value.errors[0].column == "virksomhed"
    assert "CPR-nummer" in rejected.value.errors[0].message
    assert not Case.objects.exists()


def test_csv_files_from_excel_in_windows_1252_with_semicolons_are_read() -> None:
    content = "Arbejdsplads;Løntilskud\nSølvgården;2\n".encode("cp1252")
    table = read_table(content, "liste.csv")
    assert table.rows == [{"arbejdsplads": "Sølvgården", "løntilskud": "2"}]


def test_other_files_are_refused() -> None:
    with pytest.raises(ValidationFailed, match="CSV eller XLSX"):
        read_table(b"x", "liste.pdf")
    with pytest.raises(ValidationFailed, match="kan ikke læses"):
        read_table(b"not a zip", "liste.xlsx")
