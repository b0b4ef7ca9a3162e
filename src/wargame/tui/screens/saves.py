"""Saves: save with a name; the list of saves to load or replay (damaged ones listed with the reason)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Label, Static

from wargame.engine.actions import SEAT_NAMES
from wargame.engine.cards import quarter_label
from wargame.tui import keys
from wargame.tui.errors import guarded, report, safely
from wargame.tui.readout import plain, seat_name
from wargame.tui.screens.closing import DismissOnce

SUFFIX = ".wgsave"
WHOLE_GAME = "*"  # the replay picker's choice of no seat (no seat id is "*")


def save_name(text: str) -> str:
    """A file name from what the facilitator typed: letters, digits, dashes and underscores."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "-", text.strip().removesuffix(SUFFIX)).strip("-")
    if not name:
        raise ValueError("a save needs a name made of letters, digits, - or _")
    return name + SUFFIX


def ask_and_save(app: App[Any], exercise: Any) -> None:
    """Ask for a name, then write the save (asking before replacing a file, refusing to replace anything
    that is not a regular file)."""
    from wargame.tui.screens.dialogs import ConfirmDialog, TextPrompt

    state = exercise.state
    default = f"{exercise.scenario.scenario}-{quarter_label(state.quarter)}"
    folder: Path = app.saves_dir()  # type: ignore[attr-defined]

    def write(path: Path) -> None:
        try:
            exercise.save(path)
        except Exception as error:
            report(app, error, "Not saved")
            return
        app.notify(f"Saved to {path}.", title="Saved")

    def named(text: str | None) -> None:
        if text is None:
            return
        try:
            path = folder / save_name(text)
        except ValueError as error:
            report(app, error, "Not saved")
            return
        from wargame.store import not_a_file

        if (problem := not_a_file(path)) is not None:  # a pipe, a folder, a link: never offered for replacing
            app.notify(f"{path.name}: {problem}. Choose another name.", title="Not saved", severity="error", timeout=8)
            return
        if path.exists():
            app.push_screen(ConfirmDialog(f"{path.name} exists. Replace it?"),
                            safely(app, lambda yes: write(path) if yes else None))
        else:
            write(path)

    app.push_screen(TextPrompt("Save the exercise", f"Name of the save (in {folder}/)", default), safely(app, named))


def saved_at(path: Path) -> str:
    """When the file was last written (saves are replaced whole, so this is the save's time), local time."""
    from datetime import datetime

    try:
        return datetime.fromtimestamp(path.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
    except OSError:
        return "?"


def seat_order(seats: Any) -> list[str]:
    """Seats in the order the game names them (US, China, Firm), any other after them."""
    known = list(SEAT_NAMES)
    return sorted(seats, key=lambda s: (known.index(s) if s in known else len(known), s))


COLUMNS = ("Save", "Scenario", "Quarter", "Saved", "Status", "Seats")


def status(info: Any) -> Text:
    """A save's Status cell: finished or in play, or why it cannot be opened in a word a facilitator can act
    on: a save from a newer version wants a newer program, not a new copy of the file."""
    if info.ok:
        return Text("finished", style="green") if info.over else Text("in play")
    if info.newer:
        return Text("NEWER VERSION", style="bold yellow")
    return Text("DAMAGED", style="bold red")


class SavesScreen(DismissOnce, Screen[None]):
    """Every save in the saves folder; Enter loads (or replays), damaged saves show their reason."""

    BINDINGS = keys.SAVES

    def __init__(self, replay: bool = False) -> None:
        super().__init__()
        self.replay = replay
        self.saves: list[Any] = []

    def compose(self) -> ComposeResult:
        what = "Replay a save" if self.replay else "Load a save"
        yield Label(f"{what} — Enter to {'replay' if self.replay else 'continue'}"
                    f"{'' if self.replay else ', r to replay'}, a to replay as one seat saw it", classes="title")
        yield DataTable(id="saves-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="save-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.action_refresh()

    @guarded
    def action_refresh(self) -> None:
        app: Any = self.app
        folder = app.saves_dir()

        def read() -> list[Any]:
            from wargame.store import list_saves

            return list_saves(folder)

        app.in_background(read, self._show, "list the saves")

    def _show(self, saves: list[Any]) -> None:
        self.saves = saves
        rows = []
        for info in saves:
            seats = ", ".join(f"{seat_name(s)}: {'team' if w == 'human' else w.removeprefix('bot:')}"
                              for s, w in info.seats.items())
            rows.append((plain(info.name, style="bold" if info.ok else "red"), plain(info.scenario or "?"),
                         plain(info.quarter or "?"), plain(saved_at(info.path)), status(info), plain(seats)))
        # Columns sized here from their cells, not left to the table's own measuring when idle, which
        # a busy machine could paint before (columns as narrow as their headings, "DAMAGED" cut off).
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for n, label in enumerate(COLUMNS):
            table.add_column(label, width=max([len(label)] + [row[n].cell_len for row in rows]))
        for i, row in enumerate(rows):
            table.add_row(*row, key=str(i))
        if not saves:
            self.query_one("#save-detail", Static).update(plain(f"No saves in {self.app.saves_dir()}/ yet."))  # type: ignore[attr-defined]
        else:
            table.focus()

    def _current(self) -> Any:
        table = self.query_one(DataTable)
        if not self.saves or table.cursor_row is None or table.cursor_row >= len(self.saves):
            return None
        return self.saves[table.cursor_row]

    @on(DataTable.RowHighlighted)
    @guarded
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        info = self._current()
        detail = self.query_one("#save-detail", Static)
        if info is None:
            detail.update("")
        elif info.ok:
            detail.update(plain(f"{info.path.name}\n{info.scenario}, turn {info.turn} ({info.quarter})"
                                f"{', finished' if info.over else ''}"))
        else:
            detail.update(plain(f"{info.path.name}\nCannot be used: {info.reason}", style="red"))

    @on(DataTable.RowSelected)
    @guarded
    def _selected(self, event: DataTable.RowSelected) -> None:
        self._open(replay=self.replay)

    @guarded
    def action_open_save(self) -> None:
        self._open(replay=self.replay)

    @guarded
    def action_replay_save(self) -> None:
        self._open(replay=True)

    @guarded
    def action_replay_as_seat(self) -> None:
        """Replay the highlighted save as the whole game, or as one seat saw it (for a team's own debrief)."""
        from wargame.tui.screens.dialogs import ChoiceDialog

        info = self._usable()
        if info is None:
            return
        choices = [(WHOLE_GAME, "The whole game (the facilitator's view)"),
                   *((seat, f"As {seat_name(seat)}: its own hand, picks and reasons only") for seat in seat_order(info.seats))]
        app: Any = self.app

        def chosen(seat: str | None) -> None:
            if seat is not None:
                app.open_replay(info.path, None if seat == WHOLE_GAME else seat)

        app.push_screen(ChoiceDialog(f"Replay {info.name}", choices), safely(self, chosen))

    def _usable(self) -> Any:
        """The highlighted save, or ``None`` after saying why there is none to open."""
        info = self._current()
        if info is None:
            self.notify("No save selected.", severity="warning")
            return None
        if not info.ok:
            self.notify(f"{info.name}: {info.reason}", title="This save cannot be used", severity="error", timeout=10)
            return None
        return info

    def _open(self, replay: bool) -> None:
        info = self._usable()
        if info is None:
            return
        app: Any = self.app
        if replay:
            app.open_replay(info.path)
        else:
            app.open_save(info.path)

    def action_back(self) -> None:
        self.dismiss()
