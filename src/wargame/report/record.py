"""The neutral input of a debrief: a game's rules, seats and seed, and its log folded into states.

A ``GameRecord`` is built the same way from a save file, a replay, a live session or a bots-only
match, so everything downstream (timeline, turning points, charts, comparisons) reads one shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


class ReportError(ValueError):
    """A game that cannot be reported on (its log does not replay, or the source is of no known kind)."""


@dataclass
class GameRecord:
    """One game: ``states[i]`` is the state before ``actions[i]``; ``states[-1]`` is the latest."""

    game: Game
    seed: int
    actions: list[Action]
    states: list[GameState]
    seats: dict[str, str] = field(default_factory=dict)  # seat -> "human" or "bot:NAME"
    name: str = "game"
    game_index: int = 0
    viewer: str | None = None  # the seat a redacted record is for (``report.seat.seat_record``); None: the full game

    @classmethod
    def fold(cls, game: Game, seed: int, actions: Sequence[Action], seats: Mapping[str, str] | None = None,
             name: str = "game", game_index: int = 0) -> GameRecord:
        """Replay ``actions`` from the opening state of ``seed``; ``ReportError`` at the first illegal one."""
        state = game.new_game(seed, game_index)
        states = [state]
        for i, action in enumerate(actions):
            reason = game.check(state, action)
            if reason is not None:
                raise ReportError(f"log entry {i} ({action.describe()}) does not replay: {reason}")
            state = game.apply_legal(state, action)
            states.append(state)
        who = dict(seats) if seats else {s: "?" for s in states[0].seats}
        return cls(game=game, seed=seed, actions=list(actions), states=states, seats=who, name=name,
                   game_index=game_index)

    @property
    def final(self) -> GameState:
        """The state after the last logged action."""
        return self.states[-1]

    @property
    def opening(self) -> GameState:
        return self.states[0]


def _strip_text(action: Action) -> Action:
    return replace(action, text=None)


def same_play(a: Action, b: Action) -> bool:
    """Whether two log entries are the same move (a rationale note does not make a different move)."""
    return _strip_text(a) == _strip_text(b)


def record_of(source: Any, name: str | None = None) -> GameRecord:
    """A ``GameRecord`` from a save path, a store ``Replay`` or ``Session``, a ``GameRecord`` or a save dict."""
    if isinstance(source, GameRecord):
        return source if name is None else replace(source, name=name)
    from wargame.report.sources import record_from_object, record_from_save  # (they build GameRecords)

    if isinstance(source, (str, Path)):
        record = record_from_save(Path(source))
        return record if name is None else replace(record, name=name)
    return record_from_object(source, name)
