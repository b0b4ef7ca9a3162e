"""Simulate: bots-only Monte-Carlo of a scenario (``wargame.sim``), with a progress bar and win rates."""

from __future__ import annotations

import threading
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, ProgressBar, Select, Static

from wargame.engine.rng import seed_of, seed_problem
from wargame.engine.wording import counted
from wargame.tui import keys
from wargame.tui.errors import guarded
from wargame.tui.readout import plain, seat_colour, seat_name
from wargame.tui.screens.closing import DismissOnce
from wargame.tui.widgets.simulator_status import SimulatorStatus

#: The most games a run on this screen plays: it keeps every game's record (about 1.4 KB each), where
#: `wargame simulate` folds its batch as it goes and takes up to ``sim.batch.MAX_GAMES``.
MAX_SCREEN_GAMES = 100_000


class SimulationStopped(Exception):
    """The facilitator stopped the run."""


def results_text(summary: dict[str, Any]) -> Group:
    """Win rates with 95% intervals, how games ended, the lag at the end and the cards that matter."""
    rates = Table(show_header=True, header_style="bold", box=None, padding=(0, 1), pad_edge=False)
    for column in ("Seat", "Wins", "Win rate", "95% interval", "Mean margin"):
        rates.add_column(column, justify="left" if column == "Seat" else "right", no_wrap=True,
                         min_width=len(column))
    margins = summary["distributions"]["margin"]
    for seat, w in summary["win_rates"].items():
        lo, hi = w["ci95"]
        rates.add_row(Text(seat_name(seat), style=f"bold {seat_colour(seat)}"), f"{w['wins']}/{w['games']}",
                      f"{w['rate']:.0%}", f"{lo:.0%} – {hi:.0%}", f"{margins[seat].get('mean', 0.0):+.1f}")
    lag = summary["distributions"]["lag"]
    from wargame.engine.outcome import END_LABELS

    ends = ", ".join(f"{END_LABELS.get(code, code)} {n}" for code, n in summary["reasons"].items())
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
    for column in ("Card", "For", "Event/ops/shelve", "Points if event (95%)"):
        table.add_column(column)
    compared = [c for c in summary["card_impact"] if c["status"] == "compared"][:8]
    names = summary.get("card_names", {})
    for c in compared:
        ch, held = c["choices"], c["held"] or 1
        lo, hi = c["ci95"]
        table.add_row(plain(c.get("name") or names.get(c["card"], c["card"])), seat_name(c["seat"]),
                      "/".join(f"{ch[k] / held:.0%}" for k in ("event", "ops", "shelve")),
                      f"{c['diff']:+.1f} ({lo:+.1f} to {hi:+.1f})")
    cards = table if compared else Text("No card has enough games either way to compare.", style="dim")
    notes = []
    for status, words in (("always", "Nearly always played for its event"), ("never", "Almost never played for its event")):
        lopsided = sorted({str(c.get("name") or names.get(c["card"], c["card"])) for c in summary["card_impact"]
                           if c["status"] == status})
        if lopsided:
            notes.append(Text.assemble(f"{words}: ", plain(", ".join(lopsided)), style="dim"))
    return Group(
        Text(f"{summary['games']} games of {summary['scenario']} in {summary['seconds']:.1f} s "
             f"({counted(summary['workers'], 'worker')}); bots: "
             + ", ".join(f"{seat_name(s)} {b}" for s, b in summary["bots"].items()), style="bold"),
        Text(""), rates, Text(""),
        Text(f"How the games ended: {ends}", style="dim"),
        Text(f"Lag at the end: mean {lag.get('mean', 0.0):.1f} months "
             f"(5–95%: {lag.get('p5', 0.0):.1f} – {lag.get('p95', 0.0):.1f})", style="dim"),
        Text(""), Text("What a card's event is worth to its holder (final points)", style="bold"), cards,
        *notes,
    )


def card_names(scenario: str) -> dict[str, str]:
    """Every card id of ``scenario``'s decks and its name, so people read names in the results."""
    from wargame.content import load_bundle

    return {cid: card.name for cid, card in load_bundle(scenario).game().rules.cards.items()}


class SimulateScreen(DismissOnce, Screen[None]):
    """Run a batch in a worker thread; the progress bar moves as chunks of games finish."""

    BINDINGS = keys.BACK

    def __init__(self) -> None:
        super().__init__()
        self.stop = threading.Event()
        self.running = False

    def compose(self) -> ComposeResult:
        yield Label("Simulate bots-only games", classes="title")
        with Horizontal(id="sim-form"):
            with Vertical(classes="sim-field"):
                yield Label("Scenario")
                yield Select[str]([], prompt="loading…", id="sim-scenario")
            with Vertical(classes="sim-field"):
                yield Label("Bots (every seat)")
                yield Select[str]([], prompt="loading…", id="sim-bots")
            with Vertical(classes="sim-field"):
                yield Label("Games")
                yield Input("30", type="integer", id="sim-games")
            with Vertical(classes="sim-field"):
                yield Label("Seed")
                yield Input("1", type="integer", id="sim-seed")
        with Horizontal(id="sim-run-row"):
            yield Button("Run", variant="primary", id="sim-run")
            yield Button("Stop", id="sim-stop")
            yield ProgressBar(id="sim-progress", show_eta=True)
            yield Static("", id="sim-status", classes="muted")
        yield VerticalScroll(Static("", id="sim-text"), id="sim-results")
        yield SimulatorStatus()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#sim-progress", ProgressBar).display = False  # no bar (and no animation) before a run
        self.query_one("#sim-status", Static).update("No run yet: pick the bots and press Run.")

        def read() -> tuple[list[str], list[str]]:
            from wargame.bots.base import bot_names
            from wargame.content.search import scenario_ids

            return scenario_ids(), bot_names()

        app: Any = self.app
        app.in_background(read, self._options, "list the scenarios and bots")

    def _options(self, loaded: tuple[list[str], list[str]]) -> None:
        scenarios, bots = loaded
        scenario = self.query_one("#sim-scenario", Select)
        scenario.prompt = "pick a scenario" if scenarios else "none found"  # (the blank choice's words too)
        scenario.set_options([(s, s) for s in scenarios])
        if scenarios:
            scenario.value = scenarios[0]
        select = self.query_one("#sim-bots", Select)
        select.prompt = "pick the bots"
        select.set_options([(b, b) for b in bots])
        if bots:
            select.value = "greedy" if "greedy" in bots else bots[0]

    @on(Button.Pressed, "#sim-run")
    @guarded
    def _run(self) -> None:
        if self.running:
            self.notify("A run is already going: stop it first.", severity="warning")
            return
        scenario = self.query_one("#sim-scenario", Select).value
        bots = self.query_one("#sim-bots", Select).value
        if not isinstance(scenario, str) or not isinstance(bots, str):
            self.notify("Pick a scenario and the bots.", severity="warning")
            return
        games_text = self.query_one("#sim-games", Input).value.strip() or "0"
        games = int(games_text) if games_text.isdigit() else 0
        if not 1 <= games <= MAX_SCREEN_GAMES:
            self.notify(f"Games must be between 1 and {MAX_SCREEN_GAMES}.", severity="error")
            return
        seed_text = self.query_one("#sim-seed", Input).value.strip() or "1"
        if (seed := seed_of(seed_text)) is None:
            self.notify(seed_problem(seed_text), severity="error")
            return
        self.stop.clear()
        self.running = True
        bar = self.query_one("#sim-progress", ProgressBar)
        bar.update(total=games, progress=0)
        bar.display = True
        self.query_one("#sim-status", Static).display = False
        self.query_one("#sim-text", Static).update(Text("running…", style="dim"))
        app: Any = self.app

        def progress(done: int, total: int) -> None:
            if self.stop.is_set():
                raise SimulationStopped("stopped")
            app.call_from_thread(bar.update, total=total, progress=done)

        def run() -> dict[str, Any] | None:
            from wargame.sim import BatchSpec, run_batch, summarize
            from wargame.sim.batch import prepare, responsive_chunk

            def say(message: str) -> None:
                app.call_from_thread(self.query_one("#sim-text", Static).update, Text(message, style="dim"))

            try:
                # Every core for a large run, as `wargame simulate` uses them (threads for the game
                # kernel), in chunks of about a second: the progress bar moves and Stop lands between them.
                spec = BatchSpec.of(scenario, bots)
                prepare(spec, say)  # waits for the simulator if it is still being prepared, and says so
                say("running…")
                summary = summarize(run_batch(spec, games, seed, progress=progress, chunk=responsive_chunk(spec)))
                summary["card_names"] = card_names(scenario)
                return summary
            except SimulationStopped as stopped:
                app.call_from_thread(self._failed, stopped)
                return None
            except Exception as error:
                app.call_from_thread(self._failed, error)
                raise
            finally:
                self.running = False

        app.in_background(run, self._done, "run the simulation")

    def _failed(self, error: Exception) -> None:
        message = "Stopped." if isinstance(error, SimulationStopped) else f"The run failed: {error}"
        self.query_one("#sim-text", Static).update(Text(message, style="yellow"))

    def _done(self, summary: dict[str, Any] | None) -> None:
        if summary is None:
            return
        self.query_one("#sim-text", Static).update(results_text(summary))

    @on(Button.Pressed, "#sim-stop")
    def _stop(self) -> None:
        if self.running:
            self.stop.set()
            self.notify("Stopping after the games in hand…")
        else:
            self.notify("Nothing is running: Run starts a batch.", severity="warning")

    def action_back(self) -> None:
        self.stop.set()
        self.dismiss()
