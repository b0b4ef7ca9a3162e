"""Determinism: a game is a function of its seed, its game index and its actions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, build_game
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import Action
from wargame.engine.state import GameState, canonical_json, state_hash

TESTS = Path(__file__).resolve().parent

#: Plays one random-bot game of the fixture scenario and prints its final hash and result.
SCRIPT = """
import json, sys
from conftest import build_game
from wargame.bots.match import play_match, seat_bots
game = build_game()
seed = int(sys.argv[1])
match = play_match(game, seat_bots({s: "random" for s in game.rules.scenario.seat_ids}, seed), seed)
print(json.dumps({"hash": game.hash(match.state), "winner": match.state.result["winner"]}))
"""


def run(game, seed, bot="random", game_index=0):
    return play_match(game, seat_bots({s: bot for s in game.rules.scenario.seat_ids}, seed), seed, game_index)


def test_same_seed_same_actions_same_hash(game):
    a, b = run(game, 42), run(game, 42)
    assert a.actions == b.actions
    assert state_hash(a.state) == state_hash(b.state)
    assert canonical_json(a.state.to_dict()) == canonical_json(b.state.to_dict())


def test_same_hash_in_a_fresh_process(game):
    here = run(game, 42)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(TESTS)]),
           "PYTHONHASHSEED": "12345"}  # a different str-hash seed must not matter
    proc = subprocess.run([sys.executable, "-c", SCRIPT, "42"], capture_output=True, text=True, env=env,
                          cwd=str(REPO), timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    there = json.loads(proc.stdout.strip().splitlines()[-1])
    assert there == {"hash": state_hash(here.state), "winner": here.state.result["winner"]}


def test_different_seeds_give_different_games(game):
    hashes = {state_hash(run(game, seed).state) for seed in range(1, 6)}
    assert len(hashes) == 5
    openings = {canonical_json(game.new_game(seed).hands) for seed in range(1, 6)}
    assert len(openings) == 5


def test_game_index_separates_the_games_of_a_batch(game):
    a, b = game.new_game(7, game_index=0), game.new_game(7, game_index=1)
    assert a.hands != b.hands
    assert state_hash(game.new_game(7, game_index=1)) == state_hash(b)


def test_a_game_does_not_depend_on_what_runs_beside_it(game):
    """Interleave two games step by step: each ends as it does alone."""
    alone = run(game, 5)
    other = run(game, 6)
    s, t = game.new_game(5), game.new_game(6)
    for i in range(max(len(alone.actions), len(other.actions))):
        if i < len(alone.actions):
            s = game.apply(s, alone.actions[i])
        if i < len(other.actions):
            t = game.apply(t, other.actions[i])
    assert state_hash(s) == state_hash(alone.state) and state_hash(t) == state_hash(other.state)


def test_the_action_log_alone_rebuilds_the_game(game):
    match = run(game, 11)
    logged = [Action.from_dict(json.loads(json.dumps(a.to_dict()))) for a in match.actions]
    s = game.new_game(11)
    for action in logged:
        s = game.apply(s, action)
    assert state_hash(s) == state_hash(match.state)


def test_a_state_round_trips_through_json(game):
    s = run(game, 3).state
    back = GameState.from_dict(json.loads(canonical_json(s.to_dict())))
    assert state_hash(back) == state_hash(s)
    mid = game.new_game(3)
    back = GameState.from_dict(json.loads(canonical_json(mid.to_dict())))
    assert state_hash(back) == state_hash(mid)
    # And play continues identically from the copy.
    seat = game.current_player(mid)
    action = game.legal_actions(mid)[-1]
    assert action.seat == seat
    assert state_hash(game.apply(back, action)) == state_hash(game.apply(mid, action))


def test_canonical_json_ignores_dict_insertion_order(game):
    assert canonical_json({"b": 1, "a": {"y": 2.5, "x": [1, 2]}}) == canonical_json({"a": {"x": [1, 2], "y": 2.5}, "b": 1})
    s = game.new_game(9)
    t = s.clone()
    t.values = dict(reversed(list(t.values.items())))
    t.board = dict(reversed(list(t.board.items())))
    t.hands = dict(reversed(list(t.hands.items())))
    t.vp = dict(reversed(list(t.vp.items())))
    t.events = [dict(reversed(list(e.items()))) for e in t.events]
    assert list(t.values) != list(s.values)
    assert state_hash(t) == state_hash(s)
    # ...while any real difference changes the hash.
    t.values["us.pc"] += 1e-12
    assert state_hash(t) != state_hash(s)


def test_canonical_json_is_compact_sorted_ascii():
    text = canonical_json({"z": 0.1, "a": "é"})
    assert text == '{"a":"\\u00e9","z":0.1}'


def test_determinism_holds_for_greedy_bots_too():
    g = build_game()
    a, b = run(g, 8, bot="greedy"), run(g, 8, bot="greedy")
    assert a.actions == b.actions and state_hash(a.state) == state_hash(b.state)
