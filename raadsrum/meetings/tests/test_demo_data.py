"""The demo meeting (RAR Nordjylland, 4 June 2020) is a faithful copy of the real minutes.

The minutes' extracted PDF text and the headings expected from it are kept next to the demo
data in `demo/sources/`, so these checks need neither a database nor files outside the repo.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from raadsrum.meetings.models import Attendance
from raadsrum.meetings.numbering import item_number, normalise_kinds, section_numbers

DEMO = Path(__file__).resolve().parent.parent / "demo"
MEETING_FILE = DEMO / "nordjylland-2020-06-04.json"
STANDING_FILE = DEMO / "standing_items.json"
SAMPLE_FILE = DEMO / "sources" / "nordjylland-2020-06-04.txt"
EXPECTED_FILE = DEMO / "sources" / "nordjylland-2020-06-04.expected.json"

PAGE_HEADER = "Referat af RAR Nordjyllands møde den 4. juni 2020"
TEXT_FIELDS = (
    "summary",
    "recommendation",
    "decision",
    "presentation",
    "next_steps",
    "background",
)
# Labels under which the minutes write the outcome of an item.
DECISION_LABELS = ("Beslutning", "Bemærkninger")


# --------------------------------------------------------------------------- helpers


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def items_of(meeting: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for section in meeting["sections"] for item in section["items"]]


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from strings_in(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings_in(child)


def normalise_sample(text: str) -> str:
    """The extracted minutes as one line of running text, without the PDF's furniture.

    Drops the page header repeated on each page, bare page numbers and the link addresses
    the PDF repeats at the foot of a page; drops list markers; joins words hyphenated at a
    line end ("for-\\nhold" → "forhold"); collapses all whitespace to single spaces.
    """
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == PAGE_HEADER or re.fullmatch(r"\d{1,2}", stripped):
            continue
        if re.fullmatch(r"https?:\S*", stripped):
            continue
        kept.append(re.sub(r"^[•-]\s+", "", stripped))
    joined = re.sub(r"(?<=\w)-\n(?=\w)", "", "\n".join(kept))
    return re.sub(r"\s+", " ", joined).strip()


def plain(markdown: str) -> str:
    """A Markdown field as running text: no list markers, emphasis or link targets."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", markdown)
    text = text.replace("**", "")
    text = re.sub(r"(?m)^\s*[-*]\s+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def occurs_in(needle: str, haystack: str) -> bool:
    """Whether `needle` is written in `haystack`, allowing for PDF word splits.

    The extraction also loses the hyphen of many hyphenated line ends ("neddroslin\\ngen")
    and puts stray spaces inside words ("fo rhold"). So the haystack may have a space
    *inside* a word of the needle; but every character of the needle must be there, in
    order, and wherever the needle has a space the haystack must have one too.
    """
    words = needle.split(" ")
    pattern = " ".join(" ?".join(re.escape(char) for char in word) for word in words)
    return re.search(pattern, haystack) is not None


def sample_chunks(sample: str, numbers: list[str]) -> dict[str, str]:
    """The raw text of each item of the minutes, from its heading to the next heading."""
    body_start = sample.index("OBS: For at øge overskueligheden")
    starts: list[tuple[str, int]] = []
    position = body_start
    for number in numbers:
        heading = re.compile(rf"(?m)^\s*-?\s*{re.escape(number)}\.?\s+\S")
        match = heading.search(sample, position)
        assert match, f"heading {number} not found in the sample"
        starts.append((number, match.start()))
        position = match.end()
    chunks: dict[str, str] = {}
    for index, (number, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else len(sample)
        chunks[number] = sample[start:end]
    return chunks


@pytest.fixture(scope="module")
def meeting() -> dict[str, Any]:
    return load(MEETING_FILE)


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return load(EXPECTED_FILE)


@pytest.fixture(scope="module")
def sample() -> str:
    return SAMPLE_FILE.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the agenda


def test_the_meeting_is_rar_nordjylland_on_4_june_2020_held_virtually(
    meeting: dict[str, Any], expected: dict[str, Any]
) -> None:
    assert meeting["council"] == "nordjylland"
    assert meeting["date"] == expected["date"] == "2020-06-04"
    assert meeting["is_virtual"] is expected["virtual"] is True
    assert (meeting["start_time"], meeting["end_time"]) == ("10:00", "12:00")
    assert meeting["ended_at"] == "11:55"  # "Mødet sluttede kl. 11.55"
    assert "via Skype" in meeting["note"]


def test_the_items_are_the_22_headings_of_the_minutes_in_order(
    meeting: dict[str, Any], expected: dict[str, Any]
) -> None:
    got = [(i["number"], i["title"], i["kinds"], i["has_presentation"]) for i in items_of(meeting)]
    want = [
        (e["number"], e["title"], "".join(e["kinds"]), e["has_presentation"])
        for e in expected["items"]
    ]
    assert len(got) == expected["item_count"] == 22
    assert got == want


def test_numbering_the_sections_in_the_councils_style_gives_the_minutes_numbers(
    meeting: dict[str, Any],
) -> None:
    sections = meeting["sections"]
    numbers = section_numbers([s["is_theme"] for s in sections])
    computed = [
        item_number(
            style=meeting["numbering_style"],
            section_number=number,
            index=index,
            is_theme=section["is_theme"],
            theme_letters=meeting["theme_item_letters"],
        )
        for section, number in zip(sections, numbers, strict=True)
        for index, _ in enumerate(section["items"], start=1)
    ]
    assert computed == [item["number"] for item in items_of(meeting)]


def test_kinds_are_written_as_the_model_stores_them(meeting: dict[str, Any]) -> None:
    for item in items_of(meeting):
        assert normalise_kinds(item["kinds"]) == item["kinds"], item["number"]


# --------------------------------------------------------------------------- the decisions


def test_every_item_with_a_decision_in_the_minutes_has_one(
    meeting: dict[str, Any], sample: str
) -> None:
    items = items_of(meeting)
    chunks = sample_chunks(sample, [item["number"] for item in items])
    labelled = re.compile(rf"(?m)^\s*(?:{'|'.join(DECISION_LABELS)})\s+\S")
    with_decision = [number for number, chunk in chunks.items() if labelled.search(chunk)]
    assert len(with_decision) >= 18  # the parser found the decisions at all
    for item in items:
        if item["number"] in with_decision:
            assert item["decision"].strip(), f"{item['number']} lost its decision"


def test_no_decision_is_invented(meeting: dict[str, Any], sample: str) -> None:
    haystack = normalise_sample(sample)
    for item in items_of(meeting):
        if item["decision"]:
            assert occurs_in(plain(item["decision"]), haystack), item["number"]


def test_the_word_split_matcher_is_strict() -> None:
    haystack = normalise_sample(
        "Rådet  tog oplæg og  materialer i fo rhold til arbejdsmar\nked  tages. Indtil da\n"
        "fastholdes strate-\ngien\n Referat af RAR Nordjyllands møde den 4. juni 2020 \n15 \n"
        "https://rar-bm.dk/side/\n• og kanten."
    )
    assert haystack == (
        "Rådet tog oplæg og materialer i fo rhold til arbejdsmar ked tages. Indtil da "
        "fastholdes strategien og kanten."
    )
    assert occurs_in("i forhold til arbejdsmarked tages.", haystack)
    assert occurs_in("Indtil da fastholdes strategien og kanten.", haystack)
    assert not occurs_in("Rådet tog op læg", haystack)  # no space the minutes lack
    assert not occurs_in("i forhold til arbejdsmarkedet tages.", haystack)
    assert not occurs_in("Rådet tog oplæg og materialerne", haystack)
    assert not occurs_in("Rådet tog ikke oplæg", haystack)


# --------------------------------------------------------------------------- clean text


def test_no_field_keeps_page_headers_or_hyphenated_line_breaks(meeting: dict[str, Any]) -> None:
    for text in strings_in(meeting):
        assert PAGE_HEADER not in text
        assert "-\n" not in text
        assert not re.search(r"(?m)^\s*\d{1,2}\s*$", text), text[:60]  # stray page numbers


def test_attendance_is_listed_with_known_roles(meeting: dict[str, Any]) -> None:
    attendance = meeting["attendance"]
    roles = set(Attendance.Role.values)
    statuses = set(Attendance.Status.values)
    assert attendance
    for person in attendance:
        assert person["name"].strip()
        assert person["role"] in roles, person
        assert person["status"] in statuses, person
    by_role = {p["role"] for p in attendance}
    assert {"member", "observer", "constituency_rep", "secretariat"} <= by_role


def test_every_attendee_is_named_in_the_minutes_attendance_list(
    meeting: dict[str, Any], sample: str
) -> None:
    attendance_list = sample[sample.index("På mødet deltog:") :]
    for person in meeting["attendance"]:
        assert person["name"] in attendance_list, person["name"]


# --------------------------------------------------------------------------- standing items


def test_standing_items_cover_the_councils_fixed_points(meeting: dict[str, Any]) -> None:
    standing = load(STANDING_FILE)
    titles = [s["title"] for s in standing]
    assert titles[:2] == ["Referater til orientering", "Dagsorden for dagens møde"]
    assert titles[-1] == "Eventuelt"
    assert {"Årshjul", "Positivlisten", "Kommunikation"} <= set(titles)
    section_titles = {s["title"] for s in meeting["sections"]}
    for row in standing:
        assert set(row) >= {"section_title", "title", "kinds", "summary"}
        assert row["section_title"] in section_titles, row["title"]
        assert row["kinds"] and normalise_kinds(row["kinds"]) == row["kinds"], row["title"]
