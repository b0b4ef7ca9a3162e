"""The rules core: batches of whole games against games played move by move through the engine's
API (game k of a batch ends in the very state ``play_game`` gives it alone), the records of the
rules as they were before the core replaced the Python engine, every op of the effect vocabulary,
and the randomness under it."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from dataclasses import astuple
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from wargame.core import rng as core_rng
from wargame.engine import game as engine_game
from wargame.engine import rng
from wargame.engine.actions import FIRE, Action
from wargame.engine.cards import Deck
from wargame.engine.effects import EFFECT_TYPES
from wargame.engine.game import Game, Ruleset
from wargame.model.economy import EVOLVING, advance_quarter
from wargame.model.params import params as model_params
from wargame.model.variables import STATE_VARIABLES
from wargame.sim import BatchSpec, play_game, run_batch
from wargame.sim.batch import in_core
from wargame.sim.games import play, records
from wargame.sim.record import record_game, state_fingerprint

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


def test_search_bots_play_in_the_core_as_they_play_through_the_engine():
    """A batch's mcts bots (searching in the core from the whole state) make the moves the facade's
    mcts bots make on their seat's view: the search reads nothing the view hides."""
    _compare(BatchSpec.of("baseline", "mcts-fast"), seed=9, first=0, count=3)
    _compare(BatchSpec.of("duel", {"*": "greedy", "us": "mcts"}), seed=9, first=5, count=2)


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


def test_a_deck_listed_twice_is_played_with_each_card_twice(fixture_content):
    raw = yaml.safe_load((fixture_content / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
    raw = {**raw, "scenario": "doubled", "decks": {**raw["decks"], "draw": raw["decks"]["draw"] * 2}}
    (fixture_content / "scenarios" / "doubled.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    spec = BatchSpec.of("doubled", "random")
    assert in_core(spec)
    _compare(spec, seed=2, first=0, count=20)
    _compare(BatchSpec.of("doubled", "greedy"), seed=2, first=0, count=3)


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


def test_run_batch_plays_built_in_bots_in_the_core():
    assert in_core(BatchSpec.of("baseline", "random"))
    assert in_core(BatchSpec.of("duel", {"us": "pass", "china": "random"}))
    assert in_core(BatchSpec.of("baseline", {"*": "random", "us": "greedy"}))
    assert in_core(BatchSpec.of("baseline", {"*": "random", "us": "mcts-fast"}))
    spec = BatchSpec.of("duel", "random")
    one, two = run_batch(spec, 40, seed=4, workers=1), run_batch(spec, 40, seed=4, workers=2)
    assert one.records == two.records
    game = spec.game()
    assert one.record(7).fingerprint == state_fingerprint(game, play_game(spec, 4, 7).state)


def test_fingerprint_sees_every_part_of_the_rules_state():
    spec = BatchSpec.of("baseline", "random")
    game = spec.game()
    # a game whose draw pile still holds two cards at the end, so that reordering it changes something
    state = next(s for s in (play_game(spec, 2, k).state for k in range(20)) if len(s.draw_pile) > 1)
    base = state_fingerprint(game, state)
    changes = []
    for change in (lambda s: s.values.__setitem__("us.pc", s.values["us.pc"] + 1e-12),
                   lambda s: s.hands["us"].reverse() if len(s.hands["us"]) > 1 else s.hands["us"].clear(),
                   lambda s: s.draw_pile.insert(0, s.draw_pile.pop()),
                   lambda s: setattr(s, "rng_counter", s.rng_counter + 1),
                   lambda s: s.board.__setitem__("india", -0.0 if s.board["india"] == 0.0 else 0.0),
                   lambda s: s.vp.__setitem__("firm", s.vp["firm"] + 1)):
        other = state.clone()
        change(other)
        changes.append(state_fingerprint(game, other))
    assert all(c != base for c in changes)
    assert len(set(changes)) == len(changes)


# --- The rules as they were -------------------------------------------------------------------------
REFERENCE = Path(__file__).resolve().parent / "fixtures" / "core" / "reference-records.json"


def _digest(recs: list[Any]) -> str:
    return hashlib.sha256(json.dumps([astuple(r) for r in recs], sort_keys=True).encode()).hexdigest()


@pytest.mark.parametrize("case", json.loads(REFERENCE.read_text(encoding="utf-8")),
                         ids=lambda c: f"{c['scenario']}-{c['bots'] if isinstance(c['bots'], str) else 'mixed'}")
def test_the_core_plays_the_games_the_python_engine_played(case):
    """Records of games the Python engine and its kernel twin played before the core replaced them
    (``fixtures/core/README.md``): the same winners, points, tracks, plays and fingerprints."""
    spec = BatchSpec.of(case["scenario"], case["bots"])
    game = spec.game()
    recs = records(play(game, spec.seat_bots(list(game.rules.scenario.seat_ids)), case["seed"], case["first"],
                        case["games"]))
    assert [r.fingerprint for r in recs] == case["fingerprints"]
    assert [r.winner for r in recs] == case["winners"]
    assert _digest(recs) == case["records_sha256"]


# --- What exactness rests on ----------------------------------------------------------------------------
def test_the_cores_draws_are_the_engines_for_seeds_counters_and_games_of_any_size():
    gen = np.random.default_rng(2)
    seeds = gen.integers(0, 2**63, 500, dtype=np.uint64) * np.uint64(2) + gen.integers(0, 2, 500, dtype=np.uint64)
    counters = gen.integers(0, 2**40, 500)
    games = gen.integers(0, 2**20, 500)
    n = gen.integers(1, 2**31, 500)
    got = [core_rng.below(np.uint64(core_rng.seed_word(s)), c, k, g)
           for s, c, k, g in zip(seeds, counters, n, games, strict=True)]
    want = [rng.below(int(s), int(c), int(k), int(g)) for s, c, k, g in zip(seeds, counters, n, games, strict=True)]
    assert got == want
    assert all(int(core_rng.seed_word(s)) == rng.draw64_seed_word(int(s)) for s in seeds[:50])
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


# --- The plays log ---------------------------------------------------------------------------------
def test_the_plays_log_grows_when_a_chunk_fires_more_plays_than_it_holds(monkeypatch):
    spec = BatchSpec.of("baseline", "random")
    game = spec.game()
    bots = spec.seat_bots(list(game.rules.scenario.seat_ids))
    roomy = records(play(game, bots, 5, 0, 40))
    monkeypatch.setattr(engine_game, "LOG_PER_GAME", 0)
    tight = play(game, bots, 5, 0, 40)
    assert len(tight.log) > 64  # it grew from 64 codes
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


def _range(path: str) -> tuple[float, float]:
    from wargame.model.variables import VARIABLES

    if path in VARIABLES:
        return VARIABLES[path].lo, VARIABLES[path].hi
    return (-3, 3) if path.startswith("board.") else (-2, 8)


def _random_condition(rnd: random.Random, depth: int = 0) -> Any:
    if depth < 2 and rnd.random() < 0.3:
        return {rnd.choice(["all", "any"]): [_random_condition(rnd, depth + 1) for _ in range(rnd.randint(1, 3))]}
    right = rnd.choice(_READABLE) if rnd.random() < 0.2 else round(rnd.uniform(-2, 8), 2)
    left = rnd.choice(_READABLE)
    if not isinstance(right, str):  # inside what the path can hold: the validator refuses other numbers
        lo, hi = _range(left)
        right = min(max(right, lo), hi)
    return f"{left} {rnd.choice(['<', '<=', '>', '>=', '==', '!='])} {right}"


def _target(rnd: random.Random) -> tuple[str, float, float]:
    from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

    # Not the sanctions: both set end a game at once, and the fuzz wants games that last.
    name = rnd.choice(sorted(set(WRITABLE_VARIABLES) - {"firm.sanctioned_us", "firm.sanctioned_china"}))
    return name, VARIABLES[name].lo, VARIABLES[name].hi


def _seat(rnd: random.Random, seatless: bool) -> str:
    return rnd.choice(["us", "china", "firm"] if seatless else ["self", "us", "china", "firm"])


def _branches(rnd: random.Random, depth: int, seatless: bool, sideless: bool) -> dict[str, Any]:
    return {"then": [_random_effect(rnd, depth + 1, seatless, sideless) for _ in range(rnd.randint(0, 2))],
            "else": [_random_effect(rnd, depth + 1, seatless, sideless) for _ in range(rnd.randint(0, 2))]}


def _side(toward: str, sideless: bool) -> str:
    return "us" if sideless and toward == "self" else toward  # the firm has no side of its own


def _add(rnd, depth, seatless, sideless):  # type: ignore[no-untyped-def]
    name, lo, hi = _target(rnd)
    return {"target": name, "value": round(rnd.uniform(-0.3, 0.3) * (hi - lo), 4)}


def _modify(rnd, depth, seatless, sideless):  # type: ignore[no-untyped-def]
    name, lo, hi = _target(rnd)
    return {"target": name, "add": round(rnd.uniform(-0.2, 0.2) * (hi - lo), 4) or 0.5,
            "mul": round(rnd.uniform(0.7, 1.3), 3), "turns": rnd.randint(1, 6)}


def _transfer(rnd, depth, seatless, sideless):  # type: ignore[no-untyped-def]
    (source, lo, hi), (dest, dest_lo, dest_hi) = _target(rnd), _target(rnd)
    room = min(hi - lo, dest_hi - dest_lo)  # an amount within both variables' ranges (validation refuses more)
    return {"from": source, "to": dest, "value": round(rnd.uniform(0.01, 1.0) * room, 3) or 0.001}


#: A random instance of each effect op, by op: the fuzzer draws its ops from the vocabulary itself,
#: and a new op without a maker here fails ``test_the_fuzzer_knows_every_op_of_the_vocabulary``.
MAKERS: dict[str, Any] = {
    "add": _add,
    "mul": lambda rnd, depth, seatless, sideless: {"target": _target(rnd)[0], "value": round(rnd.uniform(0.5, 1.6), 3)},
    "set": lambda rnd, depth, seatless, sideless: (lambda t: {"target": t[0], "value": round(rnd.uniform(t[1], t[2]), 4)})(
        _target(rnd)),
    "modify": _modify,
    "transfer": _transfer,
    "draw": lambda rnd, depth, seatless, sideless: {"seat": _seat(rnd, seatless), "count": rnd.randint(1, 3)},
    "discard": lambda rnd, depth, seatless, sideless: {"seat": _seat(rnd, seatless), "count": rnd.randint(1, 3)},
    "shift": lambda rnd, depth, seatless, sideless: {
        "state": rnd.choice(["choose", "all", "india", "uae"]), "steps": rnd.choice([0.5, 1, 2]),
        "toward": _side(rnd.choice(["us", "china"] if seatless else ["self", "us", "china"]), sideless)},
    "chance": lambda rnd, depth, seatless, sideless: {"p": round(rnd.random(), 3),
                                                      **_branches(rnd, depth, seatless, sideless)},
    "if": lambda rnd, depth, seatless, sideless: {"when": _random_condition(rnd),
                                                  **_branches(rnd, depth, seatless, sideless)},
}
BRANCHING = ("chance", "if")
OPS = [t.model_fields["op"].annotation.__args__[0] for t in EFFECT_TYPES]


def _random_effect(rnd: random.Random, depth: int = 0, seatless: bool = False, sideless: bool = False) -> dict[str, Any]:
    """A valid random effect of any op of the vocabulary; ``seatless``: for a world card or an
    inject, which have no ``self``; ``sideless``: for a firm card, whose shifts name the side they help."""
    op = rnd.choice([o for o in OPS if depth < 2 or o not in BRANCHING])
    return {"op": op, **MAKERS[op](rnd, depth, seatless, sideless)}


def test_the_fuzzer_knows_every_op_of_the_vocabulary():
    assert sorted(MAKERS) == sorted(OPS)


@pytest.mark.parametrize("op", OPS)
def test_the_core_runs_every_op_of_the_vocabulary(op, game):
    """Each op, fired by the facilitator on a card of its own, changes the game as its class says
    (the interpreter has a branch for it): a few random instances, and at least one changes the state."""
    from conftest import card
    from wargame.model.variables import WRITABLE_VARIABLES

    rnd = random.Random(op)
    rules = game.rules
    # A state with a temporary change on every variable, for ops that act on those.
    setup = card(id="op-setup", faction="china", effects=[{"op": "modify", "target": name, "mul": 1.01, "turns": 2}
                                                          for name in sorted(WRITABLE_VARIABLES)])
    g = Game(Ruleset.build(rules.scenario, [*rules.decks, Deck(deck="ops", title="ops", cards=[setup])]))
    state = g.apply(game.new_game(3), Action("facilitator", FIRE, setup.id))
    changed = 0
    for k in range(12):
        effect = {"op": op, **MAKERS[op](rnd, 1, False, False)}
        c = card(id=f"op-{k}", effects=[effect], faction="china")
        g = Game(Ruleset.build(rules.scenario, [*rules.decks, Deck(deck="ops", title="ops", cards=[c])]))
        after = g.apply(state, Action("facilitator", FIRE, c.id, target="india" if c.needs_target else None))
        assert after.events[-1]["card"] == c.id
        rules_state = {k: v for k, v in after.to_dict().items() if k != "events"}
        changed += rules_state != {k: v for k, v in state.to_dict().items() if k != "events"}
    assert changed > 0


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
    recs = run_batch(BatchSpec.of("baseline", "random"), 60, seed=deck_seed, workers=1).records
    assert sum(len(r.plays) for r in recs) > 2 * len(recs)  # the random cards are played, not just dealt


def reference_records() -> list[dict[str, Any]]:
    """The reference records of today's rules, for ``REFERENCE`` (after a deliberate rule change)."""
    out = []
    for case in json.loads(REFERENCE.read_text(encoding="utf-8")):
        spec = BatchSpec.of(case["scenario"], case["bots"])
        game = spec.game()
        recs = records(play(game, spec.seat_bots(list(game.rules.scenario.seat_ids)), case["seed"], case["first"],
                            case["games"]))
        out.append({**case, "records_sha256": _digest(recs), "fingerprints": [r.fingerprint for r in recs],
                    "winners": [r.winner for r in recs]})
    return out


if __name__ == "__main__":  # PYTHONPATH=src:tests python tests/test_core.py: regenerate the reference
    REFERENCE.write_text(json.dumps(reference_records(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {REFERENCE}")

