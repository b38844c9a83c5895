"""SVG charts: structure, accessibility, escaping, RTL mirroring and proportional bars."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from typing import Unpack

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterbridge.reports.charts import (
    INTERVAL_BAR_COLOUR,
    PALETTE,
    TEXT_COLOUR,
    ChartOptions,
    IntervalBar,
    Series,
    grouped_bar_chart,
    interval_bar_chart,
    stacked_bar_chart,
    with_html_labels,
)

NS = "{http://www.w3.org/2000/svg}"
AREAS = [
    IntervalBar("Strategy", 0.8, 0.2, 1.4),
    IntervalBar("Services", -0.4, -1.0, 0.2),
    IntervalBar("Networking", 1.2),
]
ARABIC_AREAS = [
    IntervalBar("\u0627\u0644\u0627\u0633\u062a\u0631\u0627\u062a\u064a\u062c\u064a\u0629", 0.8),
    IntervalBar("\u0627\u0644\u062e\u062f\u0645\u0627\u062a", -0.4, -1.0, 0.2),
]


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _elements(root: ET.Element, tag: str, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if e.get("class") == css_class]


def _texts(root: ET.Element, css_class: str) -> list[str]:
    return [e.text or "" for e in _elements(root, "text", css_class)]


def _f(element: ET.Element, name: str) -> float:
    return float(element.attrib[name])


def _zero_x(root: ET.Element) -> float:
    (zero,) = _elements(root, "line", "zero-line")
    return _f(zero, "x1")


def _interval_chart(**options: Unpack[ChartOptions]) -> ET.Element:
    return _parse(interval_bar_chart(AREAS, title="Change", description="Data", **options))


def test_chart_is_an_image_labelled_by_its_title_and_description() -> None:
    root = _interval_chart()

    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert (title.tag, title.text) == (f"{NS}title", "Change")
    assert (desc.tag, desc.text) == (f"{NS}desc", "Data")
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")


def test_chart_has_no_script_style_or_external_reference() -> None:
    svg = interval_bar_chart(AREAS, title="t", description="d")

    for forbidden in ("<script", "<style", "@import", "http://fonts", "https://", "xlink:href"):
        assert forbidden not in svg


def test_user_text_is_escaped_and_round_trips() -> None:
    hostile = "<script>alert(\"x\")</script> & 'Co'"
    svg = grouped_bar_chart(
        [hostile],
        [Series(hostile, [1.0])],
        title=hostile,
        description=hostile,
        axis_label=hostile,
        width=1200,  # wide enough for the label to stay on one line
    )

    assert "<script>" not in svg
    root = _parse(svg)
    assert root[0].text == hostile
    assert root[1].text == hostile
    assert _texts(root, "category-label") == [hostile]
    assert _texts(root, "legend-label") == [hostile]
    assert _texts(root, "axis-label") == [hostile]


def test_characters_xml_cannot_carry_are_dropped() -> None:
    root = _parse(
        interval_bar_chart([IntervalBar("A\x00B\x1b", 1.0)], title="t\x0c", description="d")
    )

    assert _texts(root, "category-label") == ["AB"]
    assert root[0].text == "t"


def test_interval_bar_lengths_are_proportional_to_values() -> None:
    root = _interval_chart()

    widths = [_f(bar, "width") for bar in _elements(root, "rect", "bar")]
    unit = widths[0] / 0.8
    assert widths == pytest.approx([0.8 * unit, 0.4 * unit, 1.2 * unit], abs=0.02)


def test_bars_grow_from_the_zero_line_in_the_direction_of_their_sign() -> None:
    root = _interval_chart()

    positive, negative, _ = _elements(root, "rect", "bar")
    zero = _zero_x(root)
    assert _f(positive, "x") == pytest.approx(zero)
    assert _f(negative, "x") + _f(negative, "width") == pytest.approx(zero)


def test_error_bar_spans_the_interval_on_the_bar_scale() -> None:
    root = _interval_chart()

    unit = _f(_elements(root, "rect", "bar")[0], "width") / 0.8
    horizontal = [e for e in _elements(root, "line", "error-bar") if e.get("y1") == e.get("y2")]
    # Two bars have an interval, the third has none.
    assert len(horizontal) == 2
    first = horizontal[0]
    assert _f(first, "x1") == pytest.approx(_zero_x(root) + 0.2 * unit, abs=0.02)
    assert _f(first, "x2") - _f(first, "x1") == pytest.approx(1.2 * unit, abs=0.02)


def test_value_labels_use_the_caller_formatter() -> None:
    root = _interval_chart(number_format=lambda v: f"{v:+.1f} pt")

    assert _texts(root, "value-label") == ["+0.8 pt", "-0.4 pt", "+1.2 pt"]
    assert "+0.0 pt" in _texts(root, "tick-label")


def test_plain_default_format_trims_trailing_zeros() -> None:
    root = _interval_chart()

    assert _texts(root, "value-label") == ["0.8", "-0.4", "1.2"]


def test_rtl_mirrors_bars_around_the_vertical_axis() -> None:
    ltr, rtl = _interval_chart(), _interval_chart(direction="rtl")
    width = _f(ltr, "width")

    for left, right in zip(
        _elements(ltr, "rect", "bar"), _elements(rtl, "rect", "bar"), strict=True
    ):
        assert _f(right, "width") == pytest.approx(_f(left, "width"))
        assert _f(right, "x") == pytest.approx(width - _f(left, "x") - _f(left, "width"))
    assert _zero_x(rtl) == pytest.approx(width - _zero_x(ltr))


def test_rtl_puts_labels_on_the_right_and_positive_bars_grow_leftwards() -> None:
    root = _parse(
        interval_bar_chart(ARABIC_AREAS, title="t", description="d", direction="rtl", lang="ar")
    )

    assert root.get("direction") == "rtl"
    assert root.get("lang") == "ar"
    bars = _elements(root, "rect", "bar")
    rightmost_bar = max(_f(b, "x") + _f(b, "width") for b in bars)
    for label in _elements(root, "text", "category-label"):
        assert label.get("direction") == "rtl"
        # In RTL text the "end" is the left edge, so the label ends next to the plot.
        assert label.get("text-anchor") == "end"
        assert _f(label, "x") > rightmost_bar
    positive = bars[0]
    assert _f(positive, "x") + _f(positive, "width") == pytest.approx(_zero_x(root))


def test_ltr_labels_end_next_to_the_plot_on_the_left() -> None:
    root = _interval_chart()

    leftmost_bar = min(_f(b, "x") for b in _elements(root, "rect", "bar"))
    for label in _elements(root, "text", "category-label"):
        assert (label.get("direction"), label.get("text-anchor")) == ("ltr", "end")
        assert _f(label, "x") < leftmost_bar


def test_numbers_in_an_rtl_chart_keep_their_own_direction() -> None:
    root = _parse(interval_bar_chart(ARABIC_AREAS, title="t", description="d", direction="rtl"))

    negative = _elements(root, "text", "value-label")[1]
    # "-0.4" laid out RTL would show as "0.4-"; as LTR it must be anchored on its right edge
    # to extend leftwards (away from the bar) in the mirrored chart.
    assert (negative.text, negative.get("direction")) == ("-0.4", "ltr")
    positive = _elements(root, "text", "value-label")[0]
    assert positive.get("text-anchor") == "end"


def test_numbers_formatted_with_arabic_marks_are_laid_out_rtl() -> None:
    root = _parse(
        interval_bar_chart(
            ARABIC_AREAS,
            title="t",
            description="d",
            direction="rtl",
            number_format=lambda v: f"\u061c{v:.1f}",
        )
    )

    assert {e.get("direction") for e in _elements(root, "text", "value-label")} == {"rtl"}


def test_long_labels_wrap_onto_several_lines() -> None:
    long_label = " ".join(["networking"] * 12)
    root = _parse(interval_bar_chart([IntervalBar(long_label, 1.0)], title="t", description="d"))

    lines = _texts(root, "category-label")
    assert len(lines) > 1
    assert " ".join(lines) == long_label


def test_missing_value_shows_the_missing_label_instead_of_a_bar() -> None:
    svg = interval_bar_chart(
        [IntervalBar("Finance", None), IntervalBar("Strategy", 1.0)],
        title="t",
        description="d",
        missing_label="n/a",
    )

    root = _parse(svg)
    assert len(_elements(root, "rect", "bar")) == 1
    assert _texts(root, "missing-label") == ["n/a"]


def test_chart_with_only_missing_values_still_renders_an_axis() -> None:
    root = _parse(interval_bar_chart([IntervalBar("Finance", None)], title="t", description="d"))

    assert _elements(root, "rect", "bar") == []
    assert _texts(root, "tick-label")[0] == "0"
    assert len(_elements(root, "line", "zero-line")) == 1


def test_grouped_bars_are_proportional_and_distinguished_by_pattern() -> None:
    series = [Series("Self", [2.0, 3.0]), Series("Mentor", [4.0, 1.0])]
    root = _parse(grouped_bar_chart(["Strategy", "Services"], series, title="t", description="d"))

    bars = _elements(root, "rect", "bar")
    values = [2.0, 4.0, 3.0, 1.0]
    unit = _f(bars[0], "width") / 2.0
    assert [_f(b, "width") for b in bars] == pytest.approx([v * unit for v in values], abs=0.02)
    fills = {b.get("data-series"): b.get("fill") for b in bars}
    assert fills["0"] != fills["1"]
    assert str(fills["1"]).startswith("url(#")
    assert _texts(root, "legend-label") == ["Self", "Mentor"]
    swatches = _elements(root, "rect", "legend-swatch")
    assert [s.get("fill") for s in swatches] == [fills["0"], fills["1"]]


def test_pattern_references_resolve_to_patterns_in_the_chart() -> None:
    series = [Series(name, [1.0]) for name in ("a", "b", "c", "d", "e")]
    root = _parse(grouped_bar_chart(["x"], series, title="t", description="d", chart_id="impact"))

    pattern_ids = {p.get("id") for p in root.iter(f"{NS}pattern")}
    referenced = {
        str(b.get("fill"))[5:-1]
        for b in _elements(root, "rect", "bar")
        if str(b.get("fill")).startswith("url(")
    }
    assert referenced == pattern_ids
    assert all(str(i).startswith("impact-") for i in pattern_ids)


def test_value_range_keeps_the_rating_scale_visible() -> None:
    root = _parse(
        grouped_bar_chart(
            ["x"], [Series("a", [2.0])], title="t", description="d", value_range=(0, 5)
        )
    )

    assert _texts(root, "tick-label")[-1] == "5"


def test_stacked_segments_are_proportional_and_end_at_the_total() -> None:
    levels = [
        Series("National", [3.0, 0.0]),
        Series("Regional", [2.0, 4.0]),
        Series("International", [5.0, 2.0]),
    ]
    root = _parse(stacked_bar_chart(["Projects", "Visits"], levels, title="t", description="d"))

    segments = _elements(root, "rect", "segment")
    # The zero-sized segment is not drawn.
    assert len(segments) == 5
    unit = _f(segments[0], "width") / 3.0
    widths = [_f(s, "width") for s in segments]
    assert widths == pytest.approx([3 * unit, 2 * unit, 5 * unit, 4 * unit, 2 * unit], abs=0.02)
    first_bar = segments[:3]
    for left, right in itertools.pairwise(first_bar):
        assert _f(right, "x") == pytest.approx(_f(left, "x") + _f(left, "width"))
    assert _texts(root, "total-label") == ["10", "6"]


def test_stacked_chart_mirrors_in_rtl() -> None:
    levels = [Series("a", [3.0]), Series("b", [2.0])]
    ltr = _parse(stacked_bar_chart(["x"], levels, title="t", description="d"))
    rtl = _parse(stacked_bar_chart(["x"], levels, title="t", description="d", direction="rtl"))
    width = _f(ltr, "width")

    first_ltr, first_rtl = (
        _elements(ltr, "rect", "segment")[0],
        _elements(rtl, "rect", "segment")[0],
    )
    assert _f(first_rtl, "x") == pytest.approx(width - _f(first_ltr, "x") - _f(first_ltr, "width"))
    legend_ltr = _elements(ltr, "rect", "legend-swatch")
    legend_rtl = _elements(rtl, "rect", "legend-swatch")
    # The legend starts on the reading side: left in LTR, right in RTL.
    assert _f(legend_ltr[0], "x") < _f(legend_ltr[1], "x")
    assert _f(legend_rtl[0], "x") > _f(legend_rtl[1], "x")


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("colour", [*PALETTE, INTERVAL_BAR_COLOUR])
def test_fill_colours_contrast_with_the_white_background(colour: str) -> None:
    assert _contrast(colour, "#ffffff") >= 3


def test_error_bars_contrast_with_the_interval_bar() -> None:
    assert _contrast(TEXT_COLOUR, INTERVAL_BAR_COLOUR) >= 3


def test_text_colour_meets_the_normal_text_contrast() -> None:
    assert _contrast(TEXT_COLOUR, "#ffffff") >= 4.5


def test_unknown_direction_is_rejected() -> None:
    with pytest.raises(ValueError, match="direction"):
        interval_bar_chart(AREAS, title="t", description="d", direction="up")  # type: ignore[arg-type]


def test_non_finite_value_is_rejected() -> None:
    with pytest.raises(ValueError, match="finite"):
        interval_bar_chart([IntervalBar("a", float("nan"))], title="t", description="d")


def test_interval_needs_both_ends_in_order() -> None:
    with pytest.raises(ValueError, match="low <= high"):
        interval_bar_chart([IntervalBar("a", 1.0, low=0.5)], title="t", description="d")
    with pytest.raises(ValueError, match="low <= high"):
        interval_bar_chart([IntervalBar("a", 1.0, low=2, high=1)], title="t", description="d")


def test_chart_id_that_would_break_id_references_is_rejected() -> None:
    with pytest.raises(ValueError, match="chart_id"):
        interval_bar_chart(AREAS, title="t", description="d", chart_id="a b")


def test_series_needs_one_value_per_category() -> None:
    with pytest.raises(ValueError, match="one value per category"):
        grouped_bar_chart(["a", "b"], [Series("s", [1.0])], title="t", description="d")


def test_negative_stacked_segment_is_rejected() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        stacked_bar_chart(["a"], [Series("s", [-1.0])], title="t", description="d")


def test_default_ids_differ_between_charts_with_different_titles() -> None:
    first = _parse(interval_bar_chart(AREAS, title="Self", description="d"))
    second = _parse(interval_bar_chart(AREAS, title="Mentor", description="d"))

    assert first[0].get("id") != second[0].get("id")


@given(
    st.lists(
        st.floats(min_value=-4, max_value=4, allow_nan=False).filter(lambda v: abs(v) >= 0.05),
        min_size=1,
        max_size=8,
    )
)
def test_bar_length_is_proportional_to_value_for_any_data(values: list[float]) -> None:
    bars = [IntervalBar(f"area {i}", v) for i, v in enumerate(values)]
    root = _parse(interval_bar_chart(bars, title="t", description="d"))

    widths = [_f(bar, "width") for bar in _elements(root, "rect", "bar")]
    unit = max(widths) / max(abs(v) for v in values)
    assert widths == pytest.approx([abs(v) * unit for v in values], abs=0.05)


def test_html_labels_replace_every_svg_text_with_a_positioned_span() -> None:
    svg = interval_bar_chart(AREAS, title="Change", description="d", direction="rtl")
    texts = ET.fromstring(svg).findall(f"{NS}text")

    fragment = with_html_labels(svg)

    assert "<text" not in fragment
    assert fragment.count("<span class=") == len(texts)
    assert fragment.startswith('<div class="chart-canvas" style="position: relative; width: 640px')


def test_html_labels_keep_the_svg_anchor_of_rtl_labels() -> None:
    svg = grouped_bar_chart(
        ["الاستراتيجية"], [Series("a", [1])], title="t", description="d", direction="rtl"
    )
    label = next(
        t for t in ET.fromstring(svg).findall(f"{NS}text") if t.get("class") == "category-label"
    )

    fragment = with_html_labels(svg)

    # Anchored at their end, which for right-to-left text is the left edge.
    assert label.get("text-anchor") == "end"
    assert f"left: {float(label.get('x', '0')):.2f}px; direction: rtl" in fragment
    assert "الاستراتيجية</span>" in fragment
