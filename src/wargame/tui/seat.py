"""A team's screen in its own room: the game screen for one seat of a hosted exercise.

``SeatApp`` asks for the join code when it was not given (the browser page does too), keeps the
seat joined through ``SeatLink`` and shows each view the host sends on the ordinary game screen.
The seat's hand is always its own; moves go to the host, whose answer is the next view or the
engine's reason for refusing.
"""

from __future__ import annotations

import ssl
from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from wargame.engine.actions import Action
from wargame.net.client import SeatLink
from wargame.net.protocol import Error, Refused, SeatView, Welcome
from wargame.tui.app import Launch, WargameApp
from wargame.tui.errors import guarded, report
from wargame.tui.readout import seat_name
from wargame.tui.remote import RemoteExercise
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.result import ResultScreen
from wargame.tui.widgets.game_header import TurnTimer

#: A seat plays its cards and reads its log; the facilitator's keys stay at the host.
SEAT_KEYS: list[BindingType] = [
    Binding("e", "play_event", "Event"),
    Binding("o", "play_ops", "Ops"),
    Binding("s", "shelve", "Shelve"),
    Binding("p", "pass_turn", "Pass"),
    Binding("l", "focus_log", "Log", show=False),
    Binding("escape", "leave", "Leave"),
]
FACILITATOR_ONLY = "Only the facilitator can do that, at the host."


class JoinScreen(Screen[None]):
    """Asks for the seat's join code (and says why the last one did not work)."""

    BINDINGS = [Binding("escape", "quit_app", "Quit")]

    def __init__(self, address: str, problem: str = "") -> None:
        super().__init__()
        self.address, self.problem = address, problem

    def compose(self) -> ComposeResult:
        with Vertical(id="join", classes="dialog"):
            yield Static(Text("Join an exercise", style="bold"))
            yield Static(f"Hosted at {self.address.split('://', 1)[-1]}", classes="muted")
            yield Static("Type the join code the facilitator gave your team, then Enter.")
            yield Input(placeholder="XXXX-XXXX-XXXX-XXXX-XXXX-XXXX", password=True, id="code")
            yield Static(Text(self.problem, style="red"), id="join-problem")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#code", Input).focus()

    def on_screen_resume(self) -> None:
        app: Any = self.app
        if app.exercise is not None:  # the game screen was closed under a joined seat: put it back
            app.show_game()

    @on(Input.Submitted, "#code")
    def _submitted(self, event: Input.Submitted) -> None:
        code = event.value.strip()
        if not code:
            self.query_one("#join-problem", Static).update(Text("Type the code first.", style="red"))
            return
        event.input.value = ""
        self.query_one("#join-problem", Static).update(Text("Joining…", style="dim"))
        app: Any = self.app
        app.join(code)

    def show_problem(self, problem: str) -> None:
        self.query_one("#join-problem", Static).update(Text(problem, style="red"))


class SeatScreen(GameScreen, inherit_bindings=False):
    """The game screen of one seat: its own hand always, other seats' turns shown as waiting."""

    BINDINGS = SEAT_KEYS

    def next_turn(self) -> None:
        ex: Any = self.exercise
        if ex.over:
            self._finish()
            return
        seat = ex.current_seat
        state = ex.state
        key = (state.quarter, state.phase, state.action_index, seat, len(state.headline_picks))
        if key != self.turn_key:
            self.turn_key = key
            self.query_one(TurnTimer).restart()
        self.shown_seat = ex.seat
        if seat == ex.seat and not ex.paused and not ex.waiting:
            self.show_hand()
            return
        self.show_hand(waiting_for=seat)
        if ex.paused:
            self.query_one("#hand-hidden", Static).update("The facilitator has paused the exercise.")
        elif ex.waiting:
            self.query_one("#hand-hidden", Static).update("Sent to the host…")

    def _acting_seat(self) -> str | None:
        ex: Any = self.exercise
        if ex.over:
            self.notify("The exercise is over.", severity="warning")
        elif ex.paused:
            self.notify("The facilitator has paused the exercise.", severity="warning")
        elif ex.waiting:
            self.notify("Your last move is on its way to the host.", severity="warning")
        elif ex.current_seat != ex.seat:
            self.notify(f"It is {seat_name(ex.current_seat)}'s turn.", severity="warning")
        else:
            return str(ex.seat)
        return None

    def _apply(self, action: Action, why: str = "") -> None:
        """Send the move; the screen changes when the host's view comes back (no redraw of the old one)."""
        try:
            self.exercise.play(replace(action, text=why) if why else action)
        except Exception as error:
            report(self, error, "Not played")
        self.next_turn()

    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.hide_hand("The exercise is over.")
        self.app.push_screen(SeatResultScreen(self.exercise))

    # The facilitator's controls are the host's alone (the command palette lists them too).
    def action_facilitator(self) -> None:
        self.notify(FACILITATOR_ONLY, severity="warning")

    def open_facilitator(self) -> None:
        self.notify(FACILITATOR_ONLY, severity="warning")

    action_undo = action_toggle_timer = action_save = action_next_bot_move = action_facilitator

    def action_bot_pace(self, step: int) -> None:
        self.notify(FACILITATOR_ONLY, severity="warning")

    def action_export_report(self, fmt: str = "html") -> None:
        self.notify("The after-action report is written at the host (wargame report --as your seat).",
                    severity="warning")

    @guarded
    def action_leave(self) -> None:
        from wargame.tui.errors import safely
        from wargame.tui.screens.dialogs import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.app.exit(0)

        self.app.push_screen(ConfirmDialog("Leave the exercise? Join again with the same code to come back."),
                             safely(self, answer))


class SeatResultScreen(ResultScreen, inherit_bindings=False):
    """The final scores, as the seat sees them (the save, replay and report are the host's)."""

    BINDINGS = [Binding("escape,q", "back", "Leave")]

    def compose(self) -> ComposeResult:
        from textual.containers import Center, VerticalScroll

        from wargame.tui.screens.result import final_scores

        scores = final_scores(self.exercise)
        scores.renderables[-1] = Text("Escape leaves. The facilitator keeps the save; your team's debrief is "
                                      "`wargame report SAVE --as your seat`.", style="dim")
        with Center(id="result-box"), VerticalScroll(id="result"):
            yield Static(scores, id="final-scores")
        yield Footer()

    def action_back(self) -> None:
        self.app.exit(0)

    def action_save(self) -> None:
        self.notify(FACILITATOR_ONLY, severity="warning")

    action_replay = action_save

    def action_export_report(self, fmt: str = "html") -> None:
        self.notify("The after-action report is written at the host.", severity="warning")


class SeatApp(WargameApp):
    """The TUI of one seat of a hosted exercise."""

    def __init__(self, url: str, code: str | None, tls: ssl.SSLContext | None = None) -> None:
        super().__init__(Launch())
        self.url, self.code, self.tls = url, code, tls
        self.link: SeatLink | None = None
        self.exercise: RemoteExercise | None = None
        self.seat_screen: SeatScreen | None = None
        self.ended: str | None = None
        self._redraw_due = False

    def get_default_screen(self) -> JoinScreen:  # type: ignore[override]
        return JoinScreen(self.url)

    def on_mount(self) -> None:
        self.sub_title = "joining…"
        self._watch_terminal()
        if self.code:
            self.join(self.code)

    # --- The link to the host ----------------------------------------------------------------------
    def join(self, code: str) -> None:
        """Join with ``code``; stay joined (rejoining after drops) until the host ends it."""
        self.link = SeatLink(self.url, code, self._message, self._status, tls=self.tls)
        self.run_worker(self._keep_joined(self.link), group="link", exclusive=True, exit_on_error=False)

    async def _keep_joined(self, link: SeatLink) -> None:
        reason = await link.run()
        if self.exercise is None:  # never got in: say why and ask again
            self._back_to_code(reason)
        else:
            self.ended = reason
            self.sub_title = f"not connected: {reason}"
            self.notify(f"Left the exercise: {reason}", severity="error", timeout=30)

    def _back_to_code(self, reason: str) -> None:
        self.link = None
        screen = self.screen_stack[0]
        if isinstance(screen, JoinScreen):
            screen.show_problem(reason)

    def _message(self, message: Any) -> None:
        if isinstance(message, Welcome):
            if self.exercise is None or self.exercise.seat != message.seat:
                self.exercise = RemoteExercise(message, self._send)
                self.title = f"Compute Race · {seat_name(message.seat)}"
        elif isinstance(message, SeatView) and self.exercise is not None:
            self.exercise.receive(message)
            if not self._redraw_due:  # views that arrive together are drawn once, the latest
                self._redraw_due = True
                self.call_later(self._show_view)
        elif isinstance(message, Refused) and self.exercise is not None:
            self.exercise.refused()
            self.notify(message.reason, title="Not played", severity="warning", timeout=8)
            if self.seat_screen is not None:
                self.seat_screen.next_turn()
        elif isinstance(message, Error):
            self.notify(message.reason, title="The host says", severity="error", timeout=15)

    def _status(self, status: str) -> None:
        self.sub_title = status
        if status != "connected":
            self.notify(status, severity="warning", timeout=5)

    def _show_view(self) -> None:
        self._redraw_due = False
        if self.seat_screen is None or self.seat_screen not in self.screen_stack:
            self.show_game()
        elif self.seat_screen.is_mounted:
            self.seat_screen.after_change()

    def show_game(self) -> None:
        """The seat's game screen, on top of the join screen (once, however often asked)."""
        if self.seat_screen is not None and self.seat_screen in self.screen_stack:
            return
        self.seat_screen = SeatScreen(self.exercise)
        self.push_screen(self.seat_screen)

    def _send(self, action: Action) -> None:
        link = self.link

        async def send() -> None:
            try:
                assert link is not None
                await link.play(action)
            except Exception as error:
                if self.exercise is not None:
                    self.exercise.refused()
                self.notify(f"The move could not be sent: {error}", severity="error")

        self.run_worker(send(), group="send", exit_on_error=False)

    async def action_quit(self) -> None:
        if self.link is not None:
            await self.link.stop()
        self.exit(0)


def run_seat(url: str, code: str | None, tls: ssl.SSLContext | None = None) -> int:
    """Run a seat's TUI until the team leaves."""
    app = SeatApp(url, code, tls)
    result = app.run()
    if app.ended:
        print(f"wargame: left the exercise: {app.ended}")
    return int(result or 0)
