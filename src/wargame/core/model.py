"""The economic model and the quarter's points, compiled with numba, for one game's arrays.

The game kernel plays millions of quarters, so it cannot afford a dict per call: these functions
read a game's state from a float array (columns ``V_*``, in ``STATE_VARIABLES`` order) and write
into arrays the caller owns (``D_*``, in ``DERIVED`` order). Each is the bit-exact twin of its
Python namesake with scalar math: the same IEEE operations in the same order, Python's tie rules
for ``min``, ``max`` and clipping, and libm's ``log``, ``exp`` and ``pow`` (as ``math`` calls them).
Two rules keep it exact: every exponent is read from ``P`` at run time (LLVM may rewrite a power
with a constant exponent, ``x ** 0.5`` into a square root), and every number taken from another
module comes through ``P`` (``pack``), since numba's cache only notices changes to this file.
numba's default error model is kept: a division by zero raises ``ZeroDivisionError`` here as it
does in Python. The helpers are inlined where they are called (``inline='always'``, in numba's own
IR): a call that passes a handful of arrays costs more than most of them do, and the greedy look-ahead
makes thousands a game (about 12% of its time, measured).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numba import njit

from wargame.model.economy import ALIGNED_AT, calibration
from wargame.model.variables import VARIABLES

# --- Layout ----------------------------------------------------------------------------------------
# Columns of a game's state, in ``STATE_VARIABLES`` order (tests/test_kernel_model.py checks them).
V_US_CAPEX = 0
V_US_CAPEX_GROWTH = 1
V_US_COMPUTE = 2
V_US_COMPUTE_AGO1 = 3
V_US_COMPUTE_AGO2 = 4
V_US_COMPUTE_AGO3 = 5
V_US_COMPUTE_AGO4 = 6
V_US_FRONTIER_PERF = 7
V_US_EFFICIENCY = 8
V_US_EXPORT_CONTROLS = 9
V_US_ENFORCEMENT = 10
V_US_DIFFUSION_TIERS = 11
V_US_ALLIANCE = 12
V_US_BUDGET = 13
V_US_PC = 14
V_CHINA_CAPEX = 15
V_CHINA_COMPUTE_DOMESTIC = 16
V_CHINA_COMPUTE_IMPORTED = 17
V_CHINA_DOMESTIC_BUY = 18
V_CHINA_POLICY_PUSH = 19
V_CHINA_MANDATE = 20
V_CHINA_CHIP_PERF = 21
V_CHINA_CHIP_PERF_MAX = 22
V_CHINA_YIELD = 23
V_CHINA_FAB_CAPACITY = 24
V_CHINA_FAB_GROWTH = 25
V_CHINA_EFFICIENCY = 26
V_CHINA_FOREIGN_ACCESS = 27
V_CHINA_RARE_EARTH_CURBS = 28
V_CHINA_ALLIANCE = 29
V_CHINA_BUDGET = 30
V_CHINA_PC = 31
V_FIRM_CHINA_REVENUE_SHARE = 32
V_FIRM_CAPACITY = 33
V_FIRM_JV = 34
V_FIRM_HEDGE = 35
V_FIRM_US_FAB = 36
V_FIRM_SHOCK = 37
V_FIRM_SANCTIONED_US = 38
V_FIRM_SANCTIONED_CHINA = 39
V_FIRM_WEST_DEMAND0 = 40
V_FIRM_PROFIT = 41
V_FIRM_BUDGET = 42
V_FIRM_PC = 43
V_WORLD_ROW_CAPEX = 44
V_WORLD_ROW_COMPUTE = 45
V_WORLD_FRAGMENTATION = 46
V_WORLD_COMMONS = 47
V_WORLD_INFERENCE_SHARE = 48
V_WORLD_FRAG_COST_TOTAL = 49
V_WORLD_TENSION = 50  # read by the quarter's escalation rule (core.quarter), not by the model
V_CHINA_HBM_SUPPLY = 51
V_CHINA_HBM_GROWTH = 52
V_CHINA_EUV = 53
V_US_POWER = 54
V_CHINA_POWER = 55
V_CHINA_POWER_USE = 56
N_VALUES = 57
#: Columns no function here reads (budgets and political capital): a change to them alone leaves
#: every output, new value (but their own) and point as it was. tests/test_kernel_model.py checks it.
UNREAD = (V_US_BUDGET, V_US_PC, V_CHINA_BUDGET, V_CHINA_PC, V_FIRM_BUDGET, V_FIRM_PC, V_WORLD_TENSION)

#: The model's outputs, in ``DERIVED_VARIABLES`` order: ``derive`` writes output ``i`` to slot ``i``.
DERIVED: tuple[str, ...] = (
    "china.compute", "china.domestic_share", "us.effective_compute", "china.effective_compute", "world.lag",
    "world.compute_ratio", "us.world_share", "china.world_share", "us.capability", "china.capability",
    "us.vendor_share", "world.frag_cost", "world.gdp_drag", "world.us_stack_share", "firm.revenue",
    "us.export_controls_eff",
)
D_CHINA_COMPUTE = 0
D_CHINA_DOMESTIC_SHARE = 1
D_US_EFFECTIVE_COMPUTE = 2
D_CHINA_EFFECTIVE_COMPUTE = 3
D_WORLD_LAG = 4
D_WORLD_COMPUTE_RATIO = 5
D_US_WORLD_SHARE = 6
D_CHINA_WORLD_SHARE = 7
D_US_CAPABILITY = 8
D_CHINA_CAPABILITY = 9
D_US_VENDOR_SHARE = 10
D_WORLD_FRAG_COST = 11
D_WORLD_GDP_DRAG = 12
D_WORLD_US_STACK_SHARE = 13
D_FIRM_REVENUE = 14
D_US_EXPORT_CONTROLS_EFF = 15
N_DERIVED = 16

# Slots of the packed parameters (``pack``). A name for a combination of parameters gives the
# expression the Python model computes, in its order of operations.
P_QUARTER = 0  # the exponent 0.25 that turns an annual growth factor into a quarterly one
P_ALGO_PROGRESS = 1
P_ALLIANCE_BOOST = 2  # alliance_max - 1.0
P_FRAGMENTATION_COST0 = 3
P_FRAGMENTATION0 = 4
P_GDP_DRAG_FULL = 5
P_K_US0 = 6
P_GAMMA = 7
P_US_FAB_UPLIFT = 8
P_SANCTION_US_CUT = 9
P_CHINA_CAPEX0 = 10
P_JV_FLOW = 11
P_FIRM_REVENUE0 = 12
P_FIRM_OPENNESS0 = 13  # (1.0 - 0.40) * (1.0 - x_eff0)
P_YIELD_MAX = 14
P_COST_EXPONENT = 15
P_CHIP_PERF0 = 16
P_KAPPA_M0 = 17  # kappa * m0
P_COST0 = 18
P_X_EFF0 = 19
P_OPENNESS0 = 20  # 1.0 - x_eff0
P_OMEGA = 21
P_DEP = 22  # 1.0 - depreciation
P_MANDATE_BETA = 23
P_DOMESTIC_COST_BETA = 24
P_SWITCH_SPEED = 25
P_YIELD0 = 26
P_RARE_EARTH_PREMIUM = 27
P_KAPPA = 28
P_TIER_PENALTY = 29
P_EPSILON = 30
P_EFFICIENCY_ADJUST = 31
P_YIELD_LEARNING = 32
P_CHIP_PERF_STEP = 33  # (1.0 + chip_perf_growth) ** 0.25
P_FRONTIER_STEP = 34  # frontier_gain ** 0.25
P_CHINA_GROWTH_LONG = 35
P_CHINA_GROWTH_SPAN = 36  # china_growth_start - china_growth_long
P_CHINA_GROWTH_TAU = 37
P_ROW_STEP = 38  # (1.0 + row_growth) ** 0.25
P_ALIGN_LEADER_PULL = 39
P_LAG0 = 40
P_ALIGN_TIER_PUSH = 41
P_ALIGN_CONTROL_PUSH = 42
P_FRAG_W_CONTROLS = 43
P_FRAG_W_DOMESTIC = 44
P_FRAG_W_RARE_EARTH = 45
P_FRAG_W_MANDATE = 46
P_FRAG_W_TIERS = 47
P_FRAG_SPEED = 48
P_INFERENCE_STEP = 49
P_INFERENCE_TARGET = 50
P_FIRM_MARGIN = 51
P_VP_LAG = 52
P_VP_STATE = 53
P_VP_VENDOR = 54
P_VP_FRAG_US = 55  # vp_frag * 0.4
P_VP_FRAG_CHINA = 56  # vp_frag * 0.3
P_VP_DOMESTIC = 57
P_VP_SHARE = 58
P_VP_PROFIT = 59
P_FIRM_PROFIT0 = 60  # firm_margin * firm_revenue0
P_VP_SANCTION = 61
P_ALIGNED_AT = 62
P_LITHO_DUV = 63  # the share of planned fab growth DUV tools alone deliver (no EUV)
P_CU_PER_GW = 64  # compute one GW of data-centre power runs, on end-2025 frontier racks
P_POWER_STEP = 65  # (1.0 + power_growth) ** 0.25
P_CAPEX_RESPONSE = 66  # capex_response * 0.25: China's quarterly capex response per log of the gap's change
P_RATIO0 = 67  # compute_ratio0
P_LO = 68  # N_DERIVED lower bounds of the outputs, then their upper bounds
P_HI = P_LO + N_DERIVED
P_CHINA_CAPEX_STEP = P_HI + N_DERIVED  # (1.0 + g_cn) ** 0.25 for quarters 0, 1, ... to the end of P
#: Quarters of China's budget growth ``pack`` tabulates, and the packed parameters' length.
TABULATED_QUARTERS = 64
N_PARAMS = P_CHINA_CAPEX_STEP + TABULATED_QUARTERS


def pack(params: Mapping[str, float], n_quarters: int = TABULATED_QUARTERS) -> np.ndarray:
    """Everything the kernels read about the model's parameters ``params``, as one float array ``P``.

    Combinations of parameters are computed here, by the Python model's own expressions, and so is
    China's quarterly budget growth for the first ``n_quarters`` quarters (``advance`` computes later ones).
    """
    p, c = params, calibration(params)
    P = np.full(P_CHINA_CAPEX_STEP + n_quarters, np.nan)
    P[P_QUARTER] = 0.25
    P[P_ALGO_PROGRESS] = p["algo_progress"]
    P[P_ALLIANCE_BOOST] = p["alliance_max"] - 1.0
    P[P_FRAGMENTATION_COST0] = p["fragmentation_cost0"]
    P[P_FRAGMENTATION0] = p["fragmentation0"]
    P[P_GDP_DRAG_FULL] = p["gdp_drag_full"]
    P[P_K_US0] = c["k_us0"]
    P[P_GAMMA] = c["gamma"]
    P[P_US_FAB_UPLIFT] = p["us_fab_uplift"]
    P[P_SANCTION_US_CUT] = p["sanction_us_cut"]
    P[P_CHINA_CAPEX0] = p["china_capex0"]
    P[P_JV_FLOW] = p["jv_flow"]
    P[P_FIRM_REVENUE0] = p["firm_revenue0"]
    P[P_FIRM_OPENNESS0] = (1.0 - 0.40) * (1.0 - c["x_eff0"])
    P[P_YIELD_MAX] = p["yield_max"]
    P[P_COST_EXPONENT] = p["cost_exponent"]
    P[P_CHIP_PERF0] = p["chip_perf0"]
    P[P_KAPPA_M0] = c["kappa"] * c["m0"]
    P[P_COST0] = c["cost0"]
    P[P_X_EFF0] = c["x_eff0"]
    P[P_OPENNESS0] = 1.0 - c["x_eff0"]
    P[P_OMEGA] = c["omega"]
    P[P_DEP] = 1.0 - p["depreciation"]
    P[P_MANDATE_BETA] = p["mandate_beta"]
    P[P_DOMESTIC_COST_BETA] = p["domestic_cost_beta"]
    P[P_SWITCH_SPEED] = p["switch_speed"]
    P[P_YIELD0] = p["yield0"]
    P[P_RARE_EARTH_PREMIUM] = p["rare_earth_premium"]
    P[P_KAPPA] = c["kappa"]
    P[P_TIER_PENALTY] = p["tier_penalty"]
    P[P_EPSILON] = c["epsilon"]
    P[P_EFFICIENCY_ADJUST] = p["efficiency_adjust"]
    P[P_YIELD_LEARNING] = p["yield_learning"]
    P[P_CHIP_PERF_STEP] = (1.0 + p["chip_perf_growth"]) ** 0.25
    P[P_FRONTIER_STEP] = p["frontier_gain"] ** 0.25
    P[P_CHINA_GROWTH_LONG] = p["china_growth_long"]
    P[P_CHINA_GROWTH_SPAN] = p["china_growth_start"] - p["china_growth_long"]
    P[P_CHINA_GROWTH_TAU] = p["china_growth_tau"]
    P[P_ROW_STEP] = (1.0 + p["row_growth"]) ** 0.25
    P[P_ALIGN_LEADER_PULL] = p["align_leader_pull"]
    P[P_LAG0] = p["lag0"]
    P[P_ALIGN_TIER_PUSH] = p["align_tier_push"]
    P[P_ALIGN_CONTROL_PUSH] = p["align_control_push"]
    P[P_FRAG_W_CONTROLS] = p["frag_w_controls"]
    P[P_FRAG_W_DOMESTIC] = p["frag_w_domestic"]
    P[P_FRAG_W_RARE_EARTH] = p["frag_w_rare_earth"]
    P[P_FRAG_W_MANDATE] = p["frag_w_mandate"]
    P[P_FRAG_W_TIERS] = p["frag_w_tiers"]
    P[P_FRAG_SPEED] = p["frag_speed"]
    P[P_INFERENCE_STEP] = p["inference_step"]
    P[P_INFERENCE_TARGET] = p["inference_target"]
    P[P_FIRM_MARGIN] = p["firm_margin"]
    P[P_VP_LAG] = p["vp_lag"]
    P[P_VP_STATE] = p["vp_state"]
    P[P_VP_VENDOR] = p["vp_vendor"]
    P[P_VP_FRAG_US] = p["vp_frag"] * 0.4
    P[P_VP_FRAG_CHINA] = p["vp_frag"] * 0.3
    P[P_VP_DOMESTIC] = p["vp_domestic"]
    P[P_VP_SHARE] = p["vp_share"]
    P[P_VP_PROFIT] = p["vp_profit"]
    P[P_FIRM_PROFIT0] = p["firm_margin"] * p["firm_revenue0"]
    P[P_VP_SANCTION] = p["vp_sanction"]
    P[P_ALIGNED_AT] = ALIGNED_AT
    P[P_LITHO_DUV] = p["litho_duv_share"]
    P[P_CU_PER_GW] = c["cu_per_gw"]
    P[P_POWER_STEP] = (1.0 + p["power_growth"]) ** 0.25
    P[P_CAPEX_RESPONSE] = p["capex_response"] * 0.25
    P[P_RATIO0] = p["compute_ratio0"]
    for i, name in enumerate(DERIVED):
        P[P_LO + i], P[P_HI + i] = VARIABLES[name].lo, VARIABLES[name].hi
    for q in range(n_quarters):  # as advance_quarter computes g_cn
        g_cn = p["china_growth_long"] + (p["china_growth_start"] - p["china_growth_long"]) * math.exp(
            -q / p["china_growth_tau"])
        P[P_CHINA_CAPEX_STEP + q] = (1.0 + g_cn) ** 0.25
    return P


# --- Python's tie rules ----------------------------------------------------------------------------
@njit(cache=True, inline='always')
def _min(a: float, b: float) -> float:
    """``min(a, b)``: ``a`` unless ``b < a`` (signed zeros and NaN as Python has them)."""
    return b if b < a else a


@njit(cache=True, inline='always')
def _max(a: float, b: float) -> float:
    """``max(a, b)``: ``a`` unless ``b > a``."""
    return b if b > a else a


@njit(cache=True, inline='always')
def _clip(x: float, lo: float, hi: float) -> float:
    """``SCALAR.clip``."""
    return lo if x < lo else hi if x > hi else x


# --- Remembered powers and logarithms -------------------------------------------------------------
# Each call site of log or pow keeps its last argument and result in ``memo`` (``MEMO_SIZE``
# floats, NaN to start: ``new_memo``). A look-ahead projects one state many times over with small
# changes, so most calls repeat their last argument; the result is the one libm gave for it, so
# the bits are the same. Zero never hits (log and pow may tell -0.0 from 0.0, and == does not).
M_COST, M_OPENNESS, M_LAG_RATIO, M_LAG_GROWTH, M_TARGET, M_SCARCITY, M_CAPEX, M_RESPONSE = range(8)
MEMO_SIZE = 3 * 8


def new_memo() -> np.ndarray:
    return np.full(MEMO_SIZE, np.nan)


@njit(cache=True, inline='always')
def _log(x: float, memo: np.ndarray, site: int) -> float:
    k = 3 * site
    if x == memo[k] and x != 0.0:
        return memo[k + 2]
    y = math.log(x)
    memo[k], memo[k + 2] = x, y
    return y


@njit(cache=True, inline='always')
def _pow(x: float, e: float, memo: np.ndarray, site: int) -> float:
    k = 3 * site
    if x == memo[k] and e == memo[k + 1] and x != 0.0:
        return memo[k + 2]
    y = x ** e
    memo[k], memo[k + 1], memo[k + 2] = x, e, y
    return y


# --- The model -------------------------------------------------------------------------------------
@njit(cache=True, inline='always')
def _us_stack_pull(board: np.ndarray, weights: np.ndarray) -> float:
    """Twin of ``economy._us_stack_pull``.

    Python 3.11's ``sum`` adds left to right from int 0, and ``0 + x`` is ``0.0 + x`` (so -0.0
    becomes +0.0): a loop from 0.0 gives its bits (3.12's compensated ``sum`` would not). Integer
    weights, passed here as floats, give the same bits too: Python converts each to float before it
    multiplies or divides, and small integer sums are exact either way.
    """
    total = 0.0
    for w in weights:
        total += w
    if total == 0.0:  # ``or 1.0``
        total = 1.0
    pull = 0.0
    for i in range(len(weights)):
        pull += weights[i] * (1.0 + board[i] / 3.0) / 2.0
    return pull / total


@njit(cache=True, inline='always')
def _per_dollar(v: np.ndarray, P: np.ndarray, memo: np.ndarray) -> tuple[float, float, float]:
    """Twin of ``economy._per_dollar``: compute per $B from domestic and imported chips, and x_eff."""
    cost = _pow(P[P_YIELD_MAX] / v[V_CHINA_YIELD], P[P_COST_EXPONENT], memo, M_COST)
    domestic = P[P_KAPPA_M0] * (v[V_CHINA_CHIP_PERF] / P[P_CHIP_PERF0]) * P[P_COST0] / cost
    x_eff = v[V_US_EXPORT_CONTROLS] * v[V_US_ENFORCEMENT]
    openness = _max(1.0 - x_eff, 1e-6) / P[P_OPENNESS0]
    imported = P[P_KAPPA_M0] * v[V_US_FRONTIER_PERF] * _pow(openness, P[P_OMEGA], memo, M_OPENNESS) * v[V_CHINA_FOREIGN_ACCESS]
    return domestic, _max(imported, 1e-9), x_eff


@njit(cache=True, inline='always')
def _firm_revenue(v: np.ndarray, P: np.ndarray, u: float, x_eff: float, gdp_drag: float, hit: float) -> float:
    """Twin of ``economy._firm_revenue`` (``hit``: the shock net of the hedge)."""
    scale, west_weight, china_term, uplift, cut = _revenue_parts(v, P, x_eff)
    return _revenue(v, u, scale, west_weight, china_term, uplift, cut, gdp_drag, hit)


@njit(cache=True, inline='always')
def _revenue_parts(v: np.ndarray, P: np.ndarray, x_eff: float) -> tuple[float, float, float, float, float]:
    """What of ``_firm_revenue`` the pull does not move: the scale, the western weight, the Chinese
    term, and the two factors on western demand."""
    uplift = 1.0 + P[P_US_FAB_UPLIFT] * v[V_FIRM_US_FAB]
    cut = 1.0 - P[P_SANCTION_US_CUT] * v[V_FIRM_SANCTIONED_US]
    s = v[V_CHINA_DOMESTIC_BUY]
    openness = (1.0 - s) * (1.0 - x_eff) / P[P_FIRM_OPENNESS0]
    china = (v[V_CHINA_CAPEX] / P[P_CHINA_CAPEX0]) * (openness + P[P_JV_FLOW] * v[V_FIRM_JV])
    china = china * (1.0 - v[V_FIRM_SANCTIONED_CHINA])
    share = v[V_FIRM_CHINA_REVENUE_SHARE]
    return P[P_FIRM_REVENUE0] * v[V_FIRM_CAPACITY], 1.0 - share, share * china, uplift, cut


@njit(cache=True, inline='always')
def _revenue(v: np.ndarray, u: float, scale: float, west_weight: float, china_term: float, uplift: float, cut: float,
             gdp_drag: float, hit: float) -> float:
    """``_firm_revenue`` from its ``_revenue_parts``."""
    west = (v[V_US_CAPEX] + u * v[V_WORLD_ROW_CAPEX]) / v[V_FIRM_WEST_DEMAND0]
    west = west * uplift * cut
    gross = scale * (west_weight * west + china_term)
    return _max(gross * (1.0 - hit) * (1.0 - gdp_drag), 0.0)


@njit(cache=True, inline='always')
def _world_total(v: np.ndarray) -> tuple[float, float, float]:
    """The US's and China's compute and the world's (with the rest of the world's), as ``derive`` bounds them."""
    k_us = v[V_US_COMPUTE]
    k_cn = _max(v[V_CHINA_COMPUTE_DOMESTIC] + v[V_CHINA_COMPUTE_IMPORTED], 1e-9)
    return k_us, k_cn, _max(k_us + k_cn + v[V_WORLD_ROW_COMPUTE], 1e-9)


@njit(cache=True, inline='always')
def _vendor_share(v: np.ndarray, u: float) -> float:
    """``us.vendor_share`` before its bounds, given the pull ``u``."""
    spend = _max(v[V_US_CAPEX] + v[V_WORLD_ROW_CAPEX] + v[V_CHINA_CAPEX], 1e-9)
    return (v[V_US_CAPEX] + u * v[V_WORLD_ROW_CAPEX] + (1.0 - v[V_CHINA_DOMESTIC_BUY]) * v[V_CHINA_CAPEX]) / spend


@njit(cache=True)
def derive(v: np.ndarray, board: np.ndarray, weights: np.ndarray, P: np.ndarray, display: bool,
           out: np.ndarray, memo: np.ndarray) -> None:
    """Twin of ``economy.derive``: every output into ``out`` (``display=False`` leaves the
    ``DISPLAY_OUTPUTS`` slots as they were)."""
    _derive(v, _us_stack_pull(board, weights), P, display, out, memo)


@njit(cache=True)
def _derive(v: np.ndarray, u: float, P: np.ndarray, display: bool, out: np.ndarray, memo: np.ndarray) -> None:
    """``derive`` given the US stack's pull ``u``."""
    _derive_free(v, P, display, out, memo)
    _derive_board(v, u, P[P_GDP_DRAG_FULL] * v[V_WORLD_FRAGMENTATION], v[V_FIRM_SHOCK] * (1.0 - v[V_FIRM_HEDGE]), P, out)


#: The outputs the board moves (through the US stack's pull and the rest of the world's compute);
#: ``_derive_board`` writes them, ``_derive_free`` every other.
BOARD_OUTPUTS = (D_US_WORLD_SHARE, D_CHINA_WORLD_SHARE, D_US_VENDOR_SHARE, D_WORLD_US_STACK_SHARE, D_FIRM_REVENUE)


@njit(cache=True, inline='always')
def _derive_free(v: np.ndarray, P: np.ndarray, display: bool, out: np.ndarray, memo: np.ndarray) -> None:
    """The outputs of ``derive`` that neither the board nor the rest of the world's compute moves."""
    k_us, k_dom, k_imp = v[V_US_COMPUTE], v[V_CHINA_COMPUTE_DOMESTIC], v[V_CHINA_COMPUTE_IMPORTED]
    k_cn = _max(k_dom + k_imp, 1e-9)
    boost = P[P_ALLIANCE_BOOST]
    keff_us = v[V_US_EFFICIENCY] * k_us * (1.0 + boost * v[V_US_ALLIANCE])
    keff_cn = v[V_CHINA_EFFICIENCY] * k_cn * (1.0 + boost * v[V_CHINA_ALLIANCE])
    # The frontier's annual growth at this quarter's pace (depreciated stock plus this quarter's
    # purchases, over the stock): a one-off shock moves it once and fades, never replayed a year later.
    pace = (P[P_DEP] * k_us + P[P_KAPPA] * v[V_US_FRONTIER_PERF] * v[V_US_CAPEX]
            / (1.0 + P[P_RARE_EARTH_PREMIUM] * v[V_CHINA_RARE_EARTH_CURBS])) / _max(k_us, 1e-9)
    growth = _max(pace * pace * (pace * pace) * P[P_ALGO_PROGRESS], 1.5)
    frag = v[V_WORLD_FRAGMENTATION]
    out[D_CHINA_COMPUTE] = k_cn
    out[D_CHINA_DOMESTIC_SHARE] = k_dom / k_cn
    out[D_US_EFFECTIVE_COMPUTE] = keff_us
    out[D_CHINA_EFFECTIVE_COMPUTE] = keff_cn
    out[D_WORLD_LAG] = (12.0 * _log(_max(keff_us, 1e-9) / _max(keff_cn, 1e-9), memo, M_LAG_RATIO)
                        / _log(growth, memo, M_LAG_GROWTH))
    out[D_WORLD_COMPUTE_RATIO] = k_us / k_cn
    out[D_WORLD_FRAG_COST] = P[P_FRAGMENTATION_COST0] * frag / P[P_FRAGMENTATION0]
    out[D_WORLD_GDP_DRAG] = P[P_GDP_DRAG_FULL] * frag
    out[D_US_EXPORT_CONTROLS_EFF] = v[V_US_EXPORT_CONTROLS] * v[V_US_ENFORCEMENT]
    if display:
        out[D_US_CAPABILITY] = 100.0 * (_max(keff_us, 0.0) / P[P_K_US0]) ** P[P_GAMMA]
        out[D_CHINA_CAPABILITY] = 100.0 * (keff_cn / P[P_K_US0]) ** P[P_GAMMA]
    for i in (D_CHINA_COMPUTE, D_CHINA_DOMESTIC_SHARE, D_US_EFFECTIVE_COMPUTE, D_CHINA_EFFECTIVE_COMPUTE, D_WORLD_LAG,
              D_WORLD_COMPUTE_RATIO, D_WORLD_FRAG_COST, D_WORLD_GDP_DRAG, D_US_EXPORT_CONTROLS_EFF):
        out[i] = _clip(out[i], P[P_LO + i], P[P_HI + i])
    if display:
        for i in (D_US_CAPABILITY, D_CHINA_CAPABILITY):
            out[i] = _clip(out[i], P[P_LO + i], P[P_HI + i])


@njit(cache=True, inline='always')
def _derive_board(v: np.ndarray, u: float, gdp_drag: float, hit: float, P: np.ndarray, out: np.ndarray) -> None:
    """The ``BOARD_OUTPUTS`` of ``derive``, given the pull ``u``, the GDP drag and the firm's net shock
    (both as ``derive`` works them out from ``v``; the caller may have them from an earlier ``v``)."""
    k_us, k_cn, total = _world_total(v)
    out[D_US_WORLD_SHARE] = k_us / total
    out[D_CHINA_WORLD_SHARE] = k_cn / total
    out[D_US_VENDOR_SHARE] = _vendor_share(v, u)
    out[D_WORLD_US_STACK_SHARE] = u
    # Revenue sees the GDP drag before the bounds hold it, as in Python.
    out[D_FIRM_REVENUE] = _firm_revenue(v, P, u, v[V_US_EXPORT_CONTROLS] * v[V_US_ENFORCEMENT], gdp_drag, hit)
    for i in BOARD_OUTPUTS:
        out[i] = _clip(out[i], P[P_LO + i], P[P_HI + i])


@njit(cache=True, inline='always')
def _china_capex_step(P: np.ndarray, quarter_index: int) -> float:
    """``(1.0 + g_cn) ** 0.25`` of ``advance_quarter``: from the table in ``P``, or computed as Python does."""
    if 0 <= quarter_index < len(P) - P_CHINA_CAPEX_STEP:
        return P[P_CHINA_CAPEX_STEP + quarter_index]
    g_cn = P[P_CHINA_GROWTH_LONG] + P[P_CHINA_GROWTH_SPAN] * math.exp(-quarter_index / P[P_CHINA_GROWTH_TAU])
    return (1.0 + g_cn) ** P[P_QUARTER]


@njit(cache=True, inline='always')
def _us_capex_next(v: np.ndarray, P: np.ndarray, memo: np.ndarray) -> float:
    return v[V_US_CAPEX] * _pow(_max(1.0 + v[V_US_CAPEX_GROWTH], 0.0), P[P_QUARTER], memo, M_CAPEX)


@njit(cache=True, inline='always')
def _china_capex_next(v: np.ndarray, P: np.ndarray, quarter_index: int, memo: np.ndarray) -> float:
    """China's capex grows on its planned path, faster as the US pulls further ahead than the
    end-2025 ratio, slower as China closes in (the response is held between -50% and +50% a quarter)."""
    k_cn = _max(v[V_CHINA_COMPUTE_DOMESTIC] + v[V_CHINA_COMPUTE_IMPORTED], 1e-9)
    gap = _max(v[V_US_COMPUTE], 1e-9) / k_cn / P[P_RATIO0]
    response = _clip(1.0 + P[P_CAPEX_RESPONSE] * _log(gap, memo, M_RESPONSE), 0.5, 1.5)
    return v[V_CHINA_CAPEX] * _china_capex_step(P, quarter_index) * response


@njit(cache=True, inline='always')
def _row_capex_next(v: np.ndarray, P: np.ndarray) -> float:
    return v[V_WORLD_ROW_CAPEX] * P[P_ROW_STEP]


@njit(cache=True)
def advance_one(v: np.ndarray, board: np.ndarray, weights: np.ndarray, P: np.ndarray, quarter_index: int, col: int,
                new: np.ndarray, new_board: np.ndarray, scratch_out: np.ndarray, memo: np.ndarray,
                keep: np.ndarray) -> float:
    """``advance``'s next value of column ``col`` alone, bit for bit.

    The three budgets (US, China, rest of the world) grow by their own rates and read nothing else, so
    they are computed alone; any other column runs the whole of ``advance`` (into ``new``,
    ``new_board``, ``scratch_out`` and ``keep``). A quarter's end asks this of every modified variable.
    """
    if col == V_US_CAPEX:
        return _us_capex_next(v, P, memo)
    if col == V_CHINA_CAPEX:
        return _china_capex_next(v, P, quarter_index, memo)
    if col == V_WORLD_ROW_CAPEX:
        return _row_capex_next(v, P)
    advance(v, board, weights, P, quarter_index, new, new_board, scratch_out, memo, keep)
    return new[col]


# Slots of ``keep``: what ``_advance_free`` leaves for ``_advance_board`` (and ``project_free`` for
# ``project_seat``), so that the board's part of a quarter can run again for another board.
K_PER_DOLLAR, K_US_PER_DOLLAR, K_TIER_FACTOR, K_ROW_KEPT, K_ROW_CAPEX, K_PROFIT, K_DRIFT = range(7)
K_GDP_DRAG, K_HIT, K_SCALE, K_WEST_WEIGHT, K_CHINA_TERM, K_UPLIFT, K_CUT = range(7, 14)  # the revenue's
N_KEEP = 14


@njit(cache=True)
def advance(v: np.ndarray, board: np.ndarray, weights: np.ndarray, P: np.ndarray, quarter_index: int,
            new: np.ndarray, new_board: np.ndarray, scratch_out: np.ndarray, memo: np.ndarray, keep: np.ndarray) -> None:
    """Twin of ``economy.advance_quarter``: the next state into ``new``, the next board into ``new_board``.

    ``scratch_out`` (``N_DERIVED`` floats) takes the outputs of the new state, ``keep`` (``N_KEEP``)
    what the board's part reads. ``new`` may be ``v`` and ``new_board`` may be ``board``: every value
    is read before it is written.

    The board moves little of a quarter: the US stack's pull, and through it the rest of the world's
    compute, the outputs ``BOARD_OUTPUTS`` and the firm's profit. The drift of the alignments does not
    read the board. So the quarter is worked out in two parts, and a caller that needs it for several
    boards from one state (the greedy bot's influence moves) runs the first part once. Of the
    ``BOARD_OUTPUTS`` only the firm's revenue, which the profit needs, reaches ``scratch_out``.
    """
    _advance_free(v, P, quarter_index, new, scratch_out, memo, keep)
    _advance_board(_us_stack_pull(board, weights), board, P, new, new_board, scratch_out, keep)


@njit(cache=True)
def _advance_free(v: np.ndarray, P: np.ndarray, quarter_index: int, new: np.ndarray, out: np.ndarray,
                  memo: np.ndarray, keep: np.ndarray) -> None:
    """``advance`` but for what the board moves: every column of ``new`` except the rest of the world's
    compute and the firm's profit, the outputs but ``BOARD_OUTPUTS`` into ``out``, and ``keep``."""
    d, imp, x_eff = _per_dollar(v, P, memo)
    dep = P[P_DEP]
    b_cn = v[V_CHINA_CAPEX]
    # China's purchasing.
    buy = v[V_CHINA_DOMESTIC_BUY]
    target = _clip(v[V_CHINA_POLICY_PUSH] + P[P_MANDATE_BETA] * v[V_CHINA_MANDATE]
                   + P[P_DOMESTIC_COST_BETA] * _log(d / imp, memo, M_TARGET), 0.0, 0.95)
    s = buy + P[P_SWITCH_SPEED] * (target - buy)
    fab_cap = (v[V_CHINA_FAB_CAPACITY] * (v[V_CHINA_YIELD] / P[P_YIELD0])
               * (v[V_CHINA_CHIP_PERF] / P[P_CHIP_PERF0]))
    # Domestic output is held by the fabs and by the high-bandwidth memory each accelerator needs.
    hbm_cap = v[V_CHINA_HBM_SUPPLY] * (v[V_CHINA_CHIP_PERF] / P[P_CHIP_PERF0])
    delivered = _min(_min(s * b_cn * d, fab_cap), hbm_cap)
    imported = ((1.0 - s) * b_cn + (s * b_cn - delivered / d)) * imp
    # Every new rack needs power: what cannot be connected this quarter is not built.
    china_power_cap = v[V_CHINA_POWER] * P[P_CU_PER_GW] * v[V_US_FRONTIER_PERF] / v[V_CHINA_POWER_USE]
    china_added = delivered + imported
    if china_added > china_power_cap:
        powered = china_power_cap / china_added
        delivered = delivered * powered
        imported = imported * powered
    compute_domestic = dep * v[V_CHINA_COMPUTE_DOMESTIC] + delivered
    compute_imported = dep * v[V_CHINA_COMPUTE_IMPORTED] + imported
    # The US and the rest of the world (its compute: ``_advance_board``).
    ree = 1.0 + P[P_RARE_EARTH_PREMIUM] * v[V_CHINA_RARE_EARTH_CURBS]
    us_per_dollar = P[P_KAPPA] * v[V_US_FRONTIER_PERF] / ree
    us_power_cap = v[V_US_POWER] * P[P_CU_PER_GW] * v[V_US_FRONTIER_PERF]
    us_compute = dep * v[V_US_COMPUTE] + _min(us_per_dollar * v[V_US_CAPEX], us_power_cap)
    ago1, ago2, ago3 = v[V_US_COMPUTE], v[V_US_COMPUTE_AGO1], v[V_US_COMPUTE_AGO2]
    ago4 = v[V_US_COMPUTE_AGO3]
    keep[K_PER_DOLLAR], keep[K_US_PER_DOLLAR] = d, us_per_dollar
    keep[K_TIER_FACTOR] = 1.0 - P[P_TIER_PENALTY] * v[V_US_DIFFUSION_TIERS]
    keep[K_ROW_KEPT], keep[K_ROW_CAPEX] = dep * v[V_WORLD_ROW_COMPUTE], v[V_WORLD_ROW_CAPEX]
    keep[K_PROFIT] = v[V_FIRM_PROFIT]
    # Scarcity, learning curves, budgets.
    k_cn = _max(compute_domestic + compute_imported, 1e-9)
    scarcity = 1.0 + P[P_EPSILON] * _log(_max(us_compute / k_cn, 1.0), memo, M_SCARCITY)
    efficiency = v[V_CHINA_EFFICIENCY] + P[P_EFFICIENCY_ADJUST] * (scarcity - v[V_CHINA_EFFICIENCY])
    yield_ = v[V_CHINA_YIELD] + P[P_YIELD_LEARNING] * (P[P_YIELD_MAX] - v[V_CHINA_YIELD])
    chip_perf = _min(v[V_CHINA_CHIP_PERF] * P[P_CHIP_PERF_STEP],
                     _max(v[V_CHINA_CHIP_PERF_MAX], v[V_CHINA_CHIP_PERF]))
    litho = P[P_LITHO_DUV] + (1.0 - P[P_LITHO_DUV]) * v[V_CHINA_EUV]
    fab_capacity = v[V_CHINA_FAB_CAPACITY] * (1.0 + v[V_CHINA_FAB_GROWTH] * litho)
    frontier_perf = v[V_US_FRONTIER_PERF] * P[P_FRONTIER_STEP]
    us_capex = _us_capex_next(v, P, memo)
    china_capex = _china_capex_next(v, P, quarter_index, memo)
    row_capex = _row_capex_next(v, P)
    for i in range(N_VALUES):
        new[i] = v[i]
    new[V_CHINA_DOMESTIC_BUY] = s
    new[V_CHINA_COMPUTE_DOMESTIC] = compute_domestic
    new[V_CHINA_COMPUTE_IMPORTED] = compute_imported
    new[V_US_COMPUTE] = us_compute
    new[V_US_COMPUTE_AGO1], new[V_US_COMPUTE_AGO2], new[V_US_COMPUTE_AGO3] = ago1, ago2, ago3
    new[V_US_COMPUTE_AGO4] = ago4
    new[V_CHINA_EFFICIENCY] = efficiency
    new[V_CHINA_YIELD] = yield_
    new[V_CHINA_CHIP_PERF] = chip_perf
    new[V_CHINA_FAB_CAPACITY] = fab_capacity
    new[V_US_FRONTIER_PERF] = frontier_perf
    new[V_US_CAPEX] = us_capex
    new[V_CHINA_CAPEX] = china_capex
    new[V_WORLD_ROW_CAPEX] = row_capex
    new[V_CHINA_HBM_SUPPLY] = v[V_CHINA_HBM_SUPPLY] * (1.0 + v[V_CHINA_HBM_GROWTH])
    new[V_US_POWER] = v[V_US_POWER] * P[P_POWER_STEP]
    new[V_CHINA_POWER] = v[V_CHINA_POWER] * P[P_POWER_STEP]
    # The slow variables follow the outputs at the new state (on the old board). Those read from
    # ``v`` below are either not evolving or not yet written, so ``new`` may be ``v``.
    frag = v[V_WORLD_FRAGMENTATION]
    keep[K_GDP_DRAG] = P[P_GDP_DRAG_FULL] * frag
    keep[K_HIT] = v[V_FIRM_SHOCK] * (1.0 - v[V_FIRM_HEDGE])
    keep[K_SCALE], keep[K_WEST_WEIGHT], keep[K_CHINA_TERM], keep[K_UPLIFT], keep[K_CUT] = _revenue_parts(new, P, x_eff)
    _derive_free(new, P, False, out, memo)
    # (Diffusion tiers push only the tier-2 states a scenario names: ``core.quarter.swing_states``.)
    keep[K_DRIFT] = (P[P_ALIGN_LEADER_PULL] * (out[D_WORLD_LAG] - P[P_LAG0]) / 6.0
                     - P[P_ALIGN_CONTROL_PUSH] * _max(0.0, x_eff - P[P_X_EFF0]))
    frag_target = _clip(P[P_FRAGMENTATION0] + P[P_FRAG_W_CONTROLS] * (x_eff - P[P_X_EFF0])
                        + P[P_FRAG_W_DOMESTIC] * (s - 0.40) + P[P_FRAG_W_RARE_EARTH] * v[V_CHINA_RARE_EARTH_CURBS]
                        + P[P_FRAG_W_MANDATE] * v[V_CHINA_MANDATE] + P[P_FRAG_W_TIERS] * v[V_US_DIFFUSION_TIERS]
                        - v[V_WORLD_COMMONS], 0.0, 1.0)
    new[V_WORLD_FRAGMENTATION] = frag + P[P_FRAG_SPEED] * (frag_target - frag)
    new[V_WORLD_FRAG_COST_TOTAL] = v[V_WORLD_FRAG_COST_TOTAL] + out[D_WORLD_FRAG_COST] / 4.0
    # Inference rises by its step to its target, and a share a card put past the target stays there.
    inference = v[V_WORLD_INFERENCE_SHARE]
    new[V_WORLD_INFERENCE_SHARE] = _max(inference, _min(inference + P[P_INFERENCE_STEP], P[P_INFERENCE_TARGET]))
    new[V_FIRM_SHOCK] = v[V_FIRM_SHOCK] * 0.0  # not 0.0: a shock of -0.0 stays -0.0, as in Python


@njit(cache=True, inline='always')
def _advance_board(u: float, board: np.ndarray, P: np.ndarray, new: np.ndarray, new_board: np.ndarray,
                   out: np.ndarray, keep: np.ndarray) -> None:
    """The rest of ``advance`` after ``_advance_free``, for ``board`` (whose pull is ``u``): it may run
    again for another board."""
    new[V_WORLD_ROW_COMPUTE] = _row_compute(u, keep)
    out[D_FIRM_REVENUE] = _quarter_revenue(u, new, P, keep)
    _drift_board(board, keep, new_board)
    new[V_FIRM_PROFIT] = keep[K_PROFIT] + P[P_FIRM_MARGIN] * out[D_FIRM_REVENUE]


@njit(cache=True, inline='always')
def _row_compute(u: float, keep: np.ndarray) -> float:
    """The rest of the world's next compute, given the pull ``u`` of the board it buys on."""
    row_mix = u * keep[K_US_PER_DOLLAR] * keep[K_TIER_FACTOR] + (1.0 - u) * keep[K_PER_DOLLAR]
    return keep[K_ROW_KEPT] + keep[K_ROW_CAPEX] * row_mix


@njit(cache=True, inline='always')
def _quarter_revenue(u: float, new: np.ndarray, P: np.ndarray, keep: np.ndarray) -> float:
    """The firm's revenue at the new state (bounded), with the fragmentation and shock it had before they moved."""
    rev = _revenue(new, u, keep[K_SCALE], keep[K_WEST_WEIGHT], keep[K_CHINA_TERM], keep[K_UPLIFT], keep[K_CUT],
                   keep[K_GDP_DRAG], keep[K_HIT])
    return _clip(rev, P[P_LO + D_FIRM_REVENUE], P[P_HI + D_FIRM_REVENUE])


@njit(cache=True, inline='always')
def _drift_board(board: np.ndarray, keep: np.ndarray, new_board: np.ndarray) -> None:
    drift = keep[K_DRIFT]
    for i in range(len(board)):
        new_board[i] = _clip(board[i] + drift, -3.0, 3.0)


@njit(cache=True)
def project_free(v: np.ndarray, P: np.ndarray, quarter_index: int, new: np.ndarray, out: np.ndarray,
                 out_new: np.ndarray, memo: np.ndarray, keep: np.ndarray) -> None:
    """The board-free part of a projection (``advance``, then ``derive`` and ``quarter_vp`` of the new
    state): ``_advance_free``, and the outputs but ``BOARD_OUTPUTS`` of the new state into ``out_new``.
    ``project_seat`` does the rest, for one board or many."""
    _advance_free(v, P, quarter_index, new, out, memo, keep)
    _derive_free(new, P, False, out_new, memo)


@njit(cache=True)
def project_seat(board: np.ndarray, weights: np.ndarray, P: np.ndarray, new: np.ndarray, new_board: np.ndarray,
                 out_new: np.ndarray, keep: np.ndarray, kind: int) -> float:
    """After ``project_free`` of a state ``v``: the points ``quarter_vp`` gives seat ``kind`` (``VP_*``) at
    ``advance`` of ``v`` on ``board``, bit for bit. It works out only what that seat's points read
    (the US: the new board and its pull; China: the rest of the world's compute and the new board; the
    firm: its revenue), so ``new`` and ``new_board`` are left part-way. It may run again for another board."""
    if kind == VP_FIRM:
        profit = keep[K_PROFIT] + P[P_FIRM_MARGIN] * _quarter_revenue(_us_stack_pull(board, weights), new, P, keep)
        return _vp_firm(P, new, profit - keep[K_PROFIT])
    _drift_board(board, keep, new_board)
    n_us, n_cn = _aligned_counts(new_board, P[P_ALIGNED_AT])
    lag, frag = out_new[D_WORLD_LAG], out_new[D_WORLD_FRAG_COST] / 1000.0
    if kind == VP_US:
        vendor = _clip(_vendor_share(new, _us_stack_pull(new_board, weights)),
                       P[P_LO + D_US_VENDOR_SHARE], P[P_HI + D_US_VENDOR_SHARE])
        return _vp_us(P, lag, n_us, vendor, frag)
    new[V_WORLD_ROW_COMPUTE] = _row_compute(_us_stack_pull(board, weights), keep)
    _, k_cn, total = _world_total(new)
    share = _clip(k_cn / total, P[P_LO + D_CHINA_WORLD_SHARE], P[P_HI + D_CHINA_WORLD_SHARE])
    return _vp_china(P, lag, out_new[D_CHINA_DOMESTIC_SHARE], n_cn, share, frag)


@njit(cache=True, inline='always')
def _aligned_counts(board: np.ndarray, at: float) -> tuple[float, float]:
    """Swing states aligned with the US and with China: a state at ``at`` steps or more toward a side
    counts one for it, a state short of that its share of the way there (issue 14: a step toward
    either side is worth points wherever the state starts, not only when it crosses a line)."""
    n_us = n_cn = 0.0
    for a in board:
        n_us += _clip(a / at, 0.0, 1.0)
        n_cn += _clip(-a / at, 0.0, 1.0)
    return n_us, n_cn


#: Each seat kind's slot in ``quarter_vp``'s points.
VP_US, VP_CHINA, VP_FIRM = range(3)


@njit(cache=True, inline='always')
def quarter_vp(values: np.ndarray, out: np.ndarray, board: np.ndarray, P: np.ndarray, firm_profit: float,
               vp: np.ndarray) -> None:
    """Twin of ``scoring.quarter_vp``: the quarter's points of (us, china, firm) into ``vp``.

    ``values`` is the state (``V_*``), ``out`` its outputs (``D_*``).
    """
    n_us, n_cn = _aligned_counts(board, P[P_ALIGNED_AT])
    lag = out[D_WORLD_LAG]
    frag = out[D_WORLD_FRAG_COST] / 1000.0
    vp[VP_US] = _vp_us(P, lag, n_us, out[D_US_VENDOR_SHARE], frag)
    vp[VP_CHINA] = _vp_china(P, lag, out[D_CHINA_DOMESTIC_SHARE], n_cn, out[D_CHINA_WORLD_SHARE], frag)
    vp[VP_FIRM] = _vp_firm(P, values, firm_profit)


@njit(cache=True, inline='always')
def _vp_us(P: np.ndarray, lag: float, n_us: float, vendor_share: float, frag: float) -> float:
    return (P[P_VP_LAG] * (lag - P[P_LAG0]) + P[P_VP_STATE] * n_us
            + P[P_VP_VENDOR] * (vendor_share - 0.85) - P[P_VP_FRAG_US] * frag)


@njit(cache=True, inline='always')
def _vp_china(P: np.ndarray, lag: float, domestic_share: float, n_cn: float, world_share: float, frag: float) -> float:
    return (P[P_VP_LAG] * (P[P_LAG0] - lag) + P[P_VP_DOMESTIC] * (domestic_share - 0.30)
            + P[P_VP_STATE] * n_cn + P[P_VP_SHARE] * (world_share - 0.09) - P[P_VP_FRAG_CHINA] * frag)


@njit(cache=True, inline='always')
def _vp_firm(P: np.ndarray, values: np.ndarray, firm_profit: float) -> float:
    sanctions = values[V_FIRM_SANCTIONED_US] + values[V_FIRM_SANCTIONED_CHINA]
    return P[P_VP_PROFIT] * (firm_profit - P[P_FIRM_PROFIT0]) - P[P_VP_SANCTION] * sanctions
