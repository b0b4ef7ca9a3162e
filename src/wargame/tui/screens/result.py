"""The final scores: who won and why, each seat's score against its target, the closing tracks."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, VerticalScroll
from textual.widgets import Footer, Static

from wargame.tui import keys
from wargame.tui.errors import guarded
from wargame.tui.log_wording import engine_words
from wargame.tui.readout import TRACKS, seat_colour, seat_name, value_text
from wargame.tui.screens.reporting import ReportingScreen


def final_scores(exercise: Any) -> Group:
    """The result of ``exercise`` as a printable group."""
    state = exercise.state
    result = state.result or {}
    winner = result.get("winner")
    played = float(result.get("played", 1.0))
    scores = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    for column in ("Seat", "Held by", "Victory points", "Target" if played >= 1.0 else "Target due", "Margin"):
        scores.add_column(column, justify="left" if column in ("Seat", "Held by") else "right")
    margins = result.get("margins", {})
    for seat in sorted(state.seats, key=lambda s: -margins.get(s, 0.0)):
        mark = " ★" if seat == winner else ""
        scores.add_row(Text(seat_name(seat) + mark, style=f"bold {seat_colour(seat)}"), exercise.role(seat).label,
                       f"{state.vp.get(seat, 0.0):+.1f}", f"{state.vp.get(seat, 0.0) - margins.get(seat, 0.0):+.1f}",
                       f"{margins.get(seat, 0.0):+.1f}")
    cut_short = [] if played >= 1.0 else [Text(
        f"The game ended early, after {played:.0%} of its quarters: each seat is measured against the share "
        "of its target due by then.", style="dim")]
    closing = Table.grid(padding=(0, 2))
    values = exercise.outputs()
    for track in TRACKS:
        if (track.seat is None or track.seat in state.seats) and not track.path.endswith(".vp"):
            closing.add_row(track.label, value_text(track.path, values[track.path], values))
    return Group(
        Text("The exercise is over", style="bold underline"),
        Text(""),
        Text(f"{seat_name(winner).upper()} WINS" if winner else "No winner", style=f"bold {seat_colour(winner)}"),
        Text(_sentence(engine_words(str(result.get("reason", "")), exercise.game.rules)), style="italic"),
        Text(f"Ended in {result.get('quarter', '')}, after {len(exercise.session.entries)} actions.", style="dim"),
        Text(""), Text("Scores against target", style="bold"), scores, *cut_short,
        Text(""), Text("Where the race stands", style="bold"), closing,
        Text(""), Text("Ctrl+S saves the exercise, Ctrl+E writes its after-action report, r opens its replay, "
                       "Escape returns to the menu.", style="dim"),
    )


def _sentence(text: str) -> str:
    """``text`` with a capital first letter (the reason reads as a sentence of its own here)."""
    return text[:1].upper() + text[1:]


class ResultScreen(ReportingScreen):
    """Shown once the engine says the game is over."""

    BINDINGS = keys.RESULT

    def __init__(self, exercise: Any) -> None:
        super().__init__()
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        with Center(id="result-box"), VerticalScroll(id="result"):
            yield Static(final_scores(self.exercise), id="final-scores")
        yield Footer()

    @guarded
    def action_save(self) -> None:
        from wargame.tui.screens.saves import ask_and_save

        ask_and_save(self.app, self.exercise)

    @guarded
    def action_replay(self) -> None:
        from wargame.tui.screens.replay import ReplayScreen

        self.app.push_screen(ReplayScreen(self.exercise.replay(), title="this exercise",
                                          name=self.exercise.report_name))

    def report_source(self) -> tuple[Any, str | None]:
        return self.exercise.replay(), self.exercise.report_name

    @guarded
    def action_back(self) -> None:
        app: Any = self.app
        app.back_to_menu()
