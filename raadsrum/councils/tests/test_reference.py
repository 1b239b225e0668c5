"""The reference data: 5 regions, 98 municipalities, 8 RAR then 5 regional councils."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from raadsrum.core.models import AuditEntry
from raadsrum.councils import selectors, services
from raadsrum.councils.models import Council, CouncilArea, MemberGroup, Municipality, Region

pytestmark = pytest.mark.django_db

SPREAD_OF_DATES = [
    date(2015, 1, 1),
    date(2016, 7, 15),
    date(2018, 6, 1),
    date(2020, 3, 12),
    date(2022, 12, 31),
    date(2024, 2, 29),
    date(2024, 12, 31),
    date(2025, 1, 1),
    date(2025, 6, 30),
    date(2027, 1, 1),
    date(2030, 12, 31),
]


def test_every_municipality_belongs_to_exactly_one_council_on_any_date(reference):
    assert Municipality.objects.count() == 98
    assert Region.objects.count() == 5
    assert Council.objects.filter(kind=Council.Kind.RAR).count() == 8
    assert Council.objects.filter(kind=Council.Kind.EMPLOYMENT_COUNCIL).count() == 5
    for on in SPREAD_OF_DATES:
        for municipality in Municipality.objects.all():
            areas = CouncilArea.objects.filter(CouncilArea.valid_on(on), municipality=municipality)
            assert areas.count() == 1, (municipality.name, on, list(areas))
            assert areas.get().council.is_valid_on(on), (municipality.name, on)


def test_christiansoe_is_not_a_municipality(reference):
    assert not Municipality.objects.filter(code="411").exists()


@pytest.mark.parametrize(
    ("code", "on", "slug"),
    [
        ("851", date(2020, 6, 4), "nordjylland"),  # Aalborg
        ("751", date(2022, 9, 29), "oestjylland"),  # Aarhus
        ("791", date(2022, 9, 29), "vestjylland"),  # Viborg
        ("461", date(2019, 1, 1), "fyn"),  # Odense
        ("492", date(2019, 1, 1), "fyn"),  # Ærø
        ("561", date(2019, 1, 1), "sydjylland"),  # Esbjerg
        ("400", date(2024, 12, 31), "bornholm"),
        ("101", date(2024, 12, 31), "hovedstaden"),
        ("265", date(2024, 12, 31), "sjaelland"),  # Roskilde
        ("400", date(2025, 1, 1), "beskaeftigelsesraad-hovedstaden"),
        ("791", date(2025, 1, 1), "beskaeftigelsesraad-midtjylland"),
        ("492", date(2026, 5, 1), "beskaeftigelsesraad-syddanmark"),
    ],
)
def test_municipality_maps_to_the_council_of_the_day(reference, code, on, slug):
    municipality = selectors.municipality_get(code=code)
    assert selectors.council_for_municipality(municipality=municipality, on=on).slug == slug


def test_rar_areas_split_the_regions_as_the_law_did(reference):
    on = date(2020, 1, 1)
    sizes = {
        council.slug: selectors.council_municipalities(council=council, on=on).count()
        for council in selectors.council_list(on=on)
    }
    assert sizes == {
        "nordjylland": 11,
        "oestjylland": 11,
        "vestjylland": 8,
        "sydjylland": 12,
        "fyn": 10,
        "sjaelland": 17,
        "hovedstaden": 28,
        "bornholm": 1,
    }


def test_each_rar_is_succeeded_by_the_new_council_of_its_region(reference):
    for rar in Council.objects.filter(kind=Council.Kind.RAR):
        assert rar.successor is not None, rar
        assert rar.successor.kind == Council.Kind.EMPLOYMENT_COUNCIL
        assert rar.successor.region_id == rar.region_id
        assert rar.successor.valid_from == date(2025, 1, 1)
        assert rar.valid_to == date(2024, 12, 31)


def test_councils_carry_their_house_style(reference):
    nordjylland = Council.objects.get(slug="nordjylland")
    oestjylland = Council.objects.get(slug="oestjylland")
    assert nordjylland.name_genitive == "RAR Nordjyllands"
    assert nordjylland.numbering_style == "triple"
    assert oestjylland.numbering_style == "dotted_trailing"
    assert oestjylland.secretariat_name == "AMK Midt-Nord"
    assert Council.objects.get(slug="fyn").secretariat_name == "AMK Syd"
    assert Council.objects.get(slug="bornholm").secretariat_name == "AMK Øst"


def test_member_groups_come_in_display_order(reference):
    assert [group.code for group in selectors.member_group_list()] == [
        "da",
        "fh",
        "kl",
        "akademikerne",
        "lederne",
        "dh",
        "regionsraadet",
    ]


def test_reference_load_is_idempotent(reference):
    assert reference.created["municipalities"] == 98
    counts = _counts()
    audit_rows = AuditEntry.objects.count()

    again = services.reference_load()

    assert not again.changed, again.summary()
    assert _counts() == counts
    assert AuditEntry.objects.count() == audit_rows


def test_reference_load_updates_names_when_the_files_change(reference, tmp_path: Path):
    source = tmp_path / "reference"
    shutil.copytree(services.REFERENCE_DIR, source)
    councils = json.loads((source / "councils.json").read_text(encoding="utf-8"))
    for row in councils:
        if row["slug"] == "beskaeftigelsesraad-nordjylland":
            row["name"] = "Beskæftigelsesrådet Nordjylland"
    (source / "councils.json").write_text(json.dumps(councils), encoding="utf-8")
    counts = _counts()

    result = services.reference_load(source=source)

    assert result.updated == {"councils": 1}
    assert not result.created
    assert _counts() == counts
    renamed = Council.objects.get(slug="beskaeftigelsesraad-nordjylland")
    assert renamed.name == "Beskæftigelsesrådet Nordjylland"
    assert AuditEntry.objects.filter(
        action="reference.councils.update", target_id=str(renamed.pk)
    ).exists()


def test_reference_load_drops_area_rows_the_files_no_longer_hold(reference, tmp_path: Path):
    source = tmp_path / "reference"
    shutil.copytree(services.REFERENCE_DIR, source)
    areas = source / "council_areas.csv"
    # Move Viborg from Vestjylland to Østjylland (a made-up correction of the data).
    text = areas.read_text(encoding="utf-8").replace("vestjylland,791,", "oestjylland,791,")
    areas.write_text(text, encoding="utf-8")

    result = services.reference_load(source=source)

    assert result.created == {"council_areas": 1}
    assert result.deleted == {"council_areas": 1}
    viborg = selectors.municipality_get(code="791")
    assert selectors.council_for_municipality(municipality=viborg, on=date(2020, 1, 1)).slug == (
        "oestjylland"
    )


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Region, Municipality, Council, CouncilArea, MemberGroup)
    }
