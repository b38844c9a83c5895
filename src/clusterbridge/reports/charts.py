"""Server-side SVG charts for the impact report, returned as strings (no Django, no JavaScript).

Public API
==========

``interval_bar_chart(bars, *, title, description, **options)``
    Horizontal bars from zero, one per ``IntervalBar(label, value, low=None, high=None)``, with
    an error bar from ``low`` to ``high`` (e.g. the 95% confidence interval of the mean change;
    omit both when there is no interval) and a zero line.
``grouped_bar_chart(categories, series, *, title, description, **options)``
    One band per category and one bar per ``Series(name, values)`` in it, e.g. self vs mentor
    rating at baseline and end.
``stacked_bar_chart(categories, segments, *, title, description, **options)``
    One bar per category split into non-negative segments, e.g. collaborations by kind and
    level; the total is written at the end of each bar.
``with_html_labels(svg)``
    The same chart as an HTML fragment for renderers that cannot shape text inside SVG
    (WeasyPrint lays out SVG text one character at a time, which breaks Arabic joining and
    vowel marks): the SVG without its ``<text>`` elements, and each label as an absolutely
    positioned ``<span>`` over it, laid out by the HTML engine like any paragraph.
``plain_number(value)``
    Default number formatter: at most two decimals, no trailing zeros.
``ChartOptions``
    The optional keyword arguments shared by the three charts:

    - ``direction``: ``"ltr"`` (default) or ``"rtl"``. RTL mirrors the layout: category labels
      on the right, bars growing leftwards from the zero line, legend starting on the right.
    - ``number_format``: ``Callable[[float], str]`` for every number shown (ticks, values,
      totals); pass a locale-aware formatter, default ``plain_number``.
    - ``axis_label``: text under the value axis.
    - ``missing_label``: shown instead of a bar for a ``None`` value (default an en dash).
    - ``value_range``: ``(low, high)`` the axis must cover, e.g. ``(0, 5)`` for ratings.
    - ``width``: in user units (default 640); the height follows from the content.
    - ``chart_id``: prefix of the ids used inside the SVG; must be unique on a page holding
      several charts. Defaults to a hash of title and description.
    - ``lang``: language tag set on the root element.

Conventions
===========

- All text is passed in by the caller, already translated. It is escaped by the XML serializer
  and characters XML cannot carry (control characters) are dropped.
- Accessibility: the root is ``<svg role="img">`` labelled by its ``<title>`` and described by
  its ``<desc>``; put the figures in the description, as screen readers do not read the bars.
  The title is not drawn: show a visible caption next to the chart.
- Colours contrast at least 3:1 with the white background and every series also has its own
  fill pattern and a legend entry, and every bar carries its value as text, so colour is never
  the only cue. No external fonts: a system font stack is used.
- Each text element gets an explicit ``direction`` and a ``text-anchor`` computed for it:
  labels use the chart direction; numbers use the direction of their first strong character
  (like HTML ``dir="auto"``), so "-0.5" stays "-0.5" in an Arabic chart while a formatter that
  emits Arabic marks still gets RTL.
- Elements carry classes for styling and tests: ``bar``, ``segment``, ``error-bar``,
  ``zero-line``, ``gridline``, ``tick-label``, ``axis-label``, ``category-label``,
  ``value-label``, ``segment-label``, ``total-label``, ``missing-label``, ``legend-swatch``,
  ``legend-label``; bars and swatches have ``data-series`` (index of the series).
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import textwrap
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal, TypedDict, Unpack

Direction = Literal["ltr", "rtl"]
NumberFormat = Callable[[float], str]

SVG_NS: Final = "http://www.w3.org/2000/svg"
FONT_FAMILY: Final = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Tahoma, sans-serif"
FONT_SIZE: Final = 13
LINE_HEIGHT: Final = 16
TEXT_COLOUR: Final = "#1a1a1a"
GRID_COLOUR: Final = "#d0d0d0"
BACKGROUND: Final = "#ffffff"
# Mid-tone so that the dark error bar drawn over it keeps a 3:1 contrast as well.
INTERVAL_BAR_COLOUR: Final = "#3d7ab8"
PALETTE: Final = ("#1f4e79", "#b35c00", "#2e6b30", "#6a1b9a", "#8c2d19")
PATTERNS: Final = ("solid", "diagonal", "dots", "crosshatch", "horizontal")

_MARGIN = 12
_GAP = 6
_BAND_PADDING = 6
_BAR_HEIGHT = 18
_SLOT_HEIGHT = 14
_LEGEND_ROW = 22
_SWATCH = 14
_AXIS_HEIGHT = 26
# Moves a baseline so the text is vertically centred on y, without relying on
# dominant-baseline, which some SVG-to-PDF renderers ignore.
_BASELINE_SHIFT = FONT_SIZE * 0.35
# Rough advance width of a glyph at FONT_SIZE; only used to reserve room, never to clip.
_CHAR_WIDTH = FONT_SIZE * 0.6
_XML_INVALID = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


# Distance from the top of a line box (line-height 1) to the baseline, in ems, for the Noto
# fonts the report uses: the span is placed so that its baseline falls on the SVG text's y.
_HTML_BASELINE = 0.88
_HTML_CENTRE = 1000


def with_html_labels(svg: str) -> str:
    """``svg`` (as returned by the chart functions) with its labels moved into HTML spans."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring(svg)
    width, height = root.get("width", "0"), root.get("height", "0")
    spans = []
    for element in root.findall(f"{{{SVG_NS}}}text"):
        spans.append(_html_label(element, chart_width=float(width)))
        root.remove(element)
    # The SVG is drawn at its own size (no scaling), so SVG user units are CSS pixels and
    # the spans' physical offsets (SVG coordinates are physical, whatever the direction)
    # land on the bars they belong to.
    canvas = ET.tostring(root, encoding="unicode").replace(
        "<svg ", f'<svg style="display: block; width: {width}px; height: {height}px" ', 1
    )
    style = f"position: relative; width: {width}px; height: {height}px"
    return f'<div class="chart-canvas" style="{style}">{canvas}{"".join(spans)}</div>'


def _html_label(element: ET.Element, *, chart_width: float) -> str:
    x, y = float(element.get("x", "0")), float(element.get("y", "0"))
    direction, anchor = element.get("direction", "ltr"), element.get("text-anchor", "start")
    top = y - FONT_SIZE * _HTML_BASELINE
    if anchor == "middle":
        where = f"left: {x - _HTML_CENTRE:.2f}px; width: {2 * _HTML_CENTRE}px; text-align: center"
    elif (anchor == "start") == (direction == "ltr"):
        where = f"left: {x:.2f}px"
    else:
        where = f"right: {chart_width - x:.2f}px"
    style = (
        f"position: absolute; top: {top:.2f}px; {where}; direction: {direction}; "
        f"white-space: nowrap; font-size: {FONT_SIZE}px; "
        f"line-height: 1; color: {element.get('fill', TEXT_COLOUR)}"
    )
    css_class = html.escape(element.get("class", ""))
    text = html.escape(element.text or "")
    if element.get("stroke"):
        # The halo that keeps a value legible over a bar becomes a white box behind the text
        # (on an inner span: a centred label's positioning box is much wider than its text).
        text = f'<span style="background: {BACKGROUND}">{text}</span>'
    return f'<span class="{css_class}" style="{style}" aria-hidden="true">{text}</span>'


def plain_number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class IntervalBar:
    label: str
    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


class ChartOptions(TypedDict, total=False):
    direction: Direction
    number_format: NumberFormat
    axis_label: str
    missing_label: str
    value_range: tuple[float, float]
    width: int
    chart_id: str
    lang: str


@dataclass(frozen=True)
class _Options:
    title: str
    description: str
    direction: Direction
    number_format: NumberFormat
    axis_label: str
    missing_label: str
    value_range: tuple[float, float] | None
    width: int
    chart_id: str
    lang: str | None


def _resolve(title: str, description: str, options: ChartOptions) -> _Options:
    direction = options.get("direction", "ltr")
    if direction not in ("ltr", "rtl"):
        raise ValueError(f"direction must be 'ltr' or 'rtl', not {direction!r}")
    width = options.get("width", 640)
    if width < 240:
        raise ValueError("width must be at least 240")
    digest = hashlib.sha256(f"{title}\0{description}".encode()).hexdigest()[:10]
    chart_id = options.get("chart_id", f"chart-{digest}")
    if not _ID.fullmatch(chart_id):
        raise ValueError("chart_id must start with a letter and hold only letters, digits, - _")
    value_range = options.get("value_range")
    if value_range is not None:
        _check_finite(value_range)
    return _Options(
        title=title,
        description=description,
        direction=direction,
        number_format=options.get("number_format", plain_number),
        axis_label=options.get("axis_label", ""),
        missing_label=options.get("missing_label", "\u2013"),
        value_range=value_range,
        width=width,
        chart_id=chart_id,
        lang=options.get("lang"),
    )


def _check_finite(values: Iterable[float | None]) -> None:
    if any(v is not None and not math.isfinite(v) for v in values):
        raise ValueError("chart values must be finite numbers")


# --- Geometry ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    step: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        """Logical x of ``value``: distance from the logical start edge of the canvas."""
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [round(self.low + i * self.step, 10) for i in range(count + 1)]


def _scale(values: Iterable[float], *, start: float, end: float) -> _Scale:
    """Axis from a "nice" multiple of 1, 2 or 5 below the data to one above, always with 0."""
    domain = [0.0, *values]
    low, high = min(domain), max(domain)
    if low == high:
        high = low + 1
    raw_step = (high - low) / 5
    magnitude = 10 ** math.floor(math.log10(raw_step))
    step = next(m * magnitude for m in (1, 2, 5, 10) if raw_step <= m * magnitude * (1 + 1e-9))
    # Rounding first keeps 0.30000000000000004 / 0.1 from adding an empty tick.
    low = math.floor(round(low / step, 9)) * step
    high = math.ceil(round(high / step, 9)) * step
    return _Scale(low, high, step, start, end)


@dataclass(frozen=True)
class _Layout:
    """Where everything goes, in logical coordinates: x grows from the reading start edge."""

    width: int
    direction: Direction
    label_width: float
    scale: _Scale
    legend: list[tuple[float, float]]
    band_tops: list[float]
    band_heights: list[float]
    label_lines: list[list[str]]
    plot_top: float
    plot_bottom: float

    @property
    def height(self) -> float:
        return self.plot_bottom + _AXIS_HEIGHT + LINE_HEIGHT + _MARGIN

    def x(self, logical: float) -> float:
        return logical if self.direction == "ltr" else self.width - logical

    def span(self, a: float, b: float) -> tuple[float, float]:
        """Physical x and width of the logical span between ``a`` and ``b``."""
        left, right = sorted((self.x(a), self.x(b)))
        return left, right - left


def _text_width(text: str) -> float:
    return len(text) * _CHAR_WIDTH


def _layout(
    options: _Options,
    *,
    labels: Sequence[str],
    slot_height: float,
    slots: int,
    legend: Sequence[str],
    domain: Iterable[float],
    end_texts: Sequence[str],
    start_texts: Sequence[str],
) -> _Layout:
    width = options.width
    longest = max((len(_clean(t)) for t in labels), default=0)
    chars = max(4, min(longest, int(width * 0.3 / _CHAR_WIDTH)))
    label_width = chars * _CHAR_WIDTH
    label_lines = [textwrap.wrap(_clean(t), width=chars) or [""] for t in labels]
    end_room = max((_text_width(t) for t in end_texts), default=0) + 2 * _GAP
    start_room = max(_text_width(t) for t in start_texts) + _GAP if start_texts else 0
    plot_start = _MARGIN + label_width + _GAP + start_room
    plot_end = width - _MARGIN - end_room
    if plot_end - plot_start < width * 0.25:
        raise ValueError("labels and values leave too little room: increase the width")
    legend_positions = _legend_positions(legend, width=width)
    plot_top = _MARGIN + (legend_positions[-1][1] + _LEGEND_ROW if legend_positions else 0)
    band_heights = [
        max(slots * slot_height, len(lines) * LINE_HEIGHT) + 2 * _BAND_PADDING
        for lines in label_lines
    ]
    band_tops = [plot_top + sum(band_heights[:i]) for i in range(len(band_heights))]
    range_values = options.value_range or ()
    return _Layout(
        width=width,
        direction=options.direction,
        label_width=label_width,
        scale=_scale([*domain, *range_values], start=plot_start, end=plot_end),
        legend=legend_positions,
        band_tops=band_tops,
        band_heights=band_heights,
        label_lines=label_lines,
        plot_top=plot_top,
        plot_bottom=plot_top + sum(band_heights),
    )


def _legend_positions(names: Sequence[str], *, width: int) -> list[tuple[float, float]]:
    """Logical (x, y) of each legend swatch, flowing in reading order and wrapping."""
    positions: list[tuple[float, float]] = []
    x, y = float(_MARGIN), 0.0
    for name in names:
        item_width = _SWATCH + _GAP + _text_width(_clean(name)) + 3 * _GAP
        if positions and x + item_width > width - _MARGIN:
            x, y = float(_MARGIN), y + _LEGEND_ROW
        positions.append((x, y))
        x += item_width
    return positions


# --- Drawing -----------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def _own_direction(text: str) -> Direction:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


class _Svg:
    def __init__(self, options: _Options, layout: _Layout) -> None:
        self.options = options
        self.layout = layout
        cid = options.chart_id
        self.root = ET.Element(
            "svg",
            {
                "xmlns": SVG_NS,
                "role": "img",
                "aria-labelledby": f"{cid}-title",
                "aria-describedby": f"{cid}-desc",
                "width": str(layout.width),
                "height": plain_number(layout.height),
                "viewBox": f"0 0 {layout.width} {plain_number(layout.height)}",
                "direction": options.direction,
                "font-family": FONT_FAMILY,
                "font-size": str(FONT_SIZE),
            },
        )
        if options.lang:
            self.root.set("lang", options.lang)
        ET.SubElement(self.root, "title", id=f"{cid}-title").text = _clean(options.title)
        ET.SubElement(self.root, "desc", id=f"{cid}-desc").text = _clean(options.description)

    def render(self) -> str:
        return ET.tostring(self.root, encoding="unicode")

    def text(
        self,
        content: str,
        *,
        at: float,
        y: float,
        extends: Literal["forward", "backward", "middle"],
        css_class: str,
        direction: Direction | None = None,
        halo: bool = False,
    ) -> None:
        """Write ``content`` at logical ``at``, extending towards the reading end or start."""
        own = direction or self.options.direction
        if extends == "middle":
            anchor = "middle"
        elif (extends == "forward") == (own == self.options.direction):
            anchor = "start"
        else:
            anchor = "end"
        element = ET.SubElement(
            self.root,
            "text",
            {
                "class": css_class,
                "x": plain_number(self.layout.x(at)),
                "y": plain_number(y),
                "direction": own,
                # Without isolation the base direction is ignored for text of mixed scripts.
                "unicode-bidi": "isolate",
                "text-anchor": anchor,
                "fill": TEXT_COLOUR,
            },
        )
        if halo:
            # A white outline keeps the digits legible over gridlines and error bars.
            element.attrib |= {
                "stroke": BACKGROUND,
                "stroke-width": "3",
                "stroke-linejoin": "round",
                "paint-order": "stroke",
            }
        element.text = _clean(content)

    def number(self, value: float, *, at: float, y: float, forward: bool, css_class: str) -> None:
        content = self.options.number_format(value)
        self.text(
            content,
            at=at,
            y=y,
            extends="forward" if forward else "backward",
            css_class=css_class,
            direction=_own_direction(content),
            halo=True,
        )

    def rect(
        self, *, start: float, end: float, y: float, height: float, attributes: dict[str, str]
    ) -> None:
        x, width = self.layout.span(start, end)
        geometry = {"x": plain_number(x), "y": plain_number(y), "width": plain_number(width)}
        ET.SubElement(self.root, "rect", geometry | {"height": plain_number(height)} | attributes)

    def line(
        self,
        *,
        x1: float,
        x2: float,
        y1: float,
        y2: float,
        css_class: str,
        stroke: str,
        width: float,
    ) -> None:
        ET.SubElement(
            self.root,
            "line",
            {
                "class": css_class,
                "x1": plain_number(self.layout.x(x1)),
                "x2": plain_number(self.layout.x(x2)),
                "y1": plain_number(y1),
                "y2": plain_number(y2),
                "stroke": stroke,
                "stroke-width": plain_number(width),
            },
        )

    def frame(self) -> None:
        """Gridlines, tick labels, axis label and category labels."""
        layout, scale = self.layout, self.layout.scale
        for tick in scale.ticks:
            x = scale(tick)
            self.line(
                x1=x,
                x2=x,
                y1=layout.plot_top,
                y2=layout.plot_bottom,
                css_class="gridline",
                stroke=GRID_COLOUR,
                width=1,
            )
            content = self.options.number_format(tick)
            self.text(
                content,
                at=x,
                y=layout.plot_bottom + LINE_HEIGHT,
                extends="middle",
                css_class="tick-label",
                direction=_own_direction(content),
            )
        if self.options.axis_label:
            self.text(
                self.options.axis_label,
                at=(scale.start + scale.end) / 2,
                y=layout.plot_bottom + _AXIS_HEIGHT + LINE_HEIGHT,
                extends="middle",
                css_class="axis-label",
            )
        for top, height, lines in zip(
            layout.band_tops, layout.band_heights, layout.label_lines, strict=True
        ):
            first = top + height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + _BASELINE_SHIFT
            for row, line in enumerate(lines):
                self.text(
                    line,
                    at=_MARGIN + layout.label_width,
                    y=first + row * LINE_HEIGHT,
                    extends="backward",
                    css_class="category-label",
                )

    def zero_line(self) -> None:
        x = self.layout.scale(0)
        self.line(
            x1=x,
            x2=x,
            y1=self.layout.plot_top,
            y2=self.layout.plot_bottom,
            css_class="zero-line",
            stroke=TEXT_COLOUR,
            width=1.5,
        )

    def legend(self, names: Sequence[str]) -> None:
        for index, (name, (x, y)) in enumerate(zip(names, self.layout.legend, strict=True)):
            top = _MARGIN + y
            self.rect(
                start=x,
                end=x + _SWATCH,
                y=top,
                height=_SWATCH,
                attributes={"class": "legend-swatch", "data-series": str(index)}
                | _fill(self.options.chart_id, index),
            )
            self.text(
                name,
                at=x + _SWATCH + _GAP,
                y=top + _SWATCH / 2 + _BASELINE_SHIFT,
                extends="forward",
                css_class="legend-label",
            )

    def patterns(self, count: int) -> None:
        defs = ET.SubElement(self.root, "defs")
        for index in range(1, count):
            _pattern(defs, f"{self.options.chart_id}-fill-{index}", index)

    def missing(self, *, y: float) -> None:
        self.text(
            self.options.missing_label,
            at=self.layout.scale(0) + _GAP,
            y=y + _BASELINE_SHIFT,
            extends="forward",
            css_class="missing-label",
        )


def _fill(chart_id: str, index: int) -> dict[str, str]:
    colour = PALETTE[index]
    if PATTERNS[index] == "solid":
        return {"fill": colour, "stroke": colour}
    return {"fill": f"url(#{chart_id}-fill-{index})", "stroke": colour}


def _pattern(defs: ET.Element, pattern_id: str, index: int) -> None:
    size, kind = "6", PATTERNS[index]
    pattern = ET.SubElement(
        defs,
        "pattern",
        {"id": pattern_id, "patternUnits": "userSpaceOnUse", "width": size, "height": size},
    )
    ET.SubElement(pattern, "rect", width=size, height=size, fill=PALETTE[index])
    marks = {"stroke": BACKGROUND, "stroke-width": "1.5", "fill": "none"}
    if kind == "diagonal":
        ET.SubElement(pattern, "path", {"d": "M-1 1L1 -1M0 6L6 0M5 7L7 5"} | marks)
    elif kind == "dots":
        ET.SubElement(pattern, "circle", cx="3", cy="3", r="1.4", fill=BACKGROUND)
    elif kind == "crosshatch":
        ET.SubElement(pattern, "path", {"d": "M0 0L6 6M6 0L0 6"} | marks)
    else:
        ET.SubElement(pattern, "path", {"d": "M0 3H6"} | marks)


def _check_series(series: Sequence[Series], categories: Sequence[str]) -> None:
    if not 1 <= len(series) <= len(PALETTE):
        raise ValueError(f"series supported: 1 to {len(PALETTE)}")
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(f"series {one.name!r} needs one value per category")
        _check_finite(one.values)


# --- Charts ------------------------------------------------------------------------------------


def interval_bar_chart(
    bars: Sequence[IntervalBar], *, title: str, description: str, **options: Unpack[ChartOptions]
) -> str:
    opts = _resolve(title, description, options)
    for bar in bars:
        _check_finite((bar.value, bar.low, bar.high))
        if (bar.low is None) != (bar.high is None) or (bar.low or 0) > (bar.high or 0):
            raise ValueError(f"{bar.label!r}: give both low <= high, or neither")
    values = [v for b in bars for v in (b.value, b.low, b.high) if v is not None]
    texts = [_value_text(b.value, opts) for b in bars]
    layout = _layout(
        opts,
        labels=[b.label for b in bars],
        slot_height=_BAR_HEIGHT,
        slots=1,
        legend=[],
        domain=values,
        end_texts=texts,
        start_texts=[t for b, t in zip(bars, texts, strict=True) if (b.value or 0) < 0],
    )
    svg = _Svg(opts, layout)
    svg.frame()
    for bar, top, height in zip(bars, layout.band_tops, layout.band_heights, strict=True):
        _draw_interval_bar(svg, bar, y=top + (height - _BAR_HEIGHT) / 2)
    svg.zero_line()
    return svg.render()


def _value_text(value: float | None, options: _Options) -> str:
    return options.missing_label if value is None else options.number_format(value)


def _draw_interval_bar(svg: _Svg, bar: IntervalBar, *, y: float) -> None:
    scale, middle = svg.layout.scale, y + _BAR_HEIGHT / 2
    if bar.value is None:
        svg.missing(y=middle)
        return
    svg.rect(
        start=scale(0),
        end=scale(bar.value),
        y=y,
        height=_BAR_HEIGHT,
        attributes={"class": "bar", "fill": INTERVAL_BAR_COLOUR, "data-series": "0"},
    )
    outer = bar.value
    if bar.low is not None and bar.high is not None:
        _draw_error_bar(svg, low=scale(bar.low), high=scale(bar.high), y=middle)
        outer = max(bar.value, bar.high) if bar.value >= 0 else min(bar.value, bar.low)
    forward = bar.value >= 0
    at = scale(outer) + (_GAP if forward else -_GAP)
    svg.number(
        bar.value, at=at, y=middle + _BASELINE_SHIFT, forward=forward, css_class="value-label"
    )


def _draw_error_bar(svg: _Svg, *, low: float, high: float, y: float) -> None:
    cap = _BAR_HEIGHT / 3
    for x1, x2, y1, y2 in (
        (low, high, y, y),
        (low, low, y - cap, y + cap),
        (high, high, y - cap, y + cap),
    ):
        svg.line(x1=x1, x2=x2, y1=y1, y2=y2, css_class="error-bar", stroke=TEXT_COLOUR, width=1.5)


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    description: str,
    **options: Unpack[ChartOptions],
) -> str:
    opts = _resolve(title, description, options)
    _check_series(series, categories)
    values = [v for one in series for v in one.values if v is not None]
    texts = [_value_text(v, opts) for one in series for v in one.values]
    layout = _layout(
        opts,
        labels=categories,
        slot_height=_SLOT_HEIGHT,
        slots=len(series),
        legend=[one.name for one in series],
        domain=values,
        end_texts=texts,
        start_texts=[opts.number_format(v) for v in values if v < 0],
    )
    svg = _Svg(opts, layout)
    svg.patterns(len(series))
    svg.legend([one.name for one in series])
    svg.frame()
    for category, (top, height) in enumerate(
        zip(layout.band_tops, layout.band_heights, strict=True)
    ):
        first = top + (height - len(series) * _SLOT_HEIGHT) / 2
        _draw_group(svg, [one.values[category] for one in series], y=first)
    svg.zero_line()
    return svg.render()


def _draw_group(svg: _Svg, values: Sequence[float | None], *, y: float) -> None:
    scale = svg.layout.scale
    for index, value in enumerate(values):
        top = y + index * _SLOT_HEIGHT
        middle = top + _SLOT_HEIGHT / 2
        if value is None:
            svg.missing(y=middle)
            continue
        # One unit of white space between the bars of a group keeps their edges apart.
        svg.rect(
            start=scale(0),
            end=scale(value),
            y=top + 1,
            height=_SLOT_HEIGHT - 2,
            attributes={"class": "bar", "data-series": str(index)}
            | _fill(svg.options.chart_id, index),
        )
        at = scale(value) + (_GAP if value >= 0 else -_GAP)
        svg.number(
            value, at=at, y=middle + _BASELINE_SHIFT, forward=value >= 0, css_class="value-label"
        )


def stacked_bar_chart(
    categories: Sequence[str],
    segments: Sequence[Series],
    *,
    title: str,
    description: str,
    **options: Unpack[ChartOptions],
) -> str:
    opts = _resolve(title, description, options)
    _check_series(segments, categories)
    if any(v is None or v < 0 for one in segments for v in one.values):
        raise ValueError("stacked segments need a non-negative value for every category")
    totals = [sum(one.values[i] or 0 for one in segments) for i in range(len(categories))]
    layout = _layout(
        opts,
        labels=categories,
        slot_height=_BAR_HEIGHT,
        slots=1,
        legend=[one.name for one in segments],
        domain=totals,
        end_texts=[opts.number_format(t) for t in totals],
        start_texts=[],
    )
    svg = _Svg(opts, layout)
    svg.patterns(len(segments))
    svg.legend([one.name for one in segments])
    svg.frame()
    for category, (top, height) in enumerate(
        zip(layout.band_tops, layout.band_heights, strict=True)
    ):
        y = top + (height - _BAR_HEIGHT) / 2
        _draw_stack(svg, [one.values[category] or 0 for one in segments], y=y)
        at = layout.scale(totals[category]) + _GAP
        baseline = y + _BAR_HEIGHT / 2 + _BASELINE_SHIFT
        svg.number(totals[category], at=at, y=baseline, forward=True, css_class="total-label")
    svg.zero_line()
    return svg.render()


def _draw_stack(svg: _Svg, values: Sequence[float], *, y: float) -> None:
    scale, cumulative = svg.layout.scale, 0.0
    for index, value in enumerate(values):
        start, end = scale(cumulative), scale(cumulative + value)
        cumulative += value
        if value == 0:
            continue
        # White outlines separate neighbouring segments whose colours are all dark.
        attributes = {"class": "segment", "data-series": str(index)}
        attributes |= _fill(svg.options.chart_id, index) | {"stroke": BACKGROUND}
        svg.rect(start=start, end=end, y=y, height=_BAR_HEIGHT, attributes=attributes)
        content = svg.options.number_format(value)
        if _text_width(content) + 2 * _GAP <= end - start:
            svg.text(
                content,
                at=(start + end) / 2,
                y=y + _BAR_HEIGHT / 2 + _BASELINE_SHIFT,
                extends="middle",
                css_class="segment-label",
                direction=_own_direction(content),
                halo=True,
            )
