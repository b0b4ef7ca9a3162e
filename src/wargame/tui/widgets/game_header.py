"""The game screen's header: quarter, phase, the seat to act and the turn timer."""

from __future__ import annotations

from time import monotonic

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static


class TurnTimer(Static):
    """Time spent on the current turn; pausable by the facilitator, red once past the limit."""

    paused: reactive[bool] = reactive(False, init=False)

    def __init__(self, limit_seconds: float = 300.0, hard: bool = False, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.limit = limit_seconds
        self.hard = hard  # at the limit the turn ends (the game screen enforces it)
        self._spent = 0.0  # seconds banked before the current run
        self._since: float | None = monotonic()

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh)

    @property
    def elapsed(self) -> float:
        running = monotonic() - self._since if self._since is not None else 0.0
        return self._spent + running

    def restart(self) -> None:
        """A new turn: back to zero (still paused if it was)."""
        self._spent = 0.0
        self._since = None if self.paused else monotonic()
        self.refresh()

    def watch_paused(self, paused: bool) -> None:
        if paused and self._since is not None:
            self._spent += monotonic() - self._since
            self._since = None
        elif not paused:
            self._since = monotonic()
        self.set_class(paused, "-paused")
        self.refresh()

    def render(self) -> Text:
        seconds = int(self.elapsed)
        limit = int(self.limit)
        over = seconds > limit > 0
        text = Text(f"⏱ {seconds // 60:02d}:{seconds % 60:02d}", style="bold red" if over else "bold")
        if limit:
            text.append(f" / {limit // 60:02d}:{limit % 60:02d}{' hard' if self.hard else ''}", style="dim")
        if self.paused:
            text.append("  PAUSED", style="bold reverse yellow")
        return text


class GameHeader(Static):
    """One line saying where the exercise stands; the screen sets its text."""
