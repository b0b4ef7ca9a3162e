"""The calibration table: article figures against what the model produces with no card played.

One source for the README's table and the calibration test (``tests/test_calibration.py``).
Each row states the tolerance the model must meet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wargame.model.economy import advance_quarter, calibration, derive, initial_values


@dataclass(frozen=True, slots=True)
class CalibrationRow:
    """One article figure, the model's value and whether it falls inside the stated range."""

    what: str
    article: str
    facts: str
    lo: float
    hi: float
    model: float
    fmt: str = "{:.2f}"

    @property
    def ok(self) -> bool:
        return self.lo <= self.model <= self.hi

    def cells(self) -> list[str]:
        return [self.what, self.article, self.fmt.format(self.model),
                f"{self.fmt.format(self.lo)} - {self.fmt.format(self.hi)}", self.facts, "yes" if self.ok else "NO"]


def _trajectory(p: Mapping[str, float], board: Sequence[float], weights: Sequence[float],
                overrides: Mapping[str, float] | None, quarters: int) -> list[dict[str, float]]:
    """Values and outputs at t0 and after each of ``quarters`` quarters with no card played."""
    v = initial_values(p, board, weights, overrides)
    b = list(board)
    rows = [{**v, **derive(v, b, weights, p)}]
    for _ in range(quarters):
        v, b = advance_quarter(v, b, weights, p, 0 if overrides else len(rows) - 1)
        rows.append({**v, **derive(v, b, weights, p)})
    return rows


def baseline_rows(p: Mapping[str, float], board: Sequence[float], weights: Sequence[float]) -> list[CalibrationRow]:
    """The end-2025 snapshot and the 2026 trajectory of DESIGN section 3."""
    t = _trajectory(p, board, weights, None, 20)
    t0, t4 = t[0], t[4]
    cost0 = calibration(p)["cost0"]
    return [
        CalibrationRow("US share of world AI compute, end-2025", "about 70%", "F000_04", 0.68, 0.72, t0["us.world_share"], "{:.0%}"),
        CalibrationRow("US:China compute ratio, end-2025", "about 8x", "F003_01", 7.5, 8.5, t0["world.compute_ratio"], "{:.1f}"),
        CalibrationRow("Capability lag, end-2025 (months)", "6-8 months", "F003_03", 6.0, 8.0, t0["world.lag"], "{:.1f}"),
        CalibrationRow("China AI capex, 2025 ($B/yr)", "$98B", "F001_06, F000_02", 94, 102, 4 * t0["china.capex"], "{:.0f}"),
        CalibrationRow("US hyperscaler capex ($B/yr)", "about $400B", "F001_01", 380, 420, 4 * t0["us.capex"], "{:.0f}"),
        CalibrationRow("Domestic share of China's AI compute, end-2025", "about 20% (between <10% in 2024 and 30-40% in 2026)",
                       "F001_16, F001_17 (A)", 0.15, 0.25, t0["china.domestic_share"], "{:.0%}"),
        CalibrationRow("Domestic share, end-2026", "30-40%", "F001_17", 0.30, 0.40, t4["china.domestic_share"], "{:.0%}"),
        CalibrationRow("Lowest lag during 2026 (months)", "6-8 months", "F003_03", 6.0, 8.0,
                       min(r["world.lag"] for r in t[1:5]), "{:.1f}"),
        CalibrationRow("Highest lag during 2026 (months)", "6-8 months", "F003_03", 6.0, 8.0,
                       max(r["world.lag"] for r in t[1:5]), "{:.1f}"),
        CalibrationRow("Yield cost penalty at 75% yield", "yields 70-80% add 20-50% to cost", "F001_18, F001_20",
                       1.20, 1.50, cost0, "{:.2f}"),
        CalibrationRow("Fragmentation cost, 2025 ($B/yr)", "about $200B", "F000_10", 190, 210, t0["world.frag_cost"], "{:.0f}"),
        CalibrationRow("Inference share of AI demand, end-2026", "up to 70%", "F004_01", 0.65, 0.70,
                       t4["world.inference_share"], "{:.0%}"),
        CalibrationRow("Data-centre power connected, US and China, 2026-2030 (GW)", "about 125 GW planned",
                       "F001_33, F001_34 (D)", 115, 135, sum(r["us.power"] + r["china.power"] for r in t[:20]),
                       "{:.0f}"),
    ]


def backtest_rows(p: Mapping[str, float], board: Sequence[float], weights: Sequence[float],
                  start: Mapping[str, float], quarters: int) -> list[CalibrationRow]:
    """``prologue-2025``: from its 2025Q1 opening state, after ``quarters`` quarters, near the end-2025 snapshot."""
    end = _trajectory(p, board, weights, start, quarters)[-1]
    return [
        CalibrationRow("Backtest: US share, end-2025", "about 70%", "F000_04", 0.65, 0.75, end["us.world_share"], "{:.0%}"),
        CalibrationRow("Backtest: US:China ratio, end-2025", "about 8x", "F003_01", 6.5, 9.5, end["world.compute_ratio"], "{:.1f}"),
        CalibrationRow("Backtest: lag, end-2025 (months)", "6-8 months", "F003_03", 6.0, 8.0, end["world.lag"], "{:.1f}"),
        CalibrationRow("Backtest: domestic share, end-2025", "about 20%", "F001_16, F001_17 (A)", 0.12, 0.28,
                       end["china.domestic_share"], "{:.0%}"),
        CalibrationRow("Backtest: China capex, 2025Q4 ($B/qtr)", "$98B a year", "F001_06", 20.0, 29.0, end["china.capex"], "{:.1f}"),
    ]


def backtest_2023_rows(p: Mapping[str, float], board: Sequence[float], weights: Sequence[float],
                       start: Mapping[str, float]) -> list[CalibrationRow]:
    """``prologue-2023``: from its 2023Q1 opening state, twelve quarters to the end-2025 snapshot,
    widening from 3x to about 8x with the lag inside 6-8 months at the end."""
    t = _trajectory(p, board, weights, start, 12)
    t0, y24, end = t[0], t[8], t[12]
    capex_2024 = sum(r["china.capex"] for r in t[5:9])
    capex_2025 = sum(r["china.capex"] for r in t[9:13])
    return [
        CalibrationRow("Backtest 2023: US:China ratio, start of 2023", "3x in 2023", "F003_02", 2.5, 3.5,
                       t0["world.compute_ratio"], "{:.1f}"),
        CalibrationRow("Backtest 2023: US:China ratio, end-2025", "about 8x, widened from 3x", "F003_01, F003_02",
                       7.0, 9.0, end["world.compute_ratio"], "{:.1f}"),
        CalibrationRow("Backtest 2023: lag, end-2025 (months)", "6-8 months", "F003_03", 6.0, 8.0, end["world.lag"],
                       "{:.1f}"),
        CalibrationRow("Backtest 2023: lowest lag, 2023-2025 (months)", "China never ahead", "F001_09, C05", 0.0, 8.0,
                       min(r["world.lag"] for r in t), "{:.1f}"),
        CalibrationRow("Backtest 2023: domestic share, end-2024", "under 10% in 2024", "F001_16", 0.0, 0.10,
                       y24["china.domestic_share"], "{:.1%}"),
        CalibrationRow("Backtest 2023: domestic share, end-2025", "about 20%", "F001_16, F001_17 (A)", 0.12, 0.28,
                       end["china.domestic_share"], "{:.0%}"),
        CalibrationRow("Backtest 2023: US share, end-2025", "about 70%", "F000_04", 0.65, 0.75, end["us.world_share"],
                       "{:.0%}"),
        CalibrationRow("Backtest 2023: China AI capex growth, 2025 over 2024", "+48% a year", "F000_03", 0.40, 0.56,
                       capex_2025 / capex_2024 - 1.0, "{:.0%}"),
        CalibrationRow("Backtest 2023: China capex, 2025Q4 ($B/qtr)", "$98B a year", "F001_06", 23.0, 26.0,
                       end["china.capex"], "{:.1f}"),
    ]


def markdown_table(rows: Sequence[CalibrationRow]) -> str:
    """The rows as a Markdown table (README)."""
    head = ["quantity", "articles", "model", "tolerance", "facts", "within"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    return "\n".join(lines)
