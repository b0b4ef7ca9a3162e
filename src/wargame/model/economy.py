"""The quarterly update of the economic model (MODEL.md section 4.4) and its derived outputs.

Every function works element-wise on plain floats (one game) or on numpy arrays (many games at
once): pass ``xp=NUMPY`` for arrays. Values are keyed by variable path (see ``variables.py``);
the swing-state board is a list of alignments in [-3, +3], one entry (float or array) per state,
with a matching tuple of demand weights.
"""

from __future__ import annotations

import itertools
import math
import operator
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from wargame.model.variables import VARIABLES, defaults

Values = dict[str, Any]
Board = list[Any]


class _ScalarMath:
    """The handful of elementwise functions the model needs, for plain floats."""

    log = staticmethod(math.log)
    exp = staticmethod(math.exp)
    pow = staticmethod(operator.pow)
    minimum = staticmethod(min)
    maximum = staticmethod(max)

    @staticmethod
    def clip(x: float, lo: float, hi: float) -> float:
        return lo if x < lo else hi if x > hi else x


class _NumpyMath:
    """The same functions for numpy arrays (numpy's own log, exp and pow: fast, but not libm's bits)."""

    log = staticmethod(np.log)
    exp = staticmethod(np.exp)
    pow = staticmethod(np.power)
    minimum = staticmethod(np.minimum)
    maximum = staticmethod(np.maximum)
    clip = staticmethod(np.clip)


def _libm(fn: Any, x: Any, *args: float) -> Any:
    """``fn`` (a ``math`` function) on each element of ``x``: the very bits the scalar engine gets."""
    if not isinstance(x, np.ndarray):
        return fn(x, *args)
    flat = x.ravel().tolist()
    it = map(fn, flat, *(itertools.repeat(a) for a in args))
    return np.fromiter(it, np.float64, len(flat)).reshape(x.shape)


class _ExactMath:
    """numpy arrays, element for element bit-identical to ``SCALAR`` on plain floats.

    numpy's SIMD log, exp and pow may differ from the C library's in the last bit, so these go
    through ``math`` element by element; min, max and clip follow Python's tie rules (``max(a, b)``
    keeps ``a`` unless ``b > a``), which matters for signed zeros. A finished batch's records read
    its final outputs with this, so they equal the records of the games played alone.
    """

    @staticmethod
    def log(x: Any) -> Any:
        return _libm(math.log, x)

    @staticmethod
    def exp(x: Any) -> Any:
        return _libm(math.exp, x)

    @staticmethod
    def pow(x: Any, y: float) -> Any:
        return _libm(operator.pow, x, y)

    @staticmethod
    def minimum(a: Any, b: Any) -> Any:
        return np.where(b < a, b, a)

    @staticmethod
    def maximum(a: Any, b: Any) -> Any:
        return np.where(b > a, b, a)

    @staticmethod
    def clip(x: Any, lo: Any, hi: Any) -> Any:
        return np.where(x < lo, lo, np.where(x > hi, hi, x))


SCALAR = _ScalarMath()
NUMPY = _NumpyMath()
EXACT = _ExactMath()

_DERIVED_BOUNDS = tuple((v.name, v.lo, v.hi) for v in VARIABLES.values() if v.derived)

#: Alignment at or beyond this (in steps) counts a swing state as aligned with a side.
ALIGNED_AT = 1.0


_CALIBRATION_KEYS = ("us_share0", "depreciation", "us_compute_growth0", "us_capex0", "china_capex0", "compute_ratio0",
                     "algo_progress", "lag0", "capability_gap_100x", "yield_max", "yield0", "cost_exponent")


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
    # Rest-of-world capex set so its compute grows at the US rate at t0 (MODEL 4.2, B_RoW).
    u0 = _us_stack_pull(board, weights)
    per_dollar = u0 * c["kappa"] + (1.0 - u0) * d0
    v["world.row_capex"] = (growth_q - 1.0 + p["depreciation"]) * v["world.row_compute"] / per_dollar
    v["firm.west_demand0"] = p["us_capex0"] + u0 * v["world.row_capex"]
    for name, value in (overrides or {}).items():
        v[name] = VARIABLES[name].clamp(float(value))
    # The US growth history behind the lag's doubling time follows the (possibly overridden) stock.
    for k in (1, 2, 3, 4):
        v[f"us.compute_ago{k}"] = v["us.compute"] / growth_q ** k
    return v


def _per_dollar(v: Mapping[str, Any], p: Mapping[str, float], c: Mapping[str, float], xp: Any) -> tuple[Any, Any, Any]:
    """Compute per $B from domestic chips, from imported chips, and effective controls."""
    cost = xp.pow(p["yield_max"] / v["china.yield"], p["cost_exponent"])
    domestic = c["kappa"] * c["m0"] * (v["china.chip_perf"] / p["chip_perf0"]) * c["cost0"] / cost
    x_eff = v["us.export_controls"] * v["us.enforcement"]
    openness = xp.maximum(1.0 - x_eff, 1e-6) / (1.0 - c["x_eff0"])
    imported = c["kappa"] * c["m0"] * v["us.frontier_perf"] * xp.pow(openness, c["omega"]) * v["china.foreign_access"]
    return domestic, xp.maximum(imported, 1e-9), x_eff


#: Outputs only people read (dashboards, reports, card conditions): ``derive`` may leave them out.
DISPLAY_OUTPUTS = ("us.capability", "china.capability")


def derive(v: Mapping[str, Any], board: Sequence[Any], weights: Sequence[float], p: Mapping[str, float],
           xp: Any = SCALAR, display: bool = True) -> Values:
    """The model's outputs (every ``derived`` variable) from the current values.

    ``display=False`` leaves out ``DISPLAY_OUTPUTS``, which no other output or state update reads
    (the quarterly update and a batch's records skip their powers).
    """
    c = calibration(p)
    out: Values = {}
    k_us, k_dom, k_imp = v["us.compute"], v["china.compute_domestic"], v["china.compute_imported"]
    k_cn = xp.maximum(k_dom + k_imp, 1e-9)
    boost = p["alliance_max"] - 1.0
    keff_us = v["us.efficiency"] * k_us * (1.0 + boost * v["us.alliance"])
    keff_cn = v["china.efficiency"] * k_cn * (1.0 + boost * v["china.alliance"])
    growth = xp.maximum(k_us / xp.maximum(v["us.compute_ago4"], 1e-9) * p["algo_progress"], 1.5)
    total = xp.maximum(k_us + k_cn + v["world.row_compute"], 1e-9)
    u = _us_stack_pull(board, weights)
    x_eff = v["us.export_controls"] * v["us.enforcement"]
    spend = xp.maximum(v["us.capex"] + v["world.row_capex"] + v["china.capex"], 1e-9)
    frag = v["world.fragmentation"]
    out.update({
        "china.compute": k_cn,
        "china.domestic_share": k_dom / k_cn,
        "us.effective_compute": keff_us,
        "china.effective_compute": keff_cn,
        "world.lag": 12.0 * xp.log(xp.maximum(keff_us, 1e-9) / xp.maximum(keff_cn, 1e-9)) / xp.log(growth),
        "world.compute_ratio": k_us / k_cn,
        "us.world_share": k_us / total,
        "china.world_share": k_cn / total,
        "us.vendor_share": (v["us.capex"] + u * v["world.row_capex"]
                            + (1.0 - v["china.domestic_buy"]) * v["china.capex"]) / spend,
        "world.frag_cost": p["fragmentation_cost0"] * frag / p["fragmentation0"],
        "world.gdp_drag": p["gdp_drag_full"] * frag,
        "world.us_stack_share": u,
        "us.export_controls_eff": x_eff,
    })
    if display:
        out["us.capability"] = 100.0 * xp.pow(xp.maximum(keff_us, 0.0) / c["k_us0"], c["gamma"])
        out["china.capability"] = 100.0 * xp.pow(keff_cn / c["k_us0"], c["gamma"])
    out["firm.revenue"] = _firm_revenue(v, p, c, u, x_eff, out["world.gdp_drag"], xp)
    # Extreme overrides can push an output past its declared range; the registry's bounds hold.
    clip = xp.clip
    for name, lo, hi in _DERIVED_BOUNDS:
        if name in out:
            out[name] = clip(out[name], lo, hi)
    return out


def _firm_revenue(v: Mapping[str, Any], p: Mapping[str, float], c: Mapping[str, float], u: Any, x_eff: Any,
                  gdp_drag: Any, xp: Any) -> Any:
    """Firm revenue per quarter (MODEL 4.4): western and Chinese demand, JV, shocks and sanctions."""
    west = (v["us.capex"] + u * v["world.row_capex"]) / v["firm.west_demand0"]
    west = west * (1.0 + p["us_fab_uplift"] * v["firm.us_fab"]) * (1.0 - p["sanction_us_cut"] * v["firm.sanctioned_us"])
    s = v["china.domestic_buy"]
    openness = (1.0 - s) * (1.0 - x_eff) / ((1.0 - 0.40) * (1.0 - c["x_eff0"]))
    china = (v["china.capex"] / p["china_capex0"]) * (openness + p["jv_flow"] * v["firm.jv"])
    china = china * (1.0 - v["firm.sanctioned_china"])
    share = v["firm.china_revenue_share"]
    gross = p["firm_revenue0"] * v["firm.capacity"] * ((1.0 - share) * west + share * china)
    hit = v["firm.shock"] * (1.0 - v["firm.hedge"])
    return xp.maximum(gross * (1.0 - hit) * (1.0 - gdp_drag), 0.0)


#: State variables ``advance_quarter`` computes anew; every other one passes through it unchanged
#: (``tests/test_model.py`` checks both ways). The engine uses this to skip runs it does not need.
EVOLVING: frozenset[str] = frozenset({
    "china.domestic_buy", "china.compute_domestic", "china.compute_imported", "us.compute",
    "us.compute_ago1", "us.compute_ago2", "us.compute_ago3", "us.compute_ago4", "world.row_compute",
    "china.efficiency", "china.yield", "china.chip_perf", "china.fab_capacity", "us.frontier_perf",
    "us.capex", "china.capex", "world.row_capex", "world.fragmentation", "world.frag_cost_total",
    "world.inference_share", "firm.profit", "firm.shock",
})


def advance_quarter(v: Mapping[str, Any], board: Sequence[Any], weights: Sequence[float],
                    p: Mapping[str, float], quarter_index: int, xp: Any = SCALAR) -> tuple[Values, Board]:
    """One quarter of the model: new values of the state variables and the new board.

    ``v`` holds the *effective* values (temporary modifiers applied); the result holds new base
    values. ``quarter_index`` counts quarters since end-2025 (it drives the decay of China's growth).
    """
    c = calibration(p)
    new: Values = dict(v)
    d, imp, x_eff = _per_dollar(v, p, c, xp)
    dep = 1.0 - p["depreciation"]
    b_cn = v["china.capex"]
    # China's purchasing: target domestic share from policy and relative cost, reached gradually.
    target = xp.clip(v["china.policy_push"] + p["mandate_beta"] * v["china.mandate"]
                     + p["domestic_cost_beta"] * xp.log(d / imp), 0.0, 0.95)
    s = v["china.domestic_buy"] + p["switch_speed"] * (target - v["china.domestic_buy"])
    fab_cap = v["china.fab_capacity"] * (v["china.yield"] / p["yield0"]) * (v["china.chip_perf"] / p["chip_perf0"])
    delivered = xp.minimum(s * b_cn * d, fab_cap)
    imported = ((1.0 - s) * b_cn + (s * b_cn - delivered / d)) * imp
    new["china.domestic_buy"] = s
    new["china.compute_domestic"] = dep * v["china.compute_domestic"] + delivered
    new["china.compute_imported"] = dep * v["china.compute_imported"] + imported
    # The US and the rest of the world.
    ree = 1.0 + p["rare_earth_premium"] * v["china.rare_earth_curbs"]
    us_per_dollar = c["kappa"] * v["us.frontier_perf"] / ree
    new["us.compute"] = dep * v["us.compute"] + us_per_dollar * v["us.capex"]
    for k in (4, 3, 2):
        new[f"us.compute_ago{k}"] = v[f"us.compute_ago{k - 1}"]
    new["us.compute_ago1"] = v["us.compute"]
    u = _us_stack_pull(board, weights)
    row_mix = u * us_per_dollar * (1.0 - p["tier_penalty"] * v["us.diffusion_tiers"]) + (1.0 - u) * d
    new["world.row_compute"] = dep * v["world.row_compute"] + v["world.row_capex"] * row_mix
    # Scarcity breeds efficiency; the bonus fades as the raw gap closes.
    k_cn = xp.maximum(new["china.compute_domestic"] + new["china.compute_imported"], 1e-9)
    scarcity = 1.0 + c["epsilon"] * xp.log(xp.maximum(new["us.compute"] / k_cn, 1.0))
    new["china.efficiency"] = v["china.efficiency"] + p["efficiency_adjust"] * (scarcity - v["china.efficiency"])
    # Learning curves.
    new["china.yield"] = v["china.yield"] + p["yield_learning"] * (p["yield_max"] - v["china.yield"])
    new["china.chip_perf"] = xp.minimum(v["china.chip_perf"] * (1.0 + p["chip_perf_growth"]) ** 0.25,
                                        xp.maximum(v["china.chip_perf_max"], v["china.chip_perf"]))
    new["china.fab_capacity"] = v["china.fab_capacity"] * (1.0 + v["china.fab_growth"])
    new["us.frontier_perf"] = v["us.frontier_perf"] * p["frontier_gain"] ** 0.25
    # Budgets: China's 48% growth decays toward its long-run rate.
    g_cn = p["china_growth_long"] + (p["china_growth_start"] - p["china_growth_long"]) * math.exp(
        -quarter_index / p["china_growth_tau"])
    new["us.capex"] = v["us.capex"] * xp.pow(xp.maximum(1.0 + v["us.capex_growth"], 0.0), 0.25)
    new["china.capex"] = b_cn * (1.0 + g_cn) ** 0.25
    new["world.row_capex"] = v["world.row_capex"] * (1.0 + p["row_growth"]) ** 0.25
    # Outputs at the new state drive the slow variables (swing states, fragmentation, the firm).
    out = derive(new, board, weights, p, xp, display=False)
    drift = (p["align_leader_pull"] * (out["world.lag"] - p["lag0"]) / 6.0
             - p["align_tier_push"] * v["us.diffusion_tiers"]
             - p["align_control_push"] * xp.maximum(0.0, x_eff - c["x_eff0"]))
    new_board = [xp.clip(a + drift, -3.0, 3.0) for a in board]
    frag_target = xp.clip(p["fragmentation0"] + p["frag_w_controls"] * (x_eff - c["x_eff0"])
                          + p["frag_w_domestic"] * (s - 0.40) + p["frag_w_rare_earth"] * v["china.rare_earth_curbs"]
                          + p["frag_w_mandate"] * v["china.mandate"] + p["frag_w_tiers"] * v["us.diffusion_tiers"]
                          - v["world.commons"], 0.0, 1.0)
    new["world.fragmentation"] = v["world.fragmentation"] + p["frag_speed"] * (frag_target - v["world.fragmentation"])
    new["world.frag_cost_total"] = v["world.frag_cost_total"] + out["world.frag_cost"] / 4.0
    new["world.inference_share"] = xp.minimum(v["world.inference_share"] + p["inference_step"], p["inference_target"])
    new["firm.profit"] = v["firm.profit"] + p["firm_margin"] * out["firm.revenue"]
    new["firm.shock"] = v["firm.shock"] * 0.0  # a shock lasts the quarter it lands in
    return new, new_board
