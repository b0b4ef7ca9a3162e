"""The seats' rules, as data: one row per seat the game knows.

A seat's row says what the rules core needs beyond its content (its variables, cards and scenario
settings): its side of the board, where its income comes from, where its invest ops go, and which of
the model's point formulas scores it (``core.model.quarter_vp``: its victory-point terms). Its
sudden-death checks are rows of ``engine.outcome.ENDINGS``. So a new seat is content, a row here,
its endings there and its model terms in the core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from wargame.core import model

#: (model parameters, value columns by variable name) -> a number the core reads.
Params = Mapping[str, float]
Columns = Mapping[str, int]


@dataclass(frozen=True)
class SeatRules:
    """A seat's rules beyond its content."""

    #: Its side of the board: +1 pulls swing states toward the US, -1 toward China, 0 no side (its
    #: influence calms markets).
    side: int
    #: Its slot in the model's points (``core.model.VP_*``): which victory-point terms score it.
    points: int
    #: Its income each quarter: a share of a value column (>= 0) or of a model output (-1 - output).
    income: Callable[[Params, Columns], tuple[float, int]]
    #: Where its invest ops go: a value column, and 0.0 (a capex modifier for this quarter) or the
    #: divisor that turns dollars into lasting capacity.
    invest: Callable[[Params, Columns], tuple[int, float]]
    #: The size of its economy (its capex at end-2025; the firm: its revenue), in $B a quarter: an
    #: op of invest is ``budget_per_op`` times this over the US's, so the same card is worth alike
    #: to each seat (README, "What an op is worth").
    economy: Callable[[Params], float]


SEATS: dict[str, SeatRules] = {
    # The states steer a share of their capex and invest in this quarter's capex.
    "us": SeatRules(side=1, points=model.VP_US,
                    income=lambda p, col: (p["income_share_us"], col["us.capex"]),
                    invest=lambda p, col: (col["us.capex"], 0.0), economy=lambda p: p["us_capex0"]),
    "china": SeatRules(side=-1, points=model.VP_CHINA,
                       income=lambda p, col: (p["income_share_china"], col["china.capex"]),
                       invest=lambda p, col: (col["china.capex"], 0.0), economy=lambda p: p["china_capex0"]),
    # The firm steers a share of its profit and invests in lasting capacity.
    "firm": SeatRules(side=0, points=model.VP_FIRM,
                      income=lambda p, col: (p["income_share_firm"] * p["firm_margin"], -1 - model.D.FIRM_REVENUE),
                      invest=lambda p, col: (col["firm.capacity"], p["firm_capex_base"]),
                      economy=lambda p: p["firm_revenue0"]),
}
