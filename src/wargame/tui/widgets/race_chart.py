"""The capability race over time: China's lag behind the US frontier, quarter by quarter.

Drawn with block characters in a Static. The dotted line is the scenario's mark for a decisive US
lead; bars below zero mean China is ahead. Quarters not played yet are left blank so the room
sees how much of the exercise remains.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

_UP = " ▁▂▃▄▅▆▇█"


def race_chart(labels: Sequence[str], lags: Sequence[float | None], lead_line: float, height: int = 8,
               width: int = 56) -> Text:
    """A bar chart of ``lags`` (``None`` for quarters not played yet) with a y axis in months."""
    col = min(max((width - 8) // max(len(lags), 1), 1), 4)
    played = [v for v in lags if v is not None]
    top = max([lead_line * 1.1, 1.0, *played])
    low = min([0.0, *played])
    step = (top - low) / height
    below = math.ceil(-low / step - 1e-9) if low < 0 else 0
    above = height - below if below < height else 1
    step = max(top / above, (-low / below) if below else 0.0)
    text = Text()
    for row in range(above, -below, -1):
        lo, hi = (row - 1) * step, row * step
        marked = lo <= lead_line < hi
        last = row == -below + 1
        label = f"{lo if last else hi:5.1f} ┤" if row in (above, 1) or last or marked else "      │"
        text.append(label, style="dim")
        for value in lags:
            text.append_text(_cell(value, lo, hi, marked, col))
        text.append("\n")
    text.append("      └" + "─" * (col * len(lags)) + "\n", style="dim")
    axis = [" "] * (col * len(lags) + 4)
    free = 0
    for i, label in enumerate(labels):
        if (i == 0 or i == len(labels) - 1 or label.endswith("Q1")) and i * col >= free:
            axis[i * col:i * col + 4] = list(label[2:])
            free = i * col + 5
    text.append("       " + "".join(axis).rstrip(), style="dim")
    return text


def _cell(value: float | None, lo: float, hi: float, marked: bool, col: int) -> Text:
    gap = "┄" if marked else " "
    if value is None:
        return Text(gap * col, style="dim cyan")
    if hi <= 0:  # a row below zero: China ahead, bars hang down from the axis
        frac = min(max((hi - value) / (hi - lo), 0.0), 1.0)
        block = "█" if frac >= 0.75 else "▀" if frac >= 0.25 else ""
        style = "red1"
    else:
        frac = min(max((value - lo) / (hi - lo), 0.0), 1.0)
        block = _UP[round(frac * 8)].strip()
        style = "dodger_blue1"
    if not block:
        return Text(gap * col, style="dim cyan")
    if col == 1:
        return Text(block, style=style)
    return Text(block * (col - 1), style=style) + Text(gap, style="dim cyan")


class RaceChart(Static):
    """The chart as a widget; the screen hands it the quarters and their lags."""

    _shown: tuple[Sequence[str], Sequence[float | None], float] | None = None

    def show(self, labels: Sequence[str], lags: Sequence[float | None], lead_line: float) -> None:
        self._shown = (labels, lags, lead_line)
        self.border_subtitle = f"┄ decisive US lead: {lead_line:g} months"
        self.update(race_chart(labels, lags, lead_line, width=self.content_size.width or 56))

    def on_resize(self) -> None:
        if self._shown is not None:
            self.update(race_chart(*self._shown, width=self.content_size.width or 56))
