"""Statistics of a batch on constructed records: Wilson intervals, percentiles, card impact, balance."""

from __future__ import annotations

import math

import pytest

from wargame.sim.balance import search_targets, winners_under
from wargame.sim.record import GameRecord
from wargame.sim.stats import card_impact, distribution, wilson, win_rates

SEATS = ["us", "china", "firm"]


def rec(index: int, winner: str, plays: tuple[tuple[str, str, str], ...] = (), reason: str = "end",
        vp: dict[str, float] | None = None) -> GameRecord:
    vp = vp or {s: 0.0 for s in SEATS}
    return GameRecord(index=index, winner=winner, reason=reason, quarter="2028Q4", margins=dict(vp), vp=dict(vp),
                      lag=7.0, domestic_share=0.3, china_share=0.1, plays=plays, fingerprint=str(index))


# --- Wilson intervals --------------------------------------------------------------------------------
@pytest.mark.parametrize(("k", "n", "lo", "hi"), [
    (5, 10, 0.2366, 0.7634),  # textbook values for p = 0.5, n = 10
    (0, 10, 0.0, 0.2775),
    (10, 10, 0.7225, 1.0),
    (81, 263, 0.2553, 0.3662),  # Wikipedia's worked example (Wilson score interval)
    (50, 100, 0.4038, 0.5962),
])
def test_wilson_matches_known_values(k, n, lo, hi):
    got = wilson(k, n)
    assert got[0] == pytest.approx(lo, abs=1e-4)
    assert got[1] == pytest.approx(hi, abs=1e-4)


def test_wilson_of_no_games_is_uninformative():
    assert wilson(0, 0) == (0.0, 1.0)


def test_wilson_ends_are_exact():
    assert wilson(0, 12)[0] == 0.0 and wilson(12, 12)[1] == 1.0


def test_win_rates_count_each_seat():
    records = [rec(0, "us"), rec(1, "us"), rec(2, "china"), rec(3, "firm")]
    rates = win_rates(records, SEATS)
    assert (rates["us"].wins, rates["china"].wins, rates["firm"].wins) == (2, 1, 1)
    assert rates["us"].rate == 0.5
    assert rates["us"].ci == wilson(2, 4)
    assert rates["us"].to_dict()["ci95"] == list(wilson(2, 4))


def test_distribution_percentiles():
    d = distribution(float(x) for x in range(101))
    assert (d["p5"], d["p25"], d["p50"], d["p75"], d["p95"]) == (5.0, 25.0, 50.0, 75.0, 95.0)
    assert d["mean"] == 50.0 and d["min"] == 0.0 and d["max"] == 100.0 and d["n"] == 101
    assert distribution([]) == {"n": 0}


# --- Card impact -------------------------------------------------------------------------------------
def test_card_impact_on_constructed_records():
    a = ("alpha", "us", "event")
    b = ("beta", "world", "world")
    records = (
        [rec(i, "us", (a,)) for i in range(6)]          # alpha fired: US wins 6 of 8
        + [rec(6, "china", (a, b)), rec(7, "firm", (a,))]
        + [rec(8 + i, "china", (b,)) for i in range(4)]  # alpha not fired: US wins 1 of 5
        + [rec(12, "us")]
    )
    rows = card_impact(records, SEATS)
    by = {(r.card, r.seat): r for r in rows}
    us_alpha = by[("alpha", "us")]
    assert (us_alpha.with_games, us_alpha.with_wins, us_alpha.without_games, us_alpha.without_wins) == (8, 6, 5, 1)
    assert us_alpha.diff == pytest.approx(6 / 8 - 1 / 5)
    assert dict(us_alpha.played_by) == {"us": 8}
    china_beta = by[("beta", "china")]
    assert (china_beta.with_games, china_beta.with_wins) == (5, 5)
    assert china_beta.diff == pytest.approx(1.0 - 0.0)
    assert dict(china_beta.played_by) == {"world": 5}
    diffs = [abs(r.diff) for r in rows]
    assert diffs == sorted(diffs, reverse=True)
    assert rows[0].card == "beta" and rows[0].seat == "china"
    assert math.isfinite(us_alpha.z) and us_alpha.z > 0


def test_card_impact_leaves_out_thin_groups():
    records = [rec(0, "us", (("rare", "us", "event"),))] + [rec(i, "china") for i in range(1, 10)]
    assert card_impact(records, SEATS, min_games=1)
    assert card_impact(records, SEATS, min_games=2) == []


def test_card_impact_needs_both_groups():
    always = ("always", "us", "event")
    records = [rec(i, "us", (always,)) for i in range(5)]
    assert card_impact(records, SEATS) == []


# --- Reasons and balance ------------------------------------------------------------------------------


def test_winners_under_rescores_only_games_decided_by_score():
    records = [
        rec(0, "china", vp={"us": 5.0, "china": 8.0, "firm": 1.0}),
        rec(1, "us", reason="us-lead", vp={"us": 0.0, "china": 9.0, "firm": 0.0}),
        rec(2, "us", reason="firm-sanctioned", vp={"us": 1.0, "china": 0.0, "firm": 30.0}),
    ]
    assert winners_under(records, SEATS, {"us": 0.0, "china": 0.0, "firm": 0.0}) == ["china", "us", "us"]
    # a higher China target hands game 0 to the US; the sudden win and the knocked-out firm stay as they are
    assert winners_under(records, SEATS, {"us": 0.0, "china": 4.0, "firm": 0.0}) == ["us", "us", "us"]


def test_search_targets_evens_out_a_lopsided_batch():
    # China always scores about 10 more than the US and 20 more than the firm: it wins every game as is.
    records = [rec(i, "china", vp={"us": 0.1 * (i % 7) + (i % 3), "china": 10 + 0.1 * (i % 5) + (i % 4),
                                   "firm": -10 + 0.1 * (i % 11) + (i % 5)}) for i in range(300)]
    assert win_rates(records, SEATS)["china"].rate == 1.0
    targets = search_targets(records, SEATS)
    won = winners_under(records, SEATS, targets)
    rates = {s: won.count(s) / len(won) for s in SEATS}
    assert max(rates.values()) <= 0.45, (targets, rates)
    assert targets["china"] - targets["us"] == pytest.approx(10, abs=3)
    assert all(t == round(t * 2) / 2 for t in targets.values())  # multiples of 0.5
