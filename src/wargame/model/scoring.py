"""Victory points scored each quarter from the model's outputs (weights in parameters.yaml).

Element-wise like the rest of the model, so a batch of games scores in one call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wargame.model.economy import ALIGNED_AT


def aligned_counts(board: Sequence[Any]) -> tuple[Any, Any]:
    """Swing states aligned with the US (alignment >= +1) and with China (<= -1)."""
    n_us = sum((a >= ALIGNED_AT) * 1.0 for a in board)
    n_cn = sum((a <= -ALIGNED_AT) * 1.0 for a in board)
    return n_us, n_cn


def quarter_vp(values: Mapping[str, Any], out: Mapping[str, Any], board: Sequence[Any],
               p: Mapping[str, float], firm_profit: Any) -> dict[str, Any]:
    """Each seat's victory points for the quarter just played (MODEL.md 4.6, per quarter).

    ``firm_profit`` is the firm's profit over that quarter (its revenue then, shocks included).
    """
    n_us, n_cn = aligned_counts(board)
    lag = out["world.lag"]
    frag = out["world.frag_cost"] / 1000.0
    us = (p["vp_lag"] * (lag - p["lag0"]) + p["vp_state"] * n_us
          + p["vp_vendor"] * (out["us.vendor_share"] - 0.85) - p["vp_frag"] * 0.4 * frag)
    china = (p["vp_lag"] * (p["lag0"] - lag) + p["vp_domestic"] * (out["china.domestic_share"] - 0.30)
             + p["vp_state"] * n_cn + p["vp_share"] * (out["china.world_share"] - 0.09) - p["vp_frag"] * 0.3 * frag)
    sanctions = values["firm.sanctioned_us"] + values["firm.sanctioned_china"]
    firm = (p["vp_profit"] * (firm_profit - p["firm_margin"] * p["firm_revenue0"])
            - p["vp_sanction"] * sanctions)
    return {"us": us, "china": china, "firm": firm}
