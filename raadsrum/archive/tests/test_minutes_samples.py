"""Each sample in samples/ parses to exactly what its .expected.json says."""

import json
import re
from pathlib import Path

import pytest

from raadsrum.archive.parsing import parse_minutes
from raadsrum.archive.parsing.minutes import NO_ITEMS_WARNING
from raadsrum.archive.tests.conftest import SAMPLES, sample_text

STEMS = sorted(p.name.removesuffix(".expected.json") for p in SAMPLES.glob("*.expected.json"))
DEMO = Path(__file__).resolve().parents[2] / "meetings/demo/nordjylland-2020-06-04.json"


def expected(stem: str) -> dict:
    return json.loads((SAMPLES / f"{stem}.expected.json").read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def parsed(words):
    return {stem: parse_minutes(sample_text(stem), source_name=stem) for stem in STEMS}


def test_there_are_three_samples():
    assert len(STEMS) == 3


@pytest.mark.parametrize("stem", STEMS)
def test_council_body_and_date_are_as_expected(parsed, stem):
    want = expected(stem)
    doc = parsed[stem]
    assert (doc.council, doc.body, doc.date) == (want["council"], want["body"], want["date"])


@pytest.mark.parametrize("stem", STEMS)
def test_every_item_number_title_kinds_and_presentation_flag_equal_expected(parsed, stem):
    got = [(i.number, i.title, i.kinds, i.has_presentation) for i in parsed[stem].items]
    want = [
        (i["number"], i["title"], i["kinds"], i["has_presentation"])
        for i in expected(stem)["items"]
    ]
    assert got == want


@pytest.mark.parametrize("stem", STEMS)
def test_json_has_exactly_the_import_shape(parsed, stem):
    data = parsed[stem].to_json()
    assert list(data) == ["council", "body", "date", "virtual", "items", "attendance", "warnings"]
    for item in data["items"]:
        assert list(item) == [
            "number",
            "title",
            "kinds",
            "has_presentation",
            "fields",
            "attachments",
        ]
        assert list(item["fields"]) == [
            "summary",
            "recommendation",
            "decision",
            "presentation",
            "next_steps",
            "background",
        ]
    json.dumps(data)


def test_every_decision_of_4_june_2020_is_found_in_full(parsed):
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    want = {item["number"]: item["decision"] for s in demo["sections"] for item in s["items"]}
    doc = parsed["000_dd457604fb05ae09"]
    missing = [
        item.number
        for item in doc.items
        if normalise(want[item.number]) not in normalise(item.fields["decision"])
    ]
    assert missing == []


def test_the_virtual_meeting_of_4_june_2020_is_virtual_and_ended_at_1155(parsed):
    doc = parsed["000_dd457604fb05ae09"]
    assert (doc.virtual, doc.ended_at, doc.start_time, doc.end_time) == (
        True,
        "11:55",
        "10:00",
        "12:00",
    )


def test_a_second_indstilling_where_the_decision_belongs_is_read_as_the_decision(parsed):
    item = next(i for i in parsed["000_dd457604fb05ae09"].items if i.number == "2.4.1")
    assert item.fields["decision"] == "Rådet tog indstillingerne til efterretning."
    assert item.fields["recommendation"].startswith("Formandskabet indstiller")


def test_an_item_without_a_decision_is_reported(parsed):
    assert "Punkt 5.6.1 har ingen beslutning" in parsed["000_dd457604fb05ae09"].warnings


def test_a_date_the_text_does_not_give_stays_empty_and_is_reported(parsed):
    doc = parsed["001_f9edf094e86b5f9e"]
    assert doc.date is None
    assert "Ingen mødedato i teksten" in doc.warnings


def test_attachments_are_named_after_their_item(parsed):
    items = {i.number: i for i in parsed["000_dd457604fb05ae09"].items}
    assert items["0A"].attachments == [
        "Bilag 0.1.1 – COVID-19 tilføjelse til Rådets nøgletals notat.",
        "Bilag 0.1.2 – Beskrivelse af aktuelle dataudfordringer i en Coronatid.",
    ]
    assert items["2.1.1"].attachments == []  # "Ingen bilag til punktet."


def test_attachment_numbers_with_the_letter_o_are_read_as_zero(parsed):
    items = {i.number: i for i in parsed["003_c357e7af07d5e8d5"].items}
    assert (
        items["0.2"].attachments[0] == "Bilag 0.2.1 – Udkast til overordnet strategi 2022 til 2026"
    )


def test_next_steps_and_background_have_their_own_fields(parsed):
    items = {i.number: i for i in parsed["001_f9edf094e86b5f9e"].items}
    assert items["2.1.1"].fields["next_steps"].startswith("Positivlisten opdateres på Rådets")
    assert items["2.1.1"].fields["background"].startswith("Efter indspil fra sekretariatet")


def test_the_attendance_list_keeps_groups_and_roles(parsed):
    attendance = [(a.name, a.group, a.role) for a in parsed["003_c357e7af07d5e8d5"].attendance]
    assert attendance[0] == ("Finn D. Pedersen", "DA", "member")
    assert ("Kresten Vendelboe", "FH", "alternate") in attendance
    assert ("Susanne Søndergaard Hansen", "VIA", "observer") in attendance
    assert ("Christian Brincker Nordbek", "KL", "constituency_rep") in attendance
    nordjylland = [(a.name, a.group) for a in parsed["000_dd457604fb05ae09"].attendance]
    assert ("Birgit Frederiksen", "DA") in nordjylland
    assert ("Bente Bang", "Regionsrådet") in nordjylland


def test_links_are_collected_once_each(parsed):
    links = parsed["000_dd457604fb05ae09"].links
    assert "https://www.ft.dk/samling/20191/lovforslag/L188/bilag.htm" in links
    assert len(links) == len(set(links))


def test_no_page_header_or_repeated_link_is_left_inside_a_field(parsed):
    for doc in parsed.values():
        for item in doc.items:
            for text in item.fields.values():
                assert "Referat af RAR Nordjyllands møde den 4. juni 2020" not in text
    decision = next(i for i in parsed["000_dd457604fb05ae09"].items if i.number == "1.1.1")
    assert decision.fields["decision"] == "Rådet tog referaterne til efterretning."


def test_the_table_of_contents_checks_headings_and_is_not_imported(parsed):
    doc = parsed["000_dd457604fb05ae09"]
    assert len([e for e in doc.toc if not e.is_section]) == 22
    assert [i.number for i in doc.items].count("1.1.1") == 1


def test_a_slide_deck_parses_without_items_and_says_so():
    slides = (
        "B eskæft ige lsen i Nordjylland\n\nLedighed og beskæftigelse\n\n"
        "Fra marts 2019-20 steg ledigheden med 1.931 / 16,1 %\n\nSpørgsmål?\n"
    )
    doc = parse_minutes(slides)
    assert doc.items == []
    assert NO_ITEMS_WARNING in doc.warnings
    assert doc.date is None


def test_the_report_says_what_was_found_and_warns_without_inventing(parsed):
    from raadsrum.archive.report import import_report

    report = import_report(parsed["001_f9edf094e86b5f9e"])
    assert report.found[0] == "RAR Nordjylland, rådsmøde, uden dato"
    assert report.found[1].startswith("17 punkter")
    assert "Ingen mødedato i teksten" in report.warnings
    assert not report.ok
