"""The briefing: the scenario's situation, the board and each seat's goals, read out before play."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from wargame.tui.errors import guarded
from wargame.tui.readout import plain, seat_colour, seat_name
from wargame.tui.widgets.swing_board import alignment_bar


def briefing(exercise: Any) -> Group:
    """The text of the briefing for ``exercise``."""
    sc = exercise.scenario
    seats = Table(show_header=True, header_style="bold", expand=True, box=None, padding=(0, 1))
    seats.add_column("Seat", width=18)
    seats.add_column("Held by", width=14)
    seats.add_column("Goals")
    for spec in sc.seats:
        role = exercise.role(spec.id)
        seats.add_row(plain(f"{seat_name(spec.id)}\n{spec.name}", style=f"bold {seat_colour(spec.id)}"),
                      role.label, plain(spec.goal))
    board = Table.grid(padding=(0, 1))
    for state in sc.board:
        board.add_row(plain(state.name, style="bold"), alignment_bar(state.alignment), f"{state.alignment:+.1f}",
                      Text(f"{state.demand:.0%} of demand", style="dim"))
    v = sc.victory
    victory = Text(
        f"Sudden death: China wins at parity (lag ≤ 0) for {v.china_parity_quarters} quarter(s) or "
        f"{v.china_share:.0%} of world compute; the US wins with a lead of {v.us_lead_months:g} months and "
        f"{v.us_lead_states}+ aligned swing states for {v.us_lead_quarters} quarters"
        + ("; the firm loses if sanctioned by both sides." if "firm" in sc.seat_ids else ".")
        + " Otherwise, at the end the best score against its target wins.", style="dim")
    turn = Text(f"Each quarter: news, income, {'a secret headline card, ' if sc.headline else ''}"
                f"{sc.rounds} action round(s) in the order {', '.join(seat_name(s) for s in sc.seat_ids)}; "
                f"hands of {sc.hand_size} cards.", style="dim")
    return Group(
        plain(sc.title, style="bold underline"),
        Text(f"{sc.start} to {sc.end} · {sc.quarters} quarters · seed {exercise.seed}", style="dim"),
        Text(""), plain(sc.summary), Text(""),
        Text("The seats", style="bold"), seats, Text(""),
        Text("The board of swing states", style="bold"), board, Text(""),
        turn, victory,
    )


class BriefingScreen(Screen[None]):
    """Read this out; Enter begins the exercise."""

    BINDINGS = [Binding("enter", "begin", "Begin", priority=True), Binding("escape", "back", "Back")]

    def __init__(self, exercise: Any) -> None:
        super().__init__()
        self.exercise = exercise

    def compose(self) -> ComposeResult:
        with Center(id="briefing-box"), VerticalScroll(id="briefing"):
            yield Static(briefing(self.exercise))
            with Horizontal(classes="buttons"):
                yield Button("Begin the exercise ▶ (Enter)", variant="primary", id="begin")
        yield Footer()

    @on(Button.Pressed, "#begin")
    @guarded
    def action_begin(self) -> None:
        app: Any = self.app
        app.play(self.exercise)

    def action_back(self) -> None:
        self.dismiss()
