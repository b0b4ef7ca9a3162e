"""The economic model: its registry, its parameters, its calibration and its no-cards trajectory."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wargame.core import model
from wargame.model import PARAMETERS, VARIABLES, advance_quarter, derive, initial_values, params
from wargame.model.economy import calibration, quarter_vp
from wargame.model.params import fact_ids
from wargame.model.variables import DERIVED_VARIABLES, STATE_VARIABLES, WRITABLE_VARIABLES, defaults, variable

#: The default board of DESIGN section 1 (India, Malaysia, Singapore, UAE, South Korea, Japan).
BOARD = [1.5, 0.6, 1.2, 0.9, 2.4, 2.7]
WEIGHTS = (0.30, 0.15, 0.15, 0.15, 0.15, 0.10)


def opening(p=None):
    p = p or params()
    v = initial_values(p, BOARD, WEIGHTS)
    return p, v, derive(v, BOARD, WEIGHTS, p)


def trajectory(quarters: int, p=None):
    """(values, outputs, board) at the end of each of ``quarters`` quarters with no card played."""
    p = p or params()
    v, board = initial_values(p, BOARD, WEIGHTS), list(BOARD)
    out = []
    for t in range(quarters):
        v, board = advance_quarter(v, board, WEIGHTS, p, t)
        out.append((v, derive(v, board, WEIGHTS, p), board))
    return out


# --- The registry ----------------------------------------------------------------------------------
def test_every_default_lies_within_its_bounds():
    for var in VARIABLES.values():
        assert var.lo < var.hi, var.name
        assert var.lo <= var.default <= var.hi, var.name


def test_derived_and_internal_variables_are_not_writable():
    assert DERIVED_VARIABLES, "the model declares derived outputs"
    for name in DERIVED_VARIABLES:
        assert name not in WRITABLE_VARIABLES
        assert name not in STATE_VARIABLES
    for var in VARIABLES.values():
        if var.internal:
            assert var.name not in WRITABLE_VARIABLES
    assert "world.lag" in DERIVED_VARIABLES and "china.domestic_share" in DERIVED_VARIABLES
    assert "us.export_controls" in WRITABLE_VARIABLES


def test_paths_are_owner_dot_name_with_known_owners():
    for name, var in VARIABLES.items():
        assert name == var.name
        assert var.owner in ("us", "china", "firm", "world"), name
    assert variable("us.pc").owner == "us"
    with pytest.raises(KeyError):
        variable("us.nonsense")


def test_clamp_holds_values_in_bounds():
    var = variable("us.export_controls")
    assert var.clamp(1.7) == var.hi == 1
    assert var.clamp(-0.3) == var.lo == 0
    assert var.clamp(0.42) == 0.42


def test_defaults_cover_exactly_the_state_variables():
    assert set(defaults()) == set(STATE_VARIABLES)


# --- Parameters ------------------------------------------------------------------------------------
def test_every_parameter_cites_known_facts():
    known = fact_ids()
    assert {"A", "D"} <= known and len(known) > 50
    for p in PARAMETERS.values():
        assert p.facts, f"{p.name} cites nothing (use A for an assumption)"
        unknown = [f for f in p.facts if f not in known]
        assert not unknown, f"{p.name} cites unknown fact ids {unknown}"


def test_every_variable_cites_known_facts():
    known = fact_ids()
    for var in VARIABLES.values():
        assert all(f in known for f in var.facts), var.name


def test_every_uncertain_range_contains_its_default():
    ranged = [p for p in PARAMETERS.values() if p.range is not None]
    assert ranged, "Monte-Carlo sensitivity needs some uncertain parameters"
    for p in ranged:
        lo, hi = p.range
        assert lo < hi, p.name
        assert lo <= p.value <= hi, f"{p.name} = {p.value} outside its range {p.range}"


def test_params_overrides_and_unknown_names():
    assert params()["lag0"] == PARAMETERS["lag0"].value
    assert params(lag0=6.5)["lag0"] == 6.5
    with pytest.raises(KeyError, match="unknown model parameter"):
        params(lagg0=6.5)


# --- Calibration: the end-2025 snapshot (DESIGN section 3) ----------------------------------------
def test_opening_state_reproduces_the_end_2025_snapshot():
    _, v, out = opening()
    assert out["us.world_share"] == pytest.approx(0.70, abs=0.005)
    assert out["world.compute_ratio"] == pytest.approx(8.0, abs=0.05)
    assert out["world.lag"] == pytest.approx(7.0, abs=0.05)
    assert out["china.domestic_share"] == pytest.approx(0.20, abs=0.005)
    assert v["china.capex"] == pytest.approx(24.5)  # $98B a year
    assert v["us.capex"] == pytest.approx(100.0)  # about $400B a year
    assert 6.0 <= out["world.lag"] <= 8.0


def test_opening_state_follows_the_snapshot_parameters():
    """The calibration is derived, not hard-coded: change the snapshot and the opening follows."""
    _, _, out = opening(params(compute_ratio0=6.0, lag0=7.5, domestic_share0=0.25))
    assert out["world.compute_ratio"] == pytest.approx(6.0, abs=0.01)
    assert out["world.lag"] == pytest.approx(7.5, abs=0.05)
    assert out["china.domestic_share"] == pytest.approx(0.25, abs=0.005)


def test_opening_world_compute_adds_up_to_100_units():
    _, v, out = opening()
    total = v["us.compute"] + out["china.compute"] + v["world.row_compute"]
    assert total == pytest.approx(100.0)
    assert out["us.world_share"] + out["china.world_share"] < 1.0


def test_opening_values_are_within_bounds():
    _, v, out = opening()
    for name, value in {**v, **out}.items():
        var = VARIABLES[name]
        assert var.lo <= value <= var.hi, f"{name} = {value}"


def test_initial_overrides_are_applied_and_clamped():
    p = params()
    v = initial_values(p, BOARD, WEIGHTS, {"us.export_controls": 0.5, "us.pc": 99})
    assert v["us.export_controls"] == 0.5
    assert v["us.pc"] == VARIABLES["us.pc"].hi


# --- The no-cards trajectory -------------------------------------------------------------------------
def test_domestic_share_reaches_30_to_40_percent_by_end_2026():
    quarters = trajectory(4)
    share = quarters[-1][1]["china.domestic_share"]
    assert 0.30 <= share <= 0.40, share
    shares = [o["china.domestic_share"] for _, o, _ in quarters]
    assert shares == sorted(shares), "with no card played the domestic share rises every quarter of 2026"
    assert shares[0] > 0.20


def test_lag_stays_within_6_to_8_months_through_2026():
    for t, (_, out, _) in enumerate(trajectory(4)):
        assert 6.0 <= out["world.lag"] <= 8.0, f"quarter {t}: lag {out['world.lag']:.2f}"


def test_trajectory_values_stay_within_bounds_for_twelve_quarters():
    for v, out, board in trajectory(12):
        for name, value in {**v, **out}.items():
            var = VARIABLES[name]
            assert var.lo <= value <= var.hi, f"{name} = {value}"
        assert all(-3 <= a <= 3 for a in board)


def test_us_compute_accumulates_with_depreciation():
    p = params()
    v = initial_values(p, BOARD, WEIGHTS)
    new, _ = advance_quarter(v, BOARD, WEIGHTS, p, 0)
    kappa = calibration(p)["kappa"]
    expected = (1 - p["depreciation"]) * v["us.compute"] + kappa * v["us.frontier_perf"] * v["us.capex"]
    assert new["us.compute"] == pytest.approx(expected)
    assert new["us.compute_ago1"] == v["us.compute"]


def test_export_controls_cut_chinas_imports():
    p = params()
    v = initial_values(p, BOARD, WEIGHTS)
    loose, _ = advance_quarter({**v, "us.export_controls": 0.2}, BOARD, WEIGHTS, p, 0)
    tight, _ = advance_quarter({**v, "us.export_controls": 1.0}, BOARD, WEIGHTS, p, 0)
    gained = [n["china.compute_imported"] - v["china.compute_imported"] for n in (loose, tight)]
    assert gained[0] > gained[1]


def test_efficiency_raises_chinas_effective_compute_and_closes_the_lag():
    p, v, base = opening()
    out = derive({**v, "china.efficiency": v["china.efficiency"] * 2}, BOARD, WEIGHTS, p)
    assert out["china.effective_compute"] == pytest.approx(2 * base["china.effective_compute"])
    assert out["world.lag"] < base["world.lag"]


# --- Scoring -------------------------------------------------------------------------------------------
def test_aligned_counts_give_partial_credit_short_of_one_step():
    n_us, n_cn = model._aligned_counts(np.array([1.0, 0.5, -1.0, -0.25, 3.0, 0.0]), 1.0)
    assert n_us == pytest.approx(2.5) and n_cn == pytest.approx(1.25)


def test_quarter_vp_follows_its_weights():
    p, v, out = opening()
    base = quarter_vp(v, out, BOARD, p, 0.0)
    longer = quarter_vp(v, {**out, "world.lag": out["world.lag"] + 2}, BOARD, p, 0.0)
    assert longer["us"] - base["us"] == pytest.approx(2 * p["vp_lag"])
    assert longer["china"] - base["china"] == pytest.approx(-2 * p["vp_lag"])
    sanctioned = quarter_vp({**v, "firm.sanctioned_us": 1.0, "firm.sanctioned_china": 1.0}, out, BOARD, p, 0.0)
    assert base["firm"] - sanctioned["firm"] == pytest.approx(2 * p["vp_sanction"])
    richer = quarter_vp(v, out, BOARD, p, 5.0)
    assert richer["firm"] - base["firm"] == pytest.approx(5.0 * p["vp_profit"])
    assert not any(math.isnan(x) for x in base.values())
