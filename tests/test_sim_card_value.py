"""What a card's event is worth: the same batch with and without it (``sim.cardvalue``, ``simulate --card-value``).

The engine's fixture decks, plus two cards of the US seat with no ops (so a bot holding one plays
its event or shelves it): a windfall that puts every swing state firmly in the US camp, and an own
goal that hands every one of them to China. Random bots play them for their event about as often as
they shelve them, so the experiment sees both at work.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_short_content
from wargame.cli.main import main
from wargame.sim import BatchSpec
from wargame.sim.cardvalue import card_values, playable_cards

WINDFALL = {"id": "windfall", "name": "Windfall in Every Swing State of Asia", "faction": "us", "type": "alliance", "ops": 0, "text": "x",
            "effects": [{"op": "shift", "state": "all", "steps": 3, "toward": "us"}]}
OWN_GOAL = {"id": "own-goal", "name": "Own Goal", "faction": "us", "type": "alliance", "ops": 0, "text": "x",
            "effects": [{"op": "shift", "state": "all", "steps": 3, "toward": "china"}]}


@pytest.fixture(scope="module")
def content_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("content")
    write_short_content(root, [WINDFALL, OWN_GOAL])
    return root


@pytest.fixture
def content(content_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARGAME_CONTENT", str(content_root))
    return content_root


def test_a_helpful_event_is_worth_points_and_a_harmful_one_costs_them(content):
    spec = BatchSpec.of("short", "random")
    result = card_values(spec, 300, seed=3, cards=["windfall", "own-goal", "commons"], workers=2)
    rows = {(r.card, r.seat): r for r in result.rows}
    windfall, own_goal = rows["windfall", "us"], rows["own-goal", "us"]
    assert windfall.ci[0] > 0, windfall
    assert own_goal.ci[1] < 0, own_goal
    assert 0 < own_goal.event_share < 1  # the random bot sometimes plays it, sometimes shelves it
    # only the seats that may play an event get a row: the US for its cards, every seat for a neutral one
    assert {seat for card, seat in rows if card == "windfall"} == {"us"}
    assert {seat for card, seat in rows if card == "commons"} == {"us", "china", "firm"}
    # worst first: the rows run by the upper end of their interval
    assert [r.ci[1] for r in result.rows] == sorted(r.ci[1] for r in result.rows)
    assert result.rows[0].card == "own-goal"


def test_each_rows_mean_is_split_by_what_happened_to_the_card(content):
    """The paired differences split into the games in which the seat played the event itself, those in
    which only an opponent's ops set it off, and the rest; the parts add up to the row's mean."""
    spec = BatchSpec.of("short", "random")
    result = card_values(spec, 300, seed=3, cards=["own-goal", "commons"], workers=2)
    rows = {(r.card, r.seat): r for r in result.rows}
    for row in result.rows:
        (played, p_diff), (set_off, s_diff), (rest, r_diff) = row.split
        assert played + set_off + rest == row.games == 300
        assert p_diff + s_diff + r_diff == pytest.approx(row.diff)
        assert played == row.event_games  # the tally's count of the games it played the event in
    own_goal = rows["own-goal", "us"]
    # the own goal costs the US where it plays it, and where China or the firm play it for its (no) ops
    assert own_goal.split[0][0] > 0 and own_goal.split[0][1] < 0
    assert own_goal.split[1][0] > 0 and own_goal.split[1][1] < 0
    # a neutral card is never set off by an opponent: another seat that plays it plays its own event
    assert all(r.split[1][0] == 0 for r in result.rows if r.card == "commons")
    assert own_goal.to_dict()["split"]["played"] == {"games": own_goal.split[0][0], "diff": own_goal.split[0][1]}


def test_without_the_event_game_k_is_the_same_game_until_the_card_matters(content):
    from wargame.sim.tally import measures, tally_batches

    spec = BatchSpec.of("short", "random")
    shipped, without = tally_batches([spec, spec.without_event("own-goal")], 200, seed=5, workers=2)
    row = measures(shipped.seats).index("vp:us")
    diff = shipped.tally.values[row] - without.tally.values[row]
    # games in which the US never played the card for its event are the same game in both batches
    assert 0 < (diff == 0).sum() < len(diff)
    assert (diff < 0).sum() > (diff > 0).sum()


def test_a_silenced_event_is_never_played_and_ops_no_longer_set_it_off(content):
    spec = BatchSpec.of("short", "random")
    silent = spec.without_event("own-goal").without_event("ctrl")
    game = silent.game()
    assert game.rules.cards["own-goal"].event_seats == ()
    from wargame.sim import run_batch

    plays = {(card, kind) for r in run_batch(silent, 60, seed=2, workers=1).records for card, _, kind in r.plays}
    assert not any(card in ("own-goal", "ctrl") and kind in ("event", "headline", "opponent") for card, kind in plays)
    assert any(card == "ctrl" and kind == "ops" for card, kind in plays)  # still dealt and played for its ops
    # a neutral card withheld from one seat is still played by the others
    commons = {(seat, kind) for r in run_batch(spec.without_event("commons", "us"), 60, seed=2, workers=1).records
               for card, seat, kind in r.plays if card == "commons"}
    assert ("us", "event") not in commons and {("china", "event"), ("firm", "event")} <= commons
    with pytest.raises(ValueError, match="no card 'own-gaol'.*own-goal"):
        spec.without_event("own-gaol")


def test_playable_cards_are_the_draw_deck_a_seat_may_play(content):
    cards = playable_cards(BatchSpec.of("short", "random"))
    assert "windfall" in cards and "own-goal" in cards
    assert "w1" not in cards  # a world card: the news fires it
    assert "h-us-1" not in cards  # in no draw deck


def test_cli_card_value_table_names_cards_in_words(content, capsys):
    status = main(["simulate", "--scenario", "short", "--bots", "random", "--card-value", "--cards",
                   "own goal, windfall in every swing state of asia", "--games", "200", "--seed", "3", "--workers", "2"])
    out = capsys.readouterr().out
    assert status == 0
    assert "worth to the seat that plays it" in out and "worst first" in out
    assert "Own Goal" in out and "Windfall" in out
    assert "own-goal" not in out and "windfall" not in out  # names, never ids
    assert out.index("Own Goal") < out.index("Windfall")  # the harmful one first
    assert "3 batches of 200 games" in out
    # a card wholly below zero says where it costs its seat
    assert "Own Goal (us): -" in out and "games in which it played the event" in out
    assert "Windfall in Every Swing State of Asia (us)" not in out


def test_cli_card_value_fits_80_columns(content, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["simulate", "--scenario", "short", "--bots", "random", "--card-value", "--cards", "windfall,own-goal",
                 "--games", "20", "--workers", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(map(len, lines)) <= 80
    assert any("Windfall in Every" in line for line in lines)  # a long name wraps inside its column


def test_cli_card_value_json(content, capsys):
    status = main(["simulate", "--scenario", "short", "--bots", "random", "--card-value", "--cards", "own-goal",
                   "--games", "50", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert doc["batches"] == 2 and doc["games"] == 50  # as shipped, and without the US playing it
    (row,) = doc["cards"]
    assert row["name"] == "Own Goal" and row["seat"] == "us"
    assert row["ci95"][0] <= row["diff"] <= row["ci95"][1]
    assert row["win_rate_change"] == pytest.approx(row["win_rate_with"] - row["win_rate_without"])


@pytest.mark.parametrize(("argv", "words"), [
    (["--card-value", "--cards", "Own Gaol"], "no card 'Own Gaol' in this scenario (did you mean 'Own Goal'?)"),
    (["--card-value", "--cards", "Rubin"], "no seat of this scenario may play Rubin for its event"),  # world news
    (["--cards", "Own Goal"], "--cards goes with --card-value"),
])
def test_cli_card_value_refuses_bad_cards_in_words(content, capsys, argv, words):
    status = main(["simulate", "--scenario", "short", "--bots", "random", "--games", "5", *argv])
    assert status == 2
    assert words in capsys.readouterr().err


def test_the_win_rate_change_has_a_paired_interval(content):
    """``win %`` comes with a 95% interval from the paired games, as the points do: recomputed here
    from the two batches' records, game by game."""
    import math

    from wargame.sim import run_batch

    spec = BatchSpec.of("short", "random")
    result = card_values(spec, 300, seed=3, cards=["own-goal"], workers=2)
    (row,) = [r for r in result.rows if r.seat == "us"]
    shipped = run_batch(spec, 300, seed=3, workers=1).records
    without = run_batch(spec.without_event("own-goal", "us"), 300, seed=3, workers=1).records
    diffs = [(a.winner == "us") - (b.winner == "us") for a, b in zip(shipped, without, strict=True)]
    mean = sum(diffs) / len(diffs)
    se = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (len(diffs) - 1) / len(diffs))
    assert row.win_change == pytest.approx(mean)
    assert row.win_se == pytest.approx(se) and se > 0
    low, high = row.win_ci
    assert low < row.win_change < high and high - low == pytest.approx(2 * 1.959964 * se, rel=1e-5)
    assert row.to_dict()["win_rate_change_ci95"] == [low, high]
    assert high < 0  # handing every swing state to China loses the US games
