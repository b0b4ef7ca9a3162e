"""Replays: the log folded into states, with a cursor, jumps to a quarter, differences and branches.

A replay of a save restores the nearest checkpoint at or before the wanted point and folds the
few actions after it, caching what it folds, so a seek costs at most one quarter of actions.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Iterator, Mapping
from typing import Any

from wargame.engine.actions import Action
from wargame.engine.cards import quarter_index, quarter_label
from wargame.engine.game import Game
from wargame.engine.state import GameState
from wargame.store.checkpoints import restore
from wargame.store.document import LogEntry, SaveFile
from wargame.store.session import Session, created_now, is_note
from wargame.store.verify import load_save

#: States a replay keeps besides its checkpoints (a long game has a few hundred in all).
CACHE_LIMIT = 1024


class Replay:
    """Read-only folding of a save's (or a session's) log, with a cursor for stepping through it."""

    def __init__(self, source: SaveFile | Session) -> None:
        self._cache: dict[int, GameState] = {}
        self._held: dict[int, GameState] = {}
        self._checkpoints: dict[int, dict[str, Any]] = {}
        self.seats, self.seed, self.game_index = dict(source.seats), source.seed, source.game_index
        self.game: Game
        self.entries: list[LogEntry]
        self.content: dict[str, Any]
        if isinstance(source, Session):
            self.game, self.entries, self.content = source.game, list(source.entries), source.content
            self._held = {i: source.state_at(i) for i in range(self.length + 1)}  # a session keeps every state
            self._opening_events = self._held[0].events
            self._final_turn = source.state.turn
        else:
            self.game, self.entries, self.content = source.game(), list(source.log), source.content.model_dump()
            self._checkpoints = {cp.index: cp.state for cp in source.checkpoints}
            self._opening_events = source.opening_events
            self._final_turn = source.current.turn
        self._marks = sorted(self._checkpoints)
        self._start = quarter_index(self.game.rules.scenario.start)
        self.cursor = self.length

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Replay:
        """A replay of a save file (verified: ``SaveError`` if it is refused)."""
        return cls(load_save(path))

    # --- Points of the log -----------------------------------------------------------------------
    @property
    def length(self) -> int:
        """The number of log entries; states run from 0 (the opening) to ``length``."""
        return len(self.entries)

    def state_at(self, index: int) -> GameState:
        """The state after ``index`` actions (do not mutate it: ``clone`` it first)."""
        if not 0 <= index <= self.length:
            raise IndexError(f"index {index} is outside 0..{self.length}")
        if index in self._held:
            return self._held[index]
        if index in self._cache:
            return self._cache[index]
        base = max(self._nearest_cached(index), self._nearest_checkpoint(index))
        state = self._cache.get(base)
        if state is None:
            state = self._opening() if base == 0 else restore(
                self._checkpoints[base], self._events_upto(base), self._opening())
            self._remember(base, state)
        for i in range(base, index):
            state = self.game.apply_legal(state, Action.from_dict(self.entries[i].action))
            self._remember(i + 1, state)
        return state

    def turn_at(self, index: int) -> int:
        """The turn of the state after ``index`` actions, without folding."""
        return self.entries[index].turn if index < self.length else self._final_turn

    def quarter_index(self, quarter: int | str) -> int:
        """The log index of the first decision of a quarter, given as a turn (1, 2, ...) or a label (2026Q3)."""
        turn = self._turn(quarter)
        for i in range(self.length + 1):
            if self.turn_at(i) >= turn:
                return i
        raise ValueError(f"the log ends in turn {self._final_turn}, before turn {turn}")

    def end_of_turn(self, turn: int) -> int:
        """The log index just after the last decision of ``turn`` (the end of the log if it is the last)."""
        if not 1 <= turn <= self._final_turn:
            raise ValueError(f"turn {turn} is outside this game's turns 1..{self._final_turn}")
        return next((i for i in range(self.length + 1) if self.turn_at(i) > turn), self.length)

    def quarter_of(self, turn: int) -> str:
        """The label of a turn of this game: 1 is the scenario's start quarter."""
        return quarter_label(self._start + turn - 1)

    @property
    def notes(self) -> list[LogEntry]:
        """The facilitator's notes in the log."""
        return [e for e in self.entries if is_note(e)]

    def events_between(self, i: int, j: int) -> list[dict[str, Any]]:
        """The events the actions from index ``i`` to ``j`` set off (draws, rolls, news, scoring)."""
        return [e for entry in self.entries[i:j] for e in entry.events]

    # --- The cursor ------------------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The state at the cursor."""
        return self.state_at(self.cursor)

    def seek(self, index: int) -> GameState:
        """Move the cursor to ``index`` (clamped to the log)."""
        self.cursor = min(max(index, 0), self.length)
        return self.state

    def step(self, n: int = 1) -> GameState:
        """Move the cursor ``n`` actions forward (back, when negative)."""
        return self.seek(self.cursor + n)

    def back(self, n: int = 1) -> GameState:
        return self.seek(self.cursor - n)

    def seek_quarter(self, quarter: int | str) -> GameState:
        """Move the cursor to the first decision of a quarter."""
        return self.seek(self.quarter_index(quarter))

    # --- Comparing and branching -----------------------------------------------------------------
    def diff(self, i: int, j: int) -> list[tuple[str, Any, Any]]:
        """What differs between the states at ``i`` and ``j``: ``(path, before, after)`` for every
        model variable (state and derived), swing state, score, hand size, the quarter and phase."""
        a, b = self.snapshot(self.state_at(i)), self.snapshot(self.state_at(j))
        return [(k, a.get(k), b.get(k)) for k in _union(a, b) if a.get(k) != b.get(k)]

    def snapshot(self, state: GameState) -> dict[str, Any]:
        """The comparable numbers of a state, by path."""
        out: dict[str, Any] = {"quarter": quarter_label(state.quarter), "phase": state.phase}
        out.update(self.game.outputs(state))
        out.update({f"board.{k}": v for k, v in state.board.items()})
        out.update({f"vp.{k}": v for k, v in state.vp.items()})
        out.update({f"hand.{k}": len(v) for k, v in state.hands.items()})
        return out

    def branch(self, index: int, seats: Mapping[str, str] | None = None,
               autosave: str | os.PathLike[str] | None = None) -> Session:
        """A new game continuing from index ``index``: its log is this one's first ``index`` entries."""
        states = [self.state_at(i) for i in range(index + 1)]
        session = Session(self.game, seats or self.seats, self.seed, content=self.content, states=states,
                          entries=list(self.entries[:index]), created=created_now(), game_index=self.game_index,
                          autosave=autosave)
        session._autosave()
        return session

    def __iter__(self) -> Iterator[GameState]:
        """Every state from the opening to the end."""
        return (self.state_at(i) for i in range(self.length + 1))

    # --- Folding ---------------------------------------------------------------------------------
    def _turn(self, quarter: int | str) -> int:
        return quarter_index(quarter) - self._start + 1 if isinstance(quarter, str) else quarter

    def _opening(self) -> GameState:
        if 0 not in self._cache:  # the real opening (equal to checkpoint 0: verified) sets the key orders
            self._cache[0] = self.game.new_game(self.seed, self.game_index)
        return self._cache[0]

    def _nearest_checkpoint(self, index: int) -> int:
        pos = bisect.bisect_right(self._marks, index) - 1
        return self._marks[pos] if pos >= 0 else -1

    def _nearest_cached(self, index: int) -> int:
        return max((i for i in self._cache if i <= index), default=-1)

    def _events_upto(self, index: int) -> list[dict[str, Any]]:
        return [*self._opening_events, *self.events_between(0, index)]

    def _remember(self, index: int, state: GameState) -> None:
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[index] = state


def _union(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    return [*a, *(k for k in b if k not in a)]
