"""The published list: anyone can search it, download it, compare versions and follow changes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from raadsrum.councils.models import Council
from raadsrum.positivelist.list_selectors import version_current
from raadsrum.positivelist.list_services import CourseRow, list_version_create
from raadsrum.positivelist.models import CourseKind, DurationUnit, PositiveListVersion
from raadsrum.positivelist.tests.conftest import PLCast
from raadsrum.positivelist.tests.list_cast import AUTUMN, SPRING, spring_list

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def autumn(pl: PLCast) -> PositiveListVersion:
    """Spring list, then autumn: truck course gone, web marketing now 7,5 ECTS, two new."""
    spring_list(pl.council, pl.sara)
    return list_version_create(
        council=pl.council,
        valid_from=AUTUMN,
        by=pl.sara,
        note="Supplement",
        courses=[
            CourseRow(
                course_number="40753",
                title="Brød og kager til butik",
                provider="EUC Nord",
                duration=Decimal("5"),
                job_titles=["Bager"],
            ),
            CourseRow(
                title="Digital markedsføring",
                provider="Erhvervsakademi Nord",
                kind=CourseKind.ACADEMY,
                duration=Decimal("7.5"),
                duration_unit=DurationUnit.ECTS,
                is_online=True,
                job_titles=["Marketingkoordinator"],
            ),
            CourseRow(
                course_number="45678",
                title="Hygiejne i køkkenet",
                provider="AMU Nordjylland",
                duration=Decimal("0.5"),
                job_titles=["Bager", "Kok"],
            ),
            CourseRow(
                title="Pædagogisk assistent, online",
                provider="UCN",
                kind=CourseKind.PRIVATE,
                duration=Decimal("3"),
                is_online=True,
                job_titles=["Pædagog"],
            ),
        ],
    )


def page_titles(client: Client, url: str, **query: str) -> list[str]:
    response = client.get(url, query)
    assert response.status_code == 200
    rows = response.context["rows"]
    return [r["title"] for r in rows]


def list_url(pl: PLCast) -> str:
    return reverse("positivelist:list", args=[pl.council.slug])


def test_the_list_page_shows_the_version_in_force_without_login(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    response = client.get(list_url(pl))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Gælder fra 1. oktober 2026" in html
    assert "4 kurser på listen" in html
    assert "Truckcertifikat B" not in html  # only on the spring version
    assert '<th scope="col">' in html and "<caption>" in html


def test_search_covers_number_title_provider_and_job_titles(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    url = list_url(pl)
    assert page_titles(client, url, q="45678") == ["Hygiejne i køkkenet"]
    assert page_titles(client, url, q="hygiejne") == ["Hygiejne i køkkenet"]
    assert page_titles(client, url, q="UCN") == ["Pædagogisk assistent, online"]
    assert page_titles(client, url, q="kok") == ["Hygiejne i køkkenet"]
    assert page_titles(client, url, q="ingenting") == []


@pytest.fixture
def danish_letters(pl: PLCast) -> PositiveListVersion:
    """A list whose titles, providers and job titles start with Æ, Ø and Å."""
    return list_version_create(
        council=pl.council,
        valid_from=SPRING,
        by=pl.sara,
        courses=[
            CourseRow(title="Økonomi og regnskab", provider="Business Academy Aarhus"),
            CourseRow(title="Ældrepleje i hjemmet", provider="SOSU Nord", job_titles=["Kok"]),
            CourseRow(
                course_number="40011",
                title="Forflytning",
                provider="AMU Nordjylland",
                job_titles=["sosu-hjælper"],
            ),
            CourseRow(title="Digital sagsbehandling", provider="Åbent Værksted"),
            CourseRow(title="Regnskab for små virksomheder", provider="EUC Nord"),
        ],
    )


def found(client: Client, pl: PLCast, query: str) -> set[str]:
    """The titles a search finds (as a set: how Æ, Ø and Å sort depends on the database)."""
    return set(page_titles(client, list_url(pl), q=query))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("økonomi", {"Økonomi og regnskab"}),
        ("ØKONOMI", {"Økonomi og regnskab"}),
        ("ældrepleje", {"Ældrepleje i hjemmet"}),
        ("åbent", {"Digital sagsbehandling"}),  # the provider
        ("SOSU-HJÆLPER", {"Forflytning"}),  # the job title
    ],
)
def test_search_ignores_case_for_danish_letters(
    client: Client,
    pl: PLCast,
    danish_letters: PositiveListVersion,
    query: str,
    expected: set[str],
) -> None:
    assert found(client, pl, query) == expected


def test_search_finds_every_field_whatever_the_case(
    client: Client, pl: PLCast, danish_letters: PositiveListVersion
) -> None:
    assert found(client, pl, "SOSU") == {"Forflytning", "Ældrepleje i hjemmet"}
    assert found(client, pl, "nordjylland") == {"Forflytning"}
    assert found(client, pl, "40011") == {"Forflytning"}


def test_every_word_of_a_search_must_match(
    client: Client, pl: PLCast, danish_letters: PositiveListVersion
) -> None:
    assert found(client, pl, "regnskab") == {"Regnskab for små virksomheder", "Økonomi og regnskab"}
    assert found(client, pl, "Regnskab  ØKONOMI") == {"Økonomi og regnskab"}
    assert found(client, pl, "regnskab ældrepleje") == set()


def test_filters_narrow_by_job_title_provider_kind_and_online(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    url = list_url(pl)
    assert page_titles(client, url, stilling="Bager") == [
        "Brød og kager til butik",
        "Hygiejne i køkkenet",
    ]
    assert page_titles(client, url, udbyder="EUC Nord") == ["Brød og kager til butik"]
    assert page_titles(client, url, type=CourseKind.ACADEMY) == ["Digital markedsføring"]
    assert page_titles(client, url, online="ja") == [
        "Digital markedsføring",
        "Pædagogisk assistent, online",
    ]
    assert page_titles(client, url, online="nej", stilling="Bager", q="brød") == [
        "Brød og kager til butik"
    ]


def test_the_number_of_results_is_announced(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    html = client.get(list_url(pl), {"stilling": "Bager"}).content.decode()

    assert 'role="status">2 kurser passer til søgningen' in html


def test_the_list_is_paged_fifty_at_a_time(client: Client, pl: PLCast) -> None:
    list_version_create(
        council=pl.council,
        valid_from=SPRING,
        by=pl.sara,
        courses=[CourseRow(title=f"Kursus {n:03d}", provider="EUC Nord") for n in range(120)],
    )

    first = client.get(list_url(pl))
    third = client.get(list_url(pl), {"side": 3})

    assert len(first.context["rows"]) == 50
    assert [r["title"] for r in third.context["rows"]] == [
        f"Kursus {n:03d}" for n in range(100, 120)
    ]
    assert "Side 1 af 3" in first.content.decode()


def test_an_ended_council_shows_its_successors_list(client: Client, pl: PLCast) -> None:
    successor = Council.objects.create(
        slug="nyt-raad",
        name="Beskæftigelsesråd Test",
        name_genitive="Beskæftigelsesråd Tests",
        kind=Council.Kind.EMPLOYMENT_COUNCIL,
        valid_from=dt.date(2025, 1, 1),
    )
    spring_list(pl.council, pl.sara)  # the old council's list
    Council.objects.filter(pk=pl.council.pk).update(
        valid_to=dt.date(2024, 12, 31), successor=successor
    )
    list_version_create(
        council=successor,
        valid_from=SPRING,
        by=None,
        courses=[CourseRow(title="Efterfølgerens kursus", provider="EUC Nord")],
    )
    pl.council.refresh_from_db()

    current = version_current(council=pl.council)
    response = client.get(list_url(pl))

    assert current is not None and current.positive_list.council == successor
    assert "Efterfølgerens kursus" in response.content.decode()
    assert "er afløst af Beskæftigelsesråd Test" in response.content.decode()


def test_a_council_without_a_list_says_so(client: Client, pl: PLCast) -> None:
    response = client.get(list_url(pl))

    assert response.status_code == 200
    assert "har ingen positivliste i kraft" in response.content.decode()
    assert client.get(reverse("positivelist:list", args=["findes-ikke"])).status_code == 404


def test_the_councils_page_lists_councils_with_a_list(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    html = client.get(reverse("positivelist:list_councils")).content.decode()

    assert pl.council.name in html
    assert pl.other_council.name not in html


def download(client: Client, pl: PLCast, fmt: str, version: int | None = None) -> bytes:
    url = reverse("positivelist:list_download", args=[pl.council.slug, fmt])
    response = client.get(url, {"version": version} if version else {})
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]
    return response.content


def version_titles(version: PositiveListVersion) -> list[str]:
    return sorted(version.courses.values_list("title", flat=True))


def test_downloads_hold_exactly_the_versions_courses(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    spring = PositiveListVersion.objects.get(number=1)

    for number, version in ((None, autumn), (1, spring)):
        rows = list(
            csv.reader(
                io.StringIO(download(client, pl, "csv", number).decode("utf-8-sig")), delimiter=";"
            )
        )
        sheet = load_workbook(io.BytesIO(download(client, pl, "xlsx", number))).active
        document = json.loads(download(client, pl, "json", number))
        assert sorted(r[1] for r in rows[1:]) == version_titles(version)
        assert sorted(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == version_titles(
            version
        )  # type: ignore[union-attr]
        assert sorted(c["titel"] for c in document["courses"]) == version_titles(version)
        assert document["version"] == version.number


def test_every_format_has_the_same_columns(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    expected = [
        "kursusnummer",
        "titel",
        "udbyder",
        "type",
        "varighed",
        "enhed",
        "online",
        "stillingsbetegnelser",
        "på listen siden",
    ]
    header = download(client, pl, "csv").decode("utf-8-sig").splitlines()[0].split(";")
    sheet = load_workbook(io.BytesIO(download(client, pl, "xlsx"))).active
    document = json.loads(download(client, pl, "json"))

    assert header == expected
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == expected  # type: ignore[union-attr]
    assert list(document["courses"][0]) == expected


def test_the_csv_opens_in_a_danish_excel(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    content = download(client, pl, "csv")
    rows = {r[1]: r for r in csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";")}

    assert content.startswith("\ufeff".encode())
    assert rows["Hygiejne i køkkenet"][4] == "0,5"
    assert rows["Digital markedsføring"][4:7] == ["7,5", "ECTS-point", "ja"]
    assert rows["Hygiejne i køkkenet"][7] == "Bager; Kok"


def test_an_unknown_version_is_not_found(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    url = reverse("positivelist:list_download", args=[pl.council.slug, "csv"])
    assert client.get(url, {"version": 9}).status_code == 404
    assert client.get(url, {"version": "x"}).status_code == 404


def test_the_diff_shows_added_removed_and_changed_courses(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    response = client.get(
        reverse("positivelist:list_diff", args=[pl.council.slug]), {"fra": 1, "til": 2}
    )

    diff = response.context["diff"]
    assert sorted(r["title"] for r in diff.added) == [
        "Hygiejne i køkkenet",
        "Pædagogisk assistent, online",
    ]
    assert [r["title"] for r in diff.removed] == ["Truckcertifikat B"]
    assert [(c.after["title"], c.fields) for c in diff.changed] == [
        ("Digital markedsføring", ("duration",))
    ]
    assert "varighed: 5 ECTS-point → 7,5 ECTS-point" in response.content.decode()


def test_the_versions_page_gives_each_versions_validity(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    html = client.get(
        reverse("positivelist:list_versions", args=[pl.council.slug])
    ).content.decode()

    assert "Gælder fra 1. april 2026 til og med 30. september 2026" in html
    assert "Gælder fra 1. oktober 2026, indtil rådet beslutter en ny version" in html


def test_the_feed_is_valid_atom_with_one_entry_per_version(
    client: Client, pl: PLCast, autumn: PositiveListVersion
) -> None:
    response = client.get(reverse("positivelist:list_feed", args=[pl.council.slug]))

    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == pl.council.name
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Version 2 gælder fra 1. oktober 2026: 2 tilføjet, 1 fjernet",
        "Version 1 gælder fra 1. april 2026: 3 tilføjet, 0 fjernet",
    ]
    for entry in entries:
        assert entry.findtext(f"{ATOM}id")
        assert entry.findtext(f"{ATOM}updated")
        assert entry.find(f"{ATOM}link") is not None
    assert "Truckcertifikat B" in (entries[0].findtext(f"{ATOM}summary") or "")
