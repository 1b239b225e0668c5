"""The screening rules, one behaviour per test, over plain data (no database)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from raadsrum.positivelist import screening
from raadsrum.positivelist.screening import (
    ALREADY_LISTED,
    DUPLICATE_PROPOSAL,
    MISSING_FIELDS,
    TITLE_MATCH_THRESHOLD,
    TITLE_OUTSIDE_ROUND,
    TOO_LONG,
    LengthRuleData,
    ListedCourseData,
    ProposalData,
    RoundTitles,
)

BAGER, SYGEPLEJERSKE, KONTORASSISTENT = 1, 2, 3
ROUND_TITLES = RoundTitles(fixed={BAGER: "Bager", SYGEPLEJERSKE: "Sygeplejerske"})
TESTLAND = 10
ANDETLAND = 11

LIST = [
    ListedCourseData("40123", "Brød og kager", "AMU Nordjylland"),
    ListedCourseData("", "Kundeservice i detailhandlen", "Tradium A/S"),
]


def proposal(key: int = 1, /, **fields: object) -> ProposalData:
    values: dict[str, object] = dict(
        key=key,
        organisation="EUC Nord",
        course_number="45678",
        title="Surdejsbagning",
        provider="EUC Nord",
        kind="amu",
        duration=Decimal("3"),
        duration_unit="days",
        job_titles=((BAGER, "Bager"),),
    )
    values.update(fields)
    return ProposalData(**values)  # type: ignore[arg-type]


def all_councils_rule(**fields: object) -> LengthRuleData:
    values: dict[str, object] = dict(
        council_id=None,
        valid_from=dt.date(2020, 1, 1),
        valid_to=None,
        max_days=Decimal("10"),
        max_ects=Decimal("10"),
    )
    values.update(fields)
    return LengthRuleData(**values)  # type: ignore[arg-type]


def flags_of(
    *proposals: ProposalData,
    listed: list[ListedCourseData] | None = None,
    rule: LengthRuleData | None = None,
) -> dict[int, dict[str, str]]:
    found = screening.screen(list(proposals), listed or LIST, ROUND_TITLES, rule)
    return {key: {f.code: f.reason for f in flags} for key, flags in found.items()}


def test_a_proposal_that_breaks_no_rule_has_no_flags() -> None:
    assert flags_of(proposal()) == {1: {}}


# --- already on the list -----------------------------------------------------------------


def test_same_course_number_is_already_listed_and_the_reason_names_the_listed_course() -> None:
    flags = flags_of(proposal(course_number="40123", title="Noget helt andet", provider="X"))
    assert (
        flags[1][ALREADY_LISTED] == "Står allerede på listen: 40123 Brød og kager (AMU Nordjylland)"
    )


def test_course_number_written_with_a_space_or_dot_is_the_same_number() -> None:
    assert ALREADY_LISTED in flags_of(proposal(course_number="40.123"))[1]
    assert ALREADY_LISTED in flags_of(proposal(course_number="40 123"))[1]


def test_close_title_from_the_same_provider_is_already_listed() -> None:
    flags = flags_of(
        proposal(
            course_number="", kind="private", title="Brød & kager.", provider="AMU-Nordjylland"
        )
    )
    assert "Brød og kager (AMU Nordjylland)" in flags[1][ALREADY_LISTED]
    assert "næsten samme titel" in flags[1][ALREADY_LISTED]


def test_provider_legal_suffix_and_case_do_not_hide_a_listed_course() -> None:
    flags = flags_of(
        proposal(
            course_number="",
            kind="private",
            title="Kundeservice i detailhandel",
            provider="TRADIUM",
        )
    )
    assert "Kundeservice i detailhandlen (Tradium A/S)" in flags[1][ALREADY_LISTED]


def test_same_title_from_another_provider_is_not_already_listed() -> None:
    flags = flags_of(
        proposal(course_number="", kind="private", title="Brød og kager", provider="EUC Nord")
    )
    assert ALREADY_LISTED not in flags[1]


def test_a_different_level_number_is_a_different_course() -> None:
    listed = [ListedCourseData("", "Svejsning 1", "EUC Nord")]
    flags = flags_of(proposal(course_number="", title="Svejsning 2"), listed=listed)
    assert ALREADY_LISTED not in flags[1]


# Titles as institutions write them. Same course: spelling, inflection, compounding, word order
# and punctuation. Different courses that share most of their words must stay apart.
SAME_COURSE = [
    ("Brød og kager", "Brød & kager"),
    ("Hygiejne i fødevarevirksomheder", "Hygiejne i fødevarevirksomhed"),
    ("Truckcertifikat", "Truck certifikat"),
    ("Kundeservice i detailhandlen", "Kundeservice i detailhandel"),
    ("Anvendelse af hygiejnestandarder", "Anvendelse af hygiejne standarder"),
    ("Pædagogisk assistent: Inklusion", "Pædagogisk assistent - inklusion"),
    ("Medicinhåndtering for SOSU-hjælpere", "Medicinhåndtering for sosu hjælpere"),
    ("Service og hygiejne", "Hygiejne og service"),
]
DIFFERENT_COURSES = [
    ("Pædagogik og leg", "Pædagogik og læring"),
    ("Grundlæggende lederuddannelse", "Grundlæggende ledelse"),
    ("Forflytning og lejring", "Forflytning og lejring af borgere"),
    ("Brød og kager", "Wienerbrød og kager"),
    ("Kvalitetsbevidst bagning", "Kvalitetsbevidst bagning, grundlæggende"),
    ("Bagning af brød", "Bagning af kager"),
    ("Social- og sundhedshjælper", "Social- og sundhedsassistent"),
    ("Mad til ældre", "Mad til børn"),
    ("Svejsning 1", "Svejsning 2"),
]


@pytest.mark.parametrize(("a", "b"), SAME_COURSE)
def test_titles_of_the_same_course_reach_the_threshold(a: str, b: str) -> None:
    assert screening.title_similarity(a, b) >= TITLE_MATCH_THRESHOLD


@pytest.mark.parametrize(("a", "b"), DIFFERENT_COURSES)
def test_titles_of_different_courses_stay_below_the_threshold(a: str, b: str) -> None:
    assert screening.title_similarity(a, b) < TITLE_MATCH_THRESHOLD


def test_the_threshold_sits_between_the_closest_different_and_the_weakest_same_pair() -> None:
    weakest_same = min(screening.title_similarity(a, b) for a, b in SAME_COURSE)
    closest_different = max(screening.title_similarity(a, b) for a, b in DIFFERENT_COURSES)
    assert closest_different < TITLE_MATCH_THRESHOLD <= weakest_same


def test_provider_normalisation_drops_legal_forms_punctuation_and_case() -> None:
    assert screening.normalise_provider("AMU-Nordjylland A/S") == "amu nordjylland"
    assert screening.normalise_provider("Den selvejende institution Tradium") == "tradium"
    assert screening.normalise_provider("Kursushuset ApS") == "kursushuset"


# --- duplicates among the proposals ------------------------------------------------------


def test_second_proposal_with_the_same_number_is_a_duplicate_naming_the_first() -> None:
    first = proposal(1, organisation="EUC Nord", course_number="45678")
    second = proposal(2, organisation="Jobcenter Aalborg", course_number="45678")
    flags = flags_of(first, second)
    assert DUPLICATE_PROPOSAL not in flags[1]
    assert flags[2][DUPLICATE_PROPOSAL] == (
        "Samme kursus er også foreslået af EUC Nord: 45678 Surdejsbagning (EUC Nord)"
    )


def test_close_title_from_the_same_provider_is_a_duplicate() -> None:
    first = proposal(1, course_number="", kind="private", title="Surdejsbagning for bagere")
    second = proposal(
        2,
        organisation="3F Aalborg",
        course_number="",
        kind="private",
        title="Surdejs-bagning for bagere",
    )
    assert DUPLICATE_PROPOSAL in flags_of(first, second)[2]


def test_all_but_the_first_of_three_duplicates_are_flagged() -> None:
    found = flags_of(proposal(1), proposal(2), proposal(3))
    assert [DUPLICATE_PROPOSAL in found[k] for k in (1, 2, 3)] == [False, True, True]


def test_same_title_from_different_providers_is_no_duplicate() -> None:
    first = proposal(1, course_number="", kind="private", provider="EUC Nord")
    second = proposal(2, course_number="", kind="private", provider="Tradium")
    assert DUPLICATE_PROPOSAL not in flags_of(first, second)[2]


# --- job titles outside the round ----------------------------------------------------------


def test_a_job_title_not_fixed_in_the_round_is_flagged_by_name() -> None:
    flags = flags_of(proposal(job_titles=((BAGER, "Bager"), (KONTORASSISTENT, "Kontorassistent"))))
    assert flags[1][TITLE_OUTSIDE_ROUND] == (
        "Stillingsbetegnelsen er ikke fastlagt i runden: Kontorassistent"
    )


def test_another_job_title_written_by_the_organisation_is_flagged() -> None:
    flags = flags_of(proposal(job_titles=(), other_job_title="Konditor", other_reason="Mangel"))
    assert flags[1][TITLE_OUTSIDE_ROUND] == "Anden stillingsbetegnelse: Konditor"


def test_fixed_job_titles_only_are_not_flagged() -> None:
    flags = flags_of(proposal(job_titles=((BAGER, "Bager"), (SYGEPLEJERSKE, "Sygeplejerske"))))
    assert TITLE_OUTSIDE_ROUND not in flags[1]


# --- too long ------------------------------------------------------------------------------


def test_a_course_longer_than_the_limit_in_days_is_too_long() -> None:
    flags = flags_of(proposal(duration=Decimal("10.5")), rule=all_councils_rule())
    assert flags[1][TOO_LONG] == (
        "Varer 10,5 dage; grænsen er 10 dage (regel for alle råd fra 1. januar 2020)"
    )


def test_a_course_exactly_as_long_as_the_limit_is_allowed() -> None:
    flags = flags_of(proposal(duration=Decimal("10")), rule=all_councils_rule())
    assert TOO_LONG not in flags[1]


def test_ects_courses_are_measured_against_the_ects_limit() -> None:
    rule = all_councils_rule(max_days=Decimal("20"), max_ects=Decimal("5"))
    academy: dict[str, object] = dict(kind="academy", course_number="", duration_unit="ects")
    assert TOO_LONG in flags_of(proposal(duration=Decimal("10"), **academy), rule=rule)[1]
    assert TOO_LONG not in flags_of(proposal(duration=Decimal("5"), **academy), rule=rule)[1]


def test_without_a_rule_in_force_no_course_is_too_long() -> None:
    assert TOO_LONG not in flags_of(proposal(duration=Decimal("300")), rule=None)[1]


def test_the_rule_in_force_on_the_day_is_used() -> None:
    old = all_councils_rule(valid_to=dt.date(2026, 12, 31), max_days=Decimal("5"))
    new = all_councils_rule(valid_from=dt.date(2027, 1, 1), max_days=Decimal("15"))
    assert (
        screening.length_rule_in_force([old, new], council_id=TESTLAND, on=dt.date(2026, 12, 31))
        == old
    )
    assert (
        screening.length_rule_in_force([old, new], council_id=TESTLAND, on=dt.date(2027, 1, 1))
        == new
    )


def test_a_rule_that_starts_after_the_day_is_not_in_force() -> None:
    later = all_councils_rule(valid_from=dt.date(2027, 4, 2))
    assert (
        screening.length_rule_in_force([later], council_id=TESTLAND, on=dt.date(2027, 4, 1)) is None
    )


def test_the_councils_own_rule_beats_the_rule_for_all_councils() -> None:
    everyone = all_councils_rule(max_days=Decimal("10"))
    own = all_councils_rule(council_id=TESTLAND, max_days=Decimal("6"), council_name="RAR Testland")
    assert (
        screening.length_rule_in_force([everyone, own], council_id=TESTLAND, on=dt.date(2027, 4, 1))
        == own
    )


def test_another_councils_rule_does_not_apply() -> None:
    everyone = all_councils_rule(max_days=Decimal("10"))
    theirs = all_councils_rule(council_id=ANDETLAND, max_days=Decimal("6"))
    assert (
        screening.length_rule_in_force(
            [everyone, theirs], council_id=TESTLAND, on=dt.date(2027, 4, 1)
        )
        == everyone
    )


# --- missing fields ------------------------------------------------------------------------


def test_an_amu_course_without_a_number_misses_its_number() -> None:
    assert flags_of(proposal(course_number=""))[1][MISSING_FIELDS] == "Mangler AMU-nummer"


def test_a_private_course_needs_no_number() -> None:
    assert MISSING_FIELDS not in flags_of(proposal(course_number="", kind="private"))[1]


def test_an_amu_number_must_have_five_digits() -> None:
    reason = flags_of(proposal(course_number="4012"))[1][MISSING_FIELDS]
    assert reason == "AMU-nummeret skal være fem cifre (står: 4012)"


def test_missing_provider_duration_and_job_title_are_named_together() -> None:
    flags = flags_of(proposal(provider="", duration=None, job_titles=()))
    assert flags[1][MISSING_FIELDS] == "Mangler udbyder, varighed og stillingsbetegnelse"


def test_another_job_title_needs_a_reason() -> None:
    flags = flags_of(proposal(job_titles=(), other_job_title="Konditor"))
    assert flags[1][MISSING_FIELDS] == "Mangler begrundelse for anden stillingsbetegnelse"


def test_flags_come_in_a_fixed_order() -> None:
    found = screening.screen(
        [proposal(course_number="40123", job_titles=(), duration=Decimal("11"))],
        LIST,
        ROUND_TITLES,
        all_councils_rule(),
    )
    assert [f.code for f in found[1]] == [ALREADY_LISTED, TOO_LONG, MISSING_FIELDS]


# --- the fast index agrees with the pairwise score -----------------------------------------

_WORDS = st.sampled_from(["brød", "kager", "og", "bagning", "brødbagning", "1", "2", "i", "for"])
_TITLES = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)


@given(titles=st.lists(_TITLES, max_size=12), query=_TITLES)
def test_the_title_index_finds_a_match_exactly_when_a_pair_scores_over_the_threshold(
    titles: list[str], query: str
) -> None:
    index = screening.TitleIndex()
    for n, title in enumerate(titles):
        index.add("udbyder", screening.normalise_text(title), n)
    found = index.best("udbyder", screening.normalise_text(query))
    pairwise = [n for n, title in enumerate(titles) if screening.titles_match(query, title)]
    assert (found is not None) == bool(pairwise)
    if found is not None:
        assert found in pairwise
