"""The replay viewer: a timeline, the steps of the log, the state at the cursor, what changed,
and "branch from here" to continue a new game from any point of an old one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Static

from wargame.engine.actions import Action
from wargame.engine.cards import quarter_label
from wargame.engine.standing import clocks, standing
from wargame.engine.wording import amount, variable_name
from wargame.model.variables import VARIABLES
from wargame.tui import keys
from wargame.tui.errors import guarded, safely
from wargame.tui.log_wording import readable_events
from wargame.tui.moves import describe_action
from wargame.tui.panes import PanedScreen
from wargame.tui.readout import plain, seat_name
from wargame.tui.screens.reporting import ReportingScreen
from wargame.tui.widgets.dashboard import Dashboard
from wargame.tui.widgets.event_log import event_line
from wargame.tui.widgets.score_track import ScoreTrack
from wargame.tui.widgets.swing_board import SwingBoard
from wargame.tui.widgets.timeline import Timeline

#: Differences not worth a line in "what changed" (internal bookkeeping of the model).
_SKIP = ("hand.",)


class ReplayScreen(ReportingScreen, PanedScreen):
    """Steps through a ``Replay`` (from the store); never changes the save it came from.

    ``save``: the file it was opened from (its report is written from the file, which no one is
    stepping through); ``name``: the game's name in a report when it has no file.
    """

    BINDINGS = keys.REPLAY
    PANES = (("steps", "Steps", "#replay-steps"), ("changes", "What changed", "#replay-changes"),
             ("board", "Board", "SwingBoard"), ("tracks", "Tracks", "Dashboard"))
    PANE_GROUPS = {"#replay-right": ("changes", "board", "tracks")}

    def __init__(self, replay: Any, title: str = "", save: Path | None = None, name: str | None = None) -> None:
        super().__init__()
        self.replay = replay
        self.title_text = title
        self.save = save
        self.name_text = name
        self.starts: list[tuple[int, str]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="replay-header", classes="title")
        yield ScoreTrack("", id="score-track")
        yield Timeline("")
        yield self.pane_tabs()
        with Horizontal(id="replay-body"):
            yield DataTable(id="replay-steps", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="replay-right"):
                with VerticalScroll(id="replay-changes"):
                    yield Static("", id="changes")
                yield SwingBoard("")
                yield Dashboard(self.replay.game.rules.scenario.seat_ids)
        yield Footer()

    @guarded
    def on_mount(self) -> None:
        rp = self.replay
        start = rp.game.rules.scenario.start
        from wargame.engine.cards import quarter_index

        first = quarter_index(start)
        last_turn = rp.turn_at(rp.length)
        for turn in range(1, last_turn + 1):
            try:
                self.starts.append((rp.quarter_index(turn), quarter_label(first + turn - 1)))
            except ValueError:
                break
        table = self.query_one(DataTable)
        table.add_columns("#", "Quarter", "Seat", "Action")
        table.add_row("0", quarter_label(first), "", Text("opening", style="dim"), key="0")
        for entry in rp.entries:
            action = Action.from_dict(entry.action)
            what = describe_action(rp.game, action).removeprefix(f"{seat_name(entry.seat)}: ")
            table.add_row(str(entry.index), entry.quarter, seat_name(entry.seat), plain(what), key=str(entry.index))
        self.query_one("#replay-changes").border_title = "What changed"
        self.query_one(SwingBoard).border_title = "Swing states"
        self.query_one(Dashboard).border_title = "Tracks"
        self.fit_panes(self.size.width, self.size.height)
        self.seek(rp.length)
        table.focus()

    def on_resize(self, event: Any) -> None:
        self.fit_panes(event.size.width, event.size.height)

    # --- Moving --------------------------------------------------------------------------------
    def seek(self, index: int) -> None:
        """Put the cursor at ``index`` and show that point."""
        rp = self.replay
        rp.seek(index)
        table = self.query_one(DataTable)
        if table.cursor_row != rp.cursor:
            table.move_cursor(row=rp.cursor)
        self._show()

    @guarded
    def action_step(self, n: int) -> None:
        self.seek(self.replay.cursor + n)

    @guarded
    def action_seek_quarter(self, direction: int) -> None:
        rp = self.replay
        turn = rp.turn_at(rp.cursor)
        here = rp.quarter_index(turn)
        if direction > 0:
            target = turn + 1
            if target > rp.turn_at(rp.length):
                self.seek(rp.length)
                return
        else:
            target = turn if rp.cursor > here else turn - 1
            if target < 1:
                self.seek(0)
                return
        self.seek(rp.quarter_index(target))

    @guarded
    def action_seek_start(self) -> None:
        self.seek(0)

    @guarded
    def action_seek_end(self) -> None:
        self.seek(self.replay.length)

    @guarded
    def action_goto_quarter(self) -> None:
        from wargame.tui.screens.dialogs import TextPrompt

        def chosen(text: str | None) -> None:
            if text is None:
                return
            try:
                quarter: int | str = int(text) if text.isdigit() else text.strip().upper()
                self.seek(self.replay.quarter_index(quarter))
            except Exception as error:
                self.notify(f"Cannot go to {text!r}: {error}", severity="error")

        self.app.push_screen(TextPrompt("Go to a quarter", "A turn number (1, 2, …) or a quarter such as 2026Q3"),
                             safely(self, chosen))

    @on(DataTable.RowHighlighted)
    @guarded
    def _row(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row != self.replay.cursor:
            self.replay.seek(event.cursor_row)
            self._show()

    # --- Branching -----------------------------------------------------------------------------
    @guarded
    def action_branch(self) -> None:
        from wargame.tui.screens.dialogs import ConfirmDialog

        rp = self.replay
        index = rp.cursor
        where = quarter_label(rp.state_at(index).quarter)

        app: Any = self.app
        path = app.new_autosave(f"{rp.game.rules.scenario.scenario}-branch")  # a new file, never the one replayed

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            from wargame.tui.session import Exercise

            session = rp.branch(index, autosave=path)
            exercise = Exercise.from_session(session)
            exercise.save_path = path
            app.play(exercise)
            self.app.notify(f"A new game continues from step {index} ({where}), autosaved as {path.name}.",
                            title="Branched")

        self.app.push_screen(ConfirmDialog(
            f"Branch a new game from step {index} ({where})? It keeps the same seats and seed and becomes an "
            f"exercise of its own, autosaved as a new file, {path.name}. The save you are replaying is not "
            "changed."), safely(self, answer))

    def action_back(self) -> None:
        """Leave the replay for the screen it was opened from."""
        self.dismiss()

    def report_source(self) -> tuple[Any, str | None]:
        # The replay's cache changes as the cursor moves, so the report thread reads the file instead.
        return (self.save, None) if self.save is not None else (self.replay, self.name_text)

    # --- Showing -------------------------------------------------------------------------------
    def _show(self) -> None:
        rp = self.replay
        i = rp.cursor
        state = rp.state_at(i)
        over = f" · {seat_name(state.result.get('winner'))} won" if state.result else ""
        self.query_one("#replay-header", Static).update(Text(
            f"Replay {self.title_text} · step {i}/{rp.length} · {quarter_label(state.quarter)} "
            f"(turn {state.turn}){over}", no_wrap=True, overflow="ellipsis"))
        sc = rp.game.rules.scenario
        self.query_one(ScoreTrack).show(standing(sc, state), clocks(sc, state))
        self.query_one(Timeline).show(rp.length, i, self.starts)
        values = rp.game.outputs(state)
        values.update({f"{s}.vp": v for s, v in state.vp.items()})
        self.query_one(Dashboard).show(values, state.history)
        specs = [(s.id, s.name, s.demand) for s in rp.game.rules.scenario.board]
        self.query_one(SwingBoard).show(specs, state.board)
        self.query_one("#changes", Static).update(self._changes(i))

    def _changes(self, i: int) -> Any:
        rp = self.replay
        if i == 0:
            return Text("The opening state of the game.", style="dim")
        entry = rp.entries[i - 1]
        out = Table.grid(padding=(0, 1))
        out.add_row(plain(describe_action(rp.game, Action.from_dict(entry.action)), style="bold"))
        public = [e for e in entry.events if e.get("private") is None]
        for event in readable_events(public, rp.game.rules):
            out.add_row(event_line(event, wide=False))
        numbers = Table.grid(padding=(0, 1))
        numbers.add_column(max_width=34, overflow="ellipsis", no_wrap=True)
        board = {s.id: s.name for s in rp.game.rules.scenario.board}
        for path, before, after in rp.diff(i - 1, i):
            if path.startswith(_SKIP) or not isinstance(after, float | int) or not isinstance(before, float | int):
                continue
            if path in VARIABLES and VARIABLES[path].internal:
                continue
            shown = path[3:] + ".vp" if path.startswith("vp.") else path
            numbers.add_row(Text(variable_name(shown, board)), Text(amount(shown, before), style="dim"), "→",
                            amount(shown, after))
        out.add_row(numbers)
        return out
