"""The economic model and the quarter's points, compiled with numba, for one game's arrays.

The game kernel plays millions of quarters, so it cannot afford a dict per call: these functions
read a game's state from a float array (columns ``V.*``, in ``STATE_VARIABLES`` order) and the model's
parameters from one record (``P.*``, ``PARAMS``), and write into arrays the caller owns (``D.*``, in
``DERIVED`` order). Each is the bit-exact twin of its
Python namesake with scalar math: the same IEEE operations in the same order, Python's tie rules
for ``min``, ``max`` and clipping, and libm's ``log``, ``exp`` and ``pow`` (as ``math`` calls them).
Two rules keep it exact: every exponent is read from ``P`` at run time (LLVM may rewrite a power
with a constant exponent, ``x ** 0.5`` into a square root), and every number taken from another
module comes through ``P`` (``pack``), but the column numbers, which the core's cache digest covers
(``core.cache.SOURCES``).
numba's default error model is kept: a division by zero raises ``ZeroDivisionError`` here as it
does in Python. The helpers are inlined where they are called (``inline='always'``, in numba's own
IR): a call that passes a handful of arrays costs more than most of them do, and the greedy look-ahead
makes thousands a game (about 12% of its time, measured). So are ``_advance_free``, ``project_free`` and
``project_seat``, which the look-ahead calls for each move: called, each array they take is counted in and out
(numba's reference counts, dozens of calls a projection: a fifth of a greedy game's time, measured),
and inlined, none is.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from enum import IntEnum

import numpy as np
from numba import njit

from wargame.core.codes import VP_CHINA, VP_FIRM, VP_US
from wargame.model.economy import ALIGNED_AT, calibration
from wargame.model.variables import DERIVED_VARIABLES, STATE_VARIABLES, VARIABLES


# --- Layout ----------------------------------------------------------------------------------------
def _columns(name: str, paths: tuple[str, ...]) -> type[IntEnum]:
    """Constants for the columns of ``paths``, in their order: ``us.capex`` is ``<name>.US_CAPEX``.

    numba compiles a member as the constant it stands for, and plain Python indexes with it as an int.
    """
    return IntEnum(name, [(path.replace(".", "_").upper(), i) for i, path in enumerate(paths)], module=__name__)


#: Columns of a game's state (``STATE_VARIABLES``); ``world.tension`` is read by the quarter's
#: escalation rule (``core.quarter``), not by the model.
V = _columns("V", STATE_VARIABLES)
N_VALUES = len(V)
#: The model's outputs (``DERIVED_VARIABLES``): ``derive`` writes output ``D.X`` to ``out[D.X]``.
DERIVED: tuple[str, ...] = DERIVED_VARIABLES
D = _columns("D", DERIVED)
N_DERIVED = len(D)
#: Columns no function here reads (budgets and political capital): a change to them alone leaves
#: every output, new value (but their own) and point as it was. tests/test_kernel_model.py checks it.
UNREAD = (V.US_BUDGET, V.US_PC, V.CHINA_BUDGET, V.CHINA_PC, V.FIRM_BUDGET, V.FIRM_PC, V.WORLD_TENSION)

#: Model parameters the functions here read as ``parameters.yaml`` gives them (``pack`` copies each
#: by its name), and constants of the calibration (``economy.calibration``), likewise.
GIVEN = ("algo_progress", "fragmentation_cost0", "fragmentation0", "gdp_drag_full", "us_fab_uplift", "sanction_us_cut",
         "china_capex0", "jv_flow", "firm_revenue0", "yield_max", "cost_exponent", "chip_perf0", "mandate_beta",
         "domestic_cost_beta", "switch_speed", "yield0", "rare_earth_premium", "tier_penalty", "efficiency_adjust",
         "yield_learning", "china_growth_long", "china_growth_tau", "align_leader_pull", "lag0", "align_tier_push",
         "align_control_push", "frag_w_controls", "frag_w_domestic", "frag_w_rare_earth", "frag_w_mandate",
         "frag_w_tiers", "frag_speed", "inference_step", "inference_target", "firm_margin", "vp_lag", "vp_state",
         "vp_vendor", "vp_domestic", "vp_share", "vp_profit", "vp_sanction",
         "litho_duv_share",  # the share of planned fab growth DUV tools alone deliver (no EUV)
         "compute_ratio0")
CALIBRATED = ("k_us0", "gamma", "cost0", "x_eff0", "omega", "kappa", "epsilon",
              "cu_per_gw")  # compute one GW of data-centre power runs, on end-2025 frontier racks
#: Quarters of China's budget growth ``pack`` tabulates at most.
TABULATED_QUARTERS = 64
#: Everything the model reads about its parameters, by name (``pack``). A combination of parameters
#: is the expression the Python model computes, in its order of operations.
PARAMS = np.dtype([
    *((name, np.float64) for name in GIVEN + CALIBRATED),
    ("quarter", np.float64),  # the exponent 0.25 that turns an annual growth factor into a quarterly one
    ("alliance_boost", np.float64),  # alliance_max - 1.0
    ("firm_openness0", np.float64),  # (1.0 - 0.40) * (1.0 - x_eff0)
    ("kappa_m0", np.float64),  # kappa * m0
    ("openness0", np.float64),  # 1.0 - x_eff0
    ("dep", np.float64),  # 1.0 - depreciation
    ("chip_perf_step", np.float64),  # (1.0 + chip_perf_growth) ** 0.25
    ("frontier_step", np.float64),  # frontier_gain ** 0.25
    ("china_growth_span", np.float64),  # china_growth_start - china_growth_long
    ("row_step", np.float64),  # (1.0 + row_growth) ** 0.25
    ("power_step", np.float64),  # (1.0 + power_growth) ** 0.25
    ("vp_frag_us", np.float64),  # vp_frag * 0.4
    ("vp_frag_china", np.float64),  # vp_frag * 0.3
    ("firm_profit0", np.float64),  # firm_margin * firm_revenue0
    ("capex_response", np.float64),  # capex_response * 0.25: China's quarterly capex response per log of the gap's change
    ("aligned_at", np.float64),  # ``economy.ALIGNED_AT``
    ("lo", np.float64, (N_DERIVED,)), ("hi", np.float64, (N_DERIVED,)),  # the outputs' bounds
    ("capex_steps", np.float64, (TABULATED_QUARTERS,)),  # (1.0 + g_cn) ** 0.25 for quarters 0, 1, ...
    ("tabulated", np.int64),  # how many quarters ``capex_steps`` holds
])


def pack(params: Mapping[str, float], n_quarters: int = TABULATED_QUARTERS) -> np.record:
    """Everything the kernels read about the model's parameters ``params``, as one ``PARAMS`` record ``P``.

    Combinations of parameters are computed here, by the Python model's own expressions, and so is
    China's quarterly budget growth for the first ``n_quarters`` quarters (``advance`` computes later ones).
    """
    p, c = params, calibration(params)
    P = np.zeros(1, PARAMS).view(np.recarray)[0]
    for name in GIVEN:
        P[name] = p[name]
    for name in CALIBRATED:
        P[name] = c[name]
    P.quarter = 0.25
    P.alliance_boost = p["alliance_max"] - 1.0
    P.firm_openness0 = (1.0 - 0.40) * (1.0 - c["x_eff0"])
    P.kappa_m0 = c["kappa"] * c["m0"]
    P.openness0 = 1.0 - c["x_eff0"]
    P.dep = 1.0 - p["depreciation"]
    P.chip_perf_step = (1.0 + p["chip_perf_growth"]) ** 0.25
    P.frontier_step = p["frontier_gain"] ** 0.25
    P.china_growth_span = p["china_growth_start"] - p["china_growth_long"]
    P.row_step = (1.0 + p["row_growth"]) ** 0.25
    P.power_step = (1.0 + p["power_growth"]) ** 0.25
    P.vp_frag_us = p["vp_frag"] * 0.4
    P.vp_frag_china = p["vp_frag"] * 0.3
    P.firm_profit0 = p["firm_margin"] * p["firm_revenue0"]
    P.capex_response = p["capex_response"] * 0.25
    P.aligned_at = ALIGNED_AT
    P.lo[:] = [VARIABLES[name].lo for name in DERIVED]
    P.hi[:] = [VARIABLES[name].hi for name in DERIVED]
    if not 0 <= n_quarters <= TABULATED_QUARTERS:
        raise ValueError(f"pack tabulates 0 to {TABULATED_QUARTERS} quarters, not {n_quarters}")
    P.tabulated = n_quarters
    P.capex_steps[:] = np.nan
    for q in range(n_quarters):  # as advance_quarter computes g_cn
        g_cn = p["china_growth_long"] + (p["china_growth_start"] - p["china_growth_long"]) * math.exp(
            -q / p["china_growth_tau"])
        P.capex_steps[q] = (1.0 + g_cn) ** 0.25
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
def _per_dollar(v: np.ndarray, P: np.record, memo: np.ndarray) -> tuple[float, float, float]:
    """Twin of ``economy._per_dollar``: compute per $B from domestic and imported chips, and x_eff."""
    cost = _pow(P.yield_max / v[V.CHINA_YIELD], P.cost_exponent, memo, M_COST)
    domestic = P.kappa_m0 * (v[V.CHINA_CHIP_PERF] / P.chip_perf0) * P.cost0 / cost
    x_eff = v[V.US_EXPORT_CONTROLS] * v[V.US_ENFORCEMENT]
    openness = _max(1.0 - x_eff, 1e-6) / P.openness0
    imported = P.kappa_m0 * v[V.US_FRONTIER_PERF] * _pow(openness, P.omega, memo, M_OPENNESS) * v[V.CHINA_FOREIGN_ACCESS]
    return domestic, _max(imported, 1e-9), x_eff


@njit(cache=True, inline='always')
def _firm_revenue(v: np.ndarray, P: np.record, u: float, x_eff: float, gdp_drag: float, hit: float) -> float:
    """Twin of ``economy._firm_revenue`` (``hit``: the shock net of the hedge)."""
    scale, west_weight, china_term, uplift, cut = _revenue_parts(v, P, x_eff)
    return _revenue(v, u, scale, west_weight, china_term, uplift, cut, gdp_drag, hit)


@njit(cache=True, inline='always')
def _revenue_parts(v: np.ndarray, P: np.record, x_eff: float) -> tuple[float, float, float, float, float]:
    """What of ``_firm_revenue`` the pull does not move: the scale, the western weight, the Chinese
    term, and the two factors on western demand."""
    uplift = 1.0 + P.us_fab_uplift * v[V.FIRM_US_FAB]
    cut = 1.0 - P.sanction_us_cut * v[V.FIRM_SANCTIONED_US]
    s = v[V.CHINA_DOMESTIC_BUY]
    openness = (1.0 - s) * (1.0 - x_eff) / P.firm_openness0
    china = (v[V.CHINA_CAPEX] / P.china_capex0) * (openness + P.jv_flow * v[V.FIRM_JV])
    china = china * (1.0 - v[V.FIRM_SANCTIONED_CHINA])
    share = v[V.FIRM_CHINA_REVENUE_SHARE]
    return P.firm_revenue0 * v[V.FIRM_CAPACITY], 1.0 - share, share * china, uplift, cut


@njit(cache=True, inline='always')
def _revenue(v: np.ndarray, u: float, scale: float, west_weight: float, china_term: float, uplift: float, cut: float,
             gdp_drag: float, hit: float) -> float:
    """``_firm_revenue`` from its ``_revenue_parts``."""
    west = (v[V.US_CAPEX] + u * v[V.WORLD_ROW_CAPEX]) / v[V.FIRM_WEST_DEMAND0]
    west = west * uplift * cut
    gross = scale * (west_weight * west + china_term)
    return _max(gross * (1.0 - hit) * (1.0 - gdp_drag), 0.0)


@njit(cache=True, inline='always')
def _world_total(v: np.ndarray) -> tuple[float, float, float]:
    """The US's and China's compute and the world's (with the rest of the world's), as ``derive`` bounds them."""
    k_us = v[V.US_COMPUTE]
    k_cn = _max(v[V.CHINA_COMPUTE_DOMESTIC] + v[V.CHINA_COMPUTE_IMPORTED], 1e-9)
    return k_us, k_cn, _max(k_us + k_cn + v[V.WORLD_ROW_COMPUTE], 1e-9)


@njit(cache=True, inline='always')
def _vendor_share(v: np.ndarray, u: float) -> float:
    """``us.vendor_share`` before its bounds, given the pull ``u``."""
    spend = _max(v[V.US_CAPEX] + v[V.WORLD_ROW_CAPEX] + v[V.CHINA_CAPEX], 1e-9)
    return (v[V.US_CAPEX] + u * v[V.WORLD_ROW_CAPEX] + (1.0 - v[V.CHINA_DOMESTIC_BUY]) * v[V.CHINA_CAPEX]) / spend


@njit(cache=True)
def derive(v: np.ndarray, board: np.ndarray, weights: np.ndarray, P: np.record, display: bool,
           out: np.ndarray, memo: np.ndarray) -> None:
    """Twin of ``economy.derive``: every output into ``out`` (``display=False`` leaves the
    ``DISPLAY_OUTPUTS`` slots as they were)."""
    _derive(v, _us_stack_pull(board, weights), P, display, out, memo)


@njit(cache=True)
def _derive(v: np.ndarray, u: float, P: np.record, display: bool, out: np.ndarray, memo: np.ndarray) -> None:
    """``derive`` given the US stack's pull ``u``."""
    _derive_free(v, P, display, out, memo)
    _derive_board(v, u, P.gdp_drag_full * v[V.WORLD_FRAGMENTATION], v[V.FIRM_SHOCK] * (1.0 - v[V.FIRM_HEDGE]), P, out)


#: The outputs the board moves (through the US stack's pull and the rest of the world's compute);
#: ``_derive_board`` writes them, ``_derive_free`` every other.
BOARD_OUTPUTS = (D.US_WORLD_SHARE, D.CHINA_WORLD_SHARE, D.US_VENDOR_SHARE, D.WORLD_US_STACK_SHARE, D.FIRM_REVENUE)


@njit(cache=True, inline='always')
def _derive_free(v: np.ndarray, P: np.record, display: bool, out: np.ndarray, memo: np.ndarray) -> None:
    """The outputs of ``derive`` that neither the board nor the rest of the world's compute moves."""
    k_us, k_dom, k_imp = v[V.US_COMPUTE], v[V.CHINA_COMPUTE_DOMESTIC], v[V.CHINA_COMPUTE_IMPORTED]
    k_cn = _max(k_dom + k_imp, 1e-9)
    boost = P.alliance_boost
    keff_us = v[V.US_EFFICIENCY] * k_us * (1.0 + boost * v[V.US_ALLIANCE])
    keff_cn = v[V.CHINA_EFFICIENCY] * k_cn * (1.0 + boost * v[V.CHINA_ALLIANCE])
    # The frontier's annual growth at this quarter's pace (depreciated stock plus this quarter's
    # purchases, over the stock): a one-off shock moves it once and fades, never replayed a year later.
    pace = (P.dep * k_us + P.kappa * v[V.US_FRONTIER_PERF] * v[V.US_CAPEX]
            / (1.0 + P.rare_earth_premium * v[V.CHINA_RARE_EARTH_CURBS])) / _max(k_us, 1e-9)
    growth = _max(pace * pace * (pace * pace) * P.algo_progress, 1.5)
    frag = v[V.WORLD_FRAGMENTATION]
    out[D.CHINA_COMPUTE] = k_cn
    out[D.CHINA_DOMESTIC_SHARE] = k_dom / k_cn
    out[D.US_EFFECTIVE_COMPUTE] = keff_us
    out[D.CHINA_EFFECTIVE_COMPUTE] = keff_cn
    out[D.WORLD_LAG] = (12.0 * _log(_max(keff_us, 1e-9) / _max(keff_cn, 1e-9), memo, M_LAG_RATIO)
                        / _log(growth, memo, M_LAG_GROWTH))
    out[D.WORLD_COMPUTE_RATIO] = k_us / k_cn
    out[D.WORLD_FRAG_COST] = P.fragmentation_cost0 * frag / P.fragmentation0
    out[D.WORLD_GDP_DRAG] = P.gdp_drag_full * frag
    out[D.US_EXPORT_CONTROLS_EFF] = v[V.US_EXPORT_CONTROLS] * v[V.US_ENFORCEMENT]
    if display:
        out[D.US_CAPABILITY] = 100.0 * (_max(keff_us, 0.0) / P.k_us0) ** P.gamma
        out[D.CHINA_CAPABILITY] = 100.0 * (keff_cn / P.k_us0) ** P.gamma
    for i in (D.CHINA_COMPUTE, D.CHINA_DOMESTIC_SHARE, D.US_EFFECTIVE_COMPUTE, D.CHINA_EFFECTIVE_COMPUTE, D.WORLD_LAG,
              D.WORLD_COMPUTE_RATIO, D.WORLD_FRAG_COST, D.WORLD_GDP_DRAG, D.US_EXPORT_CONTROLS_EFF):
        out[i] = _clip(out[i], P.lo[i], P.hi[i])
    if display:
        for i in (D.US_CAPABILITY, D.CHINA_CAPABILITY):
            out[i] = _clip(out[i], P.lo[i], P.hi[i])


@njit(cache=True, inline='always')
def _derive_board(v: np.ndarray, u: float, gdp_drag: float, hit: float, P: np.record, out: np.ndarray) -> None:
    """The ``BOARD_OUTPUTS`` of ``derive``, given the pull ``u``, the GDP drag and the firm's net shock
    (both as ``derive`` works them out from ``v``; the caller may have them from an earlier ``v``)."""
    k_us, k_cn, total = _world_total(v)
    out[D.US_WORLD_SHARE] = k_us / total
    out[D.CHINA_WORLD_SHARE] = k_cn / total
    out[D.US_VENDOR_SHARE] = _vendor_share(v, u)
    out[D.WORLD_US_STACK_SHARE] = u
    # Revenue sees the GDP drag before the bounds hold it, as in Python.
    out[D.FIRM_REVENUE] = _firm_revenue(v, P, u, v[V.US_EXPORT_CONTROLS] * v[V.US_ENFORCEMENT], gdp_drag, hit)
    for i in BOARD_OUTPUTS:
        out[i] = _clip(out[i], P.lo[i], P.hi[i])


@njit(cache=True, inline='always')
def _china_capex_step(P: np.record, quarter_index: int) -> float:
    """``(1.0 + g_cn) ** 0.25`` of ``advance_quarter``: from the table in ``P``, or computed as Python does."""
    if 0 <= quarter_index < P.tabulated:
        return P.capex_steps[quarter_index]
    g_cn = P.china_growth_long + P.china_growth_span * math.exp(-quarter_index / P.china_growth_tau)
    return (1.0 + g_cn) ** P.quarter


@njit(cache=True, inline='always')
def _us_capex_next(v: np.ndarray, P: np.record, memo: np.ndarray) -> float:
    return v[V.US_CAPEX] * _pow(_max(1.0 + v[V.US_CAPEX_GROWTH], 0.0), P.quarter, memo, M_CAPEX)


@njit(cache=True, inline='always')
def _china_capex_next(v: np.ndarray, P: np.record, quarter_index: int, memo: np.ndarray) -> float:
    """China's capex grows on its planned path, faster as the US pulls further ahead than the
    end-2025 ratio, slower as China closes in (the response is held between -50% and +50% a quarter)."""
    k_cn = _max(v[V.CHINA_COMPUTE_DOMESTIC] + v[V.CHINA_COMPUTE_IMPORTED], 1e-9)
    gap = _max(v[V.US_COMPUTE], 1e-9) / k_cn / P.compute_ratio0
    response = _clip(1.0 + P.capex_response * _log(gap, memo, M_RESPONSE), 0.5, 1.5)
    return v[V.CHINA_CAPEX] * _china_capex_step(P, quarter_index) * response


@njit(cache=True, inline='always')
def _row_capex_next(v: np.ndarray, P: np.record) -> float:
    return v[V.WORLD_ROW_CAPEX] * P.row_step


@njit(cache=True)
def advance_one(v: np.ndarray, board: np.ndarray, weights: np.ndarray, P: np.record, quarter_index: int, col: int,
                new: np.ndarray, new_board: np.ndarray, scratch_out: np.ndarray, memo: np.ndarray,
                keep: np.record) -> float:
    """``advance``'s next value of column ``col`` alone, bit for bit.

    The three budgets (US, China, rest of the world) grow by their own rates and read nothing else, so
    they are computed alone; any other column runs the whole of ``advance`` (into ``new``,
    ``new_board``, ``scratch_out`` and ``keep``). A quarter's end asks this of every modified variable.
    """
    if col == V.US_CAPEX:
        return _us_capex_next(v, P, memo)
    if col == V.CHINA_CAPEX:
        return _china_capex_next(v, P, quarter_index, memo)
    if col == V.WORLD_ROW_CAPEX:
        return _row_capex_next(v, P)
    advance(v, board, weights, P, quarter_index, new, new_board, scratch_out, memo, keep)
    return new[col]


#: What ``_advance_free`` leaves in ``keep`` for ``_advance_board`` (and ``project_free`` for
#: ``project_seat``), so that the board's part of a quarter can run again for another board.
KEEP = np.dtype([(name, np.float64) for name in (
    "per_dollar", "us_per_dollar", "tier_factor", "row_kept", "row_capex", "profit", "drift",
    "gdp_drag", "hit", "scale", "west_weight", "china_term", "uplift", "cut")])  # (from gdp_drag: the revenue's)


def new_keep() -> np.record:
    """A ``KEEP`` record (plain Python reads its fields by attribute too)."""
    return np.zeros(1, KEEP).view(np.recarray)[0]


@njit(cache=True)
def advance(v: np.ndarray, board: np.ndarray, weights: np.ndarray, P: np.record, quarter_index: int,
            new: np.ndarray, new_board: np.ndarray, scratch_out: np.ndarray, memo: np.ndarray, keep: np.record) -> None:
    """Twin of ``economy.advance_quarter``: the next state into ``new``, the next board into ``new_board``.

    ``scratch_out`` (``N_DERIVED`` floats) takes the outputs of the new state, ``keep`` (a ``KEEP``
    record) what the board's part reads. ``new`` may be ``v`` and ``new_board`` may be ``board``: every value
    is read before it is written.

    The board moves little of a quarter: the US stack's pull, and through it the rest of the world's
    compute, the outputs ``BOARD_OUTPUTS`` and the firm's profit. The drift of the alignments does not
    read the board. So the quarter is worked out in two parts, and a caller that needs it for several
    boards from one state (the greedy bot's influence moves) runs the first part once. Of the
    ``BOARD_OUTPUTS`` only the firm's revenue, which the profit needs, reaches ``scratch_out``.
    """
    _advance_free(v, P, quarter_index, new, scratch_out, memo, keep)
    _advance_board(_us_stack_pull(board, weights), board, P, new, new_board, scratch_out, keep)


@njit(cache=True, inline='always')
def _advance_free(v: np.ndarray, P: np.record, quarter_index: int, new: np.ndarray, out: np.ndarray,
                  memo: np.ndarray, keep: np.record) -> None:
    """``advance`` but for what the board moves: every column of ``new`` except the rest of the world's
    compute and the firm's profit, the outputs but ``BOARD_OUTPUTS`` into ``out``, and ``keep``."""
    d, imp, x_eff = _per_dollar(v, P, memo)
    dep = P.dep
    b_cn = v[V.CHINA_CAPEX]
    # China's purchasing.
    buy = v[V.CHINA_DOMESTIC_BUY]
    target = _clip(v[V.CHINA_POLICY_PUSH] + P.mandate_beta * v[V.CHINA_MANDATE]
                   + P.domestic_cost_beta * _log(d / imp, memo, M_TARGET), 0.0, 0.95)
    s = buy + P.switch_speed * (target - buy)
    fab_cap = (v[V.CHINA_FAB_CAPACITY] * (v[V.CHINA_YIELD] / P.yield0)
               * (v[V.CHINA_CHIP_PERF] / P.chip_perf0))
    # Domestic output is held by the fabs and by the high-bandwidth memory each accelerator needs.
    hbm_cap = v[V.CHINA_HBM_SUPPLY] * (v[V.CHINA_CHIP_PERF] / P.chip_perf0)
    delivered = _min(_min(s * b_cn * d, fab_cap), hbm_cap)
    imported = ((1.0 - s) * b_cn + (s * b_cn - delivered / d)) * imp
    # Every new rack needs power: what cannot be connected this quarter is not built.
    china_power_cap = v[V.CHINA_POWER] * P.cu_per_gw * v[V.US_FRONTIER_PERF] / v[V.CHINA_POWER_USE]
    china_added = delivered + imported
    if china_added > china_power_cap:
        powered = china_power_cap / china_added
        delivered = delivered * powered
        imported = imported * powered
    compute_domestic = dep * v[V.CHINA_COMPUTE_DOMESTIC] + delivered
    compute_imported = dep * v[V.CHINA_COMPUTE_IMPORTED] + imported
    # The US and the rest of the world (its compute: ``_advance_board``).
    ree = 1.0 + P.rare_earth_premium * v[V.CHINA_RARE_EARTH_CURBS]
    us_per_dollar = P.kappa * v[V.US_FRONTIER_PERF] / ree
    us_power_cap = v[V.US_POWER] * P.cu_per_gw * v[V.US_FRONTIER_PERF]
    us_compute = dep * v[V.US_COMPUTE] + _min(us_per_dollar * v[V.US_CAPEX], us_power_cap)
    ago1, ago2, ago3 = v[V.US_COMPUTE], v[V.US_COMPUTE_AGO1], v[V.US_COMPUTE_AGO2]
    ago4 = v[V.US_COMPUTE_AGO3]
    keep.per_dollar, keep.us_per_dollar = d, us_per_dollar
    keep.tier_factor = 1.0 - P.tier_penalty * v[V.US_DIFFUSION_TIERS]
    keep.row_kept, keep.row_capex = dep * v[V.WORLD_ROW_COMPUTE], v[V.WORLD_ROW_CAPEX]
    keep.profit = v[V.FIRM_PROFIT]
    # Scarcity, learning curves, budgets.
    k_cn = _max(compute_domestic + compute_imported, 1e-9)
    scarcity = 1.0 + P.epsilon * _log(_max(us_compute / k_cn, 1.0), memo, M_SCARCITY)
    efficiency = v[V.CHINA_EFFICIENCY] + P.efficiency_adjust * (scarcity - v[V.CHINA_EFFICIENCY])
    yield_ = v[V.CHINA_YIELD] + P.yield_learning * (P.yield_max - v[V.CHINA_YIELD])
    chip_perf = _min(v[V.CHINA_CHIP_PERF] * P.chip_perf_step,
                     _max(v[V.CHINA_CHIP_PERF_MAX], v[V.CHINA_CHIP_PERF]))
    litho = P.litho_duv_share + (1.0 - P.litho_duv_share) * v[V.CHINA_EUV]
    fab_capacity = v[V.CHINA_FAB_CAPACITY] * (1.0 + v[V.CHINA_FAB_GROWTH] * litho)
    frontier_perf = v[V.US_FRONTIER_PERF] * P.frontier_step
    us_capex = _us_capex_next(v, P, memo)
    china_capex = _china_capex_next(v, P, quarter_index, memo)
    row_capex = _row_capex_next(v, P)
    for i in range(N_VALUES):
        new[i] = v[i]
    new[V.CHINA_DOMESTIC_BUY] = s
    new[V.CHINA_COMPUTE_DOMESTIC] = compute_domestic
    new[V.CHINA_COMPUTE_IMPORTED] = compute_imported
    new[V.US_COMPUTE] = us_compute
    new[V.US_COMPUTE_AGO1], new[V.US_COMPUTE_AGO2], new[V.US_COMPUTE_AGO3] = ago1, ago2, ago3
    new[V.US_COMPUTE_AGO4] = ago4
    new[V.CHINA_EFFICIENCY] = efficiency
    new[V.CHINA_YIELD] = yield_
    new[V.CHINA_CHIP_PERF] = chip_perf
    new[V.CHINA_FAB_CAPACITY] = fab_capacity
    new[V.US_FRONTIER_PERF] = frontier_perf
    new[V.US_CAPEX] = us_capex
    new[V.CHINA_CAPEX] = china_capex
    new[V.WORLD_ROW_CAPEX] = row_capex
    new[V.CHINA_HBM_SUPPLY] = v[V.CHINA_HBM_SUPPLY] * (1.0 + v[V.CHINA_HBM_GROWTH])
    new[V.US_POWER] = v[V.US_POWER] * P.power_step
    new[V.CHINA_POWER] = v[V.CHINA_POWER] * P.power_step
    # The slow variables follow the outputs at the new state (on the old board). Those read from
    # ``v`` below are either not evolving or not yet written, so ``new`` may be ``v``.
    frag = v[V.WORLD_FRAGMENTATION]
    keep.gdp_drag = P.gdp_drag_full * frag
    keep.hit = v[V.FIRM_SHOCK] * (1.0 - v[V.FIRM_HEDGE])
    keep.scale, keep.west_weight, keep.china_term, keep.uplift, keep.cut = _revenue_parts(new, P, x_eff)
    _derive_free(new, P, False, out, memo)
    # (Diffusion tiers push only the tier-2 states a scenario names: ``core.quarter.swing_states``.)
    keep.drift = (P.align_leader_pull * (out[D.WORLD_LAG] - P.lag0) / 6.0
                     - P.align_control_push * _max(0.0, x_eff - P.x_eff0))
    frag_target = _clip(P.fragmentation0 + P.frag_w_controls * (x_eff - P.x_eff0)
                        + P.frag_w_domestic * (s - 0.40) + P.frag_w_rare_earth * v[V.CHINA_RARE_EARTH_CURBS]
                        + P.frag_w_mandate * v[V.CHINA_MANDATE] + P.frag_w_tiers * v[V.US_DIFFUSION_TIERS]
                        - v[V.WORLD_COMMONS], 0.0, 1.0)
    new[V.WORLD_FRAGMENTATION] = frag + P.frag_speed * (frag_target - frag)
    new[V.WORLD_FRAG_COST_TOTAL] = v[V.WORLD_FRAG_COST_TOTAL] + out[D.WORLD_FRAG_COST] / 4.0
    # Inference rises by its step to its target, and a share a card put past the target stays there.
    inference = v[V.WORLD_INFERENCE_SHARE]
    new[V.WORLD_INFERENCE_SHARE] = _max(inference, _min(inference + P.inference_step, P.inference_target))
    new[V.FIRM_SHOCK] = v[V.FIRM_SHOCK] * 0.0  # not 0.0: a shock of -0.0 stays -0.0, as in Python


@njit(cache=True, inline='always')
def _advance_board(u: float, board: np.ndarray, P: np.record, new: np.ndarray, new_board: np.ndarray,
                   out: np.ndarray, keep: np.record) -> None:
    """The rest of ``advance`` after ``_advance_free``, for ``board`` (whose pull is ``u``): it may run
    again for another board."""
    new[V.WORLD_ROW_COMPUTE] = _row_compute(u, keep)
    out[D.FIRM_REVENUE] = _quarter_revenue(u, new, P, keep)
    _drift_board(board, keep, new_board)
    new[V.FIRM_PROFIT] = keep.profit + P.firm_margin * out[D.FIRM_REVENUE]


@njit(cache=True, inline='always')
def _row_compute(u: float, keep: np.record) -> float:
    """The rest of the world's next compute, given the pull ``u`` of the board it buys on."""
    row_mix = u * keep.us_per_dollar * keep.tier_factor + (1.0 - u) * keep.per_dollar
    return keep.row_kept + keep.row_capex * row_mix


@njit(cache=True, inline='always')
def _quarter_revenue(u: float, new: np.ndarray, P: np.record, keep: np.record) -> float:
    """The firm's revenue at the new state (bounded), with the fragmentation and shock it had before they moved."""
    rev = _revenue(new, u, keep.scale, keep.west_weight, keep.china_term, keep.uplift, keep.cut,
                   keep.gdp_drag, keep.hit)
    return _clip(rev, P.lo[D.FIRM_REVENUE], P.hi[D.FIRM_REVENUE])


@njit(cache=True, inline='always')
def _drift_board(board: np.ndarray, keep: np.record, new_board: np.ndarray) -> None:
    drift = keep.drift
    for i in range(len(board)):
        new_board[i] = _clip(board[i] + drift, -3.0, 3.0)


@njit(cache=True, inline='always')
def project_free(v: np.ndarray, P: np.record, quarter_index: int, new: np.ndarray, out: np.ndarray,
                 out_new: np.ndarray, memo: np.ndarray, keep: np.record) -> None:
    """The board-free part of a projection (``advance``, then ``derive`` and ``quarter_vp`` of the new
    state): ``_advance_free``, and the outputs but ``BOARD_OUTPUTS`` of the new state into ``out_new``.
    ``project_seat`` does the rest, for one board or many."""
    _advance_free(v, P, quarter_index, new, out, memo, keep)
    _derive_free(new, P, False, out_new, memo)


@njit(cache=True, inline='always')
def project_seat(board: np.ndarray, weights: np.ndarray, P: np.record, new: np.ndarray, new_board: np.ndarray,
                 out_new: np.ndarray, keep: np.record, kind: int) -> float:
    """After ``project_free`` of a state ``v``: the points ``quarter_vp`` gives seat ``kind`` (``VP_*``) at
    ``advance`` of ``v`` on ``board``, bit for bit. It works out only what that seat's points read
    (the US: the new board and its pull; China: the rest of the world's compute and the new board; the
    firm: its revenue), so ``new`` and ``new_board`` are left part-way. It may run again for another board."""
    if kind == VP_FIRM:
        profit = keep.profit + P.firm_margin * _quarter_revenue(_us_stack_pull(board, weights), new, P, keep)
        return _vp_firm(P, new, profit - keep.profit)
    _drift_board(board, keep, new_board)
    n_us, n_cn = _aligned_counts(new_board, P.aligned_at)
    lag, frag = out_new[D.WORLD_LAG], out_new[D.WORLD_FRAG_COST] / 1000.0
    if kind == VP_US:
        vendor = _clip(_vendor_share(new, _us_stack_pull(new_board, weights)),
                       P.lo[D.US_VENDOR_SHARE], P.hi[D.US_VENDOR_SHARE])
        return _vp_us(P, lag, n_us, vendor, frag)
    new[V.WORLD_ROW_COMPUTE] = _row_compute(_us_stack_pull(board, weights), keep)
    _, k_cn, total = _world_total(new)
    share = _clip(k_cn / total, P.lo[D.CHINA_WORLD_SHARE], P.hi[D.CHINA_WORLD_SHARE])
    return _vp_china(P, lag, out_new[D.CHINA_DOMESTIC_SHARE], n_cn, share, frag)


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


@njit(cache=True, inline='always')
def quarter_vp(values: np.ndarray, out: np.ndarray, board: np.ndarray, P: np.record, firm_profit: float,
               vp: np.ndarray) -> None:
    """Twin of ``scoring.quarter_vp``: the quarter's points of (us, china, firm) into ``vp``.

    ``values`` is the state (``V.*``), ``out`` its outputs (``D.*``).
    """
    n_us, n_cn = _aligned_counts(board, P.aligned_at)
    lag = out[D.WORLD_LAG]
    frag = out[D.WORLD_FRAG_COST] / 1000.0
    vp[VP_US] = _vp_us(P, lag, n_us, out[D.US_VENDOR_SHARE], frag)
    vp[VP_CHINA] = _vp_china(P, lag, out[D.CHINA_DOMESTIC_SHARE], n_cn, out[D.CHINA_WORLD_SHARE], frag)
    vp[VP_FIRM] = _vp_firm(P, values, firm_profit)


@njit(cache=True, inline='always')
def _vp_us(P: np.record, lag: float, n_us: float, vendor_share: float, frag: float) -> float:
    return (P.vp_lag * (lag - P.lag0) + P.vp_state * n_us
            + P.vp_vendor * (vendor_share - 0.85) - P.vp_frag_us * frag)


@njit(cache=True, inline='always')
def _vp_china(P: np.record, lag: float, domestic_share: float, n_cn: float, world_share: float, frag: float) -> float:
    return (P.vp_lag * (P.lag0 - lag) + P.vp_domestic * (domestic_share - 0.30)
            + P.vp_state * n_cn + P.vp_share * (world_share - 0.09) - P.vp_frag_china * frag)


@njit(cache=True, inline='always')
def _vp_firm(P: np.record, values: np.ndarray, firm_profit: float) -> float:
    sanctions = values[V.FIRM_SANCTIONED_US] + values[V.FIRM_SANCTIONED_CHINA]
    return P.vp_profit * (firm_profit - P.firm_profit0) - P.vp_sanction * sanctions
