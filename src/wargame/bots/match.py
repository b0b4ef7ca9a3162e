"""Playing a whole game with bots in every seat (headless play, tests and Monte-Carlo)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


def seat_bots(specs: Mapping[str, str], seed: int, seats: Sequence[str] | None = None) -> dict[str, Bot]:
    """Bots by seat from names like ``greedy``; each bot's own stream is derived from the game seed.

    ``seats``: every seat of the game, when some are held by people. A bot's stream then depends on
    its seat alone, not on which other seats are bots, so a branch that hands a seat to a team keeps
    the other bots' streams.
    """
    order = sorted(seats if seats is not None else specs)
    return {seat: make_bot(name, seed=seat_seed(seed, order.index(seat))) for seat, name in sorted(specs.items())}


def seat_choices(game: Game, log: Sequence[tuple[GameState, str]], seat: str) -> list[int]:
    """How many legal actions ``seat`` had at each of its decisions in ``log`` ((state before, seat) per entry).

    ``Bot.resume`` takes this, so a bot asked at the end of ``log`` draws as it would have in the
    unbroken game, however the log was made (a loaded save, an undo, a branch).
    """
    return [len(game.legal_actions(state)) for state, who in log if who == seat]


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
