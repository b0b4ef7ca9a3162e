"""The one Textual ``App`` of wargame, and ``run_app``, its entry point from the command line.

Start-up is kept fast: only Textual and the main menu load before the first screen; the engine,
the model (numpy) and the content loader (pydantic) are imported in a background thread once the
menu is up, and every other screen is imported when it is first opened.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.command import Provider
from textual.reactive import reactive
from textual.widget import Widget

from wargame.tui import keys
from wargame.tui.errors import guarded, report
from wargame.tui.screens.menu import MainMenu
from wargame.tui.terminal import HANGUP_STATUS, TerminalWatch

T = TypeVar("T")

THEME = "textual-dark"


def _commands() -> type[Provider]:
    from wargame.tui.commands import ExerciseCommands

    return ExerciseCommands


@dataclass
class Launch:
    """What the command line asked for: the menu, a game of a scenario, or a replay."""

    scenario: Any = None  # scenario id, file or a loaded Bundle
    seats: dict[str, str] | None = None
    seed: int = 1
    replay: str | Path | None = None
    resume: str | Path | None = None  # a save to continue playing (e.g. a branch made on the command line)
    bot_pace: float = 1.0
    turn_minutes: float = 5.0
    saves: Path | None = None  # where saves go (default: the store's saves directory)
    extra: dict[str, Any] = field(default_factory=dict)


class WargameApp(App[int]):
    """Compute Race: a facilitated exercise around one screen."""

    CSS_PATH = "app.tcss"
    TITLE = "Compute Race"
    SUB_TITLE = "the US-China AI compute race"
    BINDINGS = keys.APP
    COMMANDS = App.COMMANDS | {_commands}
    ENABLE_COMMAND_PALETTE = True
    #: How the simulator's preparation goes, in words (``wargame.tui.simulator``); "" until known.
    simulator_status: reactive[str] = reactive("")

    def __init__(self, launch: Launch | None = None) -> None:
        super().__init__()
        self.theme = THEME  # explicit: an inherited TEXTUAL_THEME must not change what tests see
        self.launch = launch or Launch()
        self.errors: list[BaseException] = []
        self.bot_pace = self.launch.bot_pace
        self.turn_minutes = self.launch.turn_minutes
        self.turn_hard = False  # a hard timer ends a team's turn as a pass when time is up
        self.setup_memory: dict[str, Any] = {}  # the New exercise form's last choices
        self.terminal_watch: TerminalWatch | None = None  # set when the app runs in a real terminal
        self.simulator: Any = None  # its preparation in the background (wargame.tui.simulator)

    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = False) -> None:
        """A notification; its text is shown as written (messages quote names from content and saves)."""
        from wargame.engine.text import printable

        super().notify(printable(message), title=printable(title), severity=severity, timeout=timeout, markup=False)

    def deliver_screenshot(self, filename: str | None = None, path: str | None = None,
                           time_format: str | None = None) -> str | None:
        """The palette's Screenshot: an SVG of the screen in the saves folder, beside the games it shows
        (Textual's default is a Downloads folder the machine may not have), named in a notification.
        Served in a browser, the browser downloads it."""
        if self.is_web:
            return super().deliver_screenshot(filename, path, time_format)
        folder = Path(path) if path else self.saves_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            written = self.save_screenshot(filename, str(folder), time_format)
        except OSError as error:
            self.notify(f"Could not save the screenshot in {folder}: {error.strerror or error}",
                        title="Screenshot", severity="error")
            return None
        self.notify(f"Saved the screenshot as {written}", title="Screenshot")
        return None

    def get_default_screen(self) -> MainMenu:
        return MainMenu()

    def on_mount(self) -> None:
        if self.launch.replay is not None:
            self.open_replay(Path(self.launch.replay), self.launch.extra.get("as_seat"))
        elif self.launch.resume is not None:
            self.open_save(Path(self.launch.resume))
        elif self.launch.scenario is not None or self.launch.seats is not None:
            self.start_exercise(self.launch.scenario, self.launch.seats, self.launch.seed)
        # Warm the engine up once the menu is painted: an import in a thread holds the GIL and
        # would otherwise delay the first frame by a third of a second.
        self.set_timer(0.5, self._prewarm)
        self._watch_terminal()

    # --- The terminal going away ---------------------------------------------------------------------
    def _watch_terminal(self) -> None:
        """In a real terminal, exit when it is hung up or closed (see wargame.tui.terminal).

        Never armed headless (``run_test``) or when stdin is not a terminal.
        """
        if self.is_headless:
            return
        self.terminal_watch = TerminalWatch.start()
        if self.terminal_watch is None:
            return
        self.set_interval(1.0, self._check_terminal, name="terminal watch")
        hangup = getattr(signal, "SIGHUP", None)
        if hangup is not None:
            try:
                asyncio.get_running_loop().add_signal_handler(hangup, self.hang_up)
            except (NotImplementedError, RuntimeError, ValueError):  # no signal handlers here; the check remains
                pass

    def _check_terminal(self) -> None:
        if self.terminal_watch is not None and self.terminal_watch.lost():
            self.hang_up()

    def hang_up(self) -> None:
        """The terminal is gone: leave the app (once), with the status of a hang-up."""
        if self.terminal_watch is None:
            return
        self.terminal_watch = None
        self.exit(return_code=HANGUP_STATUS)

    # --- Background work -----------------------------------------------------------------------
    def _prewarm(self) -> None:
        def load() -> None:
            import wargame.bots.match  # noqa: F401
            import wargame.content  # noqa: F401
            import wargame.engine.game  # noqa: F401
            from wargame.store.atomic import clean_stale_temporaries

            clean_stale_temporaries(self.saves_dir())  # what writes killed in earlier runs left behind

        # Then the simulator: one importing thread at a time (Python 3.11 can fail to compile two
        # modules at once in two threads).
        self.in_background(load, lambda _: self._prepare_simulator(), "load the engine")

    def _prepare_simulator(self) -> None:
        from wargame.engine import compiled
        from wargame.tui.simulator import SimulatorPreparation

        compiled.announce = self.announce_core  # a game that must wait for the core says so
        self.simulator = SimulatorPreparation(self)
        self.in_background(self.simulator.run, lambda _: None, "prepare the simulator")

    def announce_core(self, message: str) -> None:
        """From any thread: what a game waiting for the compiled core is waiting for (the status
        line and a notification: the exercise, replay or simulation goes on once it is ready)."""

        def show() -> None:
            if self.simulator is not None:
                self.simulator.since = time.monotonic()
            self.simulator_status = message
            self.notify(f"{message} Play starts once it is ready.", title="One moment")

        if not self.is_running:
            return
        try:
            self.call_from_thread(show)
        except RuntimeError:  # on the UI thread itself
            show()

    def on_unmount(self) -> None:
        if self.simulator is not None:
            from wargame.engine import compiled

            if compiled.announce == self.announce_core:
                compiled.announce = compiled.quiet
            self.simulator.stop()

    def in_background(self, job: Callable[[], T], done: Callable[[T], None], what: str) -> None:
        """Run ``job`` in a thread; then ``done(result)`` on the UI thread, or a notification on error.

        ``done`` a method of a screen or widget the user has left by then: the result is dropped
        (there is nothing left to show it on)."""

        def run() -> None:
            try:
                result = job()
            except Exception as error:
                self.call_from_thread(report, self, error, f"Could not {what}")
            else:
                self.call_from_thread(self._finish, done, result)

        self.run_worker(run, thread=True, group="background", exit_on_error=False)

    def _finish(self, done: Callable[[T], None], result: T) -> None:
        owner = getattr(done, "__self__", None)
        if isinstance(owner, Widget) and not owner.is_attached:
            return
        try:
            done(result)
        except Exception as error:
            report(self, error)

    # --- Places the app can go (the menu, the palette and the command line use these) --------------
    def saves_dir(self) -> Path:
        if self.launch.saves is not None:
            return self.launch.saves
        from wargame.store import saves_dir

        return Path(saves_dir())

    def new_autosave(self, label: str) -> Path:
        """A fresh autosave file for an exercise (of scenario, or save, ``label``): each has its own."""
        from wargame.store import autosave_path

        return autosave_path(label, self.saves_dir())

    @guarded
    def action_new_exercise(self) -> None:
        from wargame.tui.screens.setup import NewExerciseScreen

        self.push_screen(NewExerciseScreen())

    @guarded
    def action_continue_exercise(self) -> None:
        def find() -> Any:
            from wargame.store import latest_autosave

            return latest_autosave(self.saves_dir())

        def resume(info: Any) -> None:
            if info is None:
                self.notify("There is no unfinished exercise to continue: start a new one, or load a save.",
                            severity="warning")
                return
            self.open_save(info.path)

        self.in_background(find, resume, "find the latest exercise")

    @guarded
    def action_load(self) -> None:
        from wargame.tui.screens.saves import SavesScreen

        self.push_screen(SavesScreen(replay=False))

    @guarded
    def action_replays(self) -> None:
        from wargame.tui.screens.saves import SavesScreen

        self.push_screen(SavesScreen(replay=True))

    @guarded
    def action_decks(self) -> None:
        from wargame.tui.screens.decks import DecksScreen

        self.push_screen(DecksScreen())

    @guarded
    def action_simulate(self) -> None:
        from wargame.tui.screens.simulate import SimulateScreen

        self.push_screen(SimulateScreen())

    @guarded
    def action_show_rules(self) -> None:
        from wargame.tui.screens.rules import RulesScreen

        if not isinstance(self.screen, RulesScreen):
            self.push_screen(RulesScreen())

    @guarded
    def action_quit_app(self) -> None:
        self.exit(0)

    def start_exercise(self, scenario: Any, seats: Mapping[str, str] | None, seed: int) -> None:
        """Load the scenario in the background, then brief the room."""
        from wargame.tui.screens.setup import default_seats

        def build() -> Any:
            from wargame.content import DEFAULT_SCENARIO, ContentError
            from wargame.tui.session import Exercise, load_game

            try:
                game = load_game(scenario if scenario is not None else DEFAULT_SCENARIO)
            except ContentError as error:
                return error  # shown with every located problem, not just the first line
            chosen = dict(seats) if seats else default_seats(game.rules.scenario.seat_ids)
            missing = [s for s in game.rules.scenario.seat_ids if s not in chosen]
            for seat in missing:
                chosen[seat] = "human"
            return Exercise.start(game, chosen, seed, autosave=self.new_autosave(game.rules.scenario.scenario))

        self.in_background(build, self.brief, "start the exercise")

    def brief(self, exercise: Any) -> None:
        """The briefing of a new exercise, or the problems of a scenario that did not load."""
        from wargame.tui.screens.briefing import BriefingScreen

        problems = getattr(exercise, "problems", None)
        if problems is not None:
            from wargame.tui.screens.dialogs import ProblemsDialog

            self.push_screen(ProblemsDialog("The scenario cannot be loaded", [str(p) for p in problems]))
            return
        self.push_screen(BriefingScreen(exercise))

    def play(self, exercise: Any) -> None:
        """Show the game screen for ``exercise`` on top of the menu."""
        from wargame.tui.screens.game import GameScreen

        self.back_to_menu()
        self.push_screen(GameScreen(exercise))

    def open_save(self, path: Path) -> None:
        """Continue a saved exercise."""

        def load() -> Any:
            from wargame.store import is_autosave
            from wargame.tui.session import Exercise

            # An autosave goes on where it is; any other save is left as it was, its game autosaved anew.
            return Exercise.load(path, autosave=path if is_autosave(path) else self.new_autosave(path.stem))

        self.in_background(load, self.play, f"load {path.name}")

    def open_replay(self, path: Path, as_seat: str | None = None) -> None:
        """The replay viewer for a save (as one seat saw the game, with ``as_seat``)."""

        def load() -> Any:
            from wargame.store import Replay
            from wargame.store.seat_replay import SeatReplay

            replay = Replay.open(path)
            return SeatReplay(replay, as_seat) if as_seat else replay

        def show(replay: Any) -> None:
            from wargame.tui.screens.replay import ReplayScreen

            if as_seat:
                from wargame.tui.readout import seat_name

                name = f"{path.stem}-{as_seat}"
                self.push_screen(ReplayScreen(replay, title=f"{path.name} as {seat_name(as_seat)}", name=name))
            else:
                self.push_screen(ReplayScreen(replay, title=path.name, save=path))

        self.in_background(load, show, f"open the replay of {path.name}")

    def back_to_menu(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()


def run_app(scenario: str | None = None, seats: dict[str, str] | None = None, seed: int = 1,
            replay: str | Path | None = None, as_seat: str | None = None, resume: str | Path | None = None) -> int:
    """Run the TUI: the main menu; or straight to a game of ``scenario``; the replay of a save; or a save to play on."""
    extra = {"as_seat": as_seat} if as_seat else {}
    app = WargameApp(Launch(scenario=scenario, seats=seats, seed=seed, replay=replay, resume=resume, extra=extra))
    code = app.run()
    return int(code or 0) if app.return_code in (None, 0) else int(app.return_code or 1)
