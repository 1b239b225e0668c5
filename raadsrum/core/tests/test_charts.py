import io
import re
import xml.etree.ElementTree as ET

import pytest
from reportlab.graphics import renderPDF, shapes
from reportlab.platypus import SimpleDocTemplate

from raadsrum.core.charts import Series, bar_chart, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def unemployment_chart():
    return line_chart(
        title="Bruttoledige",
        labels=["marts 2019", "april 2019", "februar 2020", "marts 2020"],
        series=[
            Series("RAR Nordjylland", [12000, 12500, 13330, 13931]),
            Series("Hele landet", [100000, None, 101500, 130000]),
        ],
        unit="personer",
        label_heading="Måned",
    )


def ranking_chart():
    return bar_chart(
        title="Ledighed pr. kommune",
        labels=["Aalborg", "Læsø", "Thisted"],
        series=[Series("Marts 2020", [5.25, 3.0, 4.4])],
        unit="%",
        horizontal=True,
        decimals=1,
    )


def texts_of(svg: str) -> list[str]:
    root = ET.fromstring(svg)
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def test_the_svg_is_an_image_with_a_title_and_a_one_sentence_description() -> None:
    svg = unemployment_chart().svg()
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Bruttoledige"
    assert desc is not None and desc.text is not None
    assert desc.text.endswith(".") and not re.search(r"\.\s+[A-ZÆØÅ]", desc.text)
    assert "13.931 i marts 2020" in desc.text
    labelled_by = (root.get("aria-labelledby") or "").split()
    assert labelled_by == [title.get("id"), desc.get("id")]


def test_axis_numbers_are_written_the_danish_way() -> None:
    texts = texts_of(unemployment_chart().svg())
    assert "100.000" in texts or "120.000" in texts
    assert "13.931" in texts  # the direct label at the end of the line
    assert not any(re.fullmatch(r"\d{1,3},\d{3}", t) for t in texts)


def test_percent_values_carry_the_percent_sign_and_a_decimal_comma() -> None:
    texts = texts_of(ranking_chart().svg())
    assert "5,3 %" in texts  # 5,25 rounds half up
    assert "3,0 %" in texts


def test_colour_is_not_the_only_cue_between_lines() -> None:
    root = ET.fromstring(unemployment_chart().svg())
    dashes = {p.get("stroke-dasharray") for p in root.iter(f"{SVG}polyline")}
    assert len(dashes) == 2  # one solid, one dashed
    assert root.find(f"{SVG}circle") is not None
    assert root.find(f"{SVG}polygon") is not None  # the second series' square markers
    assert {"RAR Nordjylland", "Hele landet"} <= set(texts_of(unemployment_chart().svg()))


def test_a_second_bar_series_is_hatched() -> None:
    chart = bar_chart(
        title="Forsørgelse",
        labels=["A-dagpenge", "Kontanthjælp"],
        series=[Series("2019", [9000, 7000]), Series("2020", [12000, 7100])],
    )
    root = ET.fromstring(chart.svg())
    white_bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == "#ffffff"]
    hatch_lines = [line for line in root.iter(f"{SVG}line") if line.get("stroke") == "#b35900"]
    assert white_bars and len(hatch_lines) > 4


def test_a_missing_value_breaks_the_line_and_shows_as_a_dash_in_the_table() -> None:
    chart = unemployment_chart()
    root = ET.fromstring(chart.svg())
    country_lines = [
        p for p in root.iter(f"{SVG}polyline") if p.get("stroke-dasharray") is not None
    ]
    assert len(country_lines) == 1  # only the two points after the gap are joined
    assert chart.rows()[1] == ["april 2019", "12.500", "–"]


def test_rows_are_the_table_alternative() -> None:
    chart = unemployment_chart()
    assert chart.headers() == ["Måned", "RAR Nordjylland", "Hele landet"]
    assert chart.rows()[-1] == ["marts 2020", "13.931", "130.000"]


def test_the_drawing_holds_the_same_texts_as_the_svg() -> None:
    chart = ranking_chart()
    drawing = chart.drawing(width=400)
    strings = {s.text for s in drawing.contents if isinstance(s, shapes.String)}
    assert strings == set(texts_of(chart.svg()))
    assert drawing.width == 400


def test_the_drawing_renders_into_a_pdf() -> None:
    out = io.BytesIO()
    SimpleDocTemplate(out).build([unemployment_chart().drawing(), ranking_chart().drawing()])
    assert out.getvalue().startswith(b"%PDF")
    assert renderPDF.drawToString(ranking_chart().drawing()).startswith(b"%PDF")


def test_a_long_ranking_gets_a_taller_chart() -> None:
    names = [f"Kommune {i}" for i in range(98)]
    chart = bar_chart(
        title="Alle kommuner",
        labels=names,
        series=[Series("Ledige", [float(i) for i in range(98)])],
        horizontal=True,
    )
    assert chart.drawing(width=400).height > 98 * 7
    assert "Kommune 97" in texts_of(chart.svg())


def test_a_chart_without_values_says_so() -> None:
    chart = line_chart(title="Jobopslag", labels=["marts 2020"], series=[Series("X", [None])])
    assert "Ingen data" in texts_of(chart.svg())
    assert "ingen data" in chart.summary()


def test_bar_summary_names_the_highest_and_lowest() -> None:
    assert ranking_chart().summary() == (
        "Søjlediagram, Ledighed pr. kommune, 3 kategorier: højest er Aalborg med 5,3 %, "
        "lavest er Læsø med 3,0 %."
    )


def test_series_must_match_the_labels() -> None:
    with pytest.raises(ValueError):
        line_chart(title="X", labels=["a", "b"], series=[Series("S", [1.0])])
