"""The screening rules for course proposals, as plain functions over plain data (no ORM).

`screen()` gives each proposal its flags, each with a plain Danish reason naming what it
matched, so the secretariat can accept or reject with the evidence in front of it. A flag is a
hint, never a decision. `screening_services.screening_run` loads the data and stores the flags.

Titles match fuzzily with RapidFuzz (a maintained C++ library; difflib is over 100 times
slower): the better of two edit-distance similarities (0–100) of the normalised titles, with
their words sorted (word order) and with the spaces removed (Danish compounds are written
together or apart). Only courses from the same normalised provider are compared, and only
those whose length could reach the threshold, so 2,000 proposals against a list of 5,000
courses take a fraction of a second. `TITLE_MATCH_THRESHOLD` is justified in
tests/test_screening_rules.py.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process

from raadsrum.core.danish import danish_date, danish_join, danish_number

ALREADY_LISTED = "already_listed"
DUPLICATE_PROPOSAL = "duplicate_proposal"
TITLE_OUTSIDE_ROUND = "title_outside_round"
TOO_LONG = "too_long"
MISSING_FIELDS = "missing_fields"

# In the order the secretariat reads them; the labels are the filter's and the tags' text.
# The reasons are stored with the proposal and stay Danish; the labels follow the page language.
FLAG_LABELS: dict[str, str | Promise] = {
    ALREADY_LISTED: _("Står allerede på listen"),
    DUPLICATE_PROPOSAL: _("Dublet blandt forslagene"),
    TITLE_OUTSIDE_ROUND: _("Stillingsbetegnelse uden for runden"),
    TOO_LONG: _("For langt kursus"),
    MISSING_FIELDS: _("Mangler oplysninger"),
}

# 0–100. 90 lets through inflection, compounding, word order and punctuation
# ("Kundeservice i detailhandlen" / "Kundeservice i detailhandel" scores 94,5) and keeps
# apart different courses that share most words ("Pædagogik og leg" / "Pædagogik og læring"
# scores 85,7). The pairs are in tests/test_screening_rules.py.
TITLE_MATCH_THRESHOLD = 90.0

AMU = "amu"
DAYS = "days"
ECTS = "ects"

# Legal-form suffixes and prefixes that say nothing about who the provider is.
_LEGAL_FORMS = re.compile(
    r"(?<!\w)(a/s|aps|i/s|p/s|k/s|ivs|a\.?m\.?b\.?a\.?|f\.?m\.?b\.?a\.?|s\.?m\.?b\.?a\.?"
    r"|selvejende institution|den selvejende institution)(?!\w)"
)
_NOT_WORD = re.compile(r"[^\w]+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Flag:
    code: str
    reason: str

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "reason": self.reason}


@dataclass(frozen=True)
class ListedCourseData:
    """A course on the council's current list."""

    course_number: str
    title: str
    provider: str


@dataclass(frozen=True)
class ProposalData:
    """A submitted proposal. `key` identifies it in the result (the proposal's id)."""

    key: int
    organisation: str
    course_number: str
    title: str
    provider: str
    kind: str
    duration: Decimal | None
    duration_unit: str
    job_titles: tuple[tuple[int, str], ...] = ()  # (job title id, title)
    other_job_title: str = ""
    other_reason: str = ""


@dataclass(frozen=True)
class LengthRuleData:
    """A course-length limit: for one council, or for all councils when `council_id` is None."""

    council_id: int | None
    valid_from: date
    valid_to: date | None
    max_days: Decimal
    max_ects: Decimal
    council_name: str = ""

    def is_valid_on(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def describe(self) -> str:
        whose = f"regel for {self.council_name}" if self.council_id else "regel for alle råd"
        return f"{whose} fra {danish_date(self.valid_from)}"


@dataclass(frozen=True)
class RoundTitles:
    """The job titles fixed in the round, by id."""

    fixed: Mapping[int, str] = field(default_factory=dict)


# --- Normalising ---------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """Case, punctuation and spacing removed: `Brød & Kager, basis` → `brød og kager basis`."""
    folded = text.casefold().replace("&", " og ")
    return " ".join(_NOT_WORD.sub(" ", folded).replace("_", " ").split())


@lru_cache(maxsize=4096)  # a list names a few hundred providers thousands of times
def normalise_provider(provider: str) -> str:
    """`AMU-Nordjylland A/S` and `AMU Nordjylland` are the same provider."""
    return normalise_text(_LEGAL_FORMS.sub(" ", provider.casefold()))


def normalise_number(number: str) -> str:
    """`40 123`, `40.123` and `40123` are the same course number."""
    return _NOT_WORD.sub("", number.casefold()).replace("_", "")


def titles_match(a: str, b: str) -> bool:
    """Two normalised titles name the same course (see TITLE_MATCH_THRESHOLD)."""
    return _title_score(a, b) >= TITLE_MATCH_THRESHOLD


def title_similarity(a: str, b: str) -> float:
    """The score of two raw titles, after normalising (for tests and for tuning)."""
    return _title_score(normalise_text(a), normalise_text(b))


def _title_score(a: str, b: str) -> float:
    # Level and part numbers tell courses apart: "Svejsning 1" is not "Svejsning 2".
    if _DIGITS.findall(a) != _DIGITS.findall(b):
        return 0.0
    return max(
        fuzz.token_sort_ratio(a, b, processor=None),  # word order: "Kager og brød"
        fuzz.ratio(a.replace(" ", ""), b.replace(" ", ""), processor=None),  # "hygiejne standarder"
    )


def course_name(number: str, title: str, provider: str) -> str:
    name = f"{number.strip()} {title.strip()}".strip()
    return f"{name} ({provider.strip()})" if provider.strip() else name


# --- The length rule in force --------------------------------------------------------------


def length_rule_in_force(
    rules: Iterable[LengthRuleData], *, council_id: int, on: date
) -> LengthRuleData | None:
    """The council's own rule in force on `on`, else the rule for all councils, else None."""
    in_force = [r for r in rules if r.is_valid_on(on)]
    for wanted in (council_id, None):
        candidates = [r for r in in_force if r.council_id == wanted]
        if candidates:
            return max(candidates, key=lambda r: r.valid_from)
    return None


# --- The rules -----------------------------------------------------------------------------


class _Titles:
    """One spelling of the titles (words sorted, or spaces removed), ordered by length.

    A ratio of at least T between strings of lengths a and b needs |a - b| <= (1 - T/100)(a + b),
    so a look-up compares only the titles in that length window, in one RapidFuzz call.
    """

    _slack = 1 - TITLE_MATCH_THRESHOLD / 100

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.texts: list[str] = []
        self.items: list[int] = []

    def add(self, text: str, item: int) -> None:
        at = bisect_right(self.lengths, len(text))
        self.lengths.insert(at, len(text))
        self.texts.insert(at, text)
        self.items.insert(at, item)

    def scores(self, query: str) -> list[tuple[int, float]]:
        size = len(query)
        low = bisect_left(self.lengths, size * (1 - self._slack) / (1 + self._slack) - 1e-9)
        high = bisect_right(self.lengths, size * (1 + self._slack) / (1 - self._slack) + 1e-9)
        if low >= high:
            return []
        return [
            (self.items[low + index], score)
            for _text, score, index in process.extract(
                query,
                self.texts[low:high],
                scorer=fuzz.ratio,
                processor=None,
                score_cutoff=TITLE_MATCH_THRESHOLD,
                limit=None,
            )
        ]


def _sorted_words(title: str) -> str:
    return " ".join(sorted(title.split()))


class TitleIndex:
    """Normalised titles grouped by normalised provider, for fuzzy look-ups.

    The same score as `_title_score`: token_sort_ratio is the ratio of the titles with their
    words sorted, so each title is sorted once here instead of at every comparison.
    """

    def __init__(self) -> None:
        self._sorted: dict[str, _Titles] = defaultdict(_Titles)
        self._compact: dict[str, _Titles] = defaultdict(_Titles)
        self._digits: dict[int, list[str]] = {}

    def add(self, provider: str, title: str, item: int) -> None:
        self._sorted[provider].add(_sorted_words(title), item)
        self._compact[provider].add(title.replace(" ", ""), item)
        self._digits[item] = _DIGITS.findall(title)

    def best(self, provider: str, title: str) -> int | None:
        """The item whose title matches best (the first added among equals), or None."""
        if not title or provider not in self._sorted:
            return None
        scores: dict[int, float] = {}
        for item, score in [
            *self._sorted[provider].scores(_sorted_words(title)),
            *self._compact[provider].scores(title.replace(" ", "")),
        ]:
            scores[item] = max(score, scores.get(item, 0.0))
        digits = _DIGITS.findall(title)
        found = [(-score, item) for item, score in scores.items() if self._digits[item] == digits]
        return min(found)[1] if found else None


def _already_listed(
    proposals: Sequence[ProposalData], listed: Sequence[ListedCourseData]
) -> dict[int, Flag]:
    by_number: dict[str, ListedCourseData] = {}
    index = TitleIndex()
    for n, course in enumerate(listed):
        number = normalise_number(course.course_number)
        if number:
            by_number.setdefault(number, course)
        index.add(normalise_provider(course.provider), normalise_text(course.title), n)
    flags: dict[int, Flag] = {}
    for proposal in proposals:
        number = normalise_number(proposal.course_number)
        match = by_number.get(number) if number else None
        how = ""
        if match is None:
            found = index.best(
                normalise_provider(proposal.provider), normalise_text(proposal.title)
            )
            if found is not None:
                match = listed[found]
                how = " (næsten samme titel fra samme udbyder)"
        if match is not None:
            name = course_name(match.course_number, match.title, match.provider)
            flags[proposal.key] = Flag(ALREADY_LISTED, f"Står allerede på listen: {name}{how}")
    return flags


def _duplicates(proposals: Sequence[ProposalData]) -> dict[int, Flag]:
    """All but the first of proposals that name the same course (in the order given)."""
    first_by_number: dict[str, ProposalData] = {}
    index = TitleIndex()
    flags: dict[int, Flag] = {}
    for n, proposal in enumerate(proposals):
        number = normalise_number(proposal.course_number)
        provider = normalise_provider(proposal.provider)
        title = normalise_text(proposal.title)
        original = first_by_number.get(number) if number else None
        if original is None:
            found = index.best(provider, title)
            original = proposals[found] if found is not None else None
        if original is not None:
            name = course_name(original.course_number, original.title, original.provider)
            flags[proposal.key] = Flag(
                DUPLICATE_PROPOSAL,
                f"Samme kursus er også foreslået af {original.organisation}: {name}",
            )
        if number:
            first_by_number.setdefault(number, proposal)
        index.add(provider, title, n)
    return flags


def _title_outside_round(proposal: ProposalData, titles: RoundTitles) -> Flag | None:
    outside = [name for job_id, name in proposal.job_titles if job_id not in titles.fixed]
    parts = []
    if outside:
        parts.append(
            "Stillingsbetegnelsen er ikke fastlagt i runden: " + ", ".join(outside)
            if len(outside) == 1
            else "Stillingsbetegnelserne er ikke fastlagt i runden: " + ", ".join(outside)
        )
    if proposal.other_job_title.strip():
        parts.append(f"Anden stillingsbetegnelse: {proposal.other_job_title.strip()}")
    return Flag(TITLE_OUTSIDE_ROUND, ". ".join(parts)) if parts else None


def _too_long(proposal: ProposalData, rule: LengthRuleData | None) -> Flag | None:
    if rule is None or proposal.duration is None:
        return None
    if proposal.duration_unit == ECTS:
        limit, unit = rule.max_ects, "ECTS-point"
    else:
        limit, unit = rule.max_days, "dage"
    if proposal.duration <= limit:
        return None
    return Flag(
        TOO_LONG,
        f"Varer {_amount(proposal.duration)} {unit}; grænsen er {_amount(limit)} {unit} "
        f"({rule.describe()})",
    )


def _amount(value: Decimal) -> str:
    return danish_number(value, 0 if value == value.to_integral_value() else 1)


def _missing_fields(proposal: ProposalData) -> Flag | None:
    missing = []
    number = proposal.course_number.strip()
    if proposal.kind == AMU and not number:
        missing.append("AMU-nummer")
    if not proposal.title.strip():
        missing.append("kursustitel")
    if not proposal.provider.strip():
        missing.append("udbyder")
    if proposal.duration is None or proposal.duration <= 0:
        missing.append("varighed")
    if not proposal.job_titles and not proposal.other_job_title.strip():
        missing.append("stillingsbetegnelse")
    if proposal.other_job_title.strip() and not proposal.other_reason.strip():
        missing.append("begrundelse for anden stillingsbetegnelse")
    reasons = []
    if missing:
        reasons.append("Mangler " + danish_join(missing))
    if proposal.kind == AMU and number and not re.fullmatch(r"\d{5}", normalise_number(number)):
        reasons.append(f"AMU-nummeret skal være fem cifre (står: {number})")
    return Flag(MISSING_FIELDS, ". ".join(reasons)) if reasons else None


def screen(
    proposals: Sequence[ProposalData],
    listed_courses: Sequence[ListedCourseData],
    round_titles: RoundTitles,
    length_rule: LengthRuleData | None,
) -> dict[int, list[Flag]]:
    """Every proposal's flags, in FLAG_LABELS order; an empty list when nothing was found.

    `proposals` come in the order they arrived (the first of two duplicates keeps no flag).
    """
    listed = _already_listed(proposals, listed_courses)
    duplicates = _duplicates(proposals)
    result: dict[int, list[Flag]] = {}
    for proposal in proposals:
        found = [
            listed.get(proposal.key),
            duplicates.get(proposal.key),
            _title_outside_round(proposal, round_titles),
            _too_long(proposal, length_rule),
            _missing_fields(proposal),
        ]
        result[proposal.key] = [flag for flag in found if flag is not None]
    return result
