"""The main menu: new exercise, continue, load, replay, decks, simulate, rules, quit."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from wargame.tui import keys
from wargame.tui.errors import guarded
from wargame.tui.screens.closing import DismissOnce
from wargame.tui.widgets.simulator_status import SimulatorStatus

#: (id, key, label, what it does, app action)
ENTRIES: tuple[tuple[str, str, str, str, str], ...] = (
    ("new", "n", "New exercise", "pick a scenario, who holds each seat and the seed", "new_exercise"),
    ("continue", "c", "Continue", "resume the latest unfinished exercise", "continue_exercise"),
    ("load", "l", "Load", "open a saved exercise", "load"),
    ("replay", "r", "Replay", "step through a saved game, and branch from any point", "replays"),
    ("decks", "d", "Decks", "browse and validate the decks", "decks"),
    ("simulate", "m", "Simulate", "bots-only games: who wins, and how often", "simulate"),
    ("rules", "?", "Rules", "the rules in short, the card glossary and the keys", "show_rules"),
    ("quit", "q", "Quit", "leave the program", "quit_app"),
)

LOGO = """\
 ██████  ██████  ███    ███ ██████  ██    ██ ████████ ███████     ██████   █████   ██████ ███████
██      ██    ██ ████  ████ ██   ██ ██    ██    ██    ██          ██   ██ ██   ██ ██      ██
██      ██    ██ ██ ████ ██ ██████  ██    ██    ██    █████       ██████  ███████ ██      █████
██      ██    ██ ██  ██  ██ ██      ██    ██    ██    ██          ██   ██ ██   ██ ██      ██
 ██████  ██████  ██      ██ ██       ██████     ██    ███████     ██   ██ ██   ██  ██████ ███████"""


class MainMenu(DismissOnce, Screen[None]):
    """The first screen: everything the facilitator can start from here."""

    BINDINGS = keys.MENU
    #: The big logo needs 100 columns and 32 rows; below either, a one-line title stands in.
    HORIZONTAL_BREAKPOINTS = [(0, "-slim"), (100, "-roomy")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]

    def compose(self) -> ComposeResult:
        with Vertical(id="menu-box"):
            width = max(len(line) for line in LOGO.splitlines())
            yield Static(Text("\n".join(line.ljust(width) for line in LOGO.splitlines()), style="bold"), id="logo")
            yield Static(Text("C O M P U T E   R A C E", style="bold"), id="logo-small")
            yield Static("A card-driven exercise of the US–China AI compute race, 2026–2028", id="tagline")
            with Center():
                yield OptionList(*(Option(self._label(key, label, note), id=eid)
                                   for eid, key, label, note, _ in ENTRIES), id="menu")
        yield SimulatorStatus()
        yield Footer()

    @staticmethod
    def _label(key: str, label: str, note: str) -> Text:
        return Text.assemble((f" {key} ", "bold reverse"), "  ", (f"{label:<14}", "bold"), (note, "dim"))

    @on(OptionList.OptionSelected, "#menu")
    @guarded
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_menu(event.option.id or "")

    @guarded
    def action_menu(self, entry: str) -> None:
        """Open the menu entry ``entry`` (its id)."""
        for eid, _, _, _, action in ENTRIES:
            if eid == entry:
                getattr(self.app, f"action_{action}")()
                return
