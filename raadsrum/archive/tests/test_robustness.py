"""Whatever comes in, the result is a ParsedDocument or ImportFailed, never anything else."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raadsrum.archive.parsing import ImportFailed, ParsedDocument, extract_text, parse_minutes
from raadsrum.archive.tests.conftest import sample_text

SAMPLE = sample_text("000_dd457604fb05ae09")
FRAGMENTS = [
    "- 1.1.1 Referater til orientering (O)",
    "Anledning ",
    "Beslutning: ",
    "Bilag 1.2 – x",
    "Referat af RAR Nordjyllands møde den 4. juni 2020",
    "....... 12",
    "\f",
    "\n\n",
    "15",
    "https://rar-bm.dk/a/",
    "neddroslin-",
    "(D/B)",
    "0A.",
    "\t- 2.1 x (B)",
    "Mødet sluttede kl. 1",
    "På mødet deltog:",
    "DA – Birgit",
    "B eskæft ige lsen",
    "@stjylland mgde",
    " ",
]


def outcome(text: str) -> None:
    try:
        result = parse_minutes(text)
    except ImportFailed:
        return
    assert isinstance(result, ParsedDocument)
    result.to_json()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_random_text_never_raises_anything_else(words, text):
    outcome(text)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=40), max_size=120))
def test_minutes_like_fragments_never_raise_anything_else(words, parts):
    outcome("\n".join(parts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(SAMPLE)), st.integers(min_value=0, max_value=400))
def test_truncated_minutes_never_raise_anything_else(words, start, length):
    outcome(SAMPLE[start : start + length * 100])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=4000), st.sampled_from(["a.pdf", "a.docx", "a.txt", "a", "a.doc"]))
def test_binary_input_gives_text_or_a_clear_error(data, name):
    try:
        extracted = extract_text(data, filename=name)
    except ImportFailed as error:
        assert error.message
        return
    assert isinstance(extracted.text, str)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000))
def test_binary_that_looks_like_a_pdf_gives_text_or_a_clear_error(tail):
    try:
        extract_text(b"%PDF-1.4\n" + tail, filename="x.pdf")
    except ImportFailed as error:
        assert "PDF" in error.message


def test_huge_input_is_parsed_or_refused_with_a_clear_error(words):
    outcome(SAMPLE * 12)  # about 1 MB of minutes
    try:
        parse_minutes("x" * 6_000_000)
    except ImportFailed as error:
        assert "for stort" in error.message
    else:
        raise AssertionError("6 million characters should be refused")


def test_one_enormous_line_is_handled(words):
    outcome("Rådet " * 200_000)
