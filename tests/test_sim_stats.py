"""Statistics of a batch on constructed records: Wilson intervals, percentiles, card impact, balance."""

from __future__ import annotations

import math

import numpy as np
import pytest

from wargame.sim.balance import search_targets, winners_under
from wargame.sim.record import GameRecord
from wargame.sim.stats import CardTally, card_impact, distribution, wilson, win_rates

SEATS = ["us", "china", "firm"]


def rec(index: int, winner: str, plays: tuple[tuple[str, str, str], ...] = (), reason: str = "end",
        vp: dict[str, float] | None = None, played: float = 1.0) -> GameRecord:
    vp = vp or {s: 0.0 for s in SEATS}
    return GameRecord(index=index, winner=winner, reason=reason, quarter="2028Q4", margins=dict(vp), played=played, vp=dict(vp),
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
def _held(card: str, seat: str, choice: str, points: list[float], first: int = 0) -> list[GameRecord]:
    """Games in which ``seat`` used ``card`` as ``choice`` (a record kind), ending on ``points``."""
    return [rec(first + i, seat, ((card, seat, choice),), vp={**{s: 0.0 for s in SEATS}, seat: p})
            for i, p in enumerate(points)]


def test_card_impact_compares_the_holders_points_with_a_welch_interval():
    rng = np.random.default_rng(4)
    played = [float(x) for x in np.round(10 + rng.normal(0, 2, 40), 6)]
    other = [float(x) for x in np.round(5 + rng.normal(0, 3, 60), 6)]
    records = (_held("alpha", "us", "event", played) + _held("alpha", "us", "ops", other[:45], 40)
               + _held("alpha", "us", "shelve", other[45:], 85))
    [row] = card_impact(records)
    assert (row.card, row.seat, row.held, row.event_games, row.other_games) == ("alpha", "us", 100, 40, 60)
    assert dict(row.choices) == {"event": 40, "ops": 45, "shelve": 15}
    diff = np.mean(played) - np.mean(other)
    se = math.sqrt(np.var(played, ddof=1) / 40 + np.var(other, ddof=1) / 60)
    assert row.status == "compared" and row.diff == pytest.approx(diff, abs=1e-9)
    assert row.ci == pytest.approx((diff - 1.959964 * se, diff + 1.959964 * se), abs=1e-5)
    assert row.ci[0] > 0  # a real effect of about 5 points is told from noise


def test_lopsided_and_thin_cards_are_reported_as_such_not_ranked():
    records = (_held("always", "us", "event", [1.0] * 98) + _held("always", "us", "ops", [0.0] * 2, 98)
               + _held("never", "china", "ops", [1.0] * 99, 200) + _held("never", "china", "event", [9.0], 299)
               + _held("thin", "firm", "event", [1.0, 2.0] * 10, 300) + _held("thin", "firm", "shelve", [0.0] * 20, 320)
               + _held("real", "us", "event", [3.0, 4.0] * 20, 400) + _held("real", "us", "ops", [0.0, 1.0] * 20, 440))
    rows = {r.card: r for r in card_impact(records)}
    assert rows["always"].status == "always" and rows["always"].ci is None and rows["always"].diff is None
    assert rows["never"].status == "never" and rows["never"].ci is None
    assert rows["thin"].status == "few" and rows["thin"].ci is None
    assert rows["real"].status == "compared"
    assert card_impact(records)[0].card == "real"  # only a compared card is ranked


def test_card_impact_ranks_by_how_far_the_interval_lies_from_zero():
    big_noisy = _held("noisy", "us", "event", [0.0, 40.0] * 20) + _held("noisy", "us", "ops", [0.0, 34.0] * 20, 40)
    small_sure = (_held("sure", "us", "event", [2.0, 2.1] * 20, 100) + _held("sure", "us", "ops", [1.0, 1.1] * 20, 140))
    rows = card_impact(big_noisy + small_sure)
    assert [r.card for r in rows] == ["sure", "noisy"]
    assert rows[1].diff > rows[0].diff and rows[1].ci[0] < rows[0].ci[0]


def test_card_tallies_merge_exactly_in_any_order():
    rng = np.random.default_rng(7)
    kinds = ("event", "ops", "shelve", "headline", "opponent")
    records = [rec(i, "us", (("c", "us", kinds[i % 5]),), vp={"us": float(np.round(rng.normal(3, 2), 6)),
                                                                "china": 0.0, "firm": 0.0}) for i in range(200)]
    whole = CardTally()
    for r in records:
        whole.add(r)
    parts = [CardTally(), CardTally()]
    for i, r in enumerate(reversed(records)):
        parts[i % 2].add(r)
    parts[1].update(parts[0])
    assert parts[1].impact() == whole.impact()


def _tally_one_by_one(records: list[GameRecord]) -> CardTally:
    """The card tally's definition, game by game: each (card, seat) the seat used counts once in
    ``held``, once per way it chose, and its points (in millionths) in its group."""
    ways = {"event": "event", "headline": "event", "ops": "ops", "opponent": "ops", "shelve": "shelve"}
    tally = CardTally()
    for r in records:
        used: dict[tuple[str, str], set[str]] = {}
        for card, seat, kind in r.plays:
            if kind in ways and seat in r.vp:
                used.setdefault((card, seat), set()).add(ways[kind])
        for (card, seat), choices in used.items():
            tally.held[card, seat] += 1
            for c in choices:
                tally.chose[card, seat, c] += 1
            points = round(r.vp[seat] * 1_000_000)
            group = (card, seat, "event" in choices)
            tally.n[group] += 1
            tally.total[group] += points
            tally.squares[group] += points * points
    return tally


def test_a_batch_folds_to_the_tally_of_its_games_one_by_one():
    """The card tally folds a chunk's games in one pass of array arithmetic (in blocks of games); over
    real games, in chunks of any size, it holds what folding the games one by one holds."""
    from wargame.sim import BatchSpec, run_batch

    records = run_batch(BatchSpec.of("baseline", "random"), 2500, seed=4, workers=2).records
    expected = _tally_one_by_one(records)
    for cut in (1, 700, 2049):
        parts = [CardTally(), CardTally()]
        parts[0].add_many(records[:cut])
        parts[1].add_many(records[cut:])
        parts[1].update(parts[0])
        for name in ("held", "chose", "n", "total", "squares"):
            assert +getattr(parts[1], name) == +getattr(expected, name), name
    assert sum(expected.held.values()) > 100_000  # about seventy cards used a game


def test_a_game_counts_once_per_choice_and_world_cards_have_no_holder():
    both = rec(0, "us", (("c", "us", "event"), ("c", "us", "ops"), ("w", "world", "world")))
    [row] = card_impact([both])
    assert (row.card, row.held, row.event_games, row.other_games) == ("c", 1, 1, 0)
    assert dict(row.choices) == {"event": 1, "ops": 1, "shelve": 0}


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


def test_winners_under_judges_a_game_cut_short_against_the_share_of_each_target_due():
    """Game 1 ended by a sudden death that put the firm out, a quarter of the way in: China's
    target of 4 counts for 1 there, so China keeps it; the game that ran to its end goes to the US."""
    records = [rec(0, "china", vp={"us": 5.0, "china": 8.0, "firm": 1.0}),
               rec(1, "china", reason="firm-sanctioned", vp={"us": 1.0, "china": 3.5, "firm": 9.0}, played=0.25)]
    assert winners_under(records, SEATS, {"us": 0.0, "china": 4.0, "firm": 0.0}) == ["us", "china"]
    assert winners_under(records, SEATS, {"us": 0.0, "china": 12.0, "firm": 0.0}) == ["us", "us"]
    # China's points come late (pace 2): a sixteenth of 12 is due a quarter of the way in, and it keeps game 1
    assert winners_under(records, SEATS, {"us": 0.0, "china": 12.0, "firm": 0.0}, {"china": 2.0}) == ["us", "china"]


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


def test_search_targets_over_two_levels_of_play_evens_out_the_worst():
    """Under one level of play China scores 10 more than the US, under the other 4 more: targets
    fitted to either alone hand the other level to one seat; fitted to both, neither is lopsided."""
    def batch(lead: float) -> list[GameRecord]:
        return [rec(i, "china", vp={"us": (i % 7) - 3.0, "china": lead + (i % 5) - 2.0 + 0.3 * (i % 3)})
                for i in range(300)]

    strong, weak = batch(10.0), batch(4.0)
    seats = ["us", "china"]

    def worst(targets):
        """The highest share of wins any seat takes at either level under ``targets``."""
        return max(max(won.count(s) for s in seats) / len(won)
                   for won in (winners_under(b, seats, targets) for b in (strong, weak)))

    alone = search_targets(strong, seats)
    both = search_targets([strong, weak], seats)
    assert 4 < both["china"] - both["us"] < 10
    assert worst(both) < worst(alone)


# --- Card impact as people read it ------------------------------------------------------------------------
def test_the_simulate_screen_and_summary_name_cards_and_rank_only_compared_ones():
    from rich.console import Console

    from wargame.sim import BatchSpec, run_batch, summarize
    from wargame.tui.screens.simulate import results_text

    spec = BatchSpec.of("baseline", "random")
    doc = summarize(run_batch(spec, 400, seed=5, workers=1))
    rows = doc["card_impact"]
    cards = spec.game().rules.cards
    assert {r["status"] for r in rows} >= {"compared", "theirs"}
    statuses = [r["status"] for r in rows]
    assert statuses == sorted(statuses, key=["compared", "always", "never", "few", "theirs"].index)
    for r in rows:
        assert r["name"] == cards[r["card"]].name
        assert (r["ci95"] is None) == (r["status"] != "compared")
        assert r["held"] >= max(r["choices"].values())
    console = Console(width=80, record=True)
    console.print(results_text(doc))
    text = console.export_text()
    shown = [r for r in rows if r["status"] == "compared"][:8]
    assert shown and all(cards[r["card"]].name[:20] in text for r in shown)
    ids = {r["card"] for r in rows} - {cards[c].name for c in cards}
    assert not [i for i in ids if f" {i} " in text], "a card id on screen"


def test_a_tiny_batch_calls_every_card_too_few_and_still_renders():
    from rich.console import Console

    from wargame.sim import BatchSpec, run_batch, summarize
    from wargame.tui.screens.simulate import results_text

    doc = summarize(run_batch(BatchSpec.of("baseline", "greedy"), 2, seed=1, workers=1))
    assert {r["status"] for r in doc["card_impact"]} <= {"few", "theirs"}
    console = Console(width=80, record=True)
    console.print(results_text(doc))
    assert "No card has enough games either way to compare." in console.export_text()


@pytest.mark.parametrize(("scenario", "bots", "games"), [
    ("baseline", "random", 1500),  # every ending of a random batch, cut short and by score
    ("duel", "greedy", 120),
    ("long-2030", "random", 600),
])
def test_a_chunk_folds_from_the_cores_arrays_as_from_its_records(scenario: str, bots: str, games: int) -> None:
    """``wargame simulate`` folds the core's final states without making records; the tally is the
    one the records would give, field by field, and keeps the records asked for."""
    from wargame.sim import BatchSpec
    from wargame.sim.batch import Chunk
    from wargame.sim.tally import Tally

    spec = BatchSpec.of(scenario, bots)
    seats = list(spec.game().rules.scenario.seat_ids)
    played = Chunk.play(spec, 5, 100, 100 + games)
    assert played.played is not None
    direct = Tally.empty(seats, 100, games)
    direct.add_played(played.played, frozenset({103, 100 + games - 1}))
    expected = Tally.of(seats, played.records, 100, 100 + games, frozenset({103, 100 + games - 1}))
    assert np.array_equal(direct.values, expected.values)
    assert np.array_equal(direct.winners, expected.winners)
    assert (direct.played, direct.wins, direct.endings, direct.digest) == (
        expected.played, expected.wins, expected.endings, expected.digest)
    for name in ("held", "chose", "n", "total", "squares"):
        assert +getattr(direct.cards, name) == +getattr(expected.cards, name), name
    assert direct.kept == expected.kept and sorted(direct.kept) == [103, 100 + games - 1]
    assert len(direct.endings) > 1 and sum(direct.cards.held.values()) > 10 * games
