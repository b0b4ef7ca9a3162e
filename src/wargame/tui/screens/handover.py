"""The hand-over: the keyboard passes to another team; nothing of anyone's hand is on screen."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from wargame.tui import keys
from wargame.tui.readout import seat_colour, seat_name
from wargame.tui.screens.closing import DismissOnce


class HandOverScreen(DismissOnce, Screen[bool]):
    """Covers the whole game until the next team says it is ready (Enter)."""

    BINDINGS = keys.HANDOVER

    def __init__(self, seat: str, where: str, headline: bool = False) -> None:
        super().__init__()
        self.seat = seat
        self.where = where
        self.headline = headline

    def compose(self) -> ComposeResult:
        name = seat_name(self.seat)
        with Vertical(id="handover"):
            yield Static(Text("Hand over", style="bold"), classes="muted")
            yield Static(Text(f"{name} to play", style=f"bold {seat_colour(self.seat)}"), classes="seat")
            yield Static(self.where, classes="muted")
            secret = "Pick your headline card in secret. " if self.headline else ""
            yield Static(f"Other teams, please look away from the screen. {secret}"
                         f"Press Enter when the {name} team is at the keyboard.")
        yield Footer()

    def action_ready(self) -> None:
        self.dismiss(True)

    def action_facilitator(self) -> None:
        screen: Any = self.app.screen_stack[-2] if len(self.app.screen_stack) > 1 else None
        if screen is not None and hasattr(screen, "open_facilitator"):
            screen.open_facilitator()
