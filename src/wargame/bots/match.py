"""Playing a whole game with bots in every seat (headless play, tests and Monte-Carlo)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from wargame.bots.base import Bot, make_bot
from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


@dataclass
class Match:
    """A finished (or stopped) bots-only game: the final state and the actions that made it."""

    state: GameState
    actions: list[Action]


def seat_seed(seed: Any, index: int) -> Any:
    """The seed of the bot in seat number ``index`` (seats sorted by id) of a game whose bots have ``seed``.

    Works on Python ints and on uint64 arrays (which wrap as ``draw64`` reduces a large seed).
    """
    return seed * 7919 + index


def seat_bots(specs: Mapping[str, str], seed: int) -> dict[str, Bot]:
    """Bots by seat from names like ``greedy``; each bot's own stream is derived from the game seed."""
    return {seat: make_bot(name, seed=seat_seed(seed, i)) for i, (seat, name) in enumerate(sorted(specs.items()))}


def play_match(game: Game, bots: Mapping[str, Bot], seed: int, game_index: int = 0,
               on_action: Callable[[GameState, Action, GameState], None] | None = None,
               state: GameState | None = None) -> Match:
    """Play to the end (or from ``state``), asking each seat's bot with that seat's view only."""
    state = state if state is not None else game.new_game(seed, game_index)
    actions: list[Action] = []
    while (seat := game.current_player(state)) is not None:
        action = bots[seat].choose(game, game.view(state, seat))
        nxt = game.apply(state, action)
        if on_action is not None:
            on_action(state, action, nxt)
        actions.append(action)
        state = nxt
    return Match(state, actions)
