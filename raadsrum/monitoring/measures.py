"""The measures and sources the store knows: one table, used by the loader, the connectors,
the file import, the demo data and the reports.

A measure's `code` is the name code uses everywhere (`gross_unemployment`); its Danish `name`
and `unit` are what pages and notes show. `aggregation` says whether figures may be summed
over areas (persons, counts) or not (rates and shares: those are stored per area as their
own measure). `breakdowns` lists the breakdown kinds a measure may be split by; a figure
without a breakdown is the total.

Area codes in the store: a municipality by its three-digit code (`851`), a region by the
region code of `councils.Region` (`1081`), a council by its slug, the whole country as `DK`.
"""

from __future__ import annotations

from dataclasses import dataclass

from raadsrum.monitoring.models import Measure

COUNTRY_CODE = "DK"


class BreakdownKind:
    """What a figure is split by (`Observation.breakdown_kind`); '' is the total."""

    AGE = "age"
    EDUCATION = "education"
    INDUSTRY = "industry"
    BENEFIT = "benefit"
    OCCUPATION = "occupation"

    ALL = (AGE, EDUCATION, INDUSTRY, BENEFIT, OCCUPATION)
    LABELS = {
        AGE: "aldersgruppe",
        EDUCATION: "uddannelse",
        INDUSTRY: "branche",
        BENEFIT: "ydelse",
        OCCUPATION: "stilling",
    }


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    name: str
    unit: str
    aggregation: str = Measure.Aggregation.SUM
    breakdowns: tuple[str, ...] = ()
    description: str = ""


SUM = Measure.Aggregation.SUM
NONE = Measure.Aggregation.NONE
U = Measure.Unit

MEASURES: tuple[MeasureSpec, ...] = (
    MeasureSpec(
        "gross_unemployment",
        "Bruttoledige",
        U.PERSONS,
        SUM,
        (BreakdownKind.AGE, BreakdownKind.EDUCATION, BreakdownKind.INDUSTRY),
        "Registrerede bruttoledige (fuldtidsledige inkl. aktiverede, der er jobparate).",
    ),
    MeasureSpec(
        "gross_unemployment_rate",
        "Bruttoledighed i procent af arbejdsstyrken",
        U.PERCENT,
        NONE,
        (BreakdownKind.AGE,),
    ),
    MeasureSpec("labour_force", "Arbejdsstyrke", U.PERSONS, SUM, (BreakdownKind.AGE,)),
    MeasureSpec(
        "long_term_unemployment",
        "Langtidsledige",
        U.PERSONS,
        SUM,
        (BreakdownKind.AGE, BreakdownKind.EDUCATION),
        "Bruttoledige, der har været ledige i mindst 80 % af det seneste år.",
    ),
    MeasureSpec(
        "employees",
        "Lønmodtagere i beskæftigelse",
        U.PERSONS,
        SUM,
        (BreakdownKind.INDUSTRY,),
    ),
    MeasureSpec(
        "job_postings",
        "Jobopslag på Jobnet",
        U.COUNT,
        SUM,
        (BreakdownKind.OCCUPATION, BreakdownKind.INDUSTRY),
    ),
    MeasureSpec("job_orders", "Jobordrer", U.COUNT, SUM, (BreakdownKind.OCCUPATION,)),
    MeasureSpec(
        "job_order_positions",
        "Stillinger i jobordrer",
        U.COUNT,
        SUM,
        (BreakdownKind.OCCUPATION,),
    ),
    MeasureSpec(
        "job_order_placement_rate",
        "Formidlingsgrad for jobordrer",
        U.PERCENT,
        NONE,
        description="Andel af stillingerne i jobordrer, jobcentret har formidlet kandidater til.",
    ),
    MeasureSpec(
        "job_order_fill_rate",
        "Besættelsesgrad for jobordrer",
        U.PERCENT,
        NONE,
        description="Andel af stillingerne i jobordrer, der blev besat.",
    ),
    MeasureSpec(
        "failed_recruitments",
        "Forgæves rekrutteringer",
        U.COUNT,
        SUM,
        (BreakdownKind.OCCUPATION, BreakdownKind.INDUSTRY),
    ),
    MeasureSpec(
        "foreign_workers",
        "Udenlandsk arbejdskraft",
        U.PERSONS,
        SUM,
        (BreakdownKind.INDUSTRY,),
    ),
    MeasureSpec(
        "public_benefits_full_time",
        "Fuldtidspersoner på offentlig forsørgelse",
        U.FULL_TIME,
        SUM,
        (BreakdownKind.BENEFIT, BreakdownKind.AGE),
    ),
    MeasureSpec(
        "public_benefits_expected_full_time",
        "Forventet antal fuldtidspersoner på offentlig forsørgelse",
        U.FULL_TIME,
        SUM,
        (BreakdownKind.BENEFIT,),
        "Det antal, kommunens rammevilkår lader forvente (ministeriets benchmarkingmodel).",
    ),
    MeasureSpec(
        "public_benefits_share",
        "Andel af befolkningen på offentlig forsørgelse",
        U.PERCENT,
        NONE,
        (BreakdownKind.BENEFIT,),
    ),
    MeasureSpec(
        "public_benefits_expected_share",
        "Forventet andel af befolkningen på offentlig forsørgelse",
        U.PERCENT,
        NONE,
        (BreakdownKind.BENEFIT,),
        "Den andel, kommunens rammevilkår lader forvente (ministeriets benchmarkingmodel).",
    ),
    MeasureSpec(
        "focus_no_offer_share",
        "Andel uden aktivt tilbud det seneste år (fokusmål)",
        U.PERCENT,
        NONE,
        description="Blandt personer med mindst 12 måneders anciennitet.",
    ),
    MeasureSpec(
        "focus_few_interviews_share",
        "Andel med under fire samtaler det seneste år (fokusmål)",
        U.PERCENT,
        NONE,
        description="Blandt personer med mindst 12 måneders anciennitet.",
    ),
    MeasureSpec("layoff_notices", "Varslede afskedigelser", U.PERSONS, SUM),
    MeasureSpec("work_sharing", "Personer på arbejdsfordeling", U.PERSONS, SUM),
)

MEASURES_BY_CODE: dict[str, MeasureSpec] = {spec.code: spec for spec in MEASURES}


@dataclass(frozen=True)
class SourceSpec:
    code: str
    name: str
    url: str
    is_synthetic: bool = False


SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec("statbank", "Danmarks Statistik, Statistikbanken", "https://www.statistikbanken.dk"),
    SourceSpec("jobindsats", "Jobindsats (STAR)", "https://www.jobindsats.dk"),
    SourceSpec("file", "Indlæst fil", ""),
    SourceSpec("synthetic", "Syntetiske demotal (ikke officielle)", "", is_synthetic=True),
)

SOURCES_BY_CODE: dict[str, SourceSpec] = {spec.code: spec for spec in SOURCES}
