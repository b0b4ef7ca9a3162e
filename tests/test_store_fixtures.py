"""Fixture games for the store tests (imported by the other ``test_store_*`` modules), and the
tests of the content a save embeds: dumped, re-validated and rebuilt, it gives an equal ruleset."""

from __future__ import annotations

import copy
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

SRC = Path(__file__).resolve().parent.parent / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))

from wargame.bots.match import play_match, seat_bots  # noqa: E402
from wargame.engine.actions import Action  # noqa: E402
from wargame.engine.cards import Deck  # noqa: E402
from wargame.engine.game import Game, Ruleset  # noqa: E402
from wargame.engine.scenario import Scenario  # noqa: E402
from wargame.store import SaveError, Session, content_hash, embed_content, game_from_content  # noqa: E402
from wargame.store.content import decks_of  # noqa: E402
from wargame.store.document import Content  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "saves"
CONTENT = FIXTURES / "content"
SHORT = "2026Q4"  # four quarters: a whole game in a few dozen actions
LONG = "2030Q4"  # twenty quarters, like long-2030


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def fixture_decks() -> tuple[Deck, ...]:
    return tuple(Deck.model_validate(read_yaml(CONTENT / f"{name}.yaml")) for name in ("core", "world"))


def scenario_raw(end: str = SHORT, **changes: Any) -> dict[str, Any]:
    raw = copy.deepcopy(read_yaml(CONTENT / "scenario.yaml"))
    raw.update(end=end, **changes)
    return raw


@cache
def fixture_game(end: str = SHORT) -> Game:
    """The fixture scenario ending at ``end`` (three seats, headline, world deck, injects, chance cards)."""
    return Game(Ruleset.build(Scenario.model_validate(scenario_raw(end)), fixture_decks()))


def seats_of(game: Game, who: str = "bot:greedy") -> dict[str, str]:
    return {seat: who for seat in game.rules.scenario.seat_ids}


@cache
def bot_actions(end: str = SHORT, seed: int = 5) -> tuple[Action, ...]:
    """The actions of a whole greedy-bots game."""
    game = fixture_game(end)
    return tuple(play_match(game, seat_bots({s: "greedy" for s in game.rules.scenario.seat_ids}, seed), seed).actions)


def played(end: str = SHORT, seed: int = 5, upto: int | None = None, autosave: Path | None = None) -> Session:
    """A session of the greedy game, after its first ``upto`` actions (all by default)."""
    game = fixture_game(end)
    session = Session.new(game, seats_of(game), seed, autosave=autosave)
    for action in bot_actions(end, seed)[:upto]:
        session.apply(action)
    return session


@cache
def saved_bytes(end: str = SHORT, seed: int = 5) -> bytes:
    return played(end, seed).to_bytes()


# --- Tests of the embedded content ----------------------------------------------------------------
def rebuild(content: dict[str, Any]) -> Ruleset:
    scenario = Scenario.model_validate(content["scenario"])
    decks = [Deck.model_validate(d) for d in content["decks"].values()]
    return Ruleset.build(scenario, decks, **content["parameters"])


def test_embedded_content_revalidates_to_an_equal_ruleset() -> None:
    rules = fixture_game().rules
    content = embed_content(rules, fixture_decks())
    assert rebuild(content) == rules
    assert content["hash"] == content_hash(rules.scenario, fixture_decks())
    assert [d["deck"] for d in content["decks"].values()] == ["core", "world"]


def test_decks_are_recovered_from_a_ruleset_that_does_not_keep_them() -> None:
    rules = fixture_game().rules
    content = embed_content(rules)  # no decks given: rebuilt from the card table and piles
    assert rebuild(content) == rules


def test_recovered_decks_keep_a_two_seat_draw_order_and_several_draw_decks() -> None:
    core, world = fixture_decks()
    half = len(core.cards) // 2
    a = Deck(deck="core-a", title="a", cards=core.cards[:half])
    b = Deck(deck="core-b", title="b", cards=core.cards[half:])
    raw = scenario_raw(seats=[s for s in scenario_raw()["seats"] if s["id"] != "firm"],
                       decks={"draw": ["core-a", "core-b"], "world": ["world"]})
    rules = Ruleset.build(Scenario.model_validate(raw), [a, b, world])
    assert any(c.faction == "firm" for c in rules.cards.values())  # left out of the draw deck, still in the table
    assert rebuild(embed_content(rules)) == rules
    assert [d.deck for d in decks_of(rules)] == ["core-a", "core-b", "world"]


def test_parameter_overrides_are_embedded() -> None:
    scenario = Scenario.model_validate(scenario_raw())
    rules = Ruleset.build(scenario, fixture_decks(), firm_margin=0.31)
    content = embed_content(rules, fixture_decks())
    assert content["parameters"] == {"firm_margin": 0.31}
    assert game_from_content(Content.model_validate(content)).rules == rules


def test_altered_embedded_content_is_refused() -> None:
    content = embed_content(fixture_game().rules, fixture_decks())
    content["decks"]["core"]["cards"][0]["ops"] = 4
    with pytest.raises(SaveError, match="embedded content altered: content hash mismatch"):
        game_from_content(Content.model_validate(content))


# --- The faster state hash ---------------------------------------------------------------------------
def test_the_state_hasher_gives_the_engines_state_hash_for_every_state_of_a_long_game() -> None:
    from wargame.engine.state import state_hash
    from wargame.store.hashing import StateHasher

    game = fixture_game(LONG)
    hasher = StateHasher()
    state = game.new_game(5)
    assert hasher(state) == state_hash(state)
    for action in bot_actions(LONG):
        state = game.apply(state, action)
        assert hasher(state) == state_hash(state)
    assert {e["kind"] for e in state.events} >= {"draw", "chance", "world", "economy", "game-over"}
    odd = state.clone()
    odd.fired.append("\0events\0")  # the marker the hasher splices at, inside the state
    odd.events.append({"kind": "note", "text": "\0history\0"})
    assert hasher(odd) == state_hash(odd)
    odd.history.append({"quarter": 1.0})
    odd.fired.clear()
    assert hasher(odd) == state_hash(odd)
