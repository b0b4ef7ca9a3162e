"""Read-outs for the room: the quarter-end situation report and the staged headline reveal.

Both are views of the exercise's public events and closing tracks; they never change the game.
While one is on screen the game screen is not on top, so bots and the hard timer wait.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wargame.engine.cards import quarter_label
from wargame.engine.log import FIZZLED
from wargame.engine.standing import clocks, standing
from wargame.engine.wording import counted
from wargame.tui.log_wording import changes_text, readable_events
from wargame.tui.readout import TRACKS, change_text, is_visible_change, seat_colour, seat_name, value_text
from wargame.tui.screens.closing import DismissOnce
from wargame.tui.widgets.score_track import pace_word

#: Events that carry a card's or a move's effects, and how the report introduces them.
_CAUSES = {"headline": "headline", "event": "event", "opponent-event": "opponent's event fired", "world": "news",
           "inject": "inject", "inject-effects": "inject", "fire": "fired by the facilitator", "ops": "ops",
           "override": "override"}


def quarter_report(exercise: Any, closed: Mapping[str, float], before: Mapping[str, float]) -> Group:
    """What the facilitator reads out when a quarter closes: what moved, why, the standing, what is next."""
    sc = exercise.scenario
    label = quarter_label(int(closed["quarter"]))
    moved = Table.grid(padding=(0, 2))
    for track in TRACKS:
        path = track.path
        if path not in closed or path not in before or (track.seat and track.seat not in exercise.state.seats):
            continue
        delta = closed[path] - before[path]
        if is_visible_change(path, delta):
            moved.add_row(track.label, value_text(path, before[path], before), "→", value_text(path, closed[path], closed),
                          Text(change_text(path, delta), style="green" if delta > 0 else "red"))
    board = {s.id: s.name for s in sc.board}
    cards = exercise.game.rules.cards
    why = Table.grid(padding=(0, 1))
    why.add_column(no_wrap=True, max_width=34, overflow="ellipsis")
    why.add_column(ratio=1)
    for event in readable_events(exercise.public_events(), exercise.game.rules):
        if event.get("q") != label or event.get("kind") not in _CAUSES or not event.get("changes"):
            continue
        who = seat_name(event.get("seat")) if event.get("seat") else "World"
        name = str(event.get("text", "")).split(":")[0] if event.get("kind") != "ops" else "ops"
        why.add_row(Text(f"{who} · {name}", style=f"bold {seat_colour(event.get('seat'))}"),
                    Text(changes_text(event["changes"], board, cards.get(str(event.get("card")))), style="dim"))
    economy = next((e for e in reversed(readable_events(exercise.public_events(), exercise.game.rules))
                    if e.get("kind") == "economy" and e.get("q") == label), None)
    scores = Table.grid(padding=(0, 2))
    for row in standing(sc, exercise.state):
        gained = closed.get(f"{row.seat}.vp", row.vp) - before.get(f"{row.seat}.vp", 0.0)
        scores.add_row(Text(seat_name(row.seat), style=f"bold {seat_colour(row.seat)}"),
                       f"{row.vp:.1f} of {row.target:g} VP", change_text(f"{row.seat}.vp", gained) + " this quarter",
                       Text(pace_word(row.on_pace), style="green" if row.on_pace >= 0.05 else
                            "red" if row.on_pace <= -0.05 else "dim"))
    return Group(
        Text(f"{label} closes — situation report", style="bold underline"), Text(""),
        Text("What moved over the quarter", style="bold"),
        moved if moved.row_count else Text("Nothing moved visibly.", style="dim"), Text(""),
        Text("Why: the cards and moves of the quarter", style="bold"),
        why if why.row_count else Text("No card changed the model this quarter.", style="dim"),
        Text("…and the model's own quarter: capex became compute, chips were bought at home and abroad, "
             "the swing states drifted toward the stack they buy from" + (f" ({_economy_line(economy)})."
                                                                          if economy else "."), style="dim"),
        Text(""), Text("The standing (ahead/behind: against the share of its target due by now)", style="bold"),
        scores, *_clock_lines(exercise), Text(""),
        Text("What comes next", style="bold"), *_next_lines(exercise),
    )


def _economy_line(event: Mapping[str, Any]) -> str:
    text = str(event.get("text", ""))
    return text.split(": ", 1)[1].split(", US", 1)[0] if ": " in text else text


def _clock_lines(exercise: Any) -> list[Text]:
    return [Text(f"⚠ {c.text}: {c.count} of {c.needed} quarters", style=f"bold {seat_colour(c.seat)}")
            for c in clocks(exercise.scenario, exercise.state)]


def _next_lines(exercise: Any) -> list[Text]:
    state, sc = exercise.state, exercise.scenario
    if state.over:
        return [Text("The exercise is over: the final scores follow.")]
    left = sc.quarters - state.turn + 1
    lines = [Text(f"{quarter_label(state.quarter)}, turn {state.turn} of {sc.quarters} ({counted(left, 'quarter')} left): "
                  f"news, income, {'secret headlines, ' if sc.headline else ''}{counted(sc.rounds, 'action round')}.")]
    due = [i for i in sc.injects if i.turn == quarter_label(state.quarter + 1)]
    if due and state.viewer is None:  # the white cell's plan; a seat's own screen never shows it
        lines.append(Text("Facilitator: scheduled for next quarter — " + "; ".join(i.title or "an inject" for i in due),
                          style="magenta"))
    return lines


class SituationReport(DismissOnce, ModalScreen[None]):
    """The quarter-end report; Enter or Escape goes on with the next quarter."""

    BINDINGS = [Binding("enter,escape,space", "close", "Continue", priority=True)]

    def __init__(self, report: Group) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog readout"):
            yield Static(self.report, id="situation")
            yield Static(Text("Enter: on to the next quarter · arrows scroll", style="dim"))

    def action_close(self) -> None:
        close_once(self)


def close_once(screen: ModalScreen[None]) -> None:
    """Dismiss ``screen`` if it is still on top: a second Enter typed before it is gone must not close
    the game screen under it."""
    if screen.is_current:
        screen.dismiss(None)


def reveal_stages(exercise: Any, events: Sequence[Mapping[str, Any]]) -> list[Group]:
    """The headline reveal, stage by stage: every pick at once, then each headline resolved in order."""
    board = {s.id: s.name for s in exercise.scenario.board}
    shown = readable_events(events, exercise.game.rules)
    start = max((i for i, e in enumerate(shown) if e.get("kind") == "headline-reveal"), default=-1)
    resolved = [e for e in shown[start + 1:] if e.get("kind") in ("headline", "chance")]
    picks = [e for e in resolved if e.get("kind") == "headline"]
    first = Table.grid(padding=(0, 2))
    for event in picks:
        card = exercise.game.rules.cards.get(str(event.get("card")))
        first.add_row(Text(seat_name(event.get("seat")), style=f"bold {seat_colour(event.get('seat'))}"),
                      Text(card.name if card else "", style="bold"),
                      Text(f"{seat_name(card.faction)}'s card" if card and card.faction in exercise.state.seats
                           else "", style="dim"))
    stages = [Group(Text("Headlines revealed", style="bold underline"), Text(""), first if picks else
                    Text("No seat played a headline.", style="dim"))]
    done: list[Any] = []
    for event in resolved:
        if event.get("kind") == "chance":  # a roll follows its card: it belongs to that card's stage
            done.append(Text(str(event.get("text", "")).strip(), style="italic"))
        else:
            card = exercise.game.rules.cards.get(str(event.get("card")))
            name = card.name if card else str(event.get("text", "")).split(":")[0]
            fizzled = event.get("text") == f"{name}: {FIZZLED}"
            done += [Text.assemble((f"{seat_name(event.get('seat'))}: ", f"bold {seat_colour(event.get('seat'))}"),
                                   (name, "bold")),
                     Text("   " + (FIZZLED if fizzled else changes_text(event.get("changes") or {}, board, card)
                                   or "no visible change"), style="dim")]
            stages.append(Group())
        stages[-1] = Group(Text("Headlines resolved, in order", style="bold underline"), Text(""), *done)
    return stages


class HeadlineReveal(DismissOnce, ModalScreen[None]):
    """Every pick on screen together, then Enter resolves them one by one; Enter at the end closes."""

    BINDINGS = [Binding("enter,space", "next", "Next", priority=True), Binding("escape", "close", "Skip")]

    def __init__(self, stages: list[Group]) -> None:
        super().__init__()
        self.stages = stages
        self.stage = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog readout"):
            yield Static(self.stages[0], id="reveal")
            yield Static(Text("Enter: resolve the next headline", style="dim"), id="reveal-hint")

    def action_next(self) -> None:
        if not self.is_current:
            return
        self.stage += 1
        if self.stage >= len(self.stages):
            close_once(self)
            return
        self.query_one("#reveal", Static).update(self.stages[self.stage])
        last = self.stage == len(self.stages) - 1
        self.query_one("#reveal-hint", Static).update(
            Text("Enter: back to the game" if last else "Enter: resolve the next headline", style="dim"))

    def action_close(self) -> None:
        close_once(self)
