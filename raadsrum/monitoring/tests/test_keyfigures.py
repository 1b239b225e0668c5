import datetime as dt
import json
import re

import pytest

from raadsrum.monitoring.keyfigures import (
    KeyFiguresNote,
    Section,
    build_note,
    change_sentence,
    period_label,
    year_span,
)
from raadsrum.monitoring.models import PeriodKind
from raadsrum.monitoring.selectors import Change
from raadsrum.monitoring.tests.keyfigures_data import Store, make_store

MARCH_2020 = dt.date(2020, 3, 1)


@pytest.fixture
def store(db: None) -> Store:
    return make_store()


@pytest.fixture
def note(store: Store) -> KeyFiguresNote:
    return build_note(council=store.council, month=MARCH_2020)


def section(note: KeyFiguresNote, key: str) -> Section:
    return next(s for s in note.sections if s.key == key)


def test_a_rise_is_written_as_in_the_minutes() -> None:
    change = Change(MARCH_2020, 11994, 13925)
    assert (
        change_sentence(subject="ledigheden", change=change, kind=PeriodKind.MONTH)
        == "Fra marts 2019-20 steg ledigheden med 1.931 / 16,1 %."
    )


def test_a_fall_says_faldt_and_gives_the_amounts_without_sign() -> None:
    change = Change(dt.date(2021, 10, 1), 5200, 4700)
    assert (
        change_sentence(subject="antallet af jobopslag", change=change, kind=PeriodKind.QUARTER)
        == "Fra 4. kvartal 2020-21 faldt antallet af jobopslag med 500 / 9,6 %."
    )


def test_no_change_is_written_as_unchanged() -> None:
    change = Change(dt.date(2019, 7, 1), 5000, 5000)
    assert (
        change_sentence(subject="antallet", change=change, kind=PeriodKind.HALF_YEAR)
        == "Fra 2. halvår 2018-19 var antallet uændret."
    )


def test_periods_are_named_the_danish_way() -> None:
    assert period_label(PeriodKind.QUARTER, dt.date(2019, 10, 1)) == "4. kvartal 2019"
    assert period_label(PeriodKind.HALF_YEAR, dt.date(2019, 7, 1)) == "2. halvår 2019"
    assert year_span(PeriodKind.MONTH, dt.date(2000, 1, 1)) == "januar 1999-00"


def test_the_note_states_the_quoted_unemployment(note: KeyFiguresNote) -> None:
    sentences = section(note, "gross_unemployment").sentences
    assert sentences[0].startswith("I februar 2020 var 13.330 ledige i RAR Nordlands område (")
    assert sentences[0].endswith("% af arbejdsstyrken).")
    assert "Fra marts 2019-20 steg ledigheden med 1.931 / 16,1 %." in sentences


def test_the_unemployment_rate_is_persons_over_labour_force(note: KeyFiguresNote) -> None:
    rate = 13330 / (290000 + 100 * 25) * 100  # 4,6 %
    assert "(4,6 % af arbejdsstyrken)" in section(note, "gross_unemployment").sentences[0]
    figure = next(f for f in note.figures() if f.key == "gross_unemployment_rate.level")
    assert figure.value == pytest.approx(rate)


def test_the_note_states_employees_for_the_quarter_before_the_month(note: KeyFiguresNote) -> None:
    sentences = section(note, "employees").sentences
    assert sentences[0] == "I 4. kvartal 2019 var der 219.278 lønmodtagere i RAR Nordlands område."
    assert sentences[1] == "Fra 4. kvartal 2018-19 steg antallet af lønmodtagere med 2.771 / 1,3 %."


def test_the_note_states_foreign_workers_and_their_growth(note: KeyFiguresNote) -> None:
    sentences = section(note, "foreign_workers").sentences
    assert "14.743 udenlandske lønmodtagere" in sentences[0]
    assert sentences[1] == "Fra marts 2019-20 steg den udenlandske arbejdskraft med 442 / 3,1 %."


def test_the_note_states_failed_recruitments_per_half_year(note: KeyFiguresNote) -> None:
    assert section(note, "failed_recruitments").sentences[0] == (
        "I 2. halvår 2019 var der 5.000 forgæves rekrutteringer i RAR Nordlands område."
    )


def test_public_benefits_are_stated_by_benefit(note: KeyFiguresNote) -> None:
    sentences = section(note, "public_benefits").sentences
    assert "A-dagpenge: 8.633 fuldtidspersoner, 1.233 / 16,7 % flere end i marts 2019." in (
        sentences
    )


def test_municipalities_are_ranked_on_the_rate(note: KeyFiguresNote) -> None:
    municipalities = section(note, "municipalities")
    assert municipalities.sentences[0].startswith("I marts 2020 var ledigheden højest i ")
    assert [c.kind for c in municipalities.charts] == ["bar", "bar", "bar"]
    assert {f.area for f in municipalities.figures} == {"Aalborg", "Frederikshavn", "Brønderslev"}


STATED_PERIOD = re.compile(
    r"(\d\. (kvartal|halvår) \d{4}(-\d{2})?)|"
    r"((januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)"
    r" \d{4}(-\d{2})?)"
)
NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})*(?:,\d+)?")


def test_the_json_holds_every_figure_the_note_states(note: KeyFiguresNote) -> None:
    data = json.loads(json.dumps(note.to_json()))
    texts = {
        f["text"].lstrip("+-").removesuffix(" %") for s in data["sections"] for f in s["figures"]
    }
    for s in data["sections"]:
        for sentence in s["sentences"]:
            for number in NUMBER.findall(STATED_PERIOD.sub("", sentence)):
                assert number in texts, f"{number} in {sentence!r} is not a figure"
    figure = next(
        f for s in data["sections"] for f in s["figures"] if f["key"] == "gross_unemployment.level"
    )
    assert figure["value"] == 13330
    assert figure["period"] == "februar 2020"
    assert figure["source"] == "Danmarks Statistik"


def test_every_figure_names_its_source(note: KeyFiguresNote) -> None:
    assert note.figures()
    assert all(f.source == "Danmarks Statistik" for f in note.figures())
    assert not note.is_synthetic
    assert note.to_json()["synthetic_label"] == ""


def test_synthetic_figures_are_labelled(db: None) -> None:
    store = make_store(synthetic=True)
    note = build_note(council=store.council, month=MARCH_2020)
    assert note.is_synthetic
    data = note.to_json()
    assert data["synthetic_label"] == "Syntetiske data"
    assert all(f["is_synthetic"] for s in data["sections"] for f in s["figures"])


def test_a_measure_missing_from_the_store_gives_no_data_instead_of_failing(db: None) -> None:
    store = make_store(skip=("job_postings", "employees"))
    note = build_note(council=store.council, month=MARCH_2020)
    for key in ("job_postings", "employees"):
        postings = section(note, key)
        assert postings.no_data
        assert postings.sentences[0].startswith("Ingen data")
    assert not section(note, "foreign_workers").no_data


def test_a_month_before_any_data_has_no_data(store: Store) -> None:
    note = build_note(council=store.council, month=dt.date(2010, 1, 1))
    assert not note.has_data


def test_the_demo_note_for_rar_nordjylland_states_the_quoted_figures(db: None) -> None:
    from raadsrum.councils.models import Council
    from raadsrum.councils.services import reference_load
    from raadsrum.monitoring.synthetic import synthetic_load

    reference_load()
    synthetic_load(today=dt.date(2020, 5, 15))
    note = build_note(council=Council.objects.get(slug="nordjylland"), month=MARCH_2020)
    sentences = [sentence for s in note.sections for sentence in s.sentences]
    stated = " ".join(sentences)
    assert "I februar 2020 var 13.330 ledige i RAR Nordjyllands område" in stated
    assert "Fra marts 2019-20 steg ledigheden med 1.931 / 16,1 %." in sentences
    assert "I 4. kvartal 2019 var der 219.278 lønmodtagere" in stated
    assert "I marts 2020 var der 14.743 udenlandske lønmodtagere" in stated
    assert "Fra marts 2019-20 steg den udenlandske arbejdskraft med 442 / 3,1 %." in sentences
    assert "I 2. halvår 2019 var der 5.000 forgæves rekrutteringer" in stated
    assert note.is_synthetic and note.to_json()["synthetic_label"] == "Syntetiske data"
