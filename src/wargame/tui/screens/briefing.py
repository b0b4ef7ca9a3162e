"""The briefing: the scenario's situation, the board and each seat's goals, read out before play."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

from wargame.engine.standing import how_to_win
from wargame.engine.wording import counted
from wargame.tui.errors import guarded
from wargame.tui.readout import plain, seat_colour, seat_name
from wargame.tui.screens.closing import DismissOnce
from wargame.tui.widgets.swing_board import alignment_bar


def briefing(exercise: Any) -> Group:
    """The text of the briefing for ``exercise``: situation, seats and how each wins, board, turn."""
    sc = exercise.scenario
    seats: list[Any] = []
    for spec in sc.seats:
        head = Text.assemble((seat_name(spec.id), f"bold {seat_colour(spec.id)}"), "  ",
                             plain(spec.name, style="bold"), (f"  · {exercise.role(spec.id).label}", "dim"))
        body = Text("Goal: ") + plain(spec.goal) + Text("\n" + "\n".join(how_to_win(sc, spec.id)))
        seats += [head, Padding(body, (0, 0, 0, 2)), Text("")]
    board = Table.grid(padding=(0, 1))
    board.add_column(no_wrap=True, overflow="ellipsis", max_width=22)
    for state in sc.board:
        board.add_row(plain(state.name, style="bold"), alignment_bar(state.alignment), f"{state.alignment:+.1f}",
                      Text(f"{state.demand:.0%} of demand", style="dim"))
    turn = Text(f"Each quarter: news, income, {'a secret headline card, ' if sc.headline else ''}"
                f"{counted(sc.rounds, 'action round')} in the order {', '.join(seat_name(s) for s in sc.seat_ids)}; "
                f"hands of {sc.hand_size} cards. The score line at the top of the game shows each seat "
                "against its target.", style="dim")
    return Group(
        plain(sc.title, style="bold underline"),
        Text(f"{sc.start} to {sc.end} · {sc.quarters} quarters · seed {exercise.seed}", style="dim"),
        Text(""), plain(sc.summary), Text(""),
        Text("The seats, and how each wins", style="bold"), *seats,
        Text("The board of swing states", style="bold"), board, Text(""),
        turn,
    )


class BriefingScreen(DismissOnce, Screen[None]):
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
