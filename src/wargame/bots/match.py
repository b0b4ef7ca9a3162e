"""Playing a whole game with bots in every seat (headless play, tests and Monte-Carlo)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from wargame.bots.base import Bot, Decision, make_bot
from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState

#: Words for a bot's decision (``None``: nothing to say), logged as the move's text.
Explain = Callable[[Decision], str | None]


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


def play_match(game: Game, bots: Mapping[str, Bot], seed: int, game_index: int = 0,
               on_action: Callable[[GameState, Action, GameState], None] | None = None,
               state: GameState | None = None, explain: Explain | None = None,
               history: Sequence[tuple[GameState, str]] = ()) -> Match:
    """Play to the end (or from ``state``), asking each seat's bot with that seat's view only.

    ``history``: the log before ``state`` as (state before, seat) pairs, when playing on from a
    point of another game (a branch): the bots resume from it. ``explain``: words for a bot's
    decision, logged as its move's text (the rationale a debrief shows).
    """
    state = state if state is not None else game.new_game(seed, game_index)
    choices: dict[str, list[int]] = {s: [] for s in state.seats}
    for before, who in history:
        if who in choices:
            choices[who].append(len(game.legal_actions(before)))
    actions: list[Action] = []
    while (seat := game.current_player(state)) is not None:
        if explain is None and not history:
            action = bots[seat].choose(game, game.view(state, seat))
        else:
            action = bot_move(bots[seat], game, state, choices[seat], explain)
            choices[seat].append(len(game.legal_actions(state)))
        nxt = game.apply(state, action)
        if on_action is not None:
            on_action(state, action, nxt)
        actions.append(action)
        state = nxt
    return Match(state, actions)


def bot_move(bot: Bot, game: Game, state: GameState, choices: Sequence[int], explain: Explain | None = None) -> Action:
    """``bot``'s move for the seat to act in ``state``, its seat's past decisions having offered ``choices``
    legal actions; with ``explain``, the bot's reason rides on the move as its text."""
    seat = game.current_player(state)
    assert seat is not None, "the game is over"
    bot.resume(choices)
    decision = bot.decide(game, game.view(state, seat))
    text = explain(decision) if explain is not None else None
    return replace(decision.action, text=text) if text else decision.action
