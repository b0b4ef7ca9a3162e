"""The decks: every card of every deck file, filtered by seat, type and tag; validation with located errors."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Label, Select, Static

from wargame.engine.seats import SEAT_IDS
from wargame.engine.wording import counted
from wargame.tui import keys
from wargame.tui.errors import guarded
from wargame.tui.readout import plain, seat_colour, seat_name
from wargame.tui.screens.closing import DismissOnce
from wargame.tui.widgets.card_view import CardView, cost_text

FACTIONS = (*SEAT_IDS, "any", "world")
TYPES = ("policy", "capex", "alliance", "event")


def read_decks() -> tuple[list[tuple[str, Any]], list[str], list[str]]:
    """Every card as (deck id, card) from the deck files (the author's folders, then the built-in), the
    problems of files that do not load, and where each deck came from."""
    from wargame.content.search import find_decks

    found, problems = find_decks()
    used = [f for f in found if f.hidden_by is None]
    cards = [(f.deck.deck, card) for f in used for card in f.deck.cards]
    builtin = [f.deck.deck for f in used if f.builtin]
    origins = [f"{f.deck.deck} ({f.origin})" for f in used if not f.builtin]
    return cards, [str(p) for p in problems], origins + ([f"{', '.join(builtin)} (built-in)"] if builtin else [])


def validate_content() -> list[str]:
    """Check every deck and scenario file; one line per file, then each problem with its location."""
    from wargame.content import check_files
    from wargame.content.paths import yaml_files
    from wargame.content.search import deck_folders, scenario_folders

    files = list(dict.fromkeys(p for f in [*deck_folders(), *scenario_folders()] for p in yaml_files(f.path)))
    lines: list[str] = []
    for report in check_files(files):
        if report.ok:
            lines.append(f"✓ {report.path.name}: {report.kind} — {report.summary}")
        else:
            lines.append(f"✗ {report.path.name}: {counted(len(report.problems), 'problem')}")
            lines += [f"    {p}" for p in report.problems]
    return lines or ["no deck or scenario files found"]


class DecksScreen(DismissOnce, Screen[None]):
    """Browse the cards; v validates every content file and lists the problems with their location."""

    BINDINGS = keys.DECKS
    HORIZONTAL_BREAKPOINTS = [(0, "-slim"), (110, "-roomy")]  # slim: the card under the table

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[tuple[str, Any]] = []
        self.shown: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Label("Decks — filter the cards; v validates every deck and scenario", classes="title")
        with Horizontal(id="decks-filters"):
            yield Select[str]([(seat_name(f) if f != "any" else "neutral", f) for f in FACTIONS], prompt="any seat",
                              id="filter-seat")
            yield Select[str]([(t, t) for t in TYPES], prompt="any type", id="filter-type")
            yield Select[str]([], prompt="any tag", id="filter-tag")
            yield Input(placeholder="search names and text", id="filter-text")
        with Horizontal(id="decks-body"):
            yield DataTable(id="cards-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="deck-card"):
                yield CardView("")
        yield VerticalScroll(Static("", id="problem-lines"), id="problems")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Deck", "Card", "Seat", "Type", "Ops", "Cost", "Tags")
        self.query_one("#problems").display = False
        app: Any = self.app
        app.in_background(read_decks, self._loaded, "read the decks")

    def _loaded(self, loaded: tuple[list[tuple[str, Any]], list[str], list[str]]) -> None:
        self.cards, problems, origins = loaded
        self.query_one("Label.title", Label).update(Text("Decks — " + " · ".join(origins) + "; v validates"))
        tags = sorted({t for _, c in self.cards for t in c.tags})
        self.query_one("#filter-tag", Select).set_options([(t, t) for t in tags])
        self._show_problems(problems, "Some deck files do not load:")
        self._filter()
        self.query_one(DataTable).focus()

    @on(Select.Changed)
    @on(Input.Changed, "#filter-text")
    @guarded
    def _filter(self) -> None:
        seat = self.query_one("#filter-seat", Select).value
        kind = self.query_one("#filter-type", Select).value
        tag = self.query_one("#filter-tag", Select).value
        text = self.query_one("#filter-text", Input).value.strip().lower()
        table = self.query_one(DataTable)
        table.clear()
        self.shown = []
        for deck, card in self.cards:
            if isinstance(seat, str) and card.faction != seat:
                continue
            if isinstance(kind, str) and card.type != kind:
                continue
            if isinstance(tag, str) and tag not in card.tags:
                continue
            if text and text not in f"{card.id} {card.name} {card.text}".lower():
                continue
            self.shown.append(card)
            owner = seat_name(card.faction) if card.faction != "any" else "neutral"
            table.add_row(plain(deck), plain(card.name, style="bold"), Text(owner, style=seat_colour(card.faction)),
                          card.type, str(card.ops), cost_text(card), plain(", ".join(card.tags)))
        self.query_one(DataTable).border_title = f"{len(self.shown)} of {len(self.cards)} cards"
        self._describe(0)

    @on(DataTable.RowHighlighted, "#cards-table")
    @guarded
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._describe(event.cursor_row)

    def _describe(self, row: int) -> None:
        view = self.query_one(CardView)
        if 0 <= row < len(self.shown):
            view.show_card(self.shown[row])
        else:
            view.show_message("No card matches the filters.")

    @guarded
    def action_validate(self) -> None:
        app: Any = self.app
        self.notify("Validating the decks and scenarios…")
        app.in_background(validate_content, lambda lines: self._show_problems(lines, "Validation:"), "validate")

    def _show_problems(self, lines: list[str], title: str) -> None:
        box = self.query_one("#problems")
        box.display = bool(lines)
        bad = any(line.startswith("✗") or not line.startswith(("✓", " ")) for line in lines)
        text = Text(title + "\n", style="bold")
        for line in lines:
            text.append(line + "\n", style="green" if line.startswith("✓") else "red")
        self.query_one("#problem-lines", Static).update(text)
        box.set_class(not bad, "-ok")
        if lines and title == "Validation:":
            self.notify("Problems found: see the list below." if bad else "Every file is valid.",
                        severity="error" if bad else "information")

    def action_focus_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_back(self) -> None:
        """Esc in a filter leaves the filter for the table; elsewhere it leaves the screen."""
        if isinstance(self.focused, Input | Select):
            self.query_one(DataTable).focus()
            return
        self.dismiss()
