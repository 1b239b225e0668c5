"""What a council's monitoring dashboard shows: each measure's latest figure for the council's
area, with its period, its source, the change from a year earlier and a small chart.

Reads only, through the statistics selectors. The figures are summed over the council's
municipalities as the area stood in the latest period (`on`), so the year-earlier figure
and the chart compare like with like even for a council created since.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from raadsrum.core.charts import Chart, Series, line_chart
from raadsrum.core.danish import danish_number
from raadsrum.councils.models import Council
from raadsrum.monitoring import selectors
from raadsrum.monitoring.keyfigures import period_label, period_short
from raadsrum.monitoring.models import Measure, PeriodKind, Source
from raadsrum.monitoring.synthetic import last_full_month

# (measure code, period kind, how many periods the small chart shows)
TILES: tuple[tuple[str, str, int], ...] = (
    ("gross_unemployment", PeriodKind.MONTH, 25),
    ("gross_unemployment_rate", PeriodKind.MONTH, 25),
    ("long_term_unemployment", PeriodKind.MONTH, 25),
    ("public_benefits_full_time", PeriodKind.MONTH, 25),
    ("job_postings", PeriodKind.MONTH, 25),
    ("foreign_workers", PeriodKind.MONTH, 25),
    ("employees", PeriodKind.QUARTER, 9),
    ("failed_recruitments", PeriodKind.HALF_YEAR, 7),
)
TILE_CHART_WIDTH, TILE_CHART_HEIGHT = 420, 260
# Rates are compared with the whole country on the chart.
WITH_COUNTRY = {"gross_unemployment_rate"}


@dataclass(frozen=True)
class Tile:
    measure: Measure
    period_kind: str
    period_start: dt.date
    value: float
    change: selectors.Change | None
    sources: list[Source]
    chart: Chart | None

    @property
    def is_rate(self) -> bool:
        return self.measure.unit == Measure.Unit.PERCENT

    @property
    def decimals(self) -> int:
        return 1 if self.is_rate else 0

    @property
    def period(self) -> str:
        return period_label(self.period_kind, self.period_start)

    @property
    def value_text(self) -> str:
        text = danish_number(self.value, self.decimals)
        return f"{text} %" if self.is_rate else text

    @property
    def unit_text(self) -> str:
        if self.is_rate or self.measure.unit == Measure.Unit.COUNT:
            return ""  # "16,1 %" carries its unit; "antal" says nothing
        return self.measure.get_unit_display()

    @property
    def direction(self) -> str:
        """'up', 'down' or 'flat' (as rounded for display)."""
        if self.change is None:
            return "flat"
        shown = round(self.change.difference, 1 if self.is_rate else 0)
        return "up" if shown > 0 else "down" if shown < 0 else "flat"

    @property
    def arrow(self) -> str:
        return {"up": "↑", "down": "↓"}.get(self.direction, "→")

    @property
    def trend_text(self) -> str:
        """'Steg med 1.931 (16,1 %) fra marts 2019.' / 'Faldt med 0,3 procentpoint fra …'."""
        change = self.change
        if change is None:
            return _("Ingen tal for samme periode året før.")
        since = period_label(self.period_kind, change.previous_start)
        if self.direction == "flat":
            return _("Uændret siden %(since)s.") % {"since": since}
        verb = _("Steg") if self.direction == "up" else _("Faldt")
        if self.is_rate:
            amount = _("%(points)s procentpoint") % {
                "points": danish_number(abs(change.difference), 1)
            }
        else:
            amount = danish_number(abs(change.difference), self.decimals)
            if change.percent is not None:
                amount = f"{amount} ({danish_number(abs(change.percent), 1)} %)"
        return _("%(verb)s med %(amount)s siden %(since)s.") % {
            "verb": verb,
            "amount": amount,
            "since": since,
        }

    @property
    def is_synthetic(self) -> bool:
        return any(source.is_synthetic for source in self.sources)


@dataclass(frozen=True)
class Dashboard:
    council: Council
    until: dt.date
    tiles: list[Tile]
    sources: list[Source] = field(default_factory=list)

    @property
    def is_synthetic(self) -> bool:
        return any(source.is_synthetic for source in self.sources)

    @property
    def latest_month(self) -> dt.date | None:
        months = [t.period_start for t in self.tiles if t.period_kind == PeriodKind.MONTH]
        return max(months) if months else None


def dashboard_until(*, council: Council, today: dt.date) -> dt.date:
    """The last month the dashboard may show: last full month, or the council's last."""
    until = last_full_month(today)
    if council.valid_to is not None and council.valid_to < until:
        until = council.valid_to.replace(day=1)
    return until


def council_dashboard(*, council: Council, today: dt.date) -> Dashboard:
    until = dashboard_until(council=council, today=today)
    area = selectors.area_of_council(council)
    tiles: list[Tile] = []
    for code, kind, count in TILES:
        measure = selectors.measure_get(code)
        if measure is None:
            continue
        tile = _tile(measure, kind, count, area, until)
        if tile is not None:
            tiles.append(tile)
    sources = {source.pk: source for tile in tiles for source in tile.sources}
    return Dashboard(
        council=council,
        until=until,
        tiles=tiles,
        sources=sorted(sources.values(), key=lambda s: s.name),
    )


def last_complete_period(kind: str, until: dt.date) -> dt.date:
    """The newest period of this kind that has ended by the end of the month `until`."""
    start = selectors.period_containing(kind, until)
    if selectors.period_end(kind, start) > selectors.period_end(PeriodKind.MONTH, until):
        start = selectors.add_months(start, -selectors.MONTHS_IN[kind])
    return start


def _tile(
    measure: Measure, kind: str, count: int, area: selectors.Area, until: dt.date
) -> Tile | None:
    last_start = last_complete_period(kind, until)
    latest = selectors.latest_period(measure=measure, area=area, period_kind=kind, until=last_start)
    if latest is None:
        return None
    step = selectors.MONTHS_IN[kind]
    start = selectors.add_months(latest, -step * (count - 1))
    data = selectors.series(
        measure=measure, area=area, period_kind=kind, start=start, end=latest, on=latest
    )
    value = data.value_at(latest)
    if value is None:
        return None
    periods = [point.period_start for point in data.points]
    series = [Series(area.name, data.values_for(periods))]
    if measure.code in WITH_COUNTRY:
        country = selectors.series(
            measure=measure,
            area=selectors.area_country(),
            period_kind=kind,
            start=start,
            end=latest,
        )
        if country.points:
            series.append(Series(_("Hele landet"), country.values_for(periods)))
    chart = line_chart(
        title=measure.name,
        labels=[period_short(kind, p) for p in periods],
        series=series,
        unit="%" if measure.unit == Measure.Unit.PERCENT else measure.get_unit_display(),
        label_heading=_("Periode"),
    )
    # Drawn narrower than the default so its text stays readable in a half-width card.
    chart = replace(chart, width=TILE_CHART_WIDTH, height=TILE_CHART_HEIGHT)
    return Tile(
        measure=measure,
        period_kind=kind,
        period_start=latest,
        value=value,
        change=selectors.year_change(data, latest),
        sources=selectors.sources_for(
            measure=measure, area=area, period_kind=kind, period_start=latest, on=latest
        ),
        chart=chart,
    )
