"""The facilitator's console of a hosted exercise: today's game screen and panel, seeing everything,
with the rooms panel (who is connected, codes, a bot for an empty seat) and the host serving the teams.

The host runs in the console's own event loop; the teams' moves and the bots' come in through it
and redraw the screen. The facilitator does not play for a team here: a team plays from its room,
or the facilitator hands its seat to a bot.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from wargame.net.host import seat_label
from wargame.tui import keys
from wargame.tui.app import Launch, WargameApp
from wargame.tui.errors import guarded, safely
from wargame.tui.readout import seat_name
from wargame.tui.screens.game import GameScreen
from wargame.tui.widgets.game_header import TurnTimer

HOST_KEYS = [Binding("r", "rooms", "Rooms"), *keys.GAME]
TEAM_PLAYS = "Teams play from their rooms; to play a seat here, hand it to a bot in the rooms panel (r)."


class HostScreen(GameScreen):
    """The facilitator's view of the hosted game: every hand visible, no hand-over, bots run by the host."""

    BINDINGS = HOST_KEYS

    def __init__(self, exercise: Any, host: Any, codes: dict[str, str], join_address: str) -> None:
        super().__init__(exercise)
        self.host = host
        self.codes = dict(codes)  # shown in the rooms panel while this console runs; never written
        self.join_address = join_address

    def on_mount(self) -> None:
        super().on_mount()
        self.host.listeners.append(self._host_changed)

    def on_unmount(self) -> None:
        if self._host_changed in self.host.listeners:
            self.host.listeners.remove(self._host_changed)

    def _host_changed(self) -> None:
        if self.is_mounted:
            self.after_change()

    def next_turn(self) -> None:
        ex = self.exercise
        if ex.over:
            self._finish()
            return
        seat = ex.current_seat
        state = ex.state
        key = (state.quarter, state.phase, state.action_index, seat, len(state.headline_picks))
        if key != self.turn_key:
            self.turn_key = key
            self.query_one(TurnTimer).restart()
        self.shown_seat = seat  # the facilitator sees the hand of whoever is to act
        self.show_hand(waiting_for=seat)
        status = self.host.seat_status().get(seat, "")
        pause = " The exercise is paused." if self.host.paused else ""
        self.query_one("#hand-hidden").update(f"{seat_name(seat)} to act ({status}).{pause}")

    def _acting_seat(self) -> str | None:
        self.notify(TEAM_PLAYS, severity="warning")
        return None

    @guarded
    def action_toggle_timer(self) -> None:
        """Pause or resume the whole exercise: no team's move is taken and bots wait while paused."""
        timer = self.query_one(TurnTimer)
        timer.paused = not self.host.paused
        self.host.set_paused(timer.paused)
        self.notify("Paused: the teams' moves wait." if timer.paused else "The exercise goes on.")

    @guarded
    def action_next_bot_move(self) -> None:
        self.host.next_bot_move()

    @guarded
    def action_rooms(self) -> None:
        if not isinstance(self.app.screen, RoomsPanel):
            self.app.push_screen(RoomsPanel(self))

    @guarded
    def action_leave(self) -> None:
        from wargame.tui.screens.dialogs import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit(0)

        self.app.push_screen(ConfirmDialog("Close the exercise for every team? It is autosaved: "
                                           "`wargame host --resume` opens it again with the same codes."),
                             safely(self, answer))


class RoomsPanel(ModalScreen[None]):
    """Each seat: who holds it, whether its team is connected; new codes, revoking, a bot while away."""

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("c", "new_code", "New code"),
        Binding("x", "revoke", "Revoke code"),
        Binding("b", "to_bot", "Hand to bot"),
        Binding("t", "to_team", "Back to team"),
        Binding("space", "pause", "Pause/resume"),
    ]

    def __init__(self, console: HostScreen) -> None:
        super().__init__()
        self.console = console
        self.host = console.host

    def compose(self) -> ComposeResult:
        with Vertical(id="rooms", classes="dialog"):
            yield Static(Text("Rooms", style="bold"))
            yield OptionList(id="seats")
            yield Static("", id="room-codes")
            yield Static("c new code · x revoke · b hand to a bot · t back to the team · Space pause · Esc close",
                         classes="muted")
        yield Footer()

    def on_mount(self) -> None:
        self.host.listeners.append(self.refresh_rooms)
        self.refresh_rooms()
        self.query_one("#seats", OptionList).focus()

    def on_unmount(self) -> None:
        if self.refresh_rooms in self.host.listeners:
            self.host.listeners.remove(self.refresh_rooms)

    def refresh_rooms(self) -> None:
        if not self.is_attached:  # closed: changes no longer concern it
            return
        seats = self.query_one("#seats", OptionList)
        keep = seats.highlighted
        seats.clear_options()
        for seat, status in self.host.seat_status().items():
            seats.add_option(Option(f"{seat_label(seat):<6} {status}", id=seat))
        seats.highlighted = keep if keep is not None else 0
        grid = Table.grid(padding=(0, 2))
        where = self.console.join_address
        for seat, code in self.console.codes.items():
            grid.add_row(seat_label(seat), f"wargame join {where} --code {code}")
        title = ("Join lines of the codes issued while this console runs:" if self.console.codes
                 else "The teams' codes are unchanged (c gives a seat a new one).")
        paused = Text("The exercise is paused.", style="bold yellow") if self.host.paused else Text("")
        self.query_one("#room-codes", Static).update(Group(paused, Text(title, style="dim"), grid))

    def _seat(self) -> str | None:
        option = self.query_one("#seats", OptionList)
        if option.highlighted is None:
            return None
        return option.get_option_at_index(option.highlighted).id

    @guarded
    def action_new_code(self) -> None:
        seat = self._seat()
        if seat is not None:
            self.console.codes[seat] = self.host.reissue(seat)
            self.notify(f"{seat_label(seat)} has a new code; the old one no longer works.")
            self.refresh_rooms()

    @guarded
    def action_revoke(self) -> None:
        seat = self._seat()
        if seat is not None:
            self.host.revoke(seat)
            self.console.codes.pop(seat, None)
            self.notify(f"{seat_label(seat)}'s code is revoked: issue a new one (c) to let the team back in.")
            self.refresh_rooms()

    @guarded
    def action_to_bot(self) -> None:
        seat = self._seat()
        if seat is not None:
            self.host.hand_seat(seat, "bot:greedy")
            self.notify(f"A greedy bot plays {seat_label(seat)} until the team is handed the seat back (t).")

    @guarded
    def action_to_team(self) -> None:
        seat = self._seat()
        if seat is not None:
            self.host.hand_seat(seat, "human")
            self.notify(f"{seat_label(seat)} is back with its team.")

    @guarded
    def action_pause(self) -> None:
        self.console.action_toggle_timer()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected, "#seats")
    def _selected(self, _event: OptionList.OptionSelected) -> None:
        pass  # keys act on the highlighted seat


class HostApp(WargameApp):
    """The facilitator's console: the host serves the teams from this app's event loop."""

    def __init__(self, plan: Any) -> None:
        super().__init__(Launch())
        self.plan = plan
        self.problem: str | None = None

    @property  # type: ignore[override]
    def bot_pace(self) -> float:
        return float(self.plan.host.bot_pace)

    @bot_pace.setter
    def bot_pace(self, pace: float) -> None:
        if hasattr(self, "plan"):
            self.plan.host.bot_pace = pace

    async def on_mount(self) -> None:
        self._watch_terminal()
        try:
            address = await self.plan.start()
        except OSError as exc:
            self.problem = f"cannot listen on {self.plan.bind}:{self.plan.port}: {exc.strerror or exc}"
            self.exit(1)
            return
        from wargame.cli.host import join_address

        where = join_address(address)
        self.plan.host.log = lambda text: self.notify(text, timeout=6)
        self.sub_title = f"hosting on {where}"
        console = HostScreen(self.plan.host.exercise, self.plan.host, self.plan.new_codes, where)
        self.push_screen(console)
        if self.plan.new_codes:
            self.call_after_refresh(console.action_rooms)  # the codes, on screen from the start

    async def on_unmount(self) -> None:
        await self.plan.stop()


def run_console(plan: Any) -> int:
    """Print where the teams join and their codes, then run the console until the facilitator closes it."""
    for line in plan.announcement((plan.bind, plan.port)):
        print(line)
    app = HostApp(plan)
    result = app.run()
    if app.problem:
        print(f"wargame: {app.problem}")
        return 1
    return int(result or 0)
