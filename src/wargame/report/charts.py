"""Line charts of the tracks as SVG, written by hand: no dependency, no script, no external font.

Series differ by dash pattern and marker as well as colour, so a chart still reads when printed
in black and white.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

SEAT_COLOURS = {"us": "#1f4e99", "china": "#b22222", "firm": "#2e7d32"}
_DASHES = ("", "6 3", "2 3", "8 3 2 3")
_MARKERS = ("circle", "square", "diamond", "triangle")
_W, _H = 640, 300
_LEFT, _TOP, _BOTTOM = 58, 44, 62
#: How each kind of mark is drawn on a chart: colour and what its letter stands for in the key.
MARK_KINDS = {"turn": ("#c05800", "T turning point"), "inject": ("#5b3a8c", "I inject"),
              "override": ("#7a4fa0", "O override"), "fire": ("#7a4fa0", "F card fired by the facilitator"),
              "diverge": ("#000", "B the branch leaves the original")}


@dataclass
class Line:
    """One series: a name for the legend, a value per x label (``None`` where it has none), a colour."""

    name: str
    values: Sequence[float | None]
    colour: str
    dash: int = 0  # index into the dash patterns and markers


@dataclass(frozen=True)
class Mark:
    """Something that happened in a quarter, marked on every chart: a letter (``T1``, ``I``), its kind, a tooltip."""

    label: str  # the x label (quarter) it belongs to
    glyph: str
    kind: str  # a key of MARK_KINDS
    title: str


@dataclass
class Chart:
    """A titled line chart over quarter labels."""

    slug: str
    title: str
    unit: str
    labels: list[str]
    lines: list[Line]
    percent: bool = False
    references: Sequence[tuple[float, str]] = ()  # horizontal lines worth marking (a threshold, parity)
    marks: Sequence[Mark] = ()  # turning points, injects, overrides: vertical lines with a letter


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering ``[lo, hi]``: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if hi - lo < 1e-12:
        lo, hi = lo - 1.0, hi + 1.0
    raw = (hi - lo) / max(count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(lo / step) * step
    ticks = []
    t = start
    while t < hi + step * 0.999:
        ticks.append(round(t, 10))
        t += step
    return ticks


def render_svg(chart: Chart, standalone: bool = False) -> str:
    """The chart as an ``<svg>`` element; ``standalone`` adds the XML namespace a separate file needs."""
    values = [v for line in chart.lines for v in line.values if v is not None]
    values += [r for r, _ in chart.references]
    ticks = nice_ticks(min(values, default=0.0), max(values, default=1.0))
    lo, hi = ticks[0], ticks[-1]
    right = 46 + 6.9 * max((len(line.name) for line in chart.lines), default=0)  # room for the legend
    plot_w, plot_h = _W - _LEFT - right, _H - _TOP - _BOTTOM
    n = max(len(chart.labels) - 1, 1)

    def x(i: int) -> float:
        return _LEFT + plot_w * i / n

    def y(v: float) -> float:
        return _TOP + plot_h * (1 - (v - lo) / (hi - lo))

    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    title = escape(chart.title)
    out = [f'<svg{ns} class="chart" viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}" role="img" '
           f'aria-label="{title}" font-family="sans-serif" font-size="12">',
           f"<title>{title}</title>",
           f'<rect x="0" y="0" width="{_W}" height="{_H}" fill="#fff"/>',
           f'<text x="{_LEFT}" y="18" font-size="14" font-weight="bold">{title}</text>']
    for t in ticks:
        out.append(f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{_LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end">{escape(_tick(t, chart.percent))}</text>')
    out.append(f'<text x="14" y="{_TOP + plot_h / 2:.0f}" text-anchor="middle" '
               f'transform="rotate(-90 14 {_TOP + plot_h / 2:.0f})">{escape(chart.unit)}</text>')
    every = max(1, math.ceil(len(chart.labels) / 13))
    for i, label in enumerate(chart.labels):
        out.append(f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{_TOP + plot_h}" y2="{_TOP + plot_h + 4}" stroke="#333"/>')
        if i % every == 0 or i == len(chart.labels) - 1:
            out.append(f'<text x="{x(i):.1f}" y="{_TOP + plot_h + 16}" text-anchor="end" font-size="10" '
                       f'transform="rotate(-35 {x(i):.1f} {_TOP + plot_h + 16})">{escape(label)}</text>')
    out.append(f'<path d="M{_LEFT},{_TOP} V{_TOP + plot_h} H{_LEFT + plot_w}" fill="none" stroke="#333"/>')
    for value, name in chart.references:
        out.append(f'<line x1="{_LEFT}" x2="{_LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
                   f'stroke="#888" stroke-dasharray="1 3"/>')
        out.append(f'<text x="{_LEFT + plot_w - 2}" y="{y(value) - 3:.1f}" text-anchor="end" fill="#555" '
                   f'font-size="10">{escape(name)}</text>')
    out.extend(_marks(chart, x, _TOP, _TOP + plot_h))
    for k, line in enumerate(chart.lines):
        out.extend(_series(line, x, y))
        out.extend(_legend(line, _LEFT + plot_w + 12, _TOP + 8 + 18 * k))
    out.append("</svg>")
    return "\n".join(out)


def _marks(chart: Chart, x: Callable[[int], float], top: float, bottom: float) -> list[str]:
    """A dashed vertical line per quarter with marks, their letters above the plot, and a key below."""
    at: dict[int, list[Mark]] = {}
    for mark in chart.marks:
        if mark.label in chart.labels:
            at.setdefault(chart.labels.index(mark.label), []).append(mark)
    out = []
    for i, marks in sorted(at.items()):
        colour = MARK_KINDS[marks[0].kind][0]
        tip = escape("; ".join(m.title for m in marks))
        out.append(f'<g class="mark"><title>{tip}</title>'
                   f'<line x1="{x(i):.1f}" x2="{x(i):.1f}" y1="{top - 2}" y2="{bottom}" stroke="{colour}" '
                   f'stroke-dasharray="3 3" stroke-width="1.2"/>'
                   f'<text x="{x(i):.1f}" y="{top - 5}" text-anchor="middle" font-size="11" font-weight="bold" '
                   f'fill="{colour}">{escape(" ".join(m.glyph for m in marks))}</text></g>')
    kinds = [k for k in MARK_KINDS if any(m.kind == k for m in chart.marks)]
    if kinds:
        key = " · ".join(MARK_KINDS[k][1] for k in kinds)
        out.append(f'<text x="{_LEFT}" y="{_H - 6}" font-size="10" fill="#444">Marks: {escape(key)}</text>')
    return out


def _series(line: Line, x: Callable[[int], float], y: Callable[[float], float]) -> list[str]:
    points = [(x(i), y(v)) for i, v in enumerate(line.values) if v is not None]
    if not points:
        return []
    dash = _DASHES[line.dash % len(_DASHES)]
    style = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{'M' if j == 0 else 'L'}{px:.1f},{py:.1f}" for j, (px, py) in enumerate(points))
    out = [f'<path d="{path}" fill="none" stroke="{line.colour}" stroke-width="2"{style}>'
           f"<title>{escape(line.name)}</title></path>"]
    out += [_marker(line.dash, px, py, line.colour) for px, py in points]
    return out


def _legend(line: Line, lx: float, ly: float) -> list[str]:
    dash = _DASHES[line.dash % len(_DASHES)]
    style = f' stroke-dasharray="{dash}"' if dash else ""
    return [f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{line.colour}" stroke-width="2"{style}/>',
            _marker(line.dash, lx + 12, ly, line.colour),
            f'<text x="{lx + 30}" y="{ly + 4}">{escape(line.name)}</text>']


def _marker(kind: int, px: float, py: float, colour: str) -> str:
    shape = _MARKERS[kind % len(_MARKERS)]
    if shape == "circle":
        return f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{colour}"/>'
    if shape == "square":
        return f'<rect x="{px - 2.5:.1f}" y="{py - 2.5:.1f}" width="5" height="5" fill="{colour}"/>'
    if shape == "diamond":
        return f'<path d="M{px:.1f},{py - 3.5:.1f} l3.5,3.5 l-3.5,3.5 l-3.5,-3.5 z" fill="{colour}"/>'
    return f'<path d="M{px:.1f},{py - 3.5:.1f} l3.5,6 h-7 z" fill="{colour}"/>'


def _tick(value: float, percent: bool) -> str:
    if percent:
        return f"{value * 100:.0f}%"
    return f"{value:g}" if abs(value) < 1e5 else f"{value:.2g}"
