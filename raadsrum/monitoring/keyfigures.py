"""The key-figures note (nøgletalsnotat) for a council and a month, as plain data.

`build_note` reads the store through `selectors` and returns a `KeyFiguresNote`: sections
with Danish sentences in the minutes' style ("Fra marts 2019-20 steg ledigheden med
1.931 / 16,1 %."), the figures they state (each with its period and source) and charts.
`render` turns the note into HTML and PDF; `to_json()` holds every figure the note states.

Each measure is stated for the latest period the note may state (`selectors.
last_period_known_in`: the month itself for monthly figures, the last quarter or half-year
that ended before the month), and the note names that period, so a note for March 2020
speaks of the 4th quarter of 2019 for employees. The newest month of gross unemployment is
preliminary (the job centres' registrations are revised the month after), so the level
is stated for the month before it, the latest final month, while the change over the year
runs to the newest month, as the councils' notes do ("var på 13.330 i februar 2020. Fra
marts 2019-20 steg ledigheden med 1.931 / 16,1 %").

Council figures are sums over the municipalities in the council's area, following the
dated mapping on each period's first day (or on the date `on`, when given). A measure
missing from the store gives a section that says "Ingen data" instead of failing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from raadsrum.core.charts import Chart, Series, bar_chart, line_chart
from raadsrum.core.danish import MONTHS, danish_month, danish_number
from raadsrum.councils.models import Council
from raadsrum.monitoring import selectors
from raadsrum.monitoring.models import AreaKind, Measure, PeriodKind
from raadsrum.monitoring.selectors import (
    Area,
    Change,
    SeriesData,
    add_months,
    area_country,
    area_of_council,
    last_period_known_in,
    year_before,
    year_change,
)

SYNTHETIC_LABEL = "Syntetiske data"
HISTORY_YEARS = 5  # how far back the charts over time reach

# --- periods in words ----------------------------------------------------------------------


def period_label(kind: str, start: dt.date) -> str:
    """'marts 2020', '4. kvartal 2019', '2. halvår 2019', '2019'."""
    if kind == PeriodKind.MONTH:
        return danish_month(start)
    if kind == PeriodKind.QUARTER:
        return _("%(n)s. kvartal %(year)s") % {"n": (start.month - 1) // 3 + 1, "year": start.year}
    if kind == PeriodKind.HALF_YEAR:
        return _("%(n)s. halvår %(year)s") % {"n": 1 if start.month < 7 else 2, "year": start.year}
    return str(start.year)


def period_short(kind: str, start: dt.date) -> str:
    """Chart labels: 'mar 2020', 'K4 2019', 'H2 2019', '2019'."""
    if kind == PeriodKind.MONTH:
        return f"{MONTHS[start.month - 1][:3]} {start.year}"
    if kind == PeriodKind.QUARTER:
        return f"K{(start.month - 1) // 3 + 1} {start.year}"
    if kind == PeriodKind.HALF_YEAR:
        return f"H{1 if start.month < 7 else 2} {start.year}"
    return str(start.year)


def year_span(kind: str, start: dt.date) -> str:
    """The period a year before to this one, as the notes write it: 'marts 2019-20'."""
    before = year_before(start)
    years = f"{before.year}-{start.year % 100:02d}"
    if kind == PeriodKind.MONTH:
        return f"{MONTHS[start.month - 1]} {years}"
    if kind == PeriodKind.QUARTER:
        return _("%(n)s. kvartal %(years)s") % {"n": (start.month - 1) // 3 + 1, "years": years}
    if kind == PeriodKind.HALF_YEAR:
        return _("%(n)s. halvår %(years)s") % {"n": 1 if start.month < 7 else 2, "years": years}
    return years


def change_sentence(*, subject: str, change: Change, kind: str) -> str:
    """'Fra marts 2019-20 steg ledigheden med 1.931 / 16,1 %.' ('faldt', 'var … uændret')."""
    span = year_span(kind, change.period_start)
    difference = change.difference
    if round(difference) == 0 and (change.percent is None or round(change.percent, 1) == 0):
        return _("Fra %(span)s var %(subject)s uændret.") % {"span": span, "subject": subject}
    verb = _("steg") if difference > 0 else _("faldt")
    amount = danish_number(abs(difference))
    if change.percent is not None:
        amount = f"{amount} / {danish_number(abs(change.percent), 1)} %"
    return _("Fra %(span)s %(verb)s %(subject)s med %(amount)s.") % {
        "span": span,
        "verb": verb,
        "subject": subject,
        "amount": amount,
    }


# --- the note as data -----------------------------------------------------------------------


@dataclass
class Figure:
    """One number the note states, with what it is, when and from where."""

    key: str
    label: str
    value: float
    text: str
    unit: str
    period_kind: str
    period_start: dt.date
    source: str
    is_synthetic: bool
    area: str = ""

    @property
    def period(self) -> str:
        return period_label(self.period_kind, self.period_start)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "area": self.area,
            "value": round(self.value, 4),
            "text": self.text,
            "unit": self.unit,
            "period": self.period,
            "period_kind": self.period_kind,
            "period_start": self.period_start.isoformat(),
            "source": self.source,
            "is_synthetic": self.is_synthetic,
        }


@dataclass
class Section:
    key: str
    heading: str
    sentences: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    is_synthetic: bool = False
    no_data: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "heading": self.heading,
            "no_data": self.no_data,
            "is_synthetic": self.is_synthetic,
            "sources": self.sources,
            "sentences": self.sentences,
            "figures": [f.as_json() for f in self.figures],
            "charts": [
                {
                    "title": c.title,
                    "kind": c.kind,
                    "unit": c.unit,
                    "summary": c.summary(),
                    "headers": c.headers(),
                    "rows": c.rows(),
                }
                for c in self.charts
            ],
        }


@dataclass
class KeyFiguresNote:
    council: Council
    month: dt.date
    sections: list[Section]
    mapping_on: dt.date | None = None

    @property
    def title(self) -> str:
        return _("Nøgletalsnotat %(month)s") % {"month": danish_month(self.month)}

    @property
    def subtitle(self) -> str:
        return _("%(council)s område") % {"council": self.council.name_genitive}

    @property
    def is_synthetic(self) -> bool:
        return any(s.is_synthetic for s in self.sections)

    @property
    def has_data(self) -> bool:
        return any(not s.no_data for s in self.sections)

    @property
    def sources(self) -> list[str]:
        return sorted({name for s in self.sections for name in s.sources})

    @property
    def mapping_text(self) -> str:
        if self.mapping_on is not None:
            return _(
                "Rådets område er kommunerne i området pr. %(day)s, også for tidligere perioder."
            ) % {"day": self.mapping_on.strftime("%d.%m.%Y")}
        return _("Rådets område er kommunerne, der hørte til rådet i hver periode.")

    def figures(self) -> list[Figure]:
        return [f for s in self.sections for f in s.figures]

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "council": {"slug": self.council.slug, "name": self.council.name},
            "month": self.month.strftime("%Y-%m"),
            "is_synthetic": self.is_synthetic,
            "synthetic_label": SYNTHETIC_LABEL if self.is_synthetic else "",
            "sources": self.sources,
            "area_mapping": self.mapping_text,
            "sections": [s.as_json() for s in self.sections],
        }


# --- building --------------------------------------------------------------------------------


@dataclass
class _Context:
    council: Council
    month: dt.date
    on: dt.date | None
    area: Area
    country: Area
    measures: dict[str, Measure]
    source_cache: dict[tuple[int, str, dt.date, str, str], tuple[str, bool]] = field(
        default_factory=dict
    )

    @property
    def where(self) -> str:
        return _("i %(council)s område") % {"council": self.council.name_genitive}


def _number(value: float, unit: str) -> str:
    return f"{danish_number(value, 1)} %" if unit == Measure.Unit.PERCENT else danish_number(value)


def _sources(
    ctx: _Context, measure: Measure, kind: str, period: dt.date, area: Area | None = None
) -> tuple[str, bool]:
    """The sources' names behind a figure, and whether any is synthetic.

    A municipality of the council is named by the sources of the council's figure for the
    same measure and period (the rows it is one of), which saves a query per municipality.
    """
    area = area or ctx.area
    if area.kind == AreaKind.MUNICIPALITY:
        area = ctx.area
    key = (measure.pk, kind, period, area.kind, area.code)
    if key not in ctx.source_cache:
        found = selectors.sources_for(
            measure=measure, area=area, period_kind=kind, period_start=period, on=ctx.on
        )
        ctx.source_cache[key] = (
            ", ".join(s.name for s in found),
            any(s.is_synthetic for s in found),
        )
    return ctx.source_cache[key]


def _figure(
    ctx: _Context,
    section: Section,
    *,
    key: str,
    label: str,
    value: float,
    measure: Measure,
    kind: str,
    period: dt.date,
    unit: str | None = None,
    area: Area | None = None,
    text: str | None = None,
) -> Figure:
    source, synthetic = _sources(ctx, measure, kind, period, area)
    unit = unit or measure.unit
    figure = Figure(
        key=key,
        label=label,
        value=value,
        text=text or _number(value, unit),
        unit=unit,
        period_kind=kind,
        period_start=period,
        source=source,
        is_synthetic=synthetic,
        area=(area or ctx.area).name,
    )
    section.figures.append(figure)
    if source and source not in section.sources:
        section.sources.append(source)
    section.is_synthetic = section.is_synthetic or synthetic
    return figure


def _change_figures(
    ctx: _Context, section: Section, key: str, label: str, measure: Measure, kind: str, ch: Change
) -> None:
    _figure(
        ctx,
        section,
        key=f"{key}.change",
        label=_("%(label)s, ændring fra %(before)s")
        % {
            "label": label,
            "before": period_label(kind, ch.previous_start),
        },
        value=ch.difference,
        measure=measure,
        kind=kind,
        period=ch.period_start,
        text=("+" if ch.difference > 0 else "") + danish_number(ch.difference),
    )
    if ch.percent is not None:
        _figure(
            ctx,
            section,
            key=f"{key}.change_percent",
            label=_("%(label)s, ændring i procent fra %(before)s")
            % {"label": label, "before": period_label(kind, ch.previous_start)},
            value=ch.percent,
            measure=measure,
            kind=kind,
            period=ch.period_start,
            unit=Measure.Unit.PERCENT,
            text=("+" if ch.percent > 0 else "") + danish_number(ch.percent, 1) + " %",
        )


def _no_data(section: Section, name: str) -> Section:
    section.no_data = True
    section.sentences = [
        _("Ingen data: statistikken har ingen tal for %(name)s i perioden.") % {"name": name}
    ]
    return section


def _history(ctx: _Context, measure: Measure, kind: str, area: Area | None = None) -> SeriesData:
    end = last_period_known_in(kind, ctx.month)
    return selectors.series(
        measure=measure,
        area=area or ctx.area,
        period_kind=kind,
        start=add_months(end, -12 * HISTORY_YEARS),
        end=end,
        on=ctx.on,
    )


def _pick_kind(ctx: _Context, measure: Measure, preferred: str) -> str:
    kinds = selectors.period_kinds(measure=measure)
    if preferred in kinds or not kinds:
        return preferred
    order = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR, PeriodKind.YEAR]
    return next(k for k in order if k in kinds)


def _periods(data: SeriesData) -> tuple[list[dt.date], list[str]]:
    periods = [p.period_start for p in data.points]
    return periods, [period_short(data.period_kind, p) for p in periods]


def _unemployment(ctx: _Context) -> tuple[Section, dt.date | None]:
    """The council's unemployment, and the newest month (for the municipalities' section)."""
    section = Section("gross_unemployment", _("Ledighed"))
    measure = ctx.measures.get("gross_unemployment")
    if measure is None:
        return _no_data(section, _("bruttoledigheden")), None
    kind = PeriodKind.MONTH
    persons = _history(ctx, measure, kind)
    newest = persons.latest()
    if newest is None:
        return _no_data(section, _("bruttoledigheden")), None
    # The newest month is preliminary: the level is the month before it (see module doc).
    final = [
        p for p in persons.points if p.value is not None and p.period_start < newest.period_start
    ]
    level = final[-1] if final else newest
    assert level.value is not None
    rate_measure = ctx.measures.get("gross_unemployment_rate")
    rate = _history(ctx, rate_measure, kind) if rate_measure else None
    country_rate = _history(ctx, rate_measure, kind, ctx.country) if rate_measure else None
    level_rate = rate.value_at(level.period_start) if rate else None

    _figure(
        ctx,
        section,
        key="gross_unemployment.level",
        label=_("Bruttoledige"),
        value=level.value,
        measure=measure,
        kind=kind,
        period=level.period_start,
    )
    sentence = _("I %(month)s var %(persons)s ledige %(where)s") % {
        "month": danish_month(level.period_start),
        "persons": danish_number(level.value),
        "where": ctx.where,
    }
    if level_rate is not None and rate_measure is not None:
        _figure(
            ctx,
            section,
            key="gross_unemployment_rate.level",
            label=_("Bruttoledighed i procent af arbejdsstyrken"),
            value=level_rate,
            measure=rate_measure,
            kind=kind,
            period=level.period_start,
        )
        sentence += _(" (%(rate)s %% af arbejdsstyrken)") % {"rate": danish_number(level_rate, 1)}
    section.sentences.append(sentence + ".")
    country_level = country_rate.value_at(level.period_start) if country_rate else None
    if country_level is not None and rate_measure is not None:
        _figure(
            ctx,
            section,
            key="gross_unemployment_rate.country",
            label=_("Bruttoledighed i procent, hele landet"),
            value=country_level,
            measure=rate_measure,
            kind=kind,
            period=level.period_start,
            area=ctx.country,
        )
        section.sentences.append(
            _("I hele landet var ledigheden %(rate)s %% af arbejdsstyrken.")
            % {"rate": danish_number(country_level, 1)}
        )
    change = year_change(persons, newest.period_start)
    if change is not None:
        section.sentences.append(change_sentence(subject=_("ledigheden"), change=change, kind=kind))
        _change_figures(
            ctx, section, "gross_unemployment", _("Bruttoledige"), measure, kind, change
        )

    periods, labels = _periods(persons)
    section.charts.append(
        line_chart(
            title=_("Bruttoledige %(where)s") % {"where": ctx.where},
            labels=labels,
            series=[Series(ctx.council.name, [p.value for p in persons.points])],
            unit=_("personer"),
            label_heading=_("Måned"),
            decimals=0,
        )
    )
    if rate is not None and country_rate is not None:
        section.charts.append(
            line_chart(
                title=_("Bruttoledighed i procent af arbejdsstyrken"),
                labels=labels,
                series=[
                    Series(ctx.council.name, rate.values_for(periods)),
                    Series(ctx.country.name, country_rate.values_for(periods)),
                ],
                unit="%",
                label_heading=_("Måned"),
                decimals=1,
            )
        )
    return section, newest.period_start


def _municipalities(ctx: _Context, period: dt.date | None) -> Section:
    """Municipalities ranked on the rate, and their change over the year."""
    section = Section("municipalities", _("Ledigheden i kommunerne"))
    measure = ctx.measures.get("gross_unemployment")
    rate_measure = ctx.measures.get("gross_unemployment_rate")
    if measure is None or period is None:
        return _no_data(section, _("bruttoledigheden i kommunerne"))
    kind = PeriodKind.MONTH
    month = danish_month(period)
    sentences: list[str] = []
    if rate_measure is not None:
        ranked = selectors.municipalities_ranked(
            measure=rate_measure,
            council=ctx.council,
            period_kind=kind,
            period_start=period,
            on=ctx.on,
        )
        if ranked:
            for m in ranked:
                _figure(
                    ctx,
                    section,
                    key=f"gross_unemployment_rate.municipality.{m.code}",
                    label=_("Bruttoledighed i procent, %(name)s") % {"name": m.name},
                    value=m.value,
                    measure=rate_measure,
                    kind=kind,
                    period=period,
                    area=selectors.Area(AreaKind.MUNICIPALITY, m.code, m.name, m.name),
                )
            high, low = ranked[0], ranked[-1]
            sentences.append(
                _(
                    "I %(month)s var ledigheden højest i %(high)s (%(high_rate)s %%) og lavest i "
                    "%(low)s (%(low_rate)s %%)."
                )
                % {
                    "month": month,
                    "high": high.name,
                    "high_rate": danish_number(high.value, 1),
                    "low": low.name,
                    "low_rate": danish_number(low.value, 1),
                }
            )
            section.charts.append(
                bar_chart(
                    title=_("Ledighed i procent pr. kommune, %(month)s") % {"month": month},
                    labels=[m.name for m in ranked],
                    series=[Series(month.capitalize(), [m.value for m in ranked])],
                    unit="%",
                    horizontal=True,
                    label_heading=_("Kommune"),
                    decimals=1,
                )
            )
    changes = [
        m
        for m in selectors.municipalities_ranked(
            measure=measure,
            council=ctx.council,
            period_kind=kind,
            period_start=period,
            on=ctx.on,
            with_year_before=True,
        )
        if m.before is not None
    ]
    if changes:
        changes.sort(key=lambda m: (-(m.percent or 0.0), m.name))
        area_of = {
            m.code: selectors.Area(AreaKind.MUNICIPALITY, m.code, m.name, m.name) for m in changes
        }
        for m in changes:
            assert m.difference is not None
            _figure(
                ctx,
                section,
                key=f"gross_unemployment.change.municipality.{m.code}",
                label=_("Ændring i bruttoledige, %(name)s") % {"name": m.name},
                value=m.difference,
                measure=measure,
                kind=kind,
                period=period,
                area=area_of[m.code],
                text=("+" if m.difference > 0 else "") + danish_number(m.difference),
            )
            if m.percent is not None:
                _figure(
                    ctx,
                    section,
                    key=f"gross_unemployment.change_percent.municipality.{m.code}",
                    label=_("Ændring i bruttoledige i procent, %(name)s") % {"name": m.name},
                    value=m.percent,
                    measure=measure,
                    kind=kind,
                    period=period,
                    unit=Measure.Unit.PERCENT,
                    area=area_of[m.code],
                    text=("+" if m.percent > 0 else "") + danish_number(m.percent, 1) + " %",
                )
        top = changes[0]
        if top.percent is not None and top.difference is not None:
            sentences.append(
                _(
                    "Den største stigning i procent fra %(span)s var i %(name)s: %(diff)s / "
                    "%(pct)s %%."
                )
                % {
                    "span": year_span(kind, period),
                    "name": top.name,
                    "diff": danish_number(top.difference),
                    "pct": danish_number(top.percent, 1),
                }
                if top.difference > 0
                else _("Ledigheden steg ikke i nogen kommune fra %(span)s.")
                % {"span": year_span(kind, period)}
            )
        span = year_span(kind, period)
        by_persons = sorted(changes, key=lambda m: (-(m.difference or 0.0), m.name))
        section.charts.append(
            bar_chart(
                title=_("Ændring i antal ledige fra %(span)s") % {"span": span},
                labels=[m.name for m in by_persons],
                series=[Series(_("Personer"), [m.difference for m in by_persons])],
                horizontal=True,
                label_heading=_("Kommune"),
                decimals=0,
            )
        )
        section.charts.append(
            bar_chart(
                title=_("Ændring i antal ledige i procent fra %(span)s") % {"span": span},
                labels=[m.name for m in changes],
                series=[Series(_("Procent"), [m.percent for m in changes])],
                unit="%",
                horizontal=True,
                label_heading=_("Kommune"),
                decimals=1,
            )
        )
    section.sentences = sentences
    if not section.figures:
        return _no_data(section, _("bruttoledigheden i kommunerne"))
    return section


@dataclass(frozen=True)
class _Simple:
    """A section stating one summable measure: its level, its change over the year, a chart."""

    key: str
    heading: str
    measure: str
    kind: str
    level: str  # "I %(period)s var der %(value)s lønmodtagere %(where)s."
    subject: str  # "antallet af lønmodtagere"
    label: str
    chart_title: str
    bars: bool = False


def _simple_sections() -> list[_Simple]:
    return [
        _Simple(
            "long_term_unemployment",
            _("Langtidsledighed"),
            "long_term_unemployment",
            PeriodKind.MONTH,
            _("I %(period)s var der %(value)s langtidsledige %(where)s."),
            _("langtidsledigheden"),
            _("Langtidsledige"),
            _("Langtidsledige %(where)s"),
        ),
        _Simple(
            "employees",
            _("Beskæftigelse"),
            "employees",
            PeriodKind.QUARTER,
            _("I %(period)s var der %(value)s lønmodtagere %(where)s."),
            _("antallet af lønmodtagere"),
            _("Lønmodtagere"),
            _("Lønmodtagere %(where)s"),
        ),
        _Simple(
            "job_postings",
            _("Jobopslag"),
            "job_postings",
            PeriodKind.MONTH,
            _("I %(period)s var der %(value)s jobopslag på Jobnet %(where)s."),
            _("antallet af jobopslag"),
            _("Jobopslag"),
            _("Jobopslag på Jobnet %(where)s"),
        ),
        _Simple(
            "failed_recruitments",
            _("Forgæves rekrutteringer"),
            "failed_recruitments",
            PeriodKind.HALF_YEAR,
            _("I %(period)s var der %(value)s forgæves rekrutteringer %(where)s."),
            _("antallet af forgæves rekrutteringer"),
            _("Forgæves rekrutteringer"),
            _("Forgæves rekrutteringer %(where)s"),
            bars=True,
        ),
        _Simple(
            "foreign_workers",
            _("Udenlandsk arbejdskraft"),
            "foreign_workers",
            PeriodKind.MONTH,
            _("I %(period)s var der %(value)s udenlandske lønmodtagere %(where)s."),
            _("den udenlandske arbejdskraft"),
            _("Udenlandsk arbejdskraft"),
            _("Udenlandsk arbejdskraft %(where)s"),
        ),
    ]


def _simple(ctx: _Context, spec: _Simple) -> Section:
    section = Section(spec.key, spec.heading)
    measure = ctx.measures.get(spec.measure)
    if measure is None:
        return _no_data(section, spec.label.lower())
    kind = _pick_kind(ctx, measure, spec.kind)
    data = _history(ctx, measure, kind)
    latest = data.latest()
    if latest is None:
        return _no_data(section, spec.label.lower())
    assert latest.value is not None
    _figure(
        ctx,
        section,
        key=f"{spec.key}.level",
        label=spec.label,
        value=latest.value,
        measure=measure,
        kind=kind,
        period=latest.period_start,
    )
    section.sentences.append(
        spec.level
        % {
            "period": period_label(kind, latest.period_start),
            "value": danish_number(latest.value),
            "where": ctx.where,
        }
    )
    change = year_change(data, latest.period_start)
    if change is not None:
        section.sentences.append(change_sentence(subject=spec.subject, change=change, kind=kind))
        _change_figures(ctx, section, spec.key, spec.label, measure, kind, change)
    points = data.points
    if spec.bars:
        points = points[-8:]
    labels = [period_short(kind, p.period_start) for p in points]
    make = bar_chart if spec.bars else line_chart
    section.charts.append(
        make(
            title=spec.chart_title % {"where": ctx.where},
            labels=labels,
            series=[Series(ctx.council.name, [p.value for p in points])],
            unit=str(Measure.Unit(measure.unit).label) if measure.unit != "percent" else "%",
            label_heading=_("Periode"),
            decimals=0,
        )
    )
    return section


def _public_benefits(ctx: _Context) -> Section:
    section = Section("public_benefits", _("Offentlig forsørgelse"))
    measure = ctx.measures.get("public_benefits_full_time")
    if measure is None:
        return _no_data(section, _("offentlig forsørgelse"))
    kind = _pick_kind(ctx, measure, PeriodKind.MONTH)
    data = _history(ctx, measure, kind)
    latest = data.latest()
    if latest is None:
        return _no_data(section, _("offentlig forsørgelse"))
    assert latest.value is not None
    period = latest.period_start
    _figure(
        ctx,
        section,
        key="public_benefits.level",
        label=_("Fuldtidspersoner på offentlig forsørgelse"),
        value=latest.value,
        measure=measure,
        kind=kind,
        period=period,
    )
    section.sentences.append(
        _("I %(period)s var %(value)s fuldtidspersoner på offentlig forsørgelse %(where)s.")
        % {
            "period": period_label(kind, period),
            "value": danish_number(latest.value),
            "where": ctx.where,
        }
    )
    change = year_change(data, period)
    if change is not None:
        section.sentences.append(
            change_sentence(
                subject=_("antallet af fuldtidspersoner på offentlig forsørgelse"),
                change=change,
                kind=kind,
            )
        )
        _change_figures(
            ctx, section, "public_benefits", _("Fuldtidspersoner"), measure, kind, change
        )
    before = year_before(period)
    by_benefit = selectors.breakdown_values(
        measure=measure,
        area=ctx.area,
        period_kind=kind,
        breakdown_kind="benefit",
        periods=[before, period],
        on=ctx.on,
    )
    benefits = sorted(
        (name for name, values in by_benefit.items() if period in values),
        key=lambda name: -by_benefit[name][period],
    )
    for name in benefits:
        value = by_benefit[name][period]
        _figure(
            ctx,
            section,
            key=f"public_benefits.benefit.{name}",
            label=_("Fuldtidspersoner, %(benefit)s") % {"benefit": name},
            value=value,
            measure=measure,
            kind=kind,
            period=period,
        )
        previous = by_benefit[name].get(before)
        sentence = _("%(benefit)s: %(value)s fuldtidspersoner") % {
            "benefit": name,
            "value": danish_number(value),
        }
        if previous:
            ch = Change(period, previous, value)
            _change_figures(
                ctx,
                section,
                f"public_benefits.benefit.{name}",
                _("Fuldtidspersoner, %(benefit)s") % {"benefit": name},
                measure,
                kind,
                ch,
            )
            word = _("flere") if ch.difference > 0 else _("færre")
            if round(ch.difference) == 0:
                sentence += _(", det samme som i %(before)s") % {
                    "before": period_label(kind, before)
                }
            else:
                sentence += _(", %(diff)s / %(pct)s %% %(word)s end i %(before)s") % {
                    "diff": danish_number(abs(ch.difference)),
                    "pct": danish_number(abs(ch.percent or 0), 1),
                    "word": word,
                    "before": period_label(kind, before),
                }
        section.sentences.append(sentence + ".")
    if benefits:
        section.charts.append(
            bar_chart(
                title=_("Fuldtidspersoner på offentlig forsørgelse efter ydelse"),
                labels=benefits,
                series=[
                    Series(
                        period_label(kind, before).capitalize(),
                        [by_benefit[n].get(before) for n in benefits],
                    ),
                    Series(
                        period_label(kind, period).capitalize(),
                        [by_benefit[n][period] for n in benefits],
                    ),
                ],
                unit=_("fuldtidspersoner"),
                horizontal=True,
                label_heading=_("Ydelse"),
                decimals=0,
            )
        )
    section.charts.append(
        line_chart(
            title=_("Fuldtidspersoner på offentlig forsørgelse %(where)s") % {"where": ctx.where},
            labels=[period_short(kind, p.period_start) for p in data.points],
            series=[Series(ctx.council.name, [p.value for p in data.points])],
            unit=_("fuldtidspersoner"),
            label_heading=_("Periode"),
            decimals=0,
        )
    )
    return section


NOTE_MEASURES = (
    "gross_unemployment",
    "gross_unemployment_rate",
    "labour_force",
    "long_term_unemployment",
    "employees",
    "job_postings",
    "failed_recruitments",
    "foreign_workers",
    "public_benefits_full_time",
)


def build_note(*, council: Council, month: dt.date, on: dt.date | None = None) -> KeyFiguresNote:
    """The note for the council and month (any day of the month will do).

    `on` sums the council's area over the municipalities it had on that date for every
    period; by default each period uses the mapping in force on its first day.
    """
    month = month.replace(day=1)
    ctx = _Context(
        council=council,
        month=month,
        on=on,
        area=area_of_council(council),
        country=area_country(),
        measures={m.code: m for m in Measure.objects.filter(code__in=NOTE_MEASURES)},
    )
    unemployment, newest = _unemployment(ctx)
    sections = [unemployment, _municipalities(ctx, newest)]
    simple = {spec.key: spec for spec in _simple_sections()}
    for key in (
        "long_term_unemployment",
        "employees",
        "job_postings",
        "failed_recruitments",
        "foreign_workers",
    ):
        sections.append(_simple(ctx, simple[key]))
    sections.append(_public_benefits(ctx))
    return KeyFiguresNote(council=council, month=month, sections=sections, mapping_on=on)
