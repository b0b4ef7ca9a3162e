"""Shared fixtures for the engine tests: a small self-contained deck and scenario.

The shipped content (decks/, scenarios/) is written separately; engine tests use the fixture
files in ``tests/fixtures/engine`` so they never depend on it. Tests over the shipped content
call :func:`shipped_rules`, which skips while ``decks/core.yaml`` does not exist.
"""

from __future__ import annotations

import copy
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SRC = REPO / "src"
if str(SRC) not in sys.path:  # the suite also runs without an editable install
    sys.path.insert(0, str(SRC))

from wargame.engine.actions import PASS, Action  # noqa: E402
from wargame.engine.cards import Card, Deck  # noqa: E402
from wargame.engine.game import Game, Ruleset  # noqa: E402
from wargame.engine.scenario import Scenario  # noqa: E402
from wargame.engine.state import PHASE_ACTION, GameState  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "engine"
#: Where the shipped content lives (overridable to try the content tests on another tree).
SHIPPED = Path(os.environ.get("WARGAME_SHIPPED_ROOT", str(REPO)))


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@cache
def fixture_decks() -> tuple[Deck, ...]:
    return tuple(Deck.model_validate(read_yaml(FIXTURES / "decks" / f"{n}.yaml")) for n in ("core", "world", "lab"))


def scenario_raw() -> dict[str, Any]:
    """The fixture scenario as a fresh dict (edit it, then :func:`build_game`)."""
    return copy.deepcopy(_scenario_raw())


@cache
def _scenario_raw() -> dict[str, Any]:
    return read_yaml(FIXTURES / "scenarios" / "baseline.yaml")


def build_game(raw: dict[str, Any] | None = None, decks: Iterable[Deck] | None = None, **changes: Any) -> Game:
    """A game of the fixture scenario (or ``raw``) with top-level keys replaced by ``changes``."""
    data = scenario_raw() if raw is None else copy.deepcopy(raw)
    data.update(changes)
    return Game(Ruleset.build(Scenario.model_validate(data), fixture_decks() if decks is None else decks))


@pytest.fixture(scope="session")
def game() -> Game:
    """The fixture scenario: three seats, headline on, world deck, injects."""
    return build_game()


@pytest.fixture(scope="session")
def plain_game() -> Game:
    """The fixture scenario without news (no world draws, no injects) and without the headline."""
    return build_game(headline=False, world_draws=0, injects=[], conditional=[])


def card(**fields: Any) -> Card:
    """A card built inline; only ``effects`` is needed."""
    base: dict[str, Any] = {"id": "t-card", "name": "Test card", "faction": "us", "type": "policy", "ops": 2,
                            "text": "a test card"}
    base.update(fields)
    return Card.model_validate(base)


def pass_until(game: Game, state: GameState, done: Callable[[GameState], bool], limit: int = 500) -> GameState:
    """Apply passes (the current seat's PASS) until ``done(state)`` holds."""
    for _ in range(limit):
        if done(state):
            return state
        seat = game.current_player(state)
        assert seat is not None, "the game ended before the wanted state"
        state = game.apply(state, Action(seat, PASS))
    raise AssertionError("pass_until: limit reached")


def to_turn_of(game: Game, state: GameState, seat: str) -> GameState:
    """Pass until ``seat`` is to act in an action round."""
    return pass_until(game, state, lambda s: s.phase == PHASE_ACTION and game.current_player(s) == seat)


def end_quarter(game: Game, state: GameState) -> GameState:
    """Pass until the quarter of ``state`` has closed (the economy and scoring have run)."""
    turn = state.turn
    return pass_until(game, state, lambda s: s.turn > turn or s.over)


def write_short_content(root: Path, extra_cards: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """A content root at ``root``: the fixture decks (``extra_cards`` added to the core deck) and a
    four-quarter scenario ``short`` read from the fixture baseline, which is returned as read."""
    shutil.copytree(FIXTURES / "decks", root / "decks")
    extra = list(extra_cards)
    if extra:
        deck = read_yaml(root / "decks" / "core.yaml")
        deck["cards"] += extra
        (root / "decks" / "core.yaml").write_text(yaml.safe_dump(deck, sort_keys=False), encoding="utf-8")
    (root / "scenarios").mkdir()
    raw = read_yaml(FIXTURES / "scenarios" / "baseline.yaml")
    short = {**raw, "scenario": "short", "end": "2026Q4"}
    (root / "scenarios" / "short.yaml").write_text(yaml.safe_dump(short), encoding="utf-8")
    return raw


@cache
def shipped_content() -> tuple[Scenario, tuple[Deck, ...]] | None:
    """The shipped baseline scenario and decks, or ``None`` while ``decks/core.yaml`` is absent."""
    core = SHIPPED / "decks" / "core.yaml"
    if not core.exists():
        return None
    decks = [Deck.model_validate(read_yaml(core))]
    world = SHIPPED / "decks" / "world.yaml"
    if world.exists():
        decks.append(Deck.model_validate(read_yaml(world)))
    baseline = SHIPPED / "scenarios" / "baseline.yaml"
    if baseline.exists():
        scenario = Scenario.model_validate(read_yaml(baseline))
    else:  # decks first: play them on the fixture scenario
        raw = scenario_raw()
        raw["decks"] = {"draw": [decks[0].deck], "world": [d.deck for d in decks[1:]]}
        raw["injects"] = [i for i in raw["injects"] if not i.get("cards")]
        scenario = Scenario.model_validate(raw)
    return scenario, tuple(decks)


def shipped_rules() -> Ruleset:
    content = shipped_content()
    if content is None:
        pytest.skip("decks/core.yaml is not written yet")
    scenario, decks = content
    return Ruleset.build(scenario, decks)


@pytest.fixture
def cold_core(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The simulator as on a fresh install: not loaded in this process and its cache folder empty.

    numba keeps the machine code it already has in memory, so the minute of compiling is skipped;
    everything around it (what is said, the cache being sealed) runs as on a fresh install.
    """
    from wargame.core import cache
    from wargame.engine import compiled
    from wargame.sim.kernel import ready

    ready()
    folder = tmp_path / "core-cache" / "core-cold"
    monkeypatch.setattr(compiled, "_loaded", False)
    monkeypatch.setattr(cache, "folder", lambda: folder)
    return folder
