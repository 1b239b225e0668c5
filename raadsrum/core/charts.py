"""Simple line and bar charts, described once and drawn as accessible SVG or as ReportLab.

A `Chart` is plain data (title, category labels, series). Laying it out produces a small
list of shapes (lines, rectangles, polylines, markers, text) in one coordinate system;
two short back ends turn those shapes into inline SVG for pages and into a ReportLab
`Drawing` for PDFs, so the web page and the PDF show the same chart. Laying out by hand
rather than through `reportlab.graphics.charts` + `renderSVG` keeps the SVG accessible
(`role="img"`, `<title>`, `<desc>`) and lets both outputs carry the same non-colour cues:
every line has its own marker shape and dash, every bar series its own hatching, and
values are labelled directly where there is room. Numbers are written the Danish way.

    chart = line_chart(title="Ledige", labels=["jan 2020", "feb 2020"],
                       series=[Series("RAR Nordjylland", [12900, 13330])], unit="personer")
    chart.svg(); chart.drawing(width=450); chart.headers(); chart.rows()
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _
from reportlab.graphics import shapes
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from raadsrum.core.danish import danish_number

__all__ = ["Chart", "Series", "bar_chart", "line_chart"]

# Colours with at least 3:1 contrast against white (WCAG 1.4.11), distinguishable with the
# common colour-vision deficiencies; never the only cue (markers, dashes, hatching too).
PALETTE = ("#1f5fa8", "#b35900", "#00795a", "#8b3a8b", "#555555", "#a0213c")
MARKERS = ("circle", "square", "triangle", "diamond", "circle", "square")
DASHES: tuple[tuple[float, ...], ...] = ((), (6, 3), (2, 2), (8, 3, 2, 3), (4, 4), (1, 3))
# Bar fill per series: solid, then hatchings in different directions.
HATCHES = ("solid", "forward", "back", "cross", "forward", "back")
INK = "#1a1a1a"
GRID = "#d5d5d5"
AXIS = "#707070"
MEASURE_FONT = "Helvetica"

Kind = Literal["line", "bar"]
Anchor = Literal["start", "middle", "end"]


@dataclass(frozen=True)
class Series:
    """One named row of values, one per label; `None` where there is no value."""

    name: str
    values: list[float | None]


# --- the shapes a layout produces (y grows downwards, as in SVG) -------------------------


@dataclass(frozen=True)
class _Text:
    x: float
    y: float  # baseline
    text: str
    size: float
    anchor: Anchor = "start"
    bold: bool = False
    fill: str = INK


@dataclass(frozen=True)
class _Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str
    width: float = 1.0
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class _Rect:
    x: float
    y: float
    w: float
    h: float
    fill: str
    stroke: str | None = None
    stroke_width: float = 1.0


@dataclass(frozen=True)
class _Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str
    width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class _Marker:
    x: float
    y: float
    shape: str
    size: float
    fill: str


_Shape = _Text | _Line | _Rect | _Polyline | _Marker


@dataclass
class _Layout:
    width: float
    height: float
    shapes: list[_Shape] = field(default_factory=list)


# --- numbers -----------------------------------------------------------------------------


def _is_integral(values: Sequence[float]) -> bool:
    return all(abs(v - round(v)) < 1e-9 for v in values)


def _nice_step(span: float, target: int = 5) -> float:
    if span <= 0:
        return 1.0
    raw = span / target
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _ticks(low: float, high: float) -> tuple[list[float], int]:
    """Round tick values covering [low, high], and the decimals they need."""
    if high == low:
        high, low = high + (abs(high) or 1) * 0.5, low - (abs(low) or 1) * 0.5
    step = _nice_step(high - low)
    start = math.floor(low / step + 1e-9) * step
    stop = math.ceil(high / step - 1e-9) * step
    count = round((stop - start) / step)
    ticks = [start + i * step for i in range(count + 1)]
    decimals = 0 if step >= 1 else max(0, -math.floor(math.log10(step) + 1e-9))
    if step * 10**decimals % 1 > 1e-9:  # 0.25 needs two decimals
        decimals += 1
    return ticks, decimals


def _number(value: float, decimals: int, unit: str) -> str:
    text = danish_number(value, decimals)
    return f"{text} %" if unit == "%" else text


def _width(text: str, size: float, bold: bool = False) -> float:
    return stringWidth(text, f"{MEASURE_FONT}-Bold" if bold else MEASURE_FONT, size)


# --- the chart ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A chart described once; `svg()` and `drawing()` draw it, `rows()` tells it as a table.

    `unit` is shown by the value axis ("personer", "fuldtidspersoner"); the unit "%" is
    written after every number instead ("16,1 %").
    """

    kind: Kind
    title: str
    labels: list[str]
    series: list[Series]
    unit: str = ""
    horizontal: bool = False
    label_heading: str = ""
    decimals: int | None = None
    width: float = 640
    height: float = 300

    def __post_init__(self) -> None:
        for one in self.series:
            if len(one.values) != len(self.labels):
                raise ValueError(
                    f"Series {one.name!r}: {len(one.values)} values, {len(self.labels)} labels"
                )

    # -- text alternatives ---------------------------------------------------------------

    @property
    def value_decimals(self) -> int:
        if self.decimals is not None:
            return self.decimals
        return 0 if _is_integral(self._values()) else 1

    def format(self, value: float | None) -> str:
        """A value as the chart writes it: `13.330`, `16,1 %`; an en dash for no value."""
        if value is None:
            return "–"
        return _number(value, self.value_decimals, self.unit)

    def headers(self) -> list[str]:
        """Column headings for the table alternative: the label heading, then each series."""
        return [self.label_heading or _("Kategori"), *[s.name for s in self.series]]

    def rows(self) -> list[list[str]]:
        """The chart as table rows (label, then one formatted value per series)."""
        return [
            [label, *[self.format(s.values[i]) for s in self.series]]
            for i, label in enumerate(self.labels)
        ]

    def summary(self) -> str:
        """One Danish sentence saying what the chart shows, for `<desc>` and screen readers."""
        if not self._values():
            return _("%(title)s: ingen data.") % {"title": self.title}
        if self.kind == "line":
            parts = []
            for one in self.series[:4]:
                points = [(i, v) for i, v in enumerate(one.values) if v is not None]
                if not points:
                    continue
                (i0, v0), (i1, v1) = points[0], points[-1]
                parts.append(
                    _("%(name)s gik fra %(first)s i %(first_label)s til %(last)s i %(last_label)s")
                    % {
                        "name": one.name,
                        "first": self.format(v0),
                        "first_label": self.labels[i0],
                        "last": self.format(v1),
                        "last_label": self.labels[i1],
                    }
                )
            return _("Linjediagram, %(title)s: %(parts)s.") % {
                "title": self.title,
                "parts": "; ".join(parts),
            }
        cells = [
            (v, s.name, self.labels[i])
            for s in self.series
            for i, v in enumerate(s.values)
            if v is not None
        ]
        high = max(cells, key=lambda c: c[0])
        low = min(cells, key=lambda c: c[0])

        def place(cell: tuple[float, str, str]) -> str:
            return cell[2] if len(self.series) == 1 else f"{cell[2]} ({cell[1]})"

        return _(
            "Søjlediagram, %(title)s, %(count)s kategorier: højest er %(high_label)s med "
            "%(high)s, lavest er %(low_label)s med %(low)s."
        ) % {
            "title": self.title,
            "count": len(self.labels),
            "high_label": place(high),
            "high": self.format(high[0]),
            "low_label": place(low),
            "low": self.format(low[0]),
        }

    def _values(self) -> list[float]:
        return [v for s in self.series for v in s.values if v is not None]

    # -- layout --------------------------------------------------------------------------

    def _layout(self, width: float, height: float, size: float) -> _Layout:
        if self.kind == "bar" and self.horizontal:
            # Every category needs a readable row, so a long ranking makes a taller chart.
            rows_needed = len(self.labels) * max(len(self.series), 1) * (size * 1.15) + size * 2
            height = max(height, self._header_height(width, size) + rows_needed + size * 3)
        layout = _Layout(width, height)
        top = self._header(layout, size)
        if not self._values():
            layout.shapes.append(
                _Text(width / 2, (top + height) / 2, _("Ingen data"), size * 1.2, "middle")
            )
            return layout
        if self.kind == "line":
            self._lay_out_lines(layout, top, size)
        elif self.horizontal:
            self._lay_out_horizontal_bars(layout, top, size)
        else:
            self._lay_out_vertical_bars(layout, top, size)
        return layout

    def _legend_rows(self, width: float, size: float) -> list[list[tuple[int, float]]]:
        """Legend entries (series index, x) per row; no legend for a single series."""
        if len(self.series) < 2:
            return []
        rows: list[list[tuple[int, float]]] = [[]]
        x = 0.0
        for index, one in enumerate(self.series):
            entry = size * 3 + _width(one.name, size) + size * 1.5
            if rows[-1] and x + entry > width:
                rows.append([])
                x = 0.0
            rows[-1].append((index, x))
            x += entry
        return rows

    def _header_height(self, width: float, size: float) -> float:
        return size * 2 + len(self._legend_rows(width, size)) * size * 1.6 + size * 1.6

    def _header(self, layout: _Layout, size: float) -> float:
        """Title, legend and the unit over the value axis; returns where the plot starts."""
        shapes_ = layout.shapes
        shapes_.append(_Text(0, size * 1.3, self.title, size * 1.15, bold=True))
        y = size * 2
        for row in self._legend_rows(layout.width, size):
            y += size * 1.6
            for index, x in row:
                self._swatch(layout, index, x, y - size * 0.35, size)
                shapes_.append(_Text(x + size * 3, y, self.series[index].name, size))
        if self.unit and self.unit != "%":
            y += size * 1.6
            shapes_.append(_Text(0, y, self.unit, size * 0.9, fill=AXIS))
        return y + size * 1.2

    def _swatch(self, layout: _Layout, index: int, x: float, y: float, size: float) -> None:
        colour = PALETTE[index % len(PALETTE)]
        if self.kind == "line":
            layout.shapes.append(
                _Line(x, y, x + size * 2.4, y, colour, 2, DASHES[index % len(DASHES)])
            )
            layout.shapes.append(
                _Marker(x + size * 1.2, y, MARKERS[index % len(MARKERS)], size * 0.7, colour)
            )
        else:
            self._bar(layout, index, x, y - size * 0.5, size * 2.2, size)

    def _bar(
        self,
        layout: _Layout,
        index: int,
        x: float,
        y: float,
        w: float,
        h: float,
    ) -> None:
        colour = PALETTE[index % len(PALETTE)]
        hatch = HATCHES[index % len(HATCHES)]
        if hatch == "solid":
            layout.shapes.append(_Rect(x, y, w, h, colour))
            return
        layout.shapes.append(_Rect(x, y, w, h, "#ffffff", colour, 1.2))
        spacing = 4.0
        for direction in ("forward", "back") if hatch == "cross" else (hatch,):
            for x1, y1, x2, y2 in _hatch(x, y, w, h, spacing, direction):
                layout.shapes.append(_Line(x1, y1, x2, y2, colour, 1.1))

    def _value_axis(
        self, low: float, high: float, include_zero: bool
    ) -> tuple[list[float], int, float, float]:
        if include_zero:
            low, high = min(low, 0.0), max(high, 0.0)
        ticks, decimals = _ticks(low, high)
        return ticks, decimals, ticks[0], ticks[-1]

    def _lay_out_lines(self, layout: _Layout, top: float, size: float) -> None:
        values = self._values()
        ticks, tick_decimals, low, high = self._value_axis(min(values), max(values), False)
        tick_texts = [_number(t, tick_decimals, self.unit) for t in ticks]
        left = max(_width(t, size * 0.9) for t in tick_texts) + size * 0.8
        ends = [
            (index, next((v for v in reversed(s.values) if v is not None), None))
            for index, s in enumerate(self.series)
        ]
        end_texts = {i: self.format(v) for i, v in ends if v is not None}
        right = max((_width(t, size * 0.9) for t in end_texts.values()), default=0) + size * 1.8
        bottom = layout.height - size * 2
        plot_w = layout.width - left - right

        def y_of(value: float) -> float:
            return bottom - (value - low) / (high - low) * (bottom - top)

        count = len(self.labels)

        def x_of(i: int) -> float:
            return left + (plot_w * i / (count - 1) if count > 1 else plot_w / 2)

        for tick, text in zip(ticks, tick_texts, strict=True):
            y = y_of(tick)
            layout.shapes.append(_Line(left, y, left + plot_w, y, GRID, 0.6))
            layout.shapes.append(_Text(left - size * 0.4, y + size * 0.3, text, size * 0.9, "end"))
        layout.shapes.append(_Line(left, bottom, left + plot_w, bottom, AXIS, 1))
        every = self._label_step(size, plot_w)
        for i, label in enumerate(self.labels):
            if (count - 1 - i) % every == 0:  # always label the latest period
                x = x_of(i)
                layout.shapes.append(_Line(x, bottom, x, bottom + size * 0.3, AXIS, 1))
                layout.shapes.append(_Text(x, bottom + size * 1.3, label, size * 0.9, "middle"))
        marker_every = 1 if count <= 24 else every
        for index, one in enumerate(self.series):
            colour = PALETTE[index % len(PALETTE)]
            dash = DASHES[index % len(DASHES)]
            run: list[tuple[float, float]] = []
            for i, value in enumerate([*one.values, None]):
                if value is None:
                    if len(run) > 1:
                        layout.shapes.append(_Polyline(tuple(run), colour, 2, dash))
                    run = []
                    continue
                run.append((x_of(i), y_of(value)))
            last = max((i for i, v in enumerate(one.values) if v is not None), default=None)
            for i, value in enumerate(one.values):
                if value is not None and (i % marker_every == 0 or i == last):
                    layout.shapes.append(
                        _Marker(
                            x_of(i), y_of(value), MARKERS[index % len(MARKERS)], size * 0.6, colour
                        )
                    )
        # Direct labels at the line ends, nudged apart so they never overlap.
        placed: list[tuple[float, int]] = []
        for index, value in ends:
            if value is not None:
                placed.append((y_of(value) + size * 0.3, index))
        placed.sort()
        for k in range(1, len(placed)):
            if placed[k][0] - placed[k - 1][0] < size:
                placed[k] = (placed[k - 1][0] + size, placed[k][1])
        for y, index in placed:
            layout.shapes.append(
                _Text(
                    left + plot_w + size * 0.5,
                    y,
                    end_texts[index],
                    size * 0.9,
                    fill=PALETTE[index % len(PALETTE)] if len(self.series) > 1 else INK,
                )
            )

    def _label_step(self, size: float, span: float) -> int:
        """Show every n-th category label so the labels do not overlap."""
        widest = max((_width(label, size * 0.9) for label in self.labels), default=0) + size
        return max(1, math.ceil(widest * len(self.labels) / max(span, 1)))

    def _lay_out_vertical_bars(self, layout: _Layout, top: float, size: float) -> None:
        values = self._values()
        ticks, tick_decimals, low, high = self._value_axis(min(values), max(values), True)
        tick_texts = [_number(t, tick_decimals, self.unit) for t in ticks]
        left = max(_width(t, size * 0.9) for t in tick_texts) + size * 0.8
        bottom = layout.height - size * 2
        top += size  # room for the value labels over the highest bar
        plot_w = layout.width - left - size * 0.5

        def y_of(value: float) -> float:
            return bottom - (value - low) / (high - low) * (bottom - top)

        for tick, text in zip(ticks, tick_texts, strict=True):
            y = y_of(tick)
            layout.shapes.append(_Line(left, y, left + plot_w, y, GRID, 0.6))
            layout.shapes.append(_Text(left - size * 0.4, y + size * 0.3, text, size * 0.9, "end"))
        count, per_group = len(self.labels), len(self.series)
        group = plot_w / count
        bar = group * 0.75 / per_group
        labelled = max(_width(self.format(v), size * 0.8) for v in values) <= bar + size * 0.3
        zero = y_of(0.0)
        for index, one in enumerate(self.series):
            for i, value in enumerate(one.values):
                if value is None:
                    continue
                x = left + group * i + group * 0.125 + bar * index
                y1, y2 = sorted((y_of(value), zero))
                self._bar(layout, index, x, y1, bar, max(y2 - y1, 0.5))
                if labelled:
                    y = y1 - size * 0.3 if value >= 0 else y2 + size
                    layout.shapes.append(
                        _Text(x + bar / 2, y, self.format(value), size * 0.8, "middle")
                    )
        layout.shapes.append(_Line(left, zero, left + plot_w, zero, AXIS, 1))
        every = self._label_step(size, plot_w)
        for i, label in enumerate(self.labels):
            if i % every == 0:
                layout.shapes.append(
                    _Text(
                        left + group * (i + 0.5), bottom + size * 1.3, label, size * 0.9, "middle"
                    )
                )

    def _lay_out_horizontal_bars(self, layout: _Layout, top: float, size: float) -> None:
        values = self._values()
        ticks, tick_decimals, low, high = self._value_axis(min(values), max(values), True)
        tick_texts = [_number(t, tick_decimals, self.unit) for t in ticks]
        left = max(_width(label, size * 0.9) for label in self.labels) + size * 0.8
        value_room = max(_width(self.format(v), size * 0.8) for v in values) + size * 0.6
        right = layout.width - value_room
        if low < 0:
            left += value_room  # labels of negative bars sit left of the bar's end
        bottom = layout.height - size * 2

        def x_of(value: float) -> float:
            return left + (value - low) / (high - low) * (right - left)

        for tick, text in zip(ticks, tick_texts, strict=True):
            x = x_of(tick)
            layout.shapes.append(_Line(x, top, x, bottom, GRID, 0.6))
            layout.shapes.append(_Text(x, bottom + size * 1.3, text, size * 0.9, "middle"))
        count, per_group = len(self.labels), len(self.series)
        group = (bottom - top) / count
        bar = group * 0.8 / per_group
        zero = x_of(0.0)
        for i, label in enumerate(self.labels):
            y_mid = top + group * (i + 0.5)
            layout.shapes.append(
                _Text(
                    left - size * 0.4 - (value_room if low < 0 else 0),
                    y_mid + size * 0.3,
                    label,
                    size * 0.9,
                    "end",
                )
            )
            for index, one in enumerate(self.series):
                value = one.values[i]
                if value is None:
                    continue
                y = top + group * i + group * 0.1 + bar * index
                x1, x2 = sorted((x_of(value), zero))
                self._bar(layout, index, x1, y, max(x2 - x1, 0.5), bar)
                text_y = y + bar / 2 + size * 0.3
                if value >= 0:
                    layout.shapes.append(
                        _Text(x2 + size * 0.3, text_y, self.format(value), size * 0.8)
                    )
                else:
                    layout.shapes.append(
                        _Text(x1 - size * 0.3, text_y, self.format(value), size * 0.8, "end")
                    )
        layout.shapes.append(_Line(zero, top, zero, bottom, AXIS, 1))

    # -- back ends -----------------------------------------------------------------------

    def svg(self, *, element_id: str | None = None) -> str:
        """Inline, accessible SVG that scales to its container's width."""
        layout = self._layout(self.width, self.height, 12)
        ident = element_id or "chart-" + hashlib.sha1(repr(self).encode()).hexdigest()[:10]
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" id="{ident}"'
            f' aria-labelledby="{ident}-title {ident}-desc"'
            f' viewBox="0 0 {_n(layout.width)} {_n(layout.height)}"'
            f' width="100%" style="max-width:{_n(layout.width)}px;height:auto"'
            f' font-family="inherit">',
            f'<title id="{ident}-title">{escape(self.title)}</title>',
            f'<desc id="{ident}-desc">{escape(self.summary())}</desc>',
        ]
        parts.extend(_svg_shape(shape) for shape in layout.shapes)
        parts.append("</svg>")
        return "".join(parts)

    def drawing(
        self, *, width: float = 450, height: float | None = None, font: str = MEASURE_FONT
    ) -> shapes.Drawing:
        """The same chart as a ReportLab Drawing (a platypus flowable), in points."""
        size = 7.5
        layout = self._layout(width, height or width * self.height / self.width, size)
        drawing = shapes.Drawing(layout.width, layout.height)
        for shape in layout.shapes:
            drawing.add(_rl_shape(shape, layout.height, font))
        return drawing


def _hatch(
    x: float, y: float, w: float, h: float, spacing: float, direction: str
) -> list[tuple[float, float, float, float]]:
    """45° hatch lines clipped to a rectangle (the same geometry in SVG and PDF)."""
    segments = []
    s = spacing
    while s < w + h:
        u1, u2 = max(0.0, s - h), min(w, s)
        if u1 < u2:
            if direction == "forward":  # "/" with y downwards: u + v = s
                segments.append((x + u1, y + s - u1, x + u2, y + s - u2))
            else:  # "\": v = u - (s - h), mirrored
                segments.append((x + u1, y + h - (s - u1), x + u2, y + h - (s - u2)))
        s += spacing
    return segments


def _marker_points(shape: str, x: float, y: float, r: float) -> list[tuple[float, float]]:
    if shape == "square":
        return [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]
    if shape == "triangle":
        return [(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]
    return [(x, y - r * 1.3), (x + r * 1.1, y), (x, y + r * 1.3), (x - r * 1.1, y)]  # diamond


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_shape(shape: _Shape) -> str:
    if isinstance(shape, _Text):
        weight = ' font-weight="bold"' if shape.bold else ""
        return (
            f'<text x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}"'
            f' text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
        )
    if isinstance(shape, _Line):
        dash = f' stroke-dasharray="{" ".join(_n(d) for d in shape.dash)}"' if shape.dash else ""
        return (
            f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}"'
            f' y2="{_n(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"{dash}/>'
        )
    if isinstance(shape, _Rect):
        stroke = (
            f' stroke="{shape.stroke}" stroke-width="{_n(shape.stroke_width)}"'
            if shape.stroke
            else ""
        )
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.w)}"'
            f' height="{_n(shape.h)}" fill="{shape.fill}"{stroke}/>'
        )
    if isinstance(shape, _Polyline):
        dash = f' stroke-dasharray="{" ".join(_n(d) for d in shape.dash)}"' if shape.dash else ""
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return (
            f'<polyline points={quoteattr(points)} fill="none" stroke="{shape.stroke}"'
            f' stroke-width="{_n(shape.width)}" stroke-linejoin="round"{dash}/>'
        )
    r = shape.size / 2
    if shape.shape == "circle":
        return (
            f'<circle cx="{_n(shape.x)}" cy="{_n(shape.y)}" r="{_n(r)}" fill="{shape.fill}"'
            ' stroke="#ffffff" stroke-width="0.8"/>'
        )
    points = " ".join(
        f"{_n(x)},{_n(y)}" for x, y in _marker_points(shape.shape, shape.x, shape.y, r)
    )
    return f'<polygon points="{points}" fill="{shape.fill}" stroke="#ffffff" stroke-width="0.8"/>'


def _rl_shape(shape: _Shape, height: float, font: str) -> shapes.Shape:
    """One layout shape as a ReportLab shape (flipping y: ReportLab's y grows upwards)."""
    if isinstance(shape, _Text):
        return shapes.String(
            shape.x,
            height - shape.y,
            shape.text,
            fontName=f"{font}-Bold" if shape.bold else font,
            fontSize=shape.size,
            fillColor=colors.HexColor(shape.fill),
            textAnchor=shape.anchor,
        )
    if isinstance(shape, _Line):
        return shapes.Line(
            shape.x1,
            height - shape.y1,
            shape.x2,
            height - shape.y2,
            strokeColor=colors.HexColor(shape.stroke),
            strokeWidth=shape.width,
            strokeDashArray=list(shape.dash) or None,
        )
    if isinstance(shape, _Rect):
        return shapes.Rect(
            shape.x,
            height - shape.y - shape.h,
            shape.w,
            shape.h,
            fillColor=colors.HexColor(shape.fill),
            strokeColor=colors.HexColor(shape.stroke) if shape.stroke else None,
            strokeWidth=shape.stroke_width if shape.stroke else 0,
        )
    if isinstance(shape, _Polyline):
        flat = [c for x, y in shape.points for c in (x, height - y)]
        return shapes.PolyLine(
            flat,
            strokeColor=colors.HexColor(shape.stroke),
            strokeWidth=shape.width,
            strokeDashArray=list(shape.dash) or None,
            strokeLineJoin=1,
        )
    r = shape.size / 2
    fill = colors.HexColor(shape.fill)
    if shape.shape == "circle":
        return shapes.Circle(
            shape.x, height - shape.y, r, fillColor=fill, strokeColor=colors.white, strokeWidth=0.6
        )
    points = _marker_points(shape.shape, shape.x, shape.y, r)
    return shapes.Polygon(
        [c for x, y in points for c in (x, height - y)],
        fillColor=fill,
        strokeColor=colors.white,
        strokeWidth=0.6,
    )


def line_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    label_heading: str = "",
    decimals: int | None = None,
) -> Chart:
    """Values over time (labels are periods), one line per series."""
    return Chart(
        "line",
        title,
        list(labels),
        list(series),
        unit,
        label_heading=label_heading,
        decimals=decimals,
    )


def bar_chart(
    *,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    unit: str = "",
    horizontal: bool = False,
    label_heading: str = "",
    decimals: int | None = None,
) -> Chart:
    """Values per category, one bar per series in each group; `horizontal` for rankings."""
    return Chart(
        "bar",
        title,
        list(labels),
        list(series),
        unit,
        horizontal,
        label_heading=label_heading,
        decimals=decimals,
    )
