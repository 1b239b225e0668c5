"""The portal is Danish unless the visitor picks English, and the English catalogue is complete.

The catalogue tests fail as soon as a Danish string is added or changed without an English
translation: run `make messages`, translate the new entries in
raadsrum/locale/en/LC_MESSAGES/django.po, and run `make messages` again to compile them.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from raadsrum.councils import services as council_services

PO_FILE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# `msgid "text"`, `msgstr[1] "text"`, …: the keyword and the first quoted line.
PO_FIELD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$')

HOME_DANISH = ["Forside", "Alle råd", "Gå til indhold", "Rådene i dag"]
HOME_ENGLISH = ["Home", "All councils", "Skip to content", "The councils today"]
# RAR Nordjylland was replaced in 2025, so its page is part of the archive.
COUNCIL_DANISH = ["Forside", "Kommende møder", "Rådet er nedlagt", "Afløst af"]
COUNCIL_ENGLISH = ["Home", "Upcoming meetings", "The Council has been abolished", "Replaced by"]


@pytest.fixture
def councils(db: None) -> None:
    council_services.reference_load()


def choose_english(client: Client) -> None:
    """What the language switch in the page header does."""
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302


def council_page() -> str:
    return reverse("meetings:council", args=["nordjylland"])


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_home_page_is_danish_by_default(client: Client, councils: None) -> None:
    html = page(client, "/")
    assert '<html lang="da">' in html
    for word in HOME_DANISH:
        assert word in html
    for word in HOME_ENGLISH:
        assert word not in html


def test_home_page_is_english_after_choosing_english(client: Client, councils: None) -> None:
    choose_english(client)
    html = page(client, "/")
    assert '<html lang="en">' in html
    for word in HOME_ENGLISH:
        assert word in html
    for word in HOME_DANISH:
        assert word not in html


def test_council_page_is_danish_by_default(client: Client, councils: None) -> None:
    html = page(client, council_page())
    assert '<html lang="da">' in html
    for word in COUNCIL_DANISH:
        assert word in html


def test_council_page_is_english_after_choosing_english(client: Client, councils: None) -> None:
    choose_english(client)
    html = page(client, council_page())
    assert '<html lang="en">' in html
    for word in COUNCIL_ENGLISH:
        assert word in html
    for word in COUNCIL_DANISH:
        assert word not in html


def test_an_english_browser_still_gets_danish_until_english_is_chosen(
    client: Client, councils: None
) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert b'<html lang="da">' in response.content


def test_choosing_danish_again_brings_danish_back(client: Client, councils: None) -> None:
    choose_english(client)
    client.post(reverse("set_language"), {"language": "da", "next": "/"})
    assert '<html lang="da">' in page(client, "/")


# The catalogue ---------------------------------------------------------------------------


@dataclass
class Entry:
    line: int
    msgid: str
    msgid_plural: str | None
    msgstrs: list[str]
    fuzzy: bool


def read_po(path: Path) -> list[Entry]:
    """The active entries of a .po file (obsolete `#~` entries are skipped)."""
    entries: list[Entry] = []
    for block_start, block in _blocks(path.read_text(encoding="utf-8")):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = ""
        for line in block:
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := PO_FIELD.match(line):
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue  # the header
        msgstrs = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
        entries.append(
            Entry(
                line=block_start,
                msgid=fields["msgid"],
                msgid_plural=fields.get("msgid_plural"),
                msgstrs=msgstrs,
                fuzzy="fuzzy" in flags,
            )
        )
    return entries


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    blocks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if current:
                blocks.append((start, current))
            current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current))
    return blocks


def placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sd]", text))


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return read_po(PO_FILE)


def test_the_english_catalogue_exists_and_is_compiled(catalogue: list[Entry]) -> None:
    assert len(catalogue) > 100
    assert MO_FILE.exists(), "run `make messages` to compile django.mo"


def test_every_danish_string_has_an_english_translation(catalogue: list[Entry]) -> None:
    untranslated = [f"django.po:{e.line}: {e.msgid!r}" for e in catalogue if not all(e.msgstrs)]
    assert not untranslated, (
        "Translate these in raadsrum/locale/en/LC_MESSAGES/django.po, then `make messages`:\n"
        + "\n".join(untranslated)
    )


def test_no_translation_is_fuzzy(catalogue: list[Entry]) -> None:
    fuzzy = [f"django.po:{e.line}: {e.msgid!r}" for e in catalogue if e.fuzzy]
    assert not fuzzy, (
        "Check these guessed translations and remove their `#, fuzzy` flag:\n" + "\n".join(fuzzy)
    )


def test_translations_keep_the_placeholders(catalogue: list[Entry]) -> None:
    broken = [
        f"django.po:{e.line}: {e.msgid!r}"
        for e in catalogue
        if placeholders(e.msgstrs[-1] if e.msgid_plural else e.msgstrs[0])
        != placeholders(e.msgid_plural or e.msgid)
    ]
    assert not broken, "\n".join(broken)


def test_the_compiled_catalogue_matches_the_po_file(catalogue: list[Entry]) -> None:
    """Django reads django.mo: a .po edited but not compiled would show stale English."""
    stale = []
    with translation.override("en"):
        for e in catalogue:
            if e.msgid_plural:
                shown = translation.ngettext(e.msgid, e.msgid_plural, 2)
                expected = e.msgstrs[-1]
            else:
                shown = translation.gettext(e.msgid)
                expected = e.msgstrs[0]
            if shown != expected:
                stale.append(f"{e.msgid!r}: {shown!r} != {expected!r}")
    assert not stale, "Run `make messages` to compile django.mo:\n" + "\n".join(stale)
