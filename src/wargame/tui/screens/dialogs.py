"""Small modal dialogs: pick one of several choices (a play with its "why?", or a plain choice), confirm,
type a line, read a list of problems."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from wargame.tui import keys
from wargame.tui.readout import plain
from wargame.tui.screens.closing import DismissOnce


@dataclass(frozen=True)
class Pick:
    """A choice of the play menu, and the seat's reason for it (empty: none given)."""

    choice: str
    why: str = ""


class PlayDialog(DismissOnce, ModalScreen[Pick | None]):
    """The ways to play a card, or the swing states to aim at, with an optional one-line "why?".

    Enter on a choice plays it at once, as without a note. Typing anything starts the note (it goes
    into the log for the debrief); Enter in the note plays the highlighted choice with it.
    """

    BINDINGS = keys.PICKER

    def __init__(self, title: str, choices: Sequence[tuple[str, str | Text]], prompt: str = "", why: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.choices = list(choices)
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            if self.prompt:
                yield Static(self.prompt, classes="muted", markup=False)
            yield OptionList(*(Option(plain(label) if isinstance(label, str) else label, id=cid)
                               for cid, label in self.choices), id="choices")
            yield Input(self.why, placeholder="Why? (optional, for the debrief: just type)", id="why",
                        select_on_focus=False)
            yield Static("Enter plays the highlighted choice · type first to give a why · Escape cancels",
                         classes="muted")

    def on_mount(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def on_key(self, event: events.Key) -> None:
        options = self.query_one("#choices", OptionList)
        why = self.query_one("#why", Input)
        if self.focused is options and event.is_printable and event.character:
            # Typing starts the note; keys typed before the focus has moved on go into it too.
            event.stop()
            event.prevent_default()
            why.focus()
            why.insert_text_at_cursor(event.character)
        elif self.focused is why and event.key in ("up", "down"):
            event.stop()
            if event.key == "up":
                options.action_cursor_up()
            else:
                options.action_cursor_down()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self._play(event.option.id)

    @on(Input.Submitted, "#why")
    def _submitted(self) -> None:
        options = self.query_one("#choices", OptionList)
        if options.highlighted is not None:
            self._play(options.get_option_at_index(options.highlighted).id)

    def _play(self, choice: str | None) -> None:
        if choice is not None:
            self.dismiss(Pick(choice, " ".join(self.query_one("#why", Input).value.split())))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(DismissOnce, ModalScreen[str | None]):
    """One of a few choices (its id); ``None`` on Escape."""

    BINDINGS = keys.PICKER

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            yield OptionList(*(Option(plain(label), id=cid) for cid, label in self.choices), id="choices")
            yield Static("Enter chooses · Escape cancels", classes="muted")

    def on_mount(self) -> None:
        options = self.query_one("#choices", OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(DismissOnce, ModalScreen[bool]):
    """A yes/no question."""

    BINDINGS = [Binding("y", "answer(True)", "Yes"), Binding("n,escape", "answer(False)", "No")]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes")
                yield Button(f"{self.no} (n)", id="no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class TextPrompt(DismissOnce, ModalScreen[str | None]):
    """One line of text (a save name, a quarter, a note); ``None`` on Escape."""

    BINDINGS = keys.PICKER

    def __init__(self, title: str, label: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.label, self.value, self.placeholder = title, label, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            yield Static(self.label, classes="muted", markup=False)
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Static("Enter to confirm, Escape to cancel", classes="muted")

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.dismiss(text)
        else:
            self.notify("Type something first, or press Escape.", severity="warning")

    def action_cancel(self) -> None:
        self.dismiss(None)


class ProblemsDialog(DismissOnce, ModalScreen[None]):
    """A list of problems (each already located: file, line, card, field), e.g. from bad content."""

    BINDINGS = [Binding("escape,enter", "close", "Close")]

    def __init__(self, title: str, problems: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="title", markup=False)
            with VerticalScroll(classes="problems"):
                yield Static(Text("\n".join(f"• {p}" for p in self.problems), style="red"))
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
