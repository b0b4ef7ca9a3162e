"""New exercise: the scenario, who holds each seat (a team or a bot by name), the seed and the pace."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static

from wargame.engine.rng import seed_of, seed_problem
from wargame.tui import keys
from wargame.tui.errors import guarded
from wargame.tui.readout import plain, seat_name
from wargame.tui.screens.closing import DismissOnce
from wargame.tui.widgets.simulator_status import SimulatorStatus

HUMAN = "human"
PACES: tuple[tuple[str, float], ...] = (
    ("instant", 0.0), ("fast (0.5 s)", 0.5), ("normal (1 s)", 1.0), ("slow (2 s)", 2.0),
    ("very slow (4 s)", 4.0), ("one at a time (key n)", -1.0),
)
TIMER_MODES: tuple[tuple[str, str], ...] = (
    ("soft: the clock turns red, play goes on", "soft"),
    ("hard: at time the seat passes (warned at 1 min)", "hard"),
)
TIMERS: tuple[tuple[str, float], ...] = (
    ("no limit", 0.0), ("2 minutes", 2.0), ("3 minutes", 3.0), ("5 minutes", 5.0), ("8 minutes", 8.0),
    ("10 minutes", 10.0),
)


def default_seats(seat_ids: Sequence[str]) -> dict[str, str]:
    """Every seat held by a team until the facilitator says otherwise."""
    return {seat: HUMAN for seat in seat_ids}


class NewExerciseScreen(DismissOnce, Screen[None]):
    """The form that starts an exercise, then hands over to the briefing."""

    BINDINGS = keys.BACK

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: dict[str, Any] = {}
        self.bots: list[str] = []

    def compose(self) -> ComposeResult:
        with Center(id="setup-box"), VerticalScroll(id="setup"):
            yield Label("New exercise", classes="title")
            with Horizontal(classes="form-row"):
                yield Label("Scenario")
                yield Select[str]([], prompt="loading scenarios…", id="scenario", allow_blank=True)
            yield Vertical(id="seat-rows")
            with Horizontal(classes="form-row"):
                yield Label("Seed")
                yield Input(str(self.memory.get("seed", 1)), type="integer", id="seed")
            with Horizontal(classes="form-row"):
                yield Label("Bot pace")
                yield Select[float]([(n, v) for n, v in PACES], value=self.memory.get("pace", 1.0), allow_blank=False,
                                    id="pace")
            with Horizontal(classes="form-row"):
                yield Label("Turn timer")
                yield Select[float]([(n, v) for n, v in TIMERS], value=self.memory.get("timer", 5.0),
                                    allow_blank=False, id="timer")
            with Horizontal(classes="form-row"):
                yield Label("When time is up")
                yield Select[str](list(TIMER_MODES), value=self.memory.get("timer_mode", "soft"), allow_blank=False,
                                  id="timer-mode")
            with Horizontal(classes="buttons"):
                yield Button("Brief the room ▶", variant="primary", id="start")
                yield Button("Back", id="back")
            yield Static("", id="scenario-summary", classes="muted")
        yield SimulatorStatus()  # the first exercise may wait for the simulator: the line says how long
        yield Footer()

    @property
    def memory(self) -> dict[str, Any]:
        """The choices of the last exercise started in this session (the form starts from them)."""
        app: Any = self.app
        memory: dict[str, Any] = app.setup_memory
        return memory

    def on_mount(self) -> None:
        app: Any = self.app
        app.in_background(self._read_scenarios, self._show_scenarios, "read the scenarios")

    @staticmethod
    def _read_scenarios() -> tuple[dict[str, Any], list[str]]:
        from wargame.bots.base import bot_names
        from wargame.content import ContentError, load_scenario
        from wargame.content.paths import scenario_path
        from wargame.content.search import scenario_ids

        found: dict[str, Any] = {}
        for sid in scenario_ids():
            try:
                found[sid] = load_scenario(scenario_path(sid))
            except ContentError as err:
                found[sid] = err
        return found, bot_names()

    def _show_scenarios(self, loaded: tuple[dict[str, Any], list[str]]) -> None:
        self.scenarios, self.bots = loaded
        select = self.query_one("#scenario", Select)
        options = []
        for sid, sc in self.scenarios.items():
            label = plain(f"{sc.title} ({sid})" if hasattr(sc, "title") else f"{sid} (has errors)")
            options.append((label, sid))
        select.prompt = "choose a scenario"  # the list's blank entry: no longer "loading scenarios…"
        select.set_options(options)
        if options:
            last = self.memory.get("scenario")
            select.value = last if last in self.scenarios else options[0][1]
        else:
            self.notify("No scenarios found: check the content directory.", severity="error")

    @on(Select.Changed, "#scenario")
    @guarded
    async def _scenario_changed(self, event: Select.Changed) -> None:
        sid = event.value
        summary = self.query_one("#scenario-summary", Static)
        rows = self.query_one("#seat-rows", Vertical)
        await rows.remove_children()
        sc = self.scenarios.get(sid) if isinstance(sid, str) else None
        if sc is None:
            summary.update("")
            return
        if not hasattr(sc, "seats"):
            summary.update(plain(sc, style="red"))
            return
        summary.update(plain(f"{sc.start}–{sc.end}, {sc.quarters} quarters. {sc.summary}"))
        choices = [("a team (human)", HUMAN), *((f"bot: {b}", f"bot:{b}") for b in self.bots)]
        last = self.memory.get("seats", {})
        for seat in sc.seats:
            value = last.get(seat.id, HUMAN)
            await rows.mount(Horizontal(
                Label(f"{seat_name(seat.id)} seat"),
                Select[str](choices, value=value if value in dict(map(reversed, choices)) else HUMAN,
                            allow_blank=False, id=f"seat-{seat.id}"),
                classes="form-row"))

    def chosen_seats(self) -> dict[str, str]:
        return {str(s.id).removeprefix("seat-"): str(s.value) for s in self.query("#seat-rows Select").results(Select)}

    @on(Button.Pressed, "#start")
    @guarded
    def action_start(self) -> None:
        """Read the form and start: the app loads the game and shows the briefing."""
        sid = self.query_one("#scenario", Select).value
        if not isinstance(sid, str):
            self.notify("Pick a scenario first.", severity="warning")
            return
        scenario = self.scenarios.get(sid)
        if not hasattr(scenario, "seats"):
            from wargame.tui.screens.dialogs import ProblemsDialog

            problems = [str(p) for p in getattr(scenario, "problems", [])] or [str(scenario)]
            self.app.push_screen(ProblemsDialog(f"Scenario {sid!r} cannot be played", problems))
            return
        seed_text = self.query_one("#seed", Input).value.strip() or "1"
        if (seed := seed_of(seed_text)) is None:
            self.notify(seed_problem(seed_text), severity="error")
            return
        app: Any = self.app
        app.bot_pace = float(self.query_one("#pace", Select).value)  # type: ignore[arg-type]
        app.turn_minutes = float(self.query_one("#timer", Select).value)  # type: ignore[arg-type]
        app.turn_hard = self.query_one("#timer-mode", Select).value == "hard"
        app.setup_memory.update(scenario=sid, seats=self.chosen_seats(), seed=seed, pace=app.bot_pace,
                                timer=app.turn_minutes, timer_mode="hard" if app.turn_hard else "soft")
        app.start_exercise(sid, self.chosen_seats(), seed)

    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        self.dismiss()
