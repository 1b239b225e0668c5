"""Item texts: Markdown plus lettered points, parsed once for all three renderers."""

from __future__ import annotations

import re

from raadsrum.meetings import richtext
from raadsrum.meetings.richtext import (
    BulletList,
    LetteredList,
    NumberedList,
    Paragraph,
    Table,
)


def test_lettered_recommendation_becomes_a_lettered_list():
    blocks = richtext.parse(
        "Formandskabet indstiller, at Rådet:\n"
        "A. godkender forslaget\n"
        "   om udvidelse\n"
        "B) drøfter sagen\n\n"
        "C. tager orienteringen til efterretning"
    )
    assert isinstance(blocks[0], Paragraph)
    lettered = blocks[1]
    assert isinstance(lettered, LetteredList)
    assert lettered.letters == ["A", "B", "C"]
    assert richtext.plain_text([lettered]).splitlines() == [
        "A. godkender forslaget om udvidelse",
        "B. drøfter sagen",
        "C. tager orienteringen til efterretning",
    ]


def test_a_single_capital_with_a_dot_is_not_a_list():
    blocks = richtext.parse("A. P. Møller deltog.")
    assert len(blocks) == 1 and isinstance(blocks[0], Paragraph)


def test_bullets_numbers_and_tables():
    blocks = richtext.parse(
        "- første\n- anden\n\n1) et\n2) to\n\n| Kommune | Ledige |\n|---|---:|\n| Aalborg | 1.931 |"
    )
    assert [type(b) for b in blocks] == [BulletList, NumberedList, Table]
    table = blocks[2]
    assert isinstance(table, Table)
    assert richtext.plain_text([table]).splitlines() == ["Kommune | Ledige", "Aalborg | 1.931"]


def test_bold_italic_and_links_become_runs():
    (para,) = richtext.parse("**Rådet** *drøfter* [nyheder](https://rar-bm.dk/)")
    assert isinstance(para, Paragraph)
    runs = {r.text.strip(): r for r in para.runs if r.text.strip()}
    assert runs["Rådet"].bold and runs["drøfter"].italic
    assert runs["nyheder"].href == "https://rar-bm.dk/"


def test_html_output_is_sanitised():
    html = richtext.to_html(
        '<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="y">z</b>'
    )
    assert "<script" not in html and 'href="javascript' not in html
    assert not re.search(r"<[^>]*onclick", html)  # typed tags are shown as text, not run
    assert "&lt;script&gt;" in html


def test_lettered_list_html_keeps_its_letters():
    html = richtext.to_html("A. godkender\nB. drøfter")
    assert '<ol type="A" class="lettered"><li>godkender</li><li>drøfter</li></ol>' in html


def test_empty_text_has_no_blocks():
    assert richtext.parse("  \n ") == []
