"""Issue 14, item 3: supply constraints that bind with no card played, and cards that move them.

China's domestic output is held by fab output and by high-bandwidth memory (HBM); without EUV its
fabs grow more slowly; every side's new racks need data-centre power; China's capex answers the gap.
"""

from __future__ import annotations

from wargame.model import advance_quarter, derive, initial_values, params
from wargame.model.economy import calibration

BOARD = [1.5, 0.6, 1.2, 0.9, 2.4, 2.7]
WEIGHTS = (0.30, 0.15, 0.15, 0.15, 0.15, 0.10)


def _run(quarters: int, p=None, **start: float):
    p = p or params()
    v, board = initial_values(p, BOARD, WEIGHTS), list(BOARD)
    v.update(start)
    rows = [v]
    for t in range(quarters):
        v, board = advance_quarter(v, board, WEIGHTS, p, t)
        rows.append(v)
    return p, rows


def _domestic_demand(p, v):
    c = calibration(p)
    per_dollar = (c["kappa"] * c["m0"] * (v["china.chip_perf"] / p["chip_perf0"]) * c["cost0"]
                  / (p["yield_max"] / v["china.yield"]) ** p["cost_exponent"])
    return v["china.domestic_buy"] * v["china.capex"] * per_dollar


def _ceilings(p, v):
    fab = v["china.fab_capacity"] * (v["china.yield"] / p["yield0"]) * (v["china.chip_perf"] / p["chip_perf0"])
    hbm = v["china.hbm_supply"] * (v["china.chip_perf"] / p["chip_perf0"])
    return fab, hbm


def test_chinese_domestic_output_is_held_by_fabs_or_memory_before_2028():
    p, rows = _run(12)
    held = [q for q, v in enumerate(rows) if _domestic_demand(p, v) > min(_ceilings(p, v))]
    assert held and held[0] <= 8, "the domestic ceiling should bind within two years"
    assert 0 not in held, "nor at the opening snapshot"


def test_relieving_one_ceiling_alone_helps_less_than_relieving_both():
    p, base = _run(12)
    _, fab = _run(12, **{"china.fab_capacity": base[0]["china.fab_capacity"] * 1.5})
    _, both = _run(12, **{"china.fab_capacity": base[0]["china.fab_capacity"] * 1.5,
                          "china.hbm_supply": base[0]["china.hbm_supply"] * 1.5})
    dom = [r[-1]["china.compute_domestic"] for r in (base, fab, both)]
    assert dom[0] < dom[1] < dom[2]
    assert dom[2] - dom[1] > 0.2 * (dom[2] - dom[0]), "memory binds once fabs are relieved"


def test_euv_speeds_up_fab_growth():
    _, duv = _run(8)
    _, euv = _run(8, **{"china.euv": 1.0})
    assert euv[-1]["china.fab_capacity"] > 1.2 * duv[-1]["china.fab_capacity"]


def test_us_power_binds_in_the_baseline_and_more_power_relieves_it():
    p, rows = _run(12)
    c = calibration(p)
    wants = [c["kappa"] * v["us.frontier_perf"] * v["us.capex"] for v in rows]
    cap = [v["us.power"] * c["cu_per_gw"] * v["us.frontier_perf"] for v in rows]
    assert wants[0] < cap[0] and wants[-1] > cap[-1]
    _, more = _run(12, **{"us.power": rows[0]["us.power"] * 1.3})
    assert more[-1]["us.compute"] > rows[-1]["us.compute"]


def test_chinese_capex_answers_the_compute_gap():
    _, base = _run(4)
    _, behind = _run(4, **{"us.compute": base[0]["us.compute"] * 1.5})
    assert behind[-1]["china.capex"] > base[-1]["china.capex"]


def test_power_pipeline_is_the_planned_125_gw():
    p = params()
    v = initial_values(p, BOARD, WEIGHTS)
    assert abs(20 * (v["us.power"] + v["china.power"]) - 125) < 1e-6
    assert derive(v, BOARD, WEIGHTS, p)["world.lag"] == 7.0 or abs(derive(v, BOARD, WEIGHTS, p)["world.lag"] - 7.0) < 0.05
