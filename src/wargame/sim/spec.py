"""What a batch plays: a scenario (id or file), the bot in each seat, parameter and target overrides.

A ``BatchSpec`` is small, hashable and picklable, so worker processes rebuild the same ``Game``
from it instead of receiving live objects. A sealed spec carries the scenario and decks themselves,
as a save embeds them (with their content hash), for workers that must not read their own files. ``play_game`` is the one way a simulated game is
played, in a batch, alone, or when it is exported as a save.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import wargame.bots.mcts  # noqa: F401  (registers mcts until bots.base imports it with the built-in bots)
from wargame.bots.match import Match, play_match, seat_bots
from wargame.engine import rng
from wargame.engine.actions import Action
from wargame.engine.game import Game, Ruleset
from wargame.engine.naming import did_you_mean
from wargame.engine.state import GameState
from wargame.model.params import PARAMETERS

if TYPE_CHECKING:
    from wargame.content import Bundle
    from wargame.engine.cards import Card

#: A bot name given for this pseudo-seat holds every seat not named on its own.
EVERY_SEAT = "*"
#: The ``game`` lane of the counter-based generator that derives bot seeds (apart from chance draws).
_BOT_LANE = 0xB075EED


@dataclass(frozen=True)
class BatchSpec:
    """A scenario with its seats' bots and model overrides; build one with :meth:`of`."""

    scenario: str
    bots: tuple[tuple[str, str], ...] = ((EVERY_SEAT, "greedy"),)
    params: tuple[tuple[str, float], ...] = ()
    targets: tuple[tuple[str, float], ...] = ()
    #: The scenario and decks as JSON, shaped as a save's ``content`` block (see :meth:`sealed`).
    content: str | None = None
    #: (card, seat) pairs: in this batch the seat may not play the card's event (``Card.silenced``;
    #: seat ``"*"``: no seat may). What an event is worth to a seat is measured against them.
    silenced: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, scenario: str | Path, bots: str | Mapping[str, str] = "greedy",
           params: Mapping[str, float] | None = None, targets: Mapping[str, float] | None = None) -> BatchSpec:
        """``bots`` is one name for every seat or ``{seat: name}`` (``"*"`` for the rest)."""
        pairs = {EVERY_SEAT: bots} if isinstance(bots, str) else dict(bots)
        for name in params or {}:
            if name not in PARAMETERS:
                raise ValueError(f"unknown model parameter {name!r}{did_you_mean(name, list(PARAMETERS))}")
        return cls(str(scenario), tuple(sorted(pairs.items())),
                   tuple(sorted((k, float(v)) for k, v in (params or {}).items())),
                   tuple(sorted((k, float(v)) for k, v in (targets or {}).items())))

    def with_params(self, **overrides: float) -> BatchSpec:
        """The same spec with more parameter overrides (later ones win)."""
        merged = {**dict(self.params), **overrides}
        return dataclasses.replace(self, params=tuple(sorted(merged.items())))

    def with_targets(self, targets: Mapping[str, float]) -> BatchSpec:
        """The same spec with the scenario's end-of-game targets replaced for the seats named."""
        merged = {**dict(self.targets), **{k: float(v) for k, v in targets.items()}}
        return dataclasses.replace(self, targets=tuple(sorted(merged.items())))

    def without_event(self, card: str, seat: str = EVERY_SEAT) -> BatchSpec:
        """The same spec with ``card``'s event (an id) never played by ``seat`` (``"*"``: by any seat);
        ``ValueError`` for an unknown card."""
        known = {c.id for deck in self.bundle().decks.values() for c in deck.cards}
        if card not in known:
            raise ValueError(f"no card {card!r} in this scenario's decks{did_you_mean(card, sorted(known))}")
        return dataclasses.replace(self, silenced=tuple(sorted({*self.silenced, (card, seat)})))

    def sealed(self) -> BatchSpec:
        """This spec carrying its scenario and decks, so it plays the same where their files differ or are absent."""
        if self.content is not None:
            return self
        from wargame.store.content import dump_deck, dump_scenario, hash_content

        bundle = self.bundle()
        scenario = dump_scenario(bundle.scenario)
        decks = {deck_id: dump_deck(deck) for deck_id, deck in bundle.decks.items()}  # in the bundle's order
        content = {"scenario": scenario, "decks": decks, "parameters": {}, "hash": hash_content(scenario, decks)}
        return dataclasses.replace(self, content=json.dumps(content, separators=(",", ":")))

    def game(self) -> Game:
        """The game this spec plays (built once per process). Raises ``ContentError`` on bad content."""
        return _build_game(self, _content_key())

    def bundle(self) -> Bundle:
        """The scenario's content as loaded (or as sealed), before this spec's overrides (once per process)."""
        if self.content is not None:
            return _unseal(self.content)
        return _load_bundle(self.scenario, _content_key())

    def seat_bots(self, seats: list[str]) -> dict[str, str]:
        """The bot name for each of ``seats`` (``ValueError`` when a seat has none or a name is unknown)."""
        named = dict(self.bots)
        unknown = sorted(set(named) - set(seats) - {EVERY_SEAT})
        if unknown:
            raise ValueError(f"no seat {', '.join(unknown)} in this scenario; its seats are {', '.join(seats)}")
        out = {}
        for seat in seats:
            name = named.get(seat, named.get(EVERY_SEAT))
            if name is None:
                raise ValueError(f"no bot for seat {seat}")
            out[seat] = name
        from wargame.bots.base import bot_names

        known = bot_names()
        for name in set(out.values()):
            if name not in known:
                raise ValueError(f"unknown bot {name!r}; known bots: {', '.join(known)}")
        return out


def _content_key() -> tuple[str | None, ...]:
    """Where content is looked for (the built-in root and the author's folders): it keys the caches."""
    from wargame.content.paths import CONTENT_ENV
    from wargame.content.search import DECKS_ENV

    return os.environ.get(CONTENT_ENV), os.environ.get(DECKS_ENV)


@lru_cache(maxsize=8)
def _load_bundle(scenario: str, content_root: tuple[str | None, ...]) -> Bundle:  # the root keys the cache only
    from wargame.content import load_bundle

    return load_bundle(scenario)


@lru_cache(maxsize=8)
def _unseal(content: str) -> Bundle:
    """The bundle a sealed spec carries; ``SaveError`` when its hash does not match what it holds."""
    from wargame.content.bundle import Bundle
    from wargame.store.content import rules_from_content
    from wargame.store.document import Content

    scenario, decks = rules_from_content(Content.model_validate_json(content))
    return Bundle(scenario, {deck.deck: deck for deck in decks})


@lru_cache(maxsize=128)
def _build_game(spec: BatchSpec, content_root: tuple[str | None, ...]) -> Game:
    bundle = _unseal(spec.content) if spec.content is not None else _load_bundle(spec.scenario, content_root)
    scenario, decks = bundle.scenario, list(bundle.decks.values())
    if spec.silenced:
        decks = [deck.model_copy(update={"cards": [_silenced(c, spec.silenced) for c in deck.cards]}) for deck in decks]
    update: dict[str, object] = {}
    if spec.targets:
        update["victory"] = scenario.victory.model_copy(
            update={"targets": {**scenario.victory.targets, **dict(spec.targets)}})
    if spec.params:  # folded into the scenario, so a save that embeds it replays with them
        update["parameters"] = {**scenario.parameters, **dict(spec.params)}
    if update:
        scenario = scenario.model_copy(update=update)
    return Game(Ruleset.build(scenario, decks))


def _silenced(card: Card, silenced: tuple[tuple[str, str], ...]) -> Card:
    for which, seat in silenced:
        if which == card.id:
            card = card.silenced(None if seat == EVERY_SEAT else seat)
    return card


def bot_seed(seed: int, game_index: Any) -> Any:
    """The seed of game ``game_index``'s bots: a hash of both, so no two games share a bot stream.

    ``game_index`` may be a uint64 array (one seed per game, for the batch simulator).
    """
    if isinstance(game_index, np.ndarray):
        return rng.draw64_array(seed, game_index, _BOT_LANE) >> np.uint64(1)
    return rng.draw64(seed, game_index, _BOT_LANE) >> 1


def play_game(spec: BatchSpec, seed: int, game_index: int,
              on_action: Callable[[GameState, Action, GameState], None] | None = None) -> Match:
    """Play game ``game_index`` of a batch under ``seed``: the same moves wherever and whenever it runs."""
    game = spec.game()
    names = spec.seat_bots(list(game.rules.scenario.seat_ids))
    bots = seat_bots(names, bot_seed(seed, game_index))
    return play_match(game, bots, seed, game_index=game_index, on_action=on_action)
