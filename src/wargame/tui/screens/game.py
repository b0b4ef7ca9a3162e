"""The game screen: header and timer, dashboard, race chart, board, the hand of the seat to act, log.

Hidden hands: a hand is only ever put on screen for the human seat that is to act and has
confirmed the hand-over, and only from that seat's view (``Game.view``). Bots move one at a time
at the facilitator's pace, computed in a worker thread so the screen stays responsive.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Static

from wargame.engine.actions import EVENT, HEADLINE, OPS, PASS, SHELVE, Action
from wargame.engine.cards import quarter_index, quarter_label
from wargame.engine.standing import clocks, standing
from wargame.engine.text import printable
from wargame.engine.wording import counted, unmet_requirements
from wargame.tui import keys
from wargame.tui.errors import guarded, report, safely
from wargame.tui.log_wording import readable_events
from wargame.tui.moves import Choice, card_choices, option_lines, target_labels, why_not
from wargame.tui.panes import COMPACT_WIDTH, PanedScreen
from wargame.tui.readout import seat_name
from wargame.tui.screens.reporting import ReportingScreen
from wargame.tui.widgets.card_view import CardView
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.event_log import EventLog
from wargame.tui.widgets.game_header import GameHeader, TurnTimer
from wargame.tui.widgets.hand import HandList
from wargame.tui.widgets.race_chart import RaceChart
from wargame.tui.widgets.score_track import ScoreTrack
from wargame.tui.widgets.swing_board import SwingBoard

PACE_STEPS = (0.0, 0.5, 1.0, 2.0, 4.0, -1.0)  # seconds per bot move; -1: wait for the key n


def until_reveal(events: list[dict[str, Any]], nth: int) -> list[dict[str, Any]]:
    """``events`` up to and with the ``nth`` headline reveal (from 1): what follows would spoil its staging."""
    seen = 0
    for i, event in enumerate(events):
        if event.get("kind") == "headline-reveal":
            seen += 1
            if seen == nth:
                return events[:i + 1]
    return events


def pace_text(pace: float) -> str:
    return "one at a time (n)" if pace < 0 else "instant" if pace == 0 else f"{pace:g}s a move"


class GameScreen(ReportingScreen, PanedScreen):
    """One exercise in play, around one screen."""

    BINDINGS = keys.GAME
    PANES = (("hand", "Hand", "#hand-box"), ("tracks", "Tracks", "Dashboard"), ("race", "Race", "RaceChart"),
             ("board", "Board", "SwingBoard"), ("log", "Log", "EventLog"))
    PANE_GROUPS = {"#left": ("tracks", "race"), "#middle": ("board", "log")}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (150, "-wide")]

    def __init__(self, exercise: Any) -> None:
        super().__init__()
        self.exercise = exercise
        self.shown_seat: str | None = None  # the human seat that confirmed the hand-over
        self.handing_over = False
        self.bot_busy = False
        self.bot_timer: Timer | None = None
        self.turn_key: tuple[Any, ...] | None = None
        self.finished = False
        self.autosave_warned = False  # told once while the autosave fails; the header keeps saying it
        self.clock_warned: tuple[Any, ...] | None = None  # the turn already warned of its last minute
        self.quarters_seen = len(exercise.state.history)  # closed quarters already reported
        self.reveals_seen = self._reveals()  # headline reveals already staged
        self.open_reveals: list[int] = []  # reveals on screen (by number): the log behind stops at the first

    # --- Layout --------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        app: Any = self.app
        with Horizontal(id="game-top"):
            yield GameHeader("", id="game-header")
            yield TurnTimer(limit_seconds=app.turn_minutes * 60, hard=app.turn_hard)
        yield ScoreTrack("", id="score-track")
        yield Static("", id="last-move")
        yield self.pane_tabs()
        with Horizontal(id="game-body"):
            with Vertical(id="left"):
                yield Dashboard(self.exercise.scenario.seat_ids)
                yield RaceChart("")
            with Vertical(id="middle"):
                yield SwingBoard("")
                yield EventLog()
            with Vertical(id="hand-box"):
                yield Static("", id="hand-hidden")
                yield HandList(id="hand")
                with VerticalScroll(id="card-scroll"):
                    yield CardView("", id="card")
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        self.query_one(Dashboard).border_title = "Tracks (value · this quarter · trend)"
        self.query_one(RaceChart).border_title = "Capability race: China's lag behind the US (months)"
        self.query_one(SwingBoard).border_title = "Swing states"
        self.query_one(EventLog).border_title = "Event log"
        self.query_one("#hand-box").border_title = "Hand"
        self.hide_hand("")
        self.fit_panes(self.size.width, self.size.height)
        self.set_interval(1.0, self._check_clock, name="hard turn timer")
        self.after_change()

    # --- Compact layout (one part at a time, under tabs) ---------------------------------------
    def on_resize(self, event: Any) -> None:
        self.fit_panes(event.size.width, event.size.height)
        self._show_header()

    def action_pane(self, pane: str) -> None:
        """Show one part of the screen (compact layout); in the wide layout, focus it."""
        if self.choose_pane(pane):
            return
        if pane == "log":
            self.query_one(EventLog).focus()
        elif pane == "hand":
            self.query_one(HandList).focus()

    @guarded
    def on_screen_resume(self) -> None:
        if self.is_mounted and not self.handing_over:
            self.next_turn()

    # --- Showing the state ---------------------------------------------------------------------
    def after_change(self) -> None:
        """The state changed: redraw everything public, then see who is to act."""
        ex = self.exercise
        state = ex.state
        values = ex.outputs()
        self.query_one(Dashboard).show(values, state.history, ex.quarter_baseline())
        self.query_one(ScoreTrack).show(standing(ex.scenario, state), clocks(ex.scenario, state))
        self._show_chart(state, values["world.lag"])
        specs = [(s.id, s.name, s.demand) for s in ex.scenario.board]
        self.query_one(SwingBoard).show(specs, state.board)
        if self._reveals() > self.reveals_seen:
            self.open_reveals.append(self._reveals())  # staged below: keep it unspoiled meanwhile
        self._show_events()
        self._show_header()
        self._warn_autosave()
        self._read_outs()
        self.next_turn()

    def _show_events(self) -> None:
        """The log and the "Last:" line, stopped at a headline reveal still being staged."""
        ex = self.exercise
        events = readable_events(ex.public_events(), ex.game.rules)
        if self.open_reveals:
            events = until_reveal(events, min(self.open_reveals))
        self.query_one(EventLog).show(events)
        self._show_last_move(events)

    def _reveals(self) -> int:
        return sum(1 for e in self.exercise.state.events if e.get("kind") == "headline-reveal")

    def _read_outs(self) -> None:
        """Stage the headline reveal, then the quarter-end report, when the last move brought them."""
        from wargame.tui.screens.situation import (
            HeadlineReveal,
            SituationReport,
            quarter_report,
            reveal_stages,
        )

        ex = self.exercise
        history = ex.state.history
        reveals = self._reveals()
        if len(history) > self.quarters_seen and not ex.over:
            before = history[-2] if len(history) > 1 else ex.quarter_baseline_of(0)
            self.app.push_screen(SituationReport(quarter_report(ex, history[-1], before)), safely(self, self._read))
        if reveals > self.reveals_seen:
            self.app.push_screen(HeadlineReveal(reveal_stages(ex, ex.public_events())),
                                 safely(self, lambda _: self._revealed(reveals)))
        self.quarters_seen, self.reveals_seen = len(history), reveals

    def _read(self, _: None) -> None:
        """A read-out was closed."""

    def _revealed(self, nth: int) -> None:
        """The ``nth`` headline reveal was closed: what it staged may show behind it now."""
        if nth in self.open_reveals:
            self.open_reveals.remove(nth)
        self._show_events()

    def _warn_autosave(self) -> None:
        error = self.exercise.autosave_error
        if error is not None and not self.autosave_warned:
            folder = getattr(self.exercise.session.autosave, "parent", "the saves folder")
            self.notify(f"The autosave to {folder} failed ({error.strerror or error}). Save by hand (Ctrl+S); "
                        "the header says NOT AUTOSAVED until it works again.", severity="warning", timeout=10)
        self.autosave_warned = error is not None

    def _show_chart(self, state: Any, lag_now: float) -> None:
        sc = self.exercise.scenario
        start = quarter_index(sc.start)
        labels = [quarter_label(start + i) for i in range(sc.quarters)]
        by_quarter = {int(row["quarter"]): row["world.lag"] for row in state.history}
        lags: list[float | None] = [by_quarter.get(start + i) for i in range(sc.quarters)]
        index = state.quarter - start
        if not state.over and 0 <= index < len(lags):
            lags[index] = lag_now  # the quarter in play, as it stands
        self.query_one(RaceChart).show(labels, lags, sc.victory.us_lead_months)

    def _show_last_move(self, events: list[dict[str, Any]]) -> None:
        moves = [e for e in events if e.get("kind") not in ("chance", "income", "inject-effects", "rationale")]
        text = str(moves[-1]["text"]) if moves else ""
        who = moves[-1].get("seat") if moves else None
        named = who and text.startswith((f"{who} ", f"{seat_name(who)} "))  # (the engine's words name it)
        prefix = f"{seat_name(who)} · " if who and not named else ""
        self.query_one("#last-move", Static).update(Text(printable(f"Last: {prefix}{text}"), no_wrap=True,
                                                         overflow="ellipsis"))

    def _show_header(self) -> None:
        ex = self.exercise
        state, sc = ex.state, ex.scenario
        seat = ex.current_seat
        short = self.size.width < COMPACT_WIDTH
        if state.over:
            where = "the exercise is over"
        elif state.phase == HEADLINE:
            picked = len(state.headline_picks)
            where = (f"headline picks {picked}/{len(state.seats)}" if short
                     else f"Headline: secret picks ({picked} of {len(state.seats)} made)")
        else:
            rnd = state.action_index // len(state.seats) + 1
            where = f"round {rnd}/{sc.rounds}" if short else f"Action round {rnd} of {sc.rounds}"
        app: Any = self.app
        quarter = quarter_label(state.quarter)
        # First, so that a narrow terminal still shows it: the game is not being saved.
        unsaved = "[b reverse red] NOT AUTOSAVED [/] " if ex.autosave_error is not None else ""
        if short:
            who = "" if seat is None else f" · {seat_name(seat)}{'' if ex.is_human(seat) else ' (bot)'} to act"
            self.query_one(GameHeader).update(f"{unsaved}[b]{quarter}[/b] {state.turn}/{sc.quarters} · {where}"
                                              f"[b]{who}[/b]")
            return
        who = "" if seat is None else f" · {seat_name(seat)} to act ({ex.role(seat).label})"
        self.query_one(GameHeader).update(
            f"{unsaved}[b]{escape(printable(sc.title))}[/b] · [b]{quarter}[/b] (turn {state.turn} of {sc.quarters})"
            f" · {where}[b]{who}[/b] · [dim]bots: {pace_text(app.bot_pace)}[/dim]")

    # --- Whose turn ----------------------------------------------------------------------------
    def next_turn(self) -> None:
        """Hand over, show the hand, or let a bot move, for whoever is to act now."""
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
        if ex.is_human(seat):
            if seat != self.shown_seat and self.app.screen is not self:
                self.shown_seat = None  # hand over once the dialog on top is closed
                self.hide_hand(f"Hand over to {seat_name(seat)}.")
            elif seat != self.shown_seat:
                self._hand_over(seat)
            else:
                self.show_hand()
        else:
            teams = len([s for s in ex.scenario.seat_ids if ex.is_human(s)])
            if teams > 1:
                self.hide_hand(f"{seat_name(seat)}'s bot is playing; hands are hidden.")
            elif teams == 0:  # no hand to show: say why the pane is empty, and what the room can do
                self.hide_hand(f"Bots play every seat; {seat_name(seat)}'s is playing. Space pauses them, "
                               "n plays the next move, + and - change their pace.")
            else:
                self.show_hand(waiting_for=seat)
            self._schedule_bot()

    def _hand_over(self, seat: str) -> None:
        from wargame.tui.screens.handover import HandOverScreen

        if self.handing_over:
            return
        self.handing_over = True
        self.shown_seat = None
        self.hide_hand(f"Hand over to {seat_name(seat)}.")
        state = self.exercise.state
        where = f"{quarter_label(state.quarter)}, turn {state.turn} of {self.exercise.scenario.quarters}"

        def confirmed(_: bool | None) -> None:
            self.handing_over = False
            if self.exercise.current_seat == seat:
                self.shown_seat = seat
                self.choose_pane("hand")  # the team at the keyboard sees its hand first
            self.next_turn()

        self.app.push_screen(HandOverScreen(seat, where, headline=state.phase == HEADLINE), safely(self, confirmed))

    def hide_hand(self, message: str) -> None:
        """Take every card off the screen."""
        self.query_one(HandList).show_hand(None, [])
        self.query_one(HandList).display = False
        hidden = self.query_one("#hand-hidden", Static)
        hidden.update(message)
        hidden.display = True
        self.query_one(CardView).show_message("")
        self.query_one("#hand-box").border_title = "Hand"

    def show_hand(self, waiting_for: str | None = None) -> None:
        """The shown seat's hand, from its own view of the game."""
        seat = self.shown_seat
        if seat is None:
            self.hide_hand("")
            return
        view = self.exercise.view(seat)
        cards = [self.exercise.card(cid) for cid in view.hands[seat]]
        playable = {a.card for a in self.exercise.legal_actions() if a.card} if waiting_for is None else set()
        hand = self.query_one(HandList)
        hand.show_hand(seat, cards, playable)
        hand.display = True
        hidden = self.query_one("#hand-hidden", Static)
        hidden.display = waiting_for is not None or not cards
        hidden.update(f"{seat_name(waiting_for)} is playing…" if waiting_for else "No cards in hand: pass (p).")
        self.query_one("#hand-box").border_title = f"{seat_name(seat)} hand ({len(cards)} cards)"
        if waiting_for is None and self.app.screen is self:
            hand.focus()

    @on(HandList.CardHighlighted)
    @guarded
    def _card_highlighted(self, event: HandList.CardHighlighted) -> None:
        view = self.query_one(CardView)
        seat = self.shown_seat
        if event.card_id is None or seat is None:
            view.show_message("")
            return
        options: list[str] = []
        if self.exercise.current_seat == seat:
            options = option_lines(self.exercise.game, self.exercise.state, seat, event.card_id)
        card = self.exercise.card(event.card_id)
        board = {s.id: s.name for s in self.exercise.scenario.board}
        view.show_card(card, options, board, unmet_requirements(self.exercise.game, self.exercise.state, card),
                       self.exercise.scenario.start)

    # --- Bots ----------------------------------------------------------------------------------
    def _schedule_bot(self) -> None:
        app: Any = self.app
        if self.bot_busy or self.bot_timer is not None or app.bot_pace < 0:
            return
        if self.query_one(TurnTimer).paused:
            return
        self.bot_timer = self.set_timer(max(app.bot_pace, 0.01), self._bot_due)

    @guarded
    def _bot_due(self) -> None:
        self.bot_timer = None
        self._run_bot()

    def _run_bot(self) -> None:
        ex = self.exercise
        seat = ex.current_seat
        if seat is None or ex.is_human(seat) or self.bot_busy:
            return
        if self.app.screen is not self or self.query_one(TurnTimer).paused:
            return  # the facilitator is busy: try again when this screen is back
        self.bot_busy = True
        self._choose_for_bot(seat, ex.generation)

    @work(thread=True, exclusive=True, group="bot", exit_on_error=False)
    def _choose_for_bot(self, seat: str, generation: int) -> None:
        try:
            action = self.exercise.bot_choice(seat)
        except Exception as error:
            self.app.call_from_thread(self._bot_failed, error)
            return
        self.app.call_from_thread(self._bot_chose, action, generation)

    def _bot_failed(self, error: Exception) -> None:
        self.bot_busy = False
        report(self, error, "A bot could not choose; it passes")
        seat = self.exercise.current_seat
        if seat is not None and not self.exercise.is_human(seat):
            self._apply(Action(seat, PASS))

    def _bot_chose(self, action: Action, generation: int) -> None:
        self.bot_busy = False
        if generation != self.exercise.generation or self.app.screen is not self:
            self.next_turn()  # the game moved on (undo, override) while the bot thought
            return
        self._apply(action)

    @guarded
    def action_next_bot_move(self) -> None:
        """In one-at-a-time mode, let the bot to act make its move."""
        seat = self.exercise.current_seat
        if seat is None or self.exercise.is_human(seat):
            self.notify("It is not a bot's turn.", severity="warning")
            return
        self._run_bot()

    @guarded
    def action_bot_pace(self, step: int) -> None:
        """Make the bots faster (-1) or slower (+1)."""
        app: Any = self.app
        i = PACE_STEPS.index(app.bot_pace) if app.bot_pace in PACE_STEPS else 2
        app.bot_pace = PACE_STEPS[min(max(i + step, 0), len(PACE_STEPS) - 1)]
        self.notify(f"Bots: {pace_text(app.bot_pace)}")
        self._show_header()
        self.next_turn()

    # --- A team's moves ------------------------------------------------------------------------
    def _acting_seat(self) -> str | None:
        if self.app.screen is not self:
            return None  # a key typed twice: the first already opened a dialog
        seat = self.exercise.current_seat
        if self.exercise.over:
            self.notify("The exercise is over.", severity="warning")
            return None
        if seat is None or not self.exercise.is_human(seat):
            self.notify(f"It is {seat_name(seat)}'s bot's turn.", severity="warning")
            return None
        if seat != self.shown_seat:
            self._hand_over(seat)
            return None
        return seat

    def _selected_card(self) -> str | None:
        card = self.query_one(HandList).highlighted_card
        if card is None:
            self.notify("Pick a card of the hand first (arrow keys).", severity="warning")
        return card

    @guarded
    def action_play_event(self) -> None:
        """Play the highlighted card for its event (or as the headline in the headline phase)."""
        seat = self._acting_seat()
        card = self._selected_card() if seat else None
        if seat is None or card is None:
            return
        kind = HEADLINE if self.exercise.state.phase == HEADLINE else EVENT
        choices = card_choices(self.exercise.game, self.exercise.state, seat, card, (kind,))
        if not choices:
            self.notify(why_not(self.exercise.game, self.exercise.state, seat, kind, card), severity="warning")
            return
        self._carry_out(choices[0])

    @guarded
    def action_play_ops(self) -> None:
        """Play the highlighted card for operations: influence, invest or lobby."""
        seat = self._acting_seat()
        card = self._selected_card() if seat else None
        if seat is None or card is None:
            return
        if self.exercise.state.phase == HEADLINE:
            self.notify("In the headline phase a card is played for its event (e) or not at all (p); "
                        "ops come in the action rounds.", severity="warning")
            return
        choices = card_choices(self.exercise.game, self.exercise.state, seat, card, (OPS,))
        if not choices:
            self.notify(why_not(self.exercise.game, self.exercise.state, seat, OPS, card), severity="warning")
            return
        self._pick(f"Play {self.exercise.card(card).name} for operations", choices)

    @guarded
    def action_shelve(self) -> None:
        """Discard the highlighted card unplayed (once a quarter)."""
        seat = self._acting_seat()
        card = self._selected_card() if seat else None
        if seat is None or card is None:
            return
        choices = card_choices(self.exercise.game, self.exercise.state, seat, card, (SHELVE,))
        if not choices:
            self.notify(why_not(self.exercise.game, self.exercise.state, seat, SHELVE, card), severity="warning")
            return
        self._carry_out(choices[0])

    @guarded
    def action_pass_turn(self) -> None:
        """Pass this round (in the headline phase: play no headline)."""
        seat = self._acting_seat()
        if seat is not None:
            self._apply(Action(seat, PASS))

    @on(HandList.OptionSelected)
    @guarded
    def _card_chosen(self, event: HandList.OptionSelected) -> None:
        """Enter on a card: every legal way to play it."""
        event.stop()
        seat = self._acting_seat()
        card = self.query_one(HandList).highlighted_card
        if seat is None or card is None:
            return
        choices = card_choices(self.exercise.game, self.exercise.state, seat, card)
        if not choices:
            self.notify("This card cannot be played now: pass (p).", severity="warning")
            return
        self._pick(f"Play {self.exercise.card(card).name}", choices)

    def _pick(self, title: str, choices: list[Choice]) -> None:
        from wargame.tui.screens.dialogs import Pick, PlayDialog

        by_key = {c.key: c for c in choices}

        def picked(pick: Pick | None) -> None:
            if pick is not None:
                self._carry_out(by_key[pick.choice], pick.why)

        self.app.push_screen(PlayDialog(title, [(c.key, c.label) for c in choices]), safely(self, picked))

    def _carry_out(self, choice: Choice, why: str = "") -> None:
        """Play ``choice`` (asking for its swing state first if it needs one), with the seat's reason if any."""
        if not choice.needs_target:
            self._apply(choice.actions[0], why)
            return
        from wargame.tui.screens.dialogs import Pick, PlayDialog

        by_target = {a.target: a for a in choice.actions}

        def picked(pick: Pick | None) -> None:
            if pick is not None:
                self._apply(by_target[pick.choice], pick.why)

        labels = target_labels(self.exercise.game, self.exercise.state, choice.actions)
        self.app.push_screen(PlayDialog("Pick a swing state", labels, choice.label, why), safely(self, picked))

    def _apply(self, action: Action, why: str = "") -> None:
        """Play ``action``; a seat's ``why`` rides on it as its text (the engine logs it as a rationale)."""
        if why:
            action = replace(action, text=why)
        try:
            self.exercise.play(action)
        except Exception as error:
            report(self, error, "Not played")
            self.next_turn()
            return
        self.after_change()

    # --- Facilitator ---------------------------------------------------------------------------
    @guarded
    def action_facilitator(self) -> None:
        self.open_facilitator()

    def open_facilitator(self) -> None:
        from wargame.tui.screens.facilitator import FacilitatorPanel

        if isinstance(self.app.screen, FacilitatorPanel):
            return
        timer = self.query_one(TurnTimer)
        panel = FacilitatorPanel(self, keep_paused=timer.paused)
        timer.paused = True  # the room's clock stops while the white cell works

        def closed(_: None) -> None:
            timer.paused = panel.keep_paused
            if not timer.paused:
                self.next_turn()

        self.app.push_screen(panel, safely(self, closed))

    def _check_clock(self) -> None:
        """A hard timer: a warning at one minute, then the team's turn ends as a pass."""
        app: Any = self.app
        timer = self.query_one(TurnTimer)
        seat = self.exercise.current_seat
        if (not app.turn_hard or timer.limit <= 0 or timer.paused or self.exercise.over or seat is None
                or not self.exercise.is_human(seat) or self.app.screen is not self or seat != self.shown_seat):
            return
        left = timer.limit - timer.elapsed
        if left <= 0:
            self.notify(f"Time is up: {seat_name(seat)} passes this turn.", severity="warning", timeout=8)
            self._apply(Action(seat, PASS))
        elif left <= 60 and self.clock_warned != self.turn_key:
            self.clock_warned = self.turn_key
            self.notify(f"{seat_name(seat)}: one minute left, then the turn passes.", severity="warning", timeout=8)

    @guarded
    def action_toggle_timer(self) -> None:
        """Pause or resume the turn timer (bots wait while it is paused)."""
        timer = self.query_one(TurnTimer)
        timer.paused = not timer.paused
        self.notify("Timer paused: bots wait." if timer.paused else "Timer running.")
        if not timer.paused:
            self.next_turn()

    @guarded
    def action_undo(self) -> None:
        """A team's Ctrl+Z: in hot-seat it takes back only that team's own move."""
        self.undo(by_facilitator=False)

    def undo(self, by_facilitator: bool) -> None:
        """Take back the last decision (and the bot moves after it); the facilitator may undo anyone's."""
        ex = self.exercise
        whose = ex.last_decision_seat()
        if not by_facilitator and ex.hot_seat and whose is not None and whose != self.shown_seat:
            self.notify(f"Only the facilitator can undo {seat_name(whose)}'s move: open the panel (f), then Ctrl+Z.",
                        severity="warning", timeout=8)
            return
        undone = ex.undo()
        self.notify(f"Undid {counted(undone, 'action')}.")
        self.finished = False
        if self.bot_timer is not None:
            self.bot_timer.stop()
            self.bot_timer = None
        self.after_change()

    @guarded
    def action_save(self) -> None:
        from wargame.tui.screens.saves import ask_and_save

        ask_and_save(self.app, self.exercise)

    def report_source(self) -> tuple[Any, str | None]:
        return self.exercise.replay(), self.exercise.report_name  # a snapshot: play may go on while it is written

    @guarded
    def action_leave(self) -> None:
        from wargame.tui.screens.dialogs import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                app: Any = self.app
                app.back_to_menu()

        self.app.push_screen(ConfirmDialog("Leave the exercise for the main menu? It is autosaved: "
                                           "Continue on the menu resumes it."), safely(self, answer))

    # --- The end -------------------------------------------------------------------------------
    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self.hide_hand("The exercise is over.")
        from wargame.tui.screens.result import ResultScreen

        self.app.push_screen(ResultScreen(self.exercise))
