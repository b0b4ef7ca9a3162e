"""The economic model's set-up in Python (MODEL.md 4.3): calibration constants and the opening
state; and the model's quarterly update and outputs on named values, for reports and checks.

The model itself is written once, in the rules core (``core.model``, compiled); ``derive`` and
``advance_quarter`` here hand it a dict of values and read its arrays back by name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from wargame.model.variables import STATE_VARIABLES, VARIABLES, defaults

Values = dict[str, Any]
Board = list[Any]


#: Alignment at or beyond this (in steps) counts a swing state as aligned with a side.
ALIGNED_AT = 1.0


_CALIBRATION_KEYS = ("us_share0", "depreciation", "us_compute_growth0", "us_capex0", "china_capex0", "compute_ratio0",
                     "algo_progress", "lag0", "capability_gap_100x", "yield_max", "yield0", "cost_exponent",
                     "power_us0", "power_load0")


_last_calibration: list[Any] = [None, None]  # (params mapping, constants): the model asks many times a quarter


def calibration(p: Mapping[str, float]) -> dict[str, float]:
    """Calibration constants for ``p`` (memoised: the model calls this every quarter)."""
    if p is _last_calibration[0]:
        return _last_calibration[1]  # type: ignore[no-any-return]
    constants = _calibration(tuple(float(p[k]) for k in _CALIBRATION_KEYS))
    _last_calibration[:] = [p, constants]
    return constants


@lru_cache(maxsize=256)
def _calibration(key: tuple[float, ...]) -> dict[str, float]:
    return _compute_calibration(dict(zip(_CALIBRATION_KEYS, key, strict=True)))


def _compute_calibration(p: Mapping[str, float]) -> dict[str, float]:
    """Constants implied by the parameters so the opening state reproduces the end-2025 snapshot.

    MODEL.md 4.3: kappa (CU per $B), m0 (China's compute per dollar relative to the US), omega
    (controls exponent), the efficiency multiplier that turns an 8x raw gap into a 7-month lag,
    the scarcity elasticity that makes it an equilibrium, and the capability exponent gamma.
    """
    k_us0 = 100.0 * p["us_share0"]
    x_eff0 = 0.80 * 0.75
    kappa = ((p["us_compute_growth0"] ** 0.25 - 1.0) + p["depreciation"]) * k_us0 / p["us_capex0"]
    m0 = (p["us_capex0"] / p["china_capex0"]) / p["compute_ratio0"]
    omega = math.log(1.0 / m0) / math.log(1.0 / (1.0 - x_eff0))
    r_eff0 = (p["us_compute_growth0"] * p["algo_progress"]) ** (p["lag0"] / 12.0)
    efficiency0 = p["compute_ratio0"] / r_eff0
    epsilon = (efficiency0 - 1.0) / math.log(p["compute_ratio0"])
    gamma = -math.log(1.0 - p["capability_gap_100x"]) / math.log(100.0)
    return {
        "k_us0": k_us0, "x_eff0": x_eff0, "kappa": kappa, "m0": m0, "omega": omega,
        "efficiency0": efficiency0, "epsilon": epsilon, "gamma": gamma,
        "cost0": (p["yield_max"] / p["yield0"]) ** p["cost_exponent"],
        # Compute one GW of new data-centre power runs on end-2025 racks: the US's spending at t0
        # uses ``power_load0`` of the power it can connect in a quarter.
        "cu_per_gw": kappa * p["us_capex0"] / (p["power_load0"] * p["power_us0"]),
    }


def _us_stack_pull(board: Sequence[Any], weights: Sequence[float]) -> Any:
    """Demand-weighted share of swing-state purchases that go to the US stack (0..1)."""
    total = sum(weights) or 1.0
    return sum(w * (1.0 + a / 3.0) / 2.0 for w, a in zip(weights, board, strict=True)) / total


def initial_values(p: Mapping[str, float], board: Sequence[float], weights: Sequence[float],
                   overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The opening state at end-2025 implied by the parameters, then the scenario's overrides."""
    c = calibration(p)
    v = defaults()
    k_us = c["k_us0"]
    k_cn = k_us / p["compute_ratio0"]
    dom0 = p["domestic_share0"]
    growth_q = p["us_compute_growth0"] ** 0.25
    v.update({
        "us.capex": p["us_capex0"], "china.capex": p["china_capex0"],
        "us.compute": k_us,
        "china.compute_domestic": k_cn * dom0, "china.compute_imported": k_cn * (1.0 - dom0),
        "world.row_compute": 100.0 - k_us - k_cn,
        "china.efficiency": c["efficiency0"], "china.chip_perf": p["chip_perf0"], "china.yield": p["yield0"],
        "world.fragmentation": p["fragmentation0"],
    })
    # Domestic fab ceiling: headroom over the initial domestic flow (MODEL 4.2, Phi).
    d0 = c["kappa"] * c["m0"]
    v["china.fab_capacity"] = p["fab_headroom"] * v["china.domestic_buy"] * p["china_capex0"] * d0
    # High-bandwidth memory for domestic accelerators: headroom over the same flow.
    v["china.hbm_supply"] = p["hbm_headroom"] * v["china.domestic_buy"] * p["china_capex0"] * d0
    v["china.hbm_growth"] = p["hbm_growth"]
    # Data-centre power each side can connect per quarter (the planned pipeline's pace).
    v["us.power"], v["china.power"] = p["power_us0"], p["power_china0"]
    # Rest-of-world capex set so its compute grows at the US rate at t0 (MODEL 4.2, B_RoW).
    u0 = _us_stack_pull(board, weights)
    per_dollar = u0 * c["kappa"] + (1.0 - u0) * d0
    v["world.row_capex"] = (growth_q - 1.0 + p["depreciation"]) * v["world.row_compute"] / per_dollar
    for name, value in (overrides or {}).items():
        v[name] = VARIABLES[name].clamp(float(value))
    # The firm's western revenue is measured against the opening quarter's western capex (a prologue
    # opening in 2023 measures it against 2023's, not end-2025's). At least $1B a quarter: a scenario
    # that opens with no western capex reaching the firm (none in the US, a board wholly on China's
    # stack) measures later capex against that, not against nothing.
    v["firm.west_demand0"] = max(v["us.capex"] + u0 * v["world.row_capex"], 1.0)
    # The US growth history behind the lag's doubling time follows the (possibly overridden) stock.
    for k in (1, 2, 3, 4):
        v[f"us.compute_ago{k}"] = v["us.compute"] / growth_q ** k
    return v


#: Outputs only people read (dashboards, reports, card conditions): ``derive`` may leave them out.
DISPLAY_OUTPUTS = ("us.capability", "china.capability")


def derive(v: Mapping[str, float], board: Sequence[float], weights: Sequence[float], p: Mapping[str, float],
           display: bool = True) -> Values:
    """The model's outputs (every ``derived`` variable) from the values ``v`` (``display=False``
    leaves out ``DISPLAY_OUTPUTS``)."""
    from wargame.core import model

    out = np.zeros(model.N_DERIVED)
    model.derive(_values(v), np.asarray(board, float), np.asarray(weights, float), model.pack(p), display, out,
                 model.new_memo())
    names = model.DERIVED if display else [d for d in model.DERIVED if d not in DISPLAY_OUTPUTS]
    return {name: float(out[model.DERIVED.index(name)]) for name in names}


def _values(v: Mapping[str, float]) -> np.ndarray:
    return np.array([float(v[k]) for k in STATE_VARIABLES])


#: State variables ``advance_quarter`` computes anew; every other one passes through it unchanged
#: (``tests/test_model.py`` checks both ways). The engine uses this to skip runs it does not need.
EVOLVING: frozenset[str] = frozenset({
    "china.domestic_buy", "china.compute_domestic", "china.compute_imported", "us.compute",
    "us.compute_ago1", "us.compute_ago2", "us.compute_ago3", "us.compute_ago4", "world.row_compute",
    "china.efficiency", "china.yield", "china.chip_perf", "china.fab_capacity", "us.frontier_perf",
    "us.capex", "china.capex", "world.row_capex", "world.fragmentation", "world.frag_cost_total",
    "world.inference_share", "firm.profit", "firm.shock",
    "china.hbm_supply", "us.power", "china.power",
})


def advance_quarter(v: Mapping[str, float], board: Sequence[float], weights: Sequence[float],
                    p: Mapping[str, float], quarter_index: int) -> tuple[Values, Board]:
    """One quarter of the model: new values of the state variables and the new board.

    ``v`` holds the *effective* values (temporary modifiers applied); the result holds new base
    values. ``quarter_index`` counts quarters since end-2025 (it drives the decay of China's growth).
    """
    from wargame.core import model

    new, new_board = np.zeros(len(STATE_VARIABLES)), np.zeros(len(board))
    model.advance(_values(v), np.asarray(board, float), np.asarray(weights, float), model.pack(p), quarter_index, new,
                  new_board, np.zeros(model.N_DERIVED), model.new_memo(), model.new_keep())
    return dict(zip(STATE_VARIABLES, new.tolist(), strict=True)), new_board.tolist()


def quarter_vp(values: Mapping[str, float], out: Mapping[str, float], board: Sequence[float], p: Mapping[str, float],
               firm_profit: float) -> dict[str, float]:
    """Each seat kind's victory points for a quarter (MODEL.md 4.6) from the state ``values``, its
    outputs ``out``, the board and the firm's profit over the quarter."""
    from wargame.core import model
    from wargame.core.codes import POINT_FORMULAS

    derived = np.array([float(out.get(k, 0.0)) for k in model.DERIVED])
    vp = np.zeros(len(POINT_FORMULAS))
    model.quarter_vp(_values(values), derived, np.asarray(board, float), model.pack(p), float(firm_profit), vp)
    return dict(zip(POINT_FORMULAS, vp.tolist(), strict=True))
