"""The rules core's model (``core.model``) on many random states: its layout, its in-place and
one-column runs, what it leaves unread, its libm calls and its prepared projections.

Every comparison is of the floats' bits, so -0.0 and 0.0 differ. (Until the core replaced it, a
Python twin of the model was checked against it here, bit for bit, over 105,000 random states.)
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from numba import njit

from wargame.core import model as km
from wargame.model.economy import calibration, derive, initial_values
from wargame.model.params import PARAMETERS
from wargame.model.variables import DERIVED_VARIABLES, STATE_VARIABLES, VARIABLES
from wargame.sim import BatchSpec

SCENARIOS = sorted(path.stem for path in (Path(__file__).parents[1] / "scenarios").glob("*.yaml"))
#: Random states per parameter set: with the 7 sets, over 100,000 values reach each call site.
STATES = 15_000
SENTINEL = np.array([0x7FF8_DEAD_BEEF_0001], np.uint64).view(np.float64)[0]  # a NaN no kernel computes


def _spec(case: str) -> BatchSpec:
    """A scenario's spec, or (``perturbed-<seed>``) the baseline with every ranged parameter redrawn."""
    if not case.startswith("perturbed-"):
        return BatchSpec.of(case, "random")
    rng = np.random.default_rng(int(case.split("-")[1]))
    ranged = {name: p.range for name, p in PARAMETERS.items() if p.range}
    overrides = {name: float(rng.choice([lo, hi])) if rng.random() < 0.2 else float(rng.uniform(lo, hi))
                 for name, (lo, hi) in ranged.items()}
    return BatchSpec.of("baseline", "random").with_params(**overrides)


CASES = [*SCENARIOS, "perturbed-1", "perturbed-2", "perturbed-3"]


@cache
def _case(case: str) -> tuple[dict[str, float], tuple[float, ...], list[float], dict[str, float]]:
    """(params, weights, opening board, opening values) of a case."""
    rules = _spec(case).game().rules
    board = [s.alignment for s in rules.scenario.board]
    return rules.params, rules.weights, board, initial_values(rules.params, board, rules.weights, rules.scenario.initial)


def bits(x: object) -> np.ndarray:
    """The bits of ``x`` as float64s."""
    return np.asarray(x, dtype=np.float64).view(np.uint64)


def assert_same(got: np.ndarray, want: object, names: tuple[str, ...] | list[str], what: str) -> None:
    """``got`` and ``want`` hold the same bits, element by element (the message names the first misses)."""
    want = np.asarray(want, dtype=np.float64)
    miss = np.flatnonzero(bits(got) != bits(want))
    assert not len(miss), f"{what}: " + ", ".join(f"{names[i]} {got[i]!r} != {want[i]!r}" for i in miss[:5])


# --- Random states ---------------------------------------------------------------------------------
LO = np.array([VARIABLES[name].lo for name in STATE_VARIABLES], np.float64)
HI = np.array([VARIABLES[name].hi for name in STATE_VARIABLES], np.float64)


def random_values(rng: np.random.Generator, opening: dict[str, float], n: int) -> np.ndarray:
    """``n`` states, each variable within its bounds: at a bound, at (signed) zero, at or near its
    opening value, or anywhere in its range."""
    v0 = np.array([opening[name] for name in STATE_VARIABLES])
    shape = (n, km.N_VALUES)
    near = np.where(v0 != 0.0, v0 * np.exp(rng.normal(0.0, 1.0, shape)), rng.uniform(LO, LO + 1.0, shape))
    zero = np.where((LO <= 0.0) & (HI >= 0.0), rng.choice([0.0, -0.0], shape), v0)
    mode = rng.random(shape)
    values = np.select([mode < 0.08, mode < 0.16, mode < 0.21, mode < 0.25, mode < 0.6],
                       [np.broadcast_to(LO, shape), np.broadcast_to(HI, shape), zero, np.broadcast_to(v0, shape),
                        rng.uniform(LO, HI, shape)], np.minimum(np.maximum(near, LO), HI))
    # The model divides by it (test_zero_west_demand_raises_in_both).
    west = values[:, km.V.FIRM_WEST_DEMAND0]
    west[west == 0.0] = opening["firm.west_demand0"]
    return values


def random_boards(rng: np.random.Generator, n: int, states: int) -> np.ndarray:
    """``n`` boards of alignments in [-3, 3], a third of them whole steps (the aligned thresholds, the
    ends, -0.0)."""
    board = rng.uniform(-3.0, 3.0, (n, states))
    whole = rng.random((n, states)) < 0.33
    board[whole] = rng.choice([-3.0, -2.0, -1.0, -0.0, 0.0, 1.0, 2.0, 3.0], whole.sum())
    return board


def named(row: np.ndarray) -> dict[str, float]:
    return dict(zip(STATE_VARIABLES, row.tolist(), strict=True))


# --- The kernels over many states (compiled, as the game kernel calls them) ------------------------
@njit  # not cached: numba would keep code built with an older model.py
def _run(values, boards, weights, P, quarters, out, out_plain, new, new_board, vp, memo):
    scratch, keep = np.empty(km.N_DERIVED), np.empty(1, km.KEEP)[0]
    for k in range(len(values)):
        for _ in range(2):  # the second time, every log and pow comes from the memo
            km.derive(values[k], boards[k], weights, P, True, out[k], memo)
            km.derive(values[k], boards[k], weights, P, False, out_plain[k], memo)
            km.advance(values[k], boards[k], weights, P, quarters[k], new[k], new_board[k], scratch, memo, keep)
        profit = new[k, km.V.FIRM_PROFIT] - values[k, km.V.FIRM_PROFIT]
        km.quarter_vp(values[k], out[k], boards[k], P, profit, vp[k])


def run_kernels(values: np.ndarray, boards: np.ndarray, weights: np.ndarray, P: np.ndarray,
                quarters: np.ndarray) -> dict[str, np.ndarray]:
    n = len(values)
    got = {"out": np.full((n, km.N_DERIVED), SENTINEL), "out_plain": np.full((n, km.N_DERIVED), SENTINEL),
           "new": np.full((n, km.N_VALUES), SENTINEL), "new_board": np.full(boards.shape, SENTINEL),
           "vp": np.full((n, 3), SENTINEL)}
    _run(values, boards, weights, P, quarters, got["out"], got["out_plain"], got["new"], got["new_board"], got["vp"],
         km.new_memo())
    return got


# --- Layout ----------------------------------------------------------------------------------------
def test_columns_follow_the_registry():
    """The column constants the model is written with are the variable tables' order, name by name."""
    assert km.N_VALUES == len(STATE_VARIABLES) == len(km.V)
    assert [(c.name, c.value) for c in km.V] == [(n.replace(".", "_").upper(), i) for i, n in enumerate(STATE_VARIABLES)]
    assert km.DERIVED == DERIVED_VARIABLES and km.N_DERIVED == len(DERIVED_VARIABLES) == len(km.D)
    assert [(c.name, c.value) for c in km.D] == [(n.replace(".", "_").upper(), i) for i, n in enumerate(DERIVED_VARIABLES)]
    assert km.V.US_CAPEX == STATE_VARIABLES.index("us.capex") and km.D.FIRM_REVENUE == DERIVED_VARIABLES.index("firm.revenue")


def test_pack_fills_every_field():
    p = _case("baseline")[0]
    P = km.pack(p, n_quarters=9)
    assert P.dtype == km.PARAMS and P.tabulated == 9
    for name in km.PARAMS.names:
        field = np.asarray(P[name], np.float64)
        assert not np.isnan(field[:9] if name == "capex_steps" else field).any(), name
    assert np.isnan(P.capex_steps[9:]).all()  # past the table: computed as the Python model does
    assert P.algo_progress == p["algo_progress"] and P.dep == 1.0 - p["depreciation"]
    assert P.hi[km.D.FIRM_REVENUE] == VARIABLES["firm.revenue"].hi


# --- Bit for bit -----------------------------------------------------------------------------------
def test_advance_in_place_gives_the_same_state():
    p, weights, board0, opening = _case("baseline")
    rng = np.random.default_rng(7)
    w, P, scratch, keep = np.array(weights, np.float64), km.pack(p), np.empty(km.N_DERIVED), km.new_keep()
    for values, board in zip(random_values(rng, opening, 200), random_boards(rng, 200, len(board0)), strict=True):
        q = int(rng.integers(0, 80))
        new, new_board = np.empty(km.N_VALUES), np.empty(len(board))
        km.advance(values, board, w, P, q, new, new_board, scratch, km.new_memo(), keep)
        km.advance(values, board, w, P, q, values, board, scratch, km.new_memo(), keep)
        assert_same(values, new, STATE_VARIABLES, "in place")
        assert_same(board, new_board, [str(i) for i in range(len(board))], "board in place")


@pytest.mark.parametrize("case", ["baseline", "perturbed-1"])
def test_unread_columns_change_nothing_else(case):
    """``UNREAD`` (which the greedy look-ahead relies on to skip a lobby): redrawing those columns
    changes no output, no point and no new value but their own."""
    p, weights, board0, opening = _case(case)
    rng = np.random.default_rng(11)
    values, boards = random_values(rng, opening, 500), random_boards(rng, 500, len(board0))
    quarters = rng.integers(0, 31, 500)
    unread = list(km.UNREAD)
    assert {STATE_VARIABLES[c] for c in unread} == {
        *(f"{s}.{x}" for s in ("us", "china", "firm") for x in ("budget", "pc")), "world.tension"}
    other = values.copy()
    other[:, unread] = random_values(rng, opening, 500)[:, unread]
    assert (other[:, unread] != values[:, unread]).any(axis=1).all()
    w, P = np.array(weights, np.float64), km.pack(p)
    got, moved = run_kernels(values, boards, w, P, quarters), run_kernels(other, boards, w, P, quarters)
    for key in ("out", "out_plain", "new_board", "vp"):
        assert (bits(got[key]) == bits(moved[key])).all(), key
    read = [c for c in range(km.N_VALUES) if c not in unread]
    assert (bits(got["new"][:, read]) == bits(moved["new"][:, read])).all()


@njit  # not cached: numba would keep code built with an older model.py
def _one_by_one(values, boards, weights, P, quarters, cols, got, want, memo):
    scratch, new, new_board = np.empty(km.N_DERIVED), np.empty(km.N_VALUES), np.empty(boards.shape[1])
    keep = np.empty(1, km.KEEP)[0]
    for k in range(len(values)):
        km.advance(values[k], boards[k], weights, P, quarters[k], new, new_board, scratch, memo, keep)
        for j in range(len(cols)):
            want[k, j] = new[cols[j]]
            got[k, j] = km.advance_one(values[k], boards[k], weights, P, quarters[k], cols[j], np.empty(km.N_VALUES),
                                       np.empty(boards.shape[1]), scratch, memo, keep)


@pytest.mark.parametrize("case", ["baseline", "perturbed-2"])
def test_one_column_of_advance_is_advances_column(case):
    """``advance_one`` (a quarter's end asks it for each modified variable) gives ``advance``'s bits
    for every column, the budgets it computes alone as well as the rest."""
    p, weights, board0, opening = _case(case)
    rng = np.random.default_rng(12)
    values, boards = random_values(rng, opening, 2000), random_boards(rng, 2000, len(board0))
    quarters = rng.integers(0, 80, 2000)  # past the packed table too
    cols = np.arange(km.N_VALUES)
    got, want = np.full((2000, km.N_VALUES), SENTINEL), np.full((2000, km.N_VALUES), SENTINEL)
    _one_by_one(values, boards, np.array(weights, np.float64), km.pack(p, n_quarters=40), quarters, cols, got, want,
                km.new_memo())
    rows, where = np.nonzero(bits(got) != bits(want))
    assert not len(rows), [(STATE_VARIABLES[c], got[r, c], want[r, c]) for r, c in zip(rows[:5], where[:5], strict=True)]


def test_zero_west_demand_raises_in_both():
    p, weights, board0, opening = _case("baseline")
    v = {**opening, "firm.west_demand0": 0.0}
    with pytest.raises(ZeroDivisionError):
        derive(v, board0, weights, p)
    values = np.array([v[k] for k in STATE_VARIABLES])
    with pytest.raises(ZeroDivisionError):
        km.derive(values, np.array(board0), np.array(weights, np.float64), km.pack(p), False, np.empty(km.N_DERIVED),
                   km.new_memo())


def test_integer_weights_give_the_bits_of_their_floats():
    p, _, board0, opening = _case("baseline")
    weights = (3, 1, 2, 2, 1, 1)
    P, values, out = km.pack(p), np.array([opening[k] for k in STATE_VARIABLES]), np.empty(km.N_DERIVED)
    km.derive(values, np.array(board0), np.array(weights, np.float64), P, True, out, km.new_memo())
    want = derive(opening, board0, weights, p)
    assert_same(out, [want[name] for name in km.DERIVED], km.DERIVED, "integer weights")


# --- libm through numba ----------------------------------------------------------------------------
@njit  # not cached: a file of its own in the core's sealed cache folder would have it rebuilt
def _libm(x, y, log_out, exp_out, pow_out):
    for i in range(len(x)):
        log_out[i] = math.log(x[i])
        exp_out[i] = math.exp(y[i])
        pow_out[i] = x[i] ** y[i]


def test_log_exp_and_pow_are_libms():
    """numba's log, exp and ``**`` (with an exponent known only at run time) are Python's, on 300,000
    values over many magnitudes and on the exponents the model uses."""
    rng = np.random.default_rng(11)
    n = 300_000
    x = np.exp(rng.uniform(-25.0, 25.0, n)) * rng.uniform(0.5, 1.0, n)
    p = _case("perturbed-1")[0]
    c = calibration(p)
    exponents = [0.25, p["cost_exponent"], c["omega"], c["gamma"]]
    y = np.where(rng.random(n) < 0.5, rng.choice(exponents, n), rng.uniform(-3.0, 3.0, n))
    got = {k: np.empty(n) for k in ("log", "exp", "pow")}
    _libm(x, y, got["log"], got["exp"], got["pow"])
    xs, ys = x.tolist(), y.tolist()
    assert_same(got["log"], [math.log(a) for a in xs], [repr(a) for a in xs], "log")
    assert_same(got["exp"], [math.exp(b) for b in ys], [repr(b) for b in ys], "exp")
    assert_same(got["pow"], [a ** b for a, b in zip(xs, ys, strict=True)], [repr(a) for a in xs], "pow")


@njit  # not cached: numba would keep code built with an older model.py
def _projections(values, boards, weights, P, quarters, got, want, memo):
    """Each state projected on each of its boards, the points of each seat kind: ``want`` by ``advance``,
    ``derive`` and ``quarter_vp`` afresh, ``got`` by one ``project_free`` and a ``project_seat`` per
    board and kind (boards and kinds taken in turn, as the look-ahead mixes them)."""
    n_board = boards.shape[2]
    out, out_new, keep = np.empty(km.N_DERIVED), np.empty(km.N_DERIVED), np.empty(1, km.KEEP)[0]
    new, new_board = np.empty(km.N_VALUES), np.empty(n_board)
    for k in range(values.shape[0]):
        for b in range(boards.shape[1]):
            km.advance(values[k], boards[k, b], weights, P, quarters[k], new, new_board, out, memo, keep)
            km.derive(new, new_board, weights, P, False, out_new, memo)
            km.quarter_vp(new, out_new, new_board, P, new[km.V.FIRM_PROFIT] - values[k, km.V.FIRM_PROFIT], want[k, b])
        km.project_free(values[k], P, quarters[k], new, out, out_new, memo, keep)
        for kind in (km.VP_FIRM, km.VP_US, km.VP_CHINA):
            for b in range(boards.shape[1]):
                got[k, b, kind] = km.project_seat(boards[k, b], weights, P, new, new_board, out_new, keep, kind)


@pytest.mark.parametrize("case", ["baseline", "perturbed-3"])
def test_a_projection_prepared_once_serves_every_board(case):
    """The greedy look-ahead prepares a state's quarter once (``project_free``) and scores it for its seat
    on each board an influence move would leave (``project_seat``): the bits of the points that
    projecting each afresh gives every seat."""
    p, weights, board0, opening = _case(case)
    rng = np.random.default_rng(13)
    n, per = 2000, 4
    values = random_values(rng, opening, n)
    boards = random_boards(rng, n * per, len(board0)).reshape(n, per, len(board0))
    boards[:, 1] = boards[:, 0]  # one alignment moved, as influence moves it
    boards[np.arange(n), 1, rng.integers(0, len(board0), n)] += rng.choice([-1.0, 1.0, 2.0], n)
    quarters = rng.integers(0, 80, n)
    got, want = np.full((n, per, 3), SENTINEL), np.full((n, per, 3), SENTINEL)
    _projections(values, boards, np.array(weights, np.float64), km.pack(p, n_quarters=40), quarters, got, want,
                 km.new_memo())
    assert not (bits(want) == bits(SENTINEL)).any()
    assert len(np.unique(want[:, :, 0])) > n  # the boards matter
    miss = np.argwhere(bits(got) != bits(want))
    assert not len(miss), [(f"state {k}, board {b}", ("us", "china", "firm")[c], got[k, b, c], want[k, b, c])
                           for k, b, c in miss[:5]]
