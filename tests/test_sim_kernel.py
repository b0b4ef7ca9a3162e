"""The game kernel against the interactive engine: game k of a batch ends in the very state
``play_game`` gives it alone, for every shipped scenario, the fixture decks (which draw and
discard) and each bot the kernel plays; and the exact math and randomness under it."""

from __future__ import annotations

import math
import random
import shutil
from dataclasses import astuple
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from wargame.engine import rng
from wargame.model.economy import EVOLVING, EXACT, SCALAR, advance_quarter, derive
from wargame.model.params import params as model_params
from wargame.model.variables import STATE_VARIABLES
from wargame.sim import BatchSpec, play_game, run_batch
from wargame.sim.batch import vectorised
from wargame.sim.kernel import game as kernel
from wargame.sim.kernel import play
from wargame.sim.record import record_game, state_fingerprint
from wargame.sim.vector import records, tables_for
from wargame.sim.vector.fingerprint import batch_of_states, fingerprints

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "engine"


def _compare(spec: BatchSpec, seed: int, first: int, count: int) -> None:
    """Every record of a batch equals the record of the same game played alone, field by field."""
    game = spec.game()
    bots = spec.seat_bots(list(game.rules.scenario.seat_ids))
    batch = records(play(game, bots, seed, first, count))
    assert [r.index for r in batch] == list(range(first, first + count))
    for rec in batch:
        alone = record_game(game, play_game(spec, seed, rec.index).state, rec.index)
        assert astuple(rec) == astuple(alone), f"game {rec.index} of {spec.scenario} differs alone and in the batch"


@pytest.mark.parametrize(("scenario", "games"), [("baseline", 60), ("duel", 40), ("long-2030", 16),
                                                 ("prologue-2025", 30)])
def test_every_shipped_scenario_matches_the_engine_game_for_game(scenario, games):
    _compare(BatchSpec.of(scenario, "random"), seed=3, first=0, count=games)


def test_pass_bots_and_mixed_seats_match_the_engine():
    _compare(BatchSpec.of("baseline", "pass"), seed=5, first=0, count=6)
    _compare(BatchSpec.of("baseline", {"*": "random", "china": "pass"}), seed=5, first=0, count=20)


@pytest.mark.parametrize(("scenario", "games"), [("baseline", 10), ("duel", 10), ("long-2030", 3)])
def test_greedy_bots_match_the_engine_game_for_game(scenario, games):
    """Greedy look-ahead (determinize, one copy per outcome, play on, project) gives the engine's moves."""
    _compare(BatchSpec.of(scenario, "greedy"), seed=8, first=40, count=games)


def test_greedy_beside_other_bots_matches_the_engine():
    _compare(BatchSpec.of("baseline", {"us": "greedy", "china": "random", "firm": "pass"}), seed=6, first=0, count=8)


def test_a_game_ends_the_same_in_a_batch_of_any_size_and_offset():
    spec = BatchSpec.of("baseline", "random")
    game = spec.game()
    bots = spec.seat_bots(list(game.rules.scenario.seat_ids))
    big = records(play(game, bots, 9, 0, 300))
    for k in (0, 17, 299):
        alone = records(play(game, bots, 9, k, 1))[0]
        assert alone == big[k]
    window = records(play(game, bots, 9, 100, 50))
    assert window == big[100:150]


@pytest.fixture
def fixture_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The engine's fixture decks, whose cards draw, discard and transfer."""
    shutil.copytree(FIXTURES / "decks", tmp_path / "decks")
    (tmp_path / "scenarios").mkdir()
    raw = yaml.safe_load((FIXTURES / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
    (tmp_path / "scenarios" / "baseline.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    monkeypatch.setenv("WARGAME_CONTENT", str(tmp_path))
    return tmp_path


def test_a_deck_listed_twice_is_played_by_the_engine(fixture_content):
    raw = yaml.safe_load((fixture_content / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
    raw = {**raw, "scenario": "doubled", "decks": {**raw["decks"], "draw": raw["decks"]["draw"] * 2}}
    (fixture_content / "scenarios" / "doubled.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    spec = BatchSpec.of("doubled", "random")
    assert not vectorised(spec)
    batch = run_batch(spec, 3, seed=2, workers=1)
    game = spec.game()
    assert [r.fingerprint for r in batch.records] == [state_fingerprint(game, play_game(spec, 2, k).state)
                                                     for k in range(3)]
    with pytest.raises(ValueError, match="at most once"):
        play(game, dict.fromkeys(game.rules.scenario.seat_ids, "random"), 2, 0, 3)


@pytest.mark.parametrize("rules", [
    {"headline": False, "world_draws": 2, "rounds": 3, "hand_size": 3},
    {"world_draws": 0, "rounds": 1, "hand_size": 8},
])
def test_other_quarter_shapes_match_the_engine(fixture_content, rules):
    """No headline, several world cards a quarter, more or fewer rounds, small or large hands."""
    raw = yaml.safe_load((fixture_content / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
    (fixture_content / "scenarios" / "shape.yaml").write_text(yaml.safe_dump({**raw, "scenario": "shape", **rules}),
                                                               encoding="utf-8")
    _compare(BatchSpec.of("shape", "random"), seed=13, first=0, count=40)
    _compare(BatchSpec.of("shape", "greedy"), seed=13, first=0, count=4)


def test_fixture_decks_with_draws_and_discards_match_the_engine(fixture_content):
    _compare(BatchSpec.of("baseline", "random"), seed=21, first=0, count=60)
    _compare(BatchSpec.of("baseline", "greedy"), seed=21, first=0, count=8)


def test_run_batch_uses_the_batch_simulator_for_random_bots_and_the_engine_otherwise():
    assert vectorised(BatchSpec.of("baseline", "random"))
    assert vectorised(BatchSpec.of("duel", {"us": "pass", "china": "random"}))
    assert vectorised(BatchSpec.of("baseline", {"*": "random", "us": "greedy"}))
    assert not vectorised(BatchSpec.of("baseline", {"*": "random", "us": "mcts-fast"}))
    spec = BatchSpec.of("duel", "random")
    one, two = run_batch(spec, 40, seed=4, workers=1), run_batch(spec, 40, seed=4, workers=2)
    assert one.records == two.records
    game = spec.game()
    assert one.record(7).fingerprint == state_fingerprint(game, play_game(spec, 4, 7).state)


def test_fingerprint_sees_every_part_of_the_rules_state():
    spec = BatchSpec.of("baseline", "random")
    game = spec.game()
    t = tables_for(game)
    state = play_game(spec, 2, 0).state
    base = fingerprints(batch_of_states(t, [state]))[0]
    changes = []
    for change in (lambda s: s.values.__setitem__("us.pc", s.values["us.pc"] + 1e-12),
                   lambda s: s.hands["us"].reverse() if len(s.hands["us"]) > 1 else s.hands["us"].clear(),
                   lambda s: s.draw_pile.insert(0, s.draw_pile.pop()),
                   lambda s: setattr(s, "rng_counter", s.rng_counter + 1),
                   lambda s: s.board.__setitem__("india", -0.0 if s.board["india"] == 0.0 else 0.0),
                   lambda s: s.vp.__setitem__("firm", s.vp["firm"] + 1)):
        other = state.clone()
        change(other)
        changes.append(fingerprints(batch_of_states(t, [other]))[0])
    assert all(c != base for c in changes)
    assert len(set(changes)) == len(changes)


# --- What exactness rests on ----------------------------------------------------------------------------
def test_exact_math_is_bit_identical_to_the_scalar_functions():
    gen = np.random.default_rng(0)
    x = np.concatenate([gen.uniform(1e-9, 1e3, 20_000), [1.0, 0.5, 2.0]])
    assert np.array_equal(EXACT.log(x), np.array([math.log(v) for v in x]))
    assert np.array_equal(EXACT.exp(x / 100), np.array([math.exp(v / 100) for v in x]))
    assert np.array_equal(EXACT.pow(x, 0.25), np.array([v ** 0.25 for v in x]))
    zeros = np.array([-0.0, 0.0, -0.0, 0.0])
    others = np.array([0.0, -0.0, -0.0, 0.0])
    for mine, theirs in ((EXACT.maximum, max), (EXACT.minimum, min)):
        got = mine(zeros, others)
        assert [math.copysign(1, g) for g in got] == [math.copysign(1, theirs(a, b)) for a, b in zip(zeros, others, strict=True)]


def test_exact_model_run_equals_the_scalar_run_element_by_element():
    p = model_params()
    rules = BatchSpec.of("baseline", "random").game().rules
    gen = np.random.default_rng(1)
    t = tables_for(BatchSpec.of("baseline", "random").game())
    b = batch_of_states(t, [BatchSpec.of("baseline", "random").game().new_game(s) for s in range(8)])
    values = {k: b.values[i] * gen.uniform(0.9, 1.1, 8) for i, k in enumerate(STATE_VARIABLES)}
    board = [gen.uniform(-3, 3, 8) for _ in rules.board_ids]
    new, new_board = advance_quarter(values, board, rules.weights, p, 3, EXACT)
    out = derive(values, board, rules.weights, p, EXACT)
    for i in range(8):
        one = {k: float(v[i]) for k, v in values.items()}
        s_new, s_board = advance_quarter(one, [float(a[i]) for a in board], rules.weights, p, 3, SCALAR)
        s_out = derive(one, [float(a[i]) for a in board], rules.weights, p, SCALAR)
        assert all(float(new[k][i]) == s_new[k] for k in s_new)
        assert [float(a[i]) for a in new_board] == s_board
        assert all(float(out[k][i]) == s_out[k] for k in s_out)


def test_the_kernels_draws_are_the_engines_for_seeds_counters_and_games_of_any_size():
    gen = np.random.default_rng(2)
    seeds = gen.integers(0, 2**63, 500, dtype=np.uint64) * np.uint64(2) + gen.integers(0, 2, 500, dtype=np.uint64)
    counters = gen.integers(0, 2**40, 500)
    games = gen.integers(0, 2**20, 500)
    n = gen.integers(1, 2**31, 500)
    got = [kernel.below(np.uint64(kernel.seed_word(s)), c, k, g) for s, c, k, g in zip(seeds, counters, n, games, strict=True)]
    want = [rng.below(int(s), int(c), int(k), int(g)) for s, c, k, g in zip(seeds, counters, n, games, strict=True)]
    assert got == want
    assert all(int(kernel.seed_word(s)) == rng.draw64_seed_word(int(s)) for s in seeds[:50])
    huge = 123_456_789 * 7919 * 2**40 + 3  # a Python seed past 64 bits reduces as draw64 reduces it
    assert [int(w) for w in rng.draw64_array(huge, np.arange(4), 5)] == [rng.draw64(huge, c, 5) for c in range(4)]


def test_variables_outside_evolving_pass_through_the_quarter_unchanged():
    p = model_params()
    game = BatchSpec.of("baseline", "random").game()
    state = game.new_game(1)
    board = [state.board[b] for b in game.rules.board_ids]
    new, _ = advance_quarter(dict(state.values), board, game.rules.weights, p, 0)
    for k in STATE_VARIABLES:
        bumped = {**state.values, k: state.values[k] * 0.97 + 0.01}
        moved, _ = advance_quarter(bumped, board, game.rules.weights, p, 0)
        if k in EVOLVING:
            assert moved[k] != bumped[k] or new[k] != state.values[k], f"{k} is declared evolving but passes through"
        else:
            assert moved[k] == bumped[k] and new[k] == state.values[k], f"{k} evolves but is not in EVOLVING"


# --- The kernel's limits and its plays log ---------------------------------------------------------
def test_games_past_the_kernels_room_are_played_again_by_the_engine(monkeypatch):
    """With room for one modifier and a few distinct moves, most games overflow; run_batch's
    records still equal the engine's, game for game."""
    from wargame.sim.kernel import chunk as kernel_chunk
    from wargame.sim.kernel import program

    monkeypatch.setattr(program, "SLOT_COUNT", 1)
    monkeypatch.setattr(program, "MAX_KEYS", 6)
    monkeypatch.setattr(kernel_chunk, "_PROGRAMS", type(kernel_chunk._PROGRAMS)())
    for bots, games in (("random", 12), ("greedy", 3)):
        spec = BatchSpec.of("baseline", bots)
        game = spec.game()
        batch = play(game, spec.seat_bots(list(game.rules.scenario.seat_ids)), 4, 0, games)
        assert batch.spilled is not None and batch.spilled.sum() >= games // 2
        got = run_batch(spec, games, seed=4, workers=1).records
        want = [record_game(game, play_game(spec, 4, k).state, k) for k in range(games)]
        assert [astuple(r) for r in got] == [astuple(r) for r in want]


def test_the_plays_log_grows_when_a_chunk_fires_more_plays_than_it_holds(monkeypatch):
    from wargame.sim.kernel import chunk as kernel_chunk

    spec = BatchSpec.of("baseline", "random")
    game = spec.game()
    bots = spec.seat_bots(list(game.rules.scenario.seat_ids))
    roomy = records(play(game, bots, 5, 0, 40))
    monkeypatch.setattr(kernel_chunk, "LOG_PER_GAME", 0)
    tight = play(game, bots, 5, 0, 40)
    assert tight.plays is not None and len(tight.plays[0]) > 64  # it grew from 64 codes
    assert records(tight) == roomy
    assert all(r.plays for r in roomy)


def test_conditions_on_points_turns_and_capability_read_as_the_engine_reads_them(fixture_content):
    """Conditional injects keyed on a seat's points, the turn and a display-only output."""
    path = fixture_content / "scenarios" / "baseline.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["conditional"] = [*raw.get("conditional", []),
                          {"id": "points-rally", "when": {"any": ["us.vp > 1.5", "china.vp >= 2"]},
                           "effects": [{"op": "modify", "target": "us.capex", "add": 3.0, "turns": 2}]},
                          {"id": "late-capability", "when": {"all": ["game.turn >= 3", "china.capability > 1"]},
                           "effects": [{"op": "add", "target": "china.pc", "value": 2}]}]
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    _compare(BatchSpec.of("baseline", "random"), seed=17, first=0, count=30)
    _compare(BatchSpec.of("baseline", "greedy"), seed=17, first=0, count=3)


# --- Random decks: every effect and condition, nested, against the engine ------------------------
_READABLE = ("world.lag", "china.domestic_share", "us.capability", "world.fragmentation", "us.pc", "china.budget",
             "firm.capacity", "board.india", "board.japan", "game.turn", "us.vp", "firm.vp", "china.vp")


def _random_condition(rnd: random.Random, depth: int = 0) -> Any:
    if depth < 2 and rnd.random() < 0.3:
        return {rnd.choice(["all", "any"]): [_random_condition(rnd, depth + 1) for _ in range(rnd.randint(1, 3))]}
    right = rnd.choice(_READABLE) if rnd.random() < 0.2 else round(rnd.uniform(-2, 8), 2)
    left = rnd.choice(_READABLE)
    if not isinstance(right, str):  # inside what the path can hold: the validator refuses other numbers
        lo, hi = _range(left)
        right = min(max(right, lo), hi)
    return f"{left} {rnd.choice(['<', '<=', '>', '>=', '==', '!='])} {right}"


def _range(path: str) -> tuple[float, float]:
    from wargame.model.variables import VARIABLES

    if path in VARIABLES:
        return VARIABLES[path].lo, VARIABLES[path].hi
    return (-3, 3) if path.startswith("board.") else (-2, 8)


def _side(toward: str, sideless: bool) -> str:
    return "us" if sideless and toward == "self" else toward  # the firm has no side of its own


def _random_effect(rnd: random.Random, depth: int = 0, seatless: bool = False, sideless: bool = False) -> dict[str, Any]:
    """A valid random effect; ``seatless``: for a world card or an inject, which have no ``self``;
    ``sideless``: for a firm card, whose shifts name the side they help."""
    from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

    names = sorted(WRITABLE_VARIABLES)
    target = rnd.choice(names)
    var = VARIABLES[target]
    span = var.hi - var.lo
    kinds = ["add", "mul", "set", "modify", "transfer", "draw", "discard", "shift"] + (["chance", "if"] if depth < 2 else [])
    op = rnd.choice(kinds)
    if op == "add":
        return {"op": "add", "target": target, "value": round(rnd.uniform(-0.3, 0.3) * span, 4)}
    if op == "mul":
        return {"op": "mul", "target": target, "value": round(rnd.uniform(0.5, 1.6), 3)}
    if op == "set":
        return {"op": "set", "target": target, "value": round(rnd.uniform(var.lo, var.hi), 4)}
    if op == "modify":
        return {"op": "modify", "target": target, "add": round(rnd.uniform(-0.2, 0.2) * span, 4) or 0.5,
                "mul": round(rnd.uniform(0.7, 1.3), 3), "turns": rnd.randint(1, 6)}
    if op == "transfer":
        to = rnd.choice(names)  # an amount within both variables' ranges (validation refuses more)
        room = min(span, VARIABLES[to].hi - VARIABLES[to].lo)
        return {"op": "transfer", "from": target, "to": to, "value": round(rnd.uniform(0.01, 1.0) * room, 3) or 0.001}
    if op in ("draw", "discard"):
        seats = ["us", "china", "firm"] if seatless else ["self", "us", "china", "firm"]
        return {"op": op, "seat": rnd.choice(seats), "count": rnd.randint(1, 3)}
    if op == "shift":
        return {"op": "shift", "state": rnd.choice(["choose", "all", "india", "uae"]), "steps": rnd.choice([0.5, 1, 2]),
                "toward": _side(rnd.choice(["us", "china"] if seatless else ["self", "us", "china"]), sideless)}
    branch = {"then": [_random_effect(rnd, depth + 1, seatless, sideless) for _ in range(rnd.randint(0, 2))],
              "else": [_random_effect(rnd, depth + 1, seatless, sideless) for _ in range(rnd.randint(0, 2))]}
    if op == "chance":
        return {"op": "chance", "p": round(rnd.random(), 3), **branch}
    return {"op": "if", "when": _random_condition(rnd), **branch}


@pytest.mark.parametrize("deck_seed", range(1, 13))
def test_random_decks_of_every_effect_play_as_the_engine_plays_them(fixture_content, deck_seed):
    """The fixture decks' cards and the scenario's injects get random effects (every primitive,
    branches nested two deep, random conditions on outputs, the board, the turn and points) and
    random requirements and conditions."""
    rnd = random.Random(deck_seed)
    for deck in ("core", "world"):
        path = fixture_content / "decks" / f"{deck}.yaml"
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for card in raw["cards"]:
            card["effects"] = [_random_effect(rnd, seatless=deck == "world", sideless=card["faction"] == "firm")
                               for _ in range(rnd.randint(1, 4))]
            card.pop("requires", None)
            if rnd.random() < 0.3:
                card["requires"] = [_random_condition(rnd)]
        path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    path = fixture_content / "scenarios" / "baseline.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    for inject in raw["conditional"]:
        inject["when"] = _random_condition(rnd)
        inject["effects"] = [_random_effect(rnd, seatless=True) for _ in range(rnd.randint(1, 3))]
    raw["injects"][1]["effects"] = [_random_effect(rnd, seatless=True) for _ in range(3)]
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    _compare(BatchSpec.of("baseline", "random"), seed=deck_seed, first=0, count=60)
    _compare(BatchSpec.of("baseline", "greedy"), seed=deck_seed, first=0, count=2)
    quarters = [r.quarter for r in run_batch(BatchSpec.of("baseline", "random"), 60, seed=deck_seed, workers=1).records]
    assert max(quarters) > "2026Q2"  # the games last: the cards are played over several quarters


def test_a_finished_batch_marks_every_modifier_slot_past_a_games_count_empty():
    """Records read the batch's effective values over every slot up to the largest count of any
    game, so a slot the kernel left behind (an expired modifier) must read as unused."""
    spec = BatchSpec.of("long-2030", "random")
    game = spec.game()
    b = play(game, spec.seat_bots(list(game.rules.scenario.seat_ids)), 6, 0, 200)
    assert b.mod_count.max() > b.mod_count.min()
    past = np.arange(b.mod_target.shape[1])[None, :] >= b.mod_count[:, None]
    assert (b.mod_target[past] == -1).all() and (b.mod_mul[past] == 1.0).all() and (b.mod_add[past] == 0.0).all()
