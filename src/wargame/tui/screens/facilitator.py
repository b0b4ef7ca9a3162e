"""The facilitator's panel (white cell): fire a card or an inject, override a value with a reason,
add a note (or a note on play #N, for the debrief), pause the timer, set the bots' pace, undo.
Every change is an action in the log."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from wargame.engine.actions import HEADLINE, Action
from wargame.engine.text import printable
from wargame.engine.wording import amount, variable_name
from wargame.tui import keys
from wargame.tui.errors import guarded, safely
from wargame.tui.moves import describe_action
from wargame.tui.readout import describe_variable, seat_name
from wargame.tui.screens.closing import DismissOnce
from wargame.tui.screens.setup import PACES
from wargame.tui.widgets.card_view import card_details


def _line(kind: str, name: str) -> Text:
    """One line of the fire list: kind and name (the effects pane beside it says what it does)."""
    line = Text.assemble((f"{kind:<7}", "dim"), (printable(name), "bold"))
    line.truncate(60, overflow="ellipsis")
    line.no_wrap = True
    return line


class FacilitatorPanel(DismissOnce, ModalScreen[None]):
    """Acts on the exercise of ``game_screen`` and asks it to redraw after every change."""

    BINDINGS = keys.FACILITATOR

    def __init__(self, game_screen: Any, keep_paused: bool = False) -> None:
        super().__init__()
        self.game_screen = game_screen
        self.exercise = game_screen.exercise
        self.keep_paused = keep_paused  # whether the turn timer stays paused once the panel closes
        self.prefilled = ""  # the value the override field was given on choosing a variable

    def compose(self) -> ComposeResult:
        with Vertical(id="facilitator"):
            yield Label(Text.assemble(("Facilitator (white cell)", "bold"), ("  every change is logged · 1-4 tabs · "
                                      "^Z undo · ^T timer · Esc closes", "dim")), classes="title")
            with TabbedContent(initial="tab-inject"):
                with TabPane("Fire a card / inject", id="tab-inject"):
                    yield Input(placeholder="filter: part of a name, its text, or world / inject / us / china / firm",
                                id="fire-filter")
                    with Horizontal(id="fire-row"):
                        yield OptionList(*self._fire_options(), id="fire-list")
                        with VerticalScroll(id="fire-effects-box"):
                            yield Static("", id="fire-effects")
                    yield Static("Enter asks before it fires the highlighted card or inject.", classes="muted")
                with TabPane("Override", id="tab-override"):
                    yield Select[str](self._variables(), prompt="the variable or swing state", id="override-path")
                    yield Static("", id="var-help")
                    yield Input(placeholder="new value", type="number", id="override-value")
                    yield Input(placeholder="reason (required: it goes into the log)", id="override-reason")
                    yield Button("Override", variant="warning", id="override")
                with TabPane("Note", id="tab-note"):
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
        active = self.query_one(TabbedContent).active
        if active and active != "tab-inject":
            self._focus_tab(active)  # a tab chosen before the panel finished mounting keeps the keys
        else:
            self.query_one("#fire-list", OptionList).focus()
        self._show_recent_plays()
        self._show_effects(self.query_one("#fire-list", OptionList).highlighted)

    # --- Fire ----------------------------------------------------------------------------------
    def _fire_entries(self) -> list[tuple[str, str, str, str]]:
        """Everything that may be fired: (option id, kind, name, text)."""
        rules = self.exercise.game.rules
        out = [(f"card:{cid}", "world", rules.cards[cid].name, rules.cards[cid].text) for cid in rules.world_deck]
        for i, inject in enumerate(self.exercise.scenario.injects):
            if inject.cards:
                out.append((f"inject:{i}", "inject", inject.title or "Scheduled inject",
                            f"(due {inject.turn}) {inject.text}"))
        out += [(f"card:{c.id}", seat_name(c.faction) if c.faction != "any" else "any", c.name, c.text)
                for cid, c in rules.cards.items() if cid not in rules.world_deck]
        return out

    def _fire_options(self, words: str = "") -> list[Option | None]:
        words = words.strip().lower()
        return [Option(_line(kind, name), id=oid) for oid, kind, name, text in self._fire_entries()
                if not words or all(w in f"{kind} {name} {text}".lower() for w in words.split())]

    @on(Input.Changed, "#fire-filter")
    def _filter_fire_list(self, event: Input.Changed) -> None:
        fire_list = self.query_one("#fire-list", OptionList)
        fire_list.clear_options()
        fire_list.add_options(self._fire_options(event.value))
        fire_list.highlighted = 0 if fire_list.option_count else None
        self._show_effects(fire_list.highlighted)

    @on(Input.Submitted, "#fire-filter")
    def _filter_done(self) -> None:
        self.query_one("#fire-list", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#fire-list")
    def _fire_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_effects(event.option_index)

    def _show_effects(self, index: int | None) -> None:
        fire_list = self.query_one("#fire-list", OptionList)
        box = self.query_one("#fire-effects", Static)
        if index is None or index >= fire_list.option_count:
            box.update(Text("Nothing matches the filter.", style="dim"))
            return
        box.update(self._effects_of(fire_list.get_option_at_index(index).id or ""))

    def _effects_of(self, option_id: str) -> Group:
        """What firing ``option_id`` would do, in words."""
        kind, _, ref = option_id.partition(":")
        board = {s.id: s.name for s in self.exercise.scenario.board}
        if kind == "card":
            return card_details(self.exercise.card(ref), board=board, start=self.exercise.scenario.start)
        inject = self.exercise.scenario.injects[int(ref)]
        parts: list[Any] = [Text(inject.title or "Scheduled inject", style="bold"), Text(inject.text, style="italic")]
        parts += [card_details(self.exercise.card(cid), board=board, start=self.exercise.scenario.start) for cid in inject.cards]
        return Group(*parts)

    @on(OptionList.OptionSelected, "#fire-list")
    @guarded
    def _fire(self, event: OptionList.OptionSelected) -> None:
        from wargame.tui.screens.dialogs import ConfirmDialog

        option_id = event.option.id or ""
        kind, _, ref = option_id.partition(":")
        name = self.exercise.card(ref).name if kind == "card" else (
            self.exercise.scenario.injects[int(ref)].title or "the scheduled inject")

        def answer(yes: bool | None) -> None:
            if yes:
                self._fire_now(kind, ref)

        self.app.push_screen(ConfirmDialog(f"Fire {name} now? Its effects happen at once and go into the log."),
                             safely(self, answer))

    def _fire_now(self, kind: str, ref: str) -> None:
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
        from wargame.model.variables import WRITABLE_VARIABLES

        seats = set(self.exercise.scenario.seat_ids) | {"world"}
        board = {s.id: s.name for s in self.exercise.scenario.board}
        out = sorted((variable_name(v), v) for v in WRITABLE_VARIABLES if v.split(".")[0] in seats)
        out += [(variable_name(f"board.{s}", board), f"board.{s}") for s in board]
        return out

    @on(Select.Changed, "#override-path")
    @guarded
    def _path_chosen(self, event: Select.Changed) -> None:
        path = event.value
        field = self.query_one("#override-value", Input)
        if isinstance(path, str) and field.value in ("", self.prefilled):  # never over what was typed
            self.prefilled = field.value = f"{self._value_now(path):.6g}"
        self._show_variable(path if isinstance(path, str) else None)

    def _value_now(self, path: str) -> float:
        state = self.exercise.state
        return float(state.board[path[6:]] if path.startswith("board.") else state.values[path])

    def _show_variable(self, path: str | None) -> None:
        """The chosen variable: what it is, its value now (after any override) and what may be entered."""
        help_text = self.query_one("#var-help", Static)
        if path is None:
            help_text.update("")
            return
        now = self._value_now(path)
        if path.startswith("board."):
            bounds = "-3 (China-aligned) .. +3 (US-aligned)"
        else:
            from wargame.model.variables import VARIABLES

            var = VARIABLES[path]
            bounds = f"{var.lo:g} .. {var.hi:g}" + (" (0.45 means 45%)" if var.unit == "share" else
                                                    " (0 off, 1 on)" if var.unit == "flag" else f" {var.unit}")
        help_text.update(f"{describe_variable(path)}\nnow {amount(path, now)} · enter a number in {bounds}")

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
        before = self._value_now(path)
        if amount(path, value) == amount(path, before):  # a logged intervention that shows no change
            self.notify(f"{variable_name(path)} is already {amount(path, before)}: nothing to change.",
                        severity="warning")
            return
        self.exercise.override(path, value, reason)
        self.query_one("#override-reason", Input).value = ""
        self._show_variable(path)
        self._changed(f"{variable_name(path)}: {amount(path, before)} → {amount(path, self._value_now(path))}.")

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
        """The timer is paused while the panel is open: this says whether it resumes when the panel closes."""
        self.keep_paused = not self.keep_paused
        self.notify("The timer stays paused when the panel closes." if self.keep_paused
                    else "The timer resumes when the panel closes.")

    @on(Select.Changed, "#pace")
    @guarded
    def _pace(self, event: Select.Changed) -> None:
        app: Any = self.app
        if isinstance(event.value, float | int):
            app.bot_pace = float(event.value)

    @on(Button.Pressed, "#undo")
    @guarded
    def action_undo(self) -> None:
        self.game_screen.undo(by_facilitator=True)
        self._show_recent_plays()

    def _changed(self, message: str) -> None:
        self.notify(message)
        self.game_screen.after_change()
        self._show_recent_plays()

    def action_tab(self, tab: str) -> None:
        """Show one tab and focus its first field."""
        self.query_one(TabbedContent).active = tab
        self._focus_tab(tab)

    @on(TabbedContent.TabActivated)
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        """A tab opened by mouse or keyboard: its first field takes the keys (typing is not lost)."""
        if event.pane.id:
            self.call_after_refresh(self._focus_tab, event.pane.id)

    def _focus_tab(self, tab: str) -> None:
        if self.query_one(TabbedContent).active != tab:
            return  # another tab was chosen meanwhile
        first = {"tab-inject": "#fire-list", "tab-override": "#override-path", "tab-note": "#note-text",
                 "tab-control": "#timer"}[tab]
        self.query_one(first).focus()

    def action_close(self) -> None:
        self.dismiss(None)
