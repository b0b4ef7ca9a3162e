"""The facilitator's panel (white cell): fire a card or an inject, override a value with a reason,
add a note (or a note on play #N, for the debrief), pause the timer, set the bots' pace, undo.
Every change is an action in the log."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from wargame.engine.actions import HEADLINE, Action
from wargame.engine.text import printable
from wargame.tui import keys
from wargame.tui.errors import guarded
from wargame.tui.moves import describe_action
from wargame.tui.readout import describe_variable, unit_of, value_text
from wargame.tui.screens.setup import PACES


def _line(kind: str, name: str, text: str) -> Text:
    """One line of the fire list: kind, name, the start of the text."""
    line = Text.assemble((f"{kind:<7}", "dim"), (printable(name), "bold"), "  ", (printable(text), "dim"))
    line.truncate(92, overflow="ellipsis")
    line.no_wrap = True
    return line


class FacilitatorPanel(ModalScreen[None]):
    """Acts on the exercise of ``game_screen`` and asks it to redraw after every change."""

    BINDINGS = keys.FACILITATOR

    def __init__(self, game_screen: Any) -> None:
        super().__init__()
        self.game_screen = game_screen
        self.exercise = game_screen.exercise

    def compose(self) -> ComposeResult:
        with Vertical(id="facilitator"):
            yield Label("Facilitator (white cell) — every change here is logged", classes="title")
            yield Static("Keys 1–4 switch tabs (outside a text field) · Ctrl+Z undo · Ctrl+T pause · Escape closes",
                         classes="muted")
            with TabbedContent(initial="tab-inject"):
                with TabPane("Fire a card / inject", id="tab-inject"):
                    yield Static("Enter fires the highlighted card or scenario inject at once.", classes="muted")
                    yield OptionList(*self._fire_options(), id="fire-list")
                with TabPane("Override a value", id="tab-override"):
                    yield Select[str](self._variables(), prompt="the variable or swing state", id="override-path")
                    yield Static("", id="var-help")
                    yield Input(placeholder="new value", type="number", id="override-value")
                    yield Input(placeholder="reason (required: it goes into the log)", id="override-reason")
                    yield Button("Override", variant="warning", id="override")
                with TabPane("Note / read-out", id="tab-note"):
                    yield Static("A note goes into the log for the debrief. A read-out inject is a note "
                                 "marked as an inject.", classes="muted")
                    yield Input(placeholder="text", id="note-text")
                    with Horizontal(classes="buttons"):
                        yield Button("Add note", variant="primary", id="note")
                        yield Button("Log as inject", id="inject-note")
                    yield Label("Note on play #N: why a team made a play, shown beside it in the debrief",
                                classes="title")
                    yield Static("", id="recent-plays", classes="muted")
                    with Horizontal(id="play-note-row"):
                        yield Input(placeholder="N", type="integer", id="play-number")
                        yield Input(placeholder="why that play was made", id="play-note-text")
                        yield Button("Note on play", variant="primary", id="play-note")
                with TabPane("Timer, bots, undo", id="tab-control"):
                    yield Button("Pause / resume the turn timer (Ctrl+T)", id="timer")
                    yield Label("Bot pace")
                    app: Any = self.app
                    yield Select[float]([(n, v) for n, v in PACES], value=app.bot_pace, allow_blank=False, id="pace")
                    yield Button("Undo the last decision (Ctrl+Z)", variant="error", id="undo")

    def on_mount(self) -> None:
        self.query_one("#fire-list", OptionList).focus()
        self._show_recent_plays()

    # --- Fire ----------------------------------------------------------------------------------
    def _fire_options(self) -> list[Option | None]:
        rules = self.exercise.game.rules
        options: list[Option | None] = []
        for card_id in rules.world_deck:
            card = rules.cards[card_id]
            options.append(Option(_line("world", card.name, card.text), id=f"card:{card_id}"))
        for i, inject in enumerate(self.exercise.scenario.injects):
            if inject.cards:
                title = inject.title or "Scheduled inject"
                options.append(Option(_line("inject", title, f"(due {inject.turn}) {inject.text}"), id=f"inject:{i}"))
        others = [c for cid, c in rules.cards.items() if cid not in rules.world_deck]
        for card in others:
            options.append(Option(_line(card.faction, card.name, card.text), id=f"card:{card.id}"))
        return options

    @on(OptionList.OptionSelected, "#fire-list")
    @guarded
    def _fire(self, event: OptionList.OptionSelected) -> None:
        kind, _, ref = (event.option.id or "").partition(":")
        if kind == "card":
            self.exercise.fire(ref)
            self._changed(f"Fired {self.exercise.card(ref).name}.")
        else:
            inject = self.exercise.scenario.injects[int(ref)]
            self.exercise.note(f"Inject: {inject.title or 'scheduled inject'}. {inject.text}".strip())
            for card_id in inject.cards:
                self.exercise.fire(card_id)
            self._changed(f"Fired the inject {inject.title!r}.")

    # --- Override ------------------------------------------------------------------------------
    def _variables(self) -> list[tuple[str, str]]:
        from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

        seats = set(self.exercise.scenario.seat_ids) | {"world"}
        out = [(f"{v}  ({VARIABLES[v].description})", v) for v in WRITABLE_VARIABLES if v.split(".")[0] in seats]
        out += [(f"board.{s.id}  (alignment of {s.name})", f"board.{s.id}") for s in self.exercise.scenario.board]
        return out

    @on(Select.Changed, "#override-path")
    @guarded
    def _path_chosen(self, event: Select.Changed) -> None:
        path = event.value
        help_text = self.query_one("#var-help", Static)
        if not isinstance(path, str):
            help_text.update("")
            return
        if path.startswith("board."):
            now, bounds = self.exercise.state.board[path[6:]], "-3 .. +3"
        else:
            from wargame.model.variables import VARIABLES

            var = VARIABLES[path]
            now, bounds = self.exercise.state.values[path], f"{var.lo:g} .. {var.hi:g} {var.unit}"
        help_text.update(f"{describe_variable(path)}\nnow {value_text(path, now)} ({now:.6g}); "
                         f"allowed {bounds}; unit {unit_of(path) or 'alignment'}")
        self.query_one("#override-value", Input).value = f"{now:.6g}"

    @on(Button.Pressed, "#override")
    @on(Input.Submitted, "#override-reason")
    @guarded
    def _override(self) -> None:
        path = self.query_one("#override-path", Select).value
        raw = self.query_one("#override-value", Input).value.strip()
        reason = self.query_one("#override-reason", Input).value.strip()
        if not isinstance(path, str):
            self.notify("Pick the variable to override.", severity="warning")
            return
        try:
            value = float(raw)
        except ValueError:
            self.notify(f"The new value must be a number, not {raw!r}.", severity="error")
            return
        if not reason:
            self.notify("Give a reason: it goes into the log.", severity="warning")
            return
        self.exercise.override(path, value, reason)
        self.query_one("#override-reason", Input).value = ""
        self._changed(f"{path} set to {value:g}.")

    # --- Notes ---------------------------------------------------------------------------------
    @on(Button.Pressed, "#note")
    @on(Input.Submitted, "#note-text")
    @guarded
    def _note(self) -> None:
        self._add_note("")

    @on(Button.Pressed, "#inject-note")
    @guarded
    def _inject_note(self) -> None:
        self._add_note("Inject: ")

    def _add_note(self, prefix: str) -> None:
        field = self.query_one("#note-text", Input)
        text = field.value.strip()
        if not text:
            self.notify("Type the note first.", severity="warning")
            return
        self.exercise.note(prefix + text)
        field.value = ""
        self._changed("Note added to the log.")

    @on(Input.Submitted, "#play-number")
    def _number_given(self) -> None:
        self.query_one("#play-note-text", Input).focus()

    @on(Button.Pressed, "#play-note")
    @on(Input.Submitted, "#play-note-text")
    @guarded
    def _play_note(self) -> None:
        raw = self.query_one("#play-number", Input).value.strip().lstrip("#")
        field = self.query_one("#play-note-text", Input)
        text = field.value.strip()
        if not raw.isdigit():
            self.notify("Give the number of the play (#N, as in the log).", severity="warning")
            return
        if not text:
            self.notify("Type the note first.", severity="warning")
            return
        self.exercise.note_on_play(int(raw), text)
        field.value = ""
        self._changed(f"Note on play #{raw} added to the log.")

    def _show_recent_plays(self) -> None:
        """The last few plays with their numbers, and the latest one as N; picks still secret stay hidden."""
        plays = self.exercise.seat_plays()
        state = self.exercise.state
        lines = []
        for entry in plays[-4:]:
            action = Action.from_dict(entry.action)
            secret = action.kind == HEADLINE and entry.turn == state.turn and state.phase == HEADLINE
            what = f"{action.seat}: a secret headline pick" if secret else describe_action(self.exercise.game, action)
            lines.append(f"#{entry.index} {entry.quarter} {what}")
        self.query_one("#recent-plays", Static).update(Text("\n".join(lines) or "No play yet.", no_wrap=True,
                                                            overflow="ellipsis"))
        if plays:
            self.query_one("#play-number", Input).value = str(plays[-1].index)

    # --- Timer, pace, undo ---------------------------------------------------------------------
    @on(Button.Pressed, "#timer")
    @guarded
    def action_toggle_timer(self) -> None:
        self.game_screen.action_toggle_timer()

    @on(Select.Changed, "#pace")
    @guarded
    def _pace(self, event: Select.Changed) -> None:
        app: Any = self.app
        if isinstance(event.value, float | int):
            app.bot_pace = float(event.value)

    @on(Button.Pressed, "#undo")
    @guarded
    def action_undo(self) -> None:
        self.game_screen.action_undo()
        self._show_recent_plays()

    def _changed(self, message: str) -> None:
        self.notify(message)
        self.game_screen.after_change()
        self._show_recent_plays()

    def action_tab(self, tab: str) -> None:
        """Show one tab and focus its first field."""
        self.query_one(TabbedContent).active = tab
        first = {"tab-inject": "#fire-list", "tab-override": "#override-path", "tab-note": "#note-text",
                 "tab-control": "#timer"}[tab]
        self.query_one(first).focus()

    def action_close(self) -> None:
        self.dismiss(None)
