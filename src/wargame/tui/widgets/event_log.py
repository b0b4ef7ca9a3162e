"""The public event log: what happened, quarter by quarter, coloured by who did it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.text import Text
from textual.widgets import RichLog

from wargame.engine.text import printable
from wargame.tui.readout import seat_colour

_QUIET = {"draw", "income", "chance", "reshuffle"}
#: The white cell's acts in magenta, a seat's own "why" in italic green, routine bookkeeping dimmed.
_STYLES = {"game-over": "bold reverse", "override": "bold magenta", "note": "italic magenta", "fire": "magenta",
           "economy": "cyan", "headline-reveal": "bold", "rationale": "italic green3"}


def event_line(event: Mapping[str, Any]) -> Text:
    """One log line: quarter, who, what."""
    kind = str(event.get("kind", ""))
    who = str(event.get("seat") or ("world" if kind in ("world", "inject", "inject-effects") else ""))
    text = printable(str(event.get("text", "")))  # notes and card names may come from someone else's save
    if kind == "quarter":
        return Text(f"── {text} ──", style="bold")
    if kind == "rationale":
        text = f"why: {text}"  # a seat's own reason for its play, set apart from what happened
    line = Text(f"{event.get('q', '')} ", style="dim")
    if who and text.startswith(f"{who} "):
        text = text[len(who) + 1:]  # the seat is already in its own column
    owner = event.get("owner")
    if owner and who and owner != who and kind in ("headline", "opponent-event"):
        text = f"fires {owner}'s event - {text}"  # whose event it is, not just who set it off
    if who:
        line.append(f"{who:>11} ", style=f"bold {seat_colour(who)}")
    else:
        line.append(" " * 12)
    line.append(text, style=_STYLES.get(kind, "dim" if kind in _QUIET else ""))
    return line


class EventLog(RichLog):
    """Appends new public events; rebuilt from scratch when the log shrinks (after an undo)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(wrap=True, markup=False, highlight=False, min_width=20, **kwargs)
        self.entries: list[str] = []  # the plain text shown, for tests and the clipboard
        self._shown = 0

    def show(self, events: Sequence[Mapping[str, Any]]) -> None:
        """Show ``events`` (already the public ones): append what is new, or rebuild after an undo."""
        if len(events) < self._shown or (self._shown and self.entries[-1] != event_line(events[self._shown - 1]).plain):
            self.clear()
            self.entries = []
            self._shown = 0
        for event in events[self._shown:]:
            line = event_line(event)
            self.entries.append(line.plain)
            self.write(line)
        self._shown = len(events)
