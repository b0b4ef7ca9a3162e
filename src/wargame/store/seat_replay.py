"""A replay as one seat saw the game: every state through ``Game.view``, the log without what the
seat could not know (another seat's secret headline pick and reasons, the facilitator's notes).

It reads like a ``Replay`` (cursor, seek, diff), so the replay viewer and the headless replay
show it unchanged; it cannot be branched (a branch is the facilitator's, from the full game).
"""

from __future__ import annotations

from typing import Any

from wargame.engine.actions import FACILITATOR, HEADLINE, NOTE
from wargame.engine.game import seat_sees
from wargame.engine.state import GameState
from wargame.store.document import LogEntry

SECRET = "(secret)"


def seat_entry(entry: LogEntry, seat: str) -> LogEntry:
    """One log entry as ``seat`` knew it when it was played."""
    action = dict(entry.action)
    if entry.seat != seat:
        action.pop("text", None)
        if entry.seat == FACILITATOR and action.get("kind") == NOTE:
            action["text"] = "the facilitator's note"
        elif action.get("kind") == HEADLINE and action.get("card"):
            action = {"seat": entry.seat, "kind": HEADLINE, "card": SECRET}
    events = [e for e in entry.events if seat_sees(e, seat)]
    return entry.model_copy(update={"action": action, "events": events})


class SeatReplay:
    """``replay`` as ``seat`` saw it."""

    def __init__(self, replay: Any, seat: str) -> None:
        if seat not in replay.game.rules.scenario.seat_ids:
            raise ValueError(f"no seat {seat!r} in this game; its seats are {', '.join(replay.game.rules.scenario.seat_ids)}")
        self._replay = replay
        self.seat = seat
        self.entries = [seat_entry(e, seat) for e in replay.entries]

    def __getattr__(self, name: str) -> Any:  # the log's shape (turns, quarters, cursor) is the replay's
        return getattr(self._replay, name)

    @property
    def cursor(self) -> int:
        return int(self._replay.cursor)

    def state_at(self, index: int) -> GameState:
        return self._replay.game.view(self._replay.state_at(index), self.seat)  # type: ignore[no-any-return]

    @property
    def state(self) -> GameState:
        return self.state_at(self.cursor)

    def seek(self, index: int) -> GameState:
        self._replay.seek(index)
        return self.state

    def step(self, n: int = 1) -> GameState:
        return self.seek(self.cursor + n)

    def back(self, n: int = 1) -> GameState:
        return self.seek(self.cursor - n)

    def seek_quarter(self, quarter: int | str) -> GameState:
        return self.seek(self._replay.quarter_index(quarter))

    def events_between(self, i: int, j: int) -> list[dict[str, Any]]:
        return [e for entry in self.entries[i:j] for e in entry.events]

    def diff(self, i: int, j: int) -> list[tuple[str, Any, Any]]:
        a, b = self._replay.snapshot(self.state_at(i)), self._replay.snapshot(self.state_at(j))
        return [(k, a.get(k), b.get(k)) for k in {**a, **b} if a.get(k) != b.get(k)]

    def branch(self, *_args: Any, **_kwargs: Any) -> Any:
        raise ValueError(f"this is {self.seat}'s view of the game: branch from the full replay")

    def __iter__(self) -> Any:
        return (self.state_at(i) for i in range(self.length + 1))
