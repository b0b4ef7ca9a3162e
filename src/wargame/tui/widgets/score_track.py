"""The score track, always in view: each seat's victory points against its target, and the leader.

As Twilight Struggle keeps its VP track on the board: the room sees at a glance who is ahead of
the pace to reach its target (``engine.standing``), not only who has the most points.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from wargame.engine.standing import Clock, SeatStanding
from wargame.tui.readout import seat_colour, seat_name, unsigned_zero

_BAR = 8


def _bar(row: SeatStanding) -> Text:
    filled = 0 if row.target <= 0 else round(min(max(row.vp / row.target, 0.0), 1.0) * _BAR)
    due = 0 if row.target <= 0 else round(min(max(row.due / row.target, 0.0), 1.0) * _BAR)
    text = Text()
    for i in range(_BAR):
        text.append("█" if i < filled else "┊" if i == due - 1 and due > filled else "░",
                    style=seat_colour(row.seat) if i < filled else "grey42")
    return text


def pace_word(on_pace: float) -> str:
    """``+1.3`` -> ``1.3 ahead``; the pace is the share of the target due by now."""
    if abs(on_pace) < 0.05:
        return "on pace"
    return f"{abs(on_pace):.1f} {'ahead' if on_pace > 0 else 'behind'}"


def score_line(rows: Sequence[SeatStanding], clocks: Sequence[Clock], width: int) -> Text:
    """One line: ``★ US 13.3/16 VP 1.3 ahead │ China …``; with room, bars and the running clocks."""
    wide = width >= 110
    text = Text("Score " if width >= 90 else "", style="bold")
    for i, row in enumerate(rows):
        if i:
            text.append(" │ " if wide else " ", style="dim")
        lead = i == 0 and len(rows) > 1 and row.on_pace > rows[1].on_pace + 0.05
        text.append("★" if lead else "", style="bold yellow")
        text.append(seat_name(row.seat), style=f"bold {seat_colour(row.seat)}")
        text.append(f" {unsigned_zero(f'{row.vp:.1f}')}/{row.target:g}")
        if wide:
            text.append(" VP ")
            text.append_text(_bar(row))
        pace = pace_word(row.on_pace)
        style = "green" if row.on_pace >= 0.05 else "red" if row.on_pace <= -0.05 else "dim"
        text.append(f" {pace}" if wide else f" {row.on_pace:+.1f}" if abs(row.on_pace) >= 0.05 else " ±0", style=style)
    for clock in clocks:
        text.append(f"  ⚠ {clock.text} {clock.count}/{clock.needed}", style=f"bold {seat_colour(clock.seat)}")
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class ScoreTrack(Static):
    """The one-line score track of the game screen; the screen hands it the standing."""

    _shown: tuple[Sequence[SeatStanding], Sequence[Clock]] = ((), ())

    def show(self, rows: Sequence[SeatStanding], clocks: Sequence[Clock]) -> None:
        self._shown = (rows, clocks)
        self.update(score_line(rows, clocks, self.size.width or 160))
        self.tooltip = ("Victory points against each seat's end-of-game target. 'Ahead'/'behind': against the "
                        "share of the target due by now. At the end the best margin over its target wins.")

    def on_resize(self) -> None:
        self.update(score_line(*self._shown, self.size.width or 160))
