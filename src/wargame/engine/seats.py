"""The seats' rules, as data: one row per seat the game knows.

A seat's row says what the rules core needs beyond its content (its variables, cards and scenario
settings): its side of the board, where its income comes from, where its invest ops go, and which of
the model's point formulas scores it (``core.model.quarter_vp``: its victory-point terms), and what
people read about it. Its sudden-death checks are rows of ``engine.outcome.ENDINGS``. So a new seat is
content, a row here, its endings there and its model terms in the core: every list of seats (what a
scenario may seat, what a card's faction or an effect's seat may name, the JSON Schema) is read from
this table. It imports nothing compiled, so content can be checked without the core.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from wargame.core.codes import VP_CHINA, VP_FIRM, VP_US

#: The model's parameters, as a seat's rules read them.
Params = Mapping[str, float]


@dataclass(frozen=True)
class SeatRules:
    """A seat's rules beyond its content."""

    #: How people see it named: screens, logs and reports.
    name: str
    #: Its side of the board: +1 pulls swing states toward the US, -1 toward China, 0 no side (its
    #: influence calms markets).
    side: int
    #: Its slot in the model's points (``core.codes.VP_*``): which victory-point terms score it.
    points: int
    #: Where its points come from, in words for its "how to win" (``engine.standing``).
    points_from: str
    #: Its income each quarter: a share of a variable (a state variable or a model output).
    income: Callable[[Params], tuple[float, str]]
    #: Where its invest ops go: a state variable, and 0.0 (a capex modifier for this quarter) or the
    #: divisor that turns dollars into lasting capacity.
    invest: Callable[[Params], tuple[str, float]]
    #: The size of its economy (its capex at end-2025; the firm: its revenue), in $B a quarter: an
    #: op of invest is ``budget_per_op`` times this over the US's, so the same card is worth alike
    #: to each seat (README, "What an op is worth").
    economy: Callable[[Params], float]
    #: Whether every scenario must seat it.
    required: bool = False


SEATS: dict[str, SeatRules] = {
    # The states steer a share of their capex and invest in this quarter's capex.
    "us": SeatRules(name="US", side=1, points=VP_US, required=True,
                    points_from="a capability lead wider than at the start, US-aligned swing states, US vendors' "
                                "share of chip spend; less for the cost of a split market",
                    income=lambda p: (p["income_share_us"], "us.capex"),
                    invest=lambda p: ("us.capex", 0.0), economy=lambda p: p["us_capex0"]),
    "china": SeatRules(name="China", side=-1, points=VP_CHINA, required=True,
                       points_from="closing the capability lag, a rising domestic-chip share, China-aligned swing "
                                   "states, a larger share of world compute; less for the cost of a split market",
                       income=lambda p: (p["income_share_china"], "china.capex"),
                       invest=lambda p: ("china.capex", 0.0), economy=lambda p: p["china_capex0"]),
    # The firm steers a share of its profit and invests in lasting capacity.
    "firm": SeatRules(name="Firm", side=0, points=VP_FIRM,
                      points_from="profit above its 2025 run-rate; less for every sanction in force",
                      income=lambda p: (p["income_share_firm"] * p["firm_margin"], "firm.revenue"),
                      invest=lambda p: ("firm.capacity", p["firm_capex_base"]),
                      economy=lambda p: p["firm_revenue0"]),
}
#: The seats' ids, in the table's order (the order a scenario's seats are listed in the schema).
SEAT_IDS: tuple[str, ...] = tuple(SEATS)
#: Seats on a side of the board: the sides a ``shift`` may name.
SIDED: tuple[str, ...] = tuple(s for s, rules in SEATS.items() if rules.side)
#: Seats with no side: their own cards' shifts must name the side they help.
SIDELESS: tuple[str, ...] = tuple(s for s, rules in SEATS.items() if not rules.side)
#: The seats every scenario seats.
REQUIRED: tuple[str, ...] = tuple(s for s, rules in SEATS.items() if rules.required)
#: The seat whose economy is the numeraire of an op's worth.
NUMERAIRE = "us"
