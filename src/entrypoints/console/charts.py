"""Charts drawn on the server as SVG: bars (one or more series side by side) or a line, with axes,
labels and a legend. No script and no style attribute (the console's CSP forbids inline styles):
colours are presentation attributes. Every text is escaped; the chart scales to its container
(``viewBox``, ``width="100%"``) and names itself to assistive technology (``role="img"``, named by
its ``<title>`` through ``aria-labelledby``, described by its ``<desc>``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from markupsafe import Markup, escape

WIDTH, HEIGHT = 400, 240
LEFT, RIGHT, BOTTOM = 66, 10, 30  # LEFT: room for a tick such as "0.75 %"
FONT = 15  # about 12 px at a phone's width
STEPS = 4  # lines across the chart, above the axis
INK, GRID, AXIS = "#1f1f1f", "#d4d4d4", "#4a4a4a"
# Against white: 6.6:1 and 5.9:1, told apart by more than their hue (bars side by side, a legend).
TONES = ("#1d5fa6", "#a34700")


class Shape(StrEnum):
    BARS = "bars"
    LINE = "line"


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float | None]  # one per label; None: nothing to draw there (a line breaks)


@dataclass(frozen=True, slots=True)
class Chart:
    key: str  # unique on the page: the ids of its title and description
    title: str
    description: str
    labels: Sequence[str]
    series: Sequence[Series]
    shape: Shape = Shape.BARS
    whole: bool = True  # the values are counts: ticks on whole numbers
    tick: Callable[[float], str] = lambda value: f"{value:g}"


def nice_top(highest: float, whole: bool) -> float:
    """The axis' top: ``STEPS`` steps, each the least of 1, 2, 2.5 or 5 times a power of ten
    (a whole number for counts) that reaches ``highest``."""
    if highest <= 0:
        return float(STEPS) if whole else 1.0
    power: float = 10.0 ** math.floor(math.log10(highest / STEPS))
    factors = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in factors if m * power * STEPS >= highest)
    return float(max(step, 1) * STEPS) if whole else float(step * STEPS)


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _text(x: float, y: float, content: str, anchor: str = "middle", size: int = FONT) -> str:
    return (
        f'<text x="{_number(x)}" y="{_number(y)}" text-anchor="{anchor}" font-size="{size}" '
        f'fill="{INK}">{escape(content)}</text>'
    )


def render(chart: Chart) -> Markup:
    """The chart as an inline ``<svg>`` element."""
    count = max(len(chart.labels), 1)
    top = 34 if len(chart.series) > 1 else 12
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - top - BOTTOM
    values = [v for s in chart.series for v in s.values if v is not None]
    ceiling = nice_top(max(values, default=0.0), chart.whole)
    band = plot_width / count

    def y_of(value: float) -> float:
        return top + plot_height - value / ceiling * plot_height

    title_id, desc_id = f"{chart.key}-titulo", f"{chart.key}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafico" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{escape(title_id)}" aria-describedby="{escape(desc_id)}" '
        f'font-family="system-ui, sans-serif">',
        f'<title id="{escape(title_id)}">{escape(chart.title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(chart.description)}</desc>',
    ]
    for step in range(STEPS + 1):
        value = ceiling * step / STEPS
        y = y_of(value)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_number(y)}" y2="{_number(y)}" '
            f'stroke="{GRID if step else AXIS}" stroke-width="1"/>'
        )
        parts.append(_text(LEFT - 6, y + FONT / 3, chart.tick(value), anchor="end"))
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{top}" y2="{top + plot_height}" stroke="{AXIS}"/>')
    every = math.ceil(count / 6)
    for index, label in enumerate(chart.labels):
        if index % every == 0:
            parts.append(_text(LEFT + band * (index + 0.5), HEIGHT - BOTTOM + FONT + 4, label))
    for number, series in enumerate(chart.series):
        tone = TONES[number % len(TONES)]
        if chart.shape is Shape.BARS:
            parts.extend(_bars(series, number, len(chart.series), band, tone, y_of, top + plot_height))
        else:
            parts.extend(_line(series, band, tone, y_of))
    if len(chart.series) > 1:
        x = float(LEFT)
        for number, series in enumerate(chart.series):
            tone = TONES[number % len(TONES)]
            parts.append(f'<rect x="{_number(x)}" y="6" width="14" height="14" fill="{tone}"/>')
            parts.append(_text(x + 18, 19, series.name, anchor="start"))
            x += 34 + 9 * len(series.name)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every text above went through escape()


def _bars(
    series: Series,
    number: int,
    together: int,
    band: float,
    tone: str,
    y_of: Callable[[float], float],
    base: float,
) -> list[str]:
    width = band * 0.8 / together
    drawn = []
    for index, value in enumerate(series.values):
        if not value:
            continue
        x = LEFT + band * index + band * 0.1 + width * number
        y = y_of(value)
        drawn.append(
            f'<rect x="{_number(x)}" y="{_number(y)}" width="{_number(max(width - 1, 1))}" '
            f'height="{_number(base - y)}" fill="{tone}"/>'
        )
    return drawn


def _line(series: Series, band: float, tone: str, y_of: Callable[[float], float]) -> list[str]:
    path: list[str] = []
    dots: list[str] = []
    pen_down = False
    for index, value in enumerate(series.values):
        if value is None:
            pen_down = False
            continue
        x, y = LEFT + band * (index + 0.5), y_of(value)
        path.append(f"{'L' if pen_down else 'M'}{_number(x)} {_number(y)}")
        dots.append(f'<circle cx="{_number(x)}" cy="{_number(y)}" r="3" fill="{tone}"/>')
        pen_down = True
    drawn = [f'<path d="{" ".join(path)}" fill="none" stroke="{tone}" stroke-width="2"/>'] if path else []
    return drawn + dots
