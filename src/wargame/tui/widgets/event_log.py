"""The public event log: what happened, quarter by quarter, coloured by who did it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import RichLog

from wargame.engine.text import printable
from wargame.tui.readout import seat_colour, seat_name

_QUIET = {"draw", "income", "chance", "reshuffle"}
#: The white cell's acts in magenta, a seat's own "why" in italic green, routine bookkeeping dimmed.
_STYLES = {"game-over": "bold reverse", "override": "bold magenta", "note": "italic magenta", "fire": "magenta",
           "economy": "cyan", "headline-reveal": "bold", "rationale": "italic green3"}
#: Below this width the log leaves out the quarter column (each quarter opens with its own line).
WIDE = 70


def event_line(event: Mapping[str, Any], wide: bool = True) -> Text:
    """One log line: quarter (when ``wide``), who, what."""
    kind = str(event.get("kind", ""))
    who = str(event.get("seat") or ("world" if kind in ("world", "inject", "inject-effects") else ""))
    text = printable(str(event.get("text", "")))  # notes and card names may come from someone else's save
    if kind == "quarter":
        return Text(f"── {text} ──", style="bold")
    if kind == "rationale":
        text = f"why: {text}"  # a seat's own reason for its play, set apart from what happened
    line = Text(f"{event.get('q', '')} " if wide else "", style="dim")
    for prefix in (f"{who} ", f"{seat_name(who)} "):
        if who and text.startswith(prefix):
            text = text[len(prefix):]  # the seat is already in its own column
            break
    owner = event.get("owner")
    if owner and who and owner != who and kind in ("headline", "opponent-event"):
        text = f"fires {seat_name(owner)}'s event - {text}"  # whose event it is, not just who set it off
    if who:
        line.append(f"{seat_name(who):>6} ", style=f"bold {seat_colour(who)}")
    else:
        line.append(" " * 7)
    line.append(text, style=_STYLES.get(kind, "dim" if kind in _QUIET else ""))
    return line


class EventLog(RichLog):
    """Appends new public events; rebuilt from scratch when the log shrinks (after an undo) or is resized."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(wrap=True, markup=False, highlight=False, min_width=20, **kwargs)
        self.entries: list[str] = []  # the plain text shown, for tests and the clipboard
        self._events: list[Mapping[str, Any]] = []
        self._width = 0

    def show(self, events: Sequence[Mapping[str, Any]]) -> None:
        """Show ``events`` (already the public ones): append what is new, or rebuild after an undo."""
        shown = len(self._events)
        if len(events) < shown or (shown and self._events[-1] is not events[shown - 1]
                                   and self._events[-1] != events[shown - 1]):
            self._rebuild(events)
            return
        for event in events[shown:]:
            self._write(event)

    def _rebuild(self, events: Sequence[Mapping[str, Any]]) -> None:
        self.clear()
        self.entries = []
        self._events = []
        for event in events:
            self._write(event)

    def _write(self, event: Mapping[str, Any]) -> None:
        line = event_line(event, wide=self.size.width >= WIDE)
        self._events.append(event)
        self.entries.append(line.plain)
        self.write(line)

    def on_resize(self) -> None:
        """Lines are wrapped when written: a new width writes them again."""
        if self.size.width != self._width:
            self._width = self.size.width
            if self._events:
                self.call_after_refresh(self._rebuild, list(self._events))
