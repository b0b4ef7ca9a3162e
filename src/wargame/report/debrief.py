"""A debrief: everything an after-action report says about one game, as plain data.

``build_debrief`` reads a ``GameRecord`` once; the Markdown and HTML renderers only lay it out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from wargame.engine.actions import FACILITATOR, FIRE, NOTE, OVERRIDE
from wargame.engine.cards import quarter_label
from wargame.engine.outcome import seat_rules
from wargame.engine.state import GameState
from wargame.model.variables import VARIABLES
from wargame.report.impact import play_impacts
from wargame.report.labels import quarter_of, seat_name, split_path, variable_name
from wargame.report.record import GameRecord
from wargame.report.story import (
    STORY_TURNS,
    Alternative,
    alternatives,
    drivers_paragraph,
    result_paragraph,
    turns_paragraph,
)
from wargame.report.timeline import Play, QuarterEntry, build_timeline

#: The tracks a debrief charts and tabulates (victory points are added per seat).
MAIN_TRACKS = ("world.lag", "china.domestic_share", "us.effective_compute", "china.effective_compute",
               "us.compute", "china.compute")
TURNING_POINTS = 5
#: The label of the first column of the tracks: the scenario's opening, before any news.
OPENING = "opening"


@dataclass
class SeatLine:
    """A seat of the game: who held it and what it wanted."""

    id: str
    name: str
    who: str
    goal: str


@dataclass
class Tracks:
    """Track values at the opening and at each quarter's close."""

    labels: list[str]
    series: dict[str, list[float]]


@dataclass
class QuarterShift:
    """How a quarter moved the main tracks, and how much of that its plays explain."""

    label: str
    lag: float
    domestic: float
    vp: dict[str, float]
    plays_lag: float
    plays_domestic: float
    top: Play | None


@dataclass
class Outcome:
    """How the game ended (or stands): winner, reason and each seat's score against its target."""

    over: bool
    winner: str | None
    reason: str
    quarter: str
    rows: list[tuple[str, float, float, float]]  # seat, VP, target, margin
    rules: str = ""  # how this scenario decides victory


@dataclass
class Debrief:
    """The after-action report of one game."""

    name: str
    title: str
    scenario: str
    summary: str
    period: str
    seed: int
    seats: list[SeatLine]
    board: list[tuple[str, float, float]]  # swing state name, opening and latest alignment
    quarters: list[QuarterEntry]
    tracks: Tracks
    shifts: list[QuarterShift]
    turning: dict[str, list[Play]]
    facilitator: list[Play]
    outcome: Outcome
    us_lead_months: float = 12.0  # the scenario's decisive-lead threshold, marked on the lag chart
    glossary: list[tuple[str, str, str]] = field(default_factory=list)  # name, unit, meaning
    story: list[str] = field(default_factory=list)  # the opening paragraphs, in plain words
    turns: list[Play] = field(default_factory=list)  # the story's turning points (seats' plays)
    alternatives: dict[int, Alternative] = field(default_factory=dict)  # play number -> the look-ahead's best option
    targets: dict[str, float] = field(default_factory=dict)  # each seat's end-of-game target
    pace: dict[str, float] = field(default_factory=dict)  # the power each target falls due by (absent: 1, evenly)
    quarters_total: int = 0  # how many quarters the scenario runs
    viewer: str | None = None  # the seat this report is for (None: the facilitator's full report)

    @property
    def plays(self) -> list[Play]:
        """Every log entry, in log order."""
        return sorted((p for q in self.quarters for p in q.plays), key=lambda p: p.index)


def build_debrief(record: GameRecord, viewer: str | None = None) -> Debrief:
    """The debrief of ``record``: story, timeline, tracks, turning points, facilitator's acts and outcome.

    ``viewer``: a seat, for that seat's version (default: the seat a redacted record is for): other
    seats' reasons and alternatives are left out (the game's public record is the same for everyone).
    """
    viewer = viewer if viewer is not None else record.viewer
    sc = record.game.rules.scenario
    quarters = build_timeline(record)
    impacts = play_impacts(record)
    plays = sorted((p for q in quarters for p in q.plays), key=lambda p: p.index)
    for play in plays:
        play.impact = impacts.get(play.index - 1)
    if viewer is not None:
        for play in plays:
            if play.seat not in (viewer, FACILITATOR):
                play.rationale = [r for r in play.rationale if r.startswith("facilitator: ")]
    final = record.final
    opening = scenario_opening(record)
    names = {s.id: s.name for s in sc.board}
    turning = _turning(plays)
    outcome = outcome_of(record)
    turns = sorted([p for p in turning["overall"] if p.seat != FACILITATOR][:STORY_TURNS], key=lambda p: p.index)
    alternatives = _alternatives(record, plays, viewer)
    story = [result_paragraph(outcome.over, outcome.winner, outcome.quarter, outcome.rows),
             drivers_paragraph(record.game.outputs(opening), record.game.outputs(final)),
             turns_paragraph(turns), _what_if_paragraph(record, alternatives, viewer)]
    return Debrief(
        name=record.name, title=sc.title, scenario=sc.scenario, summary=sc.summary,
        period=f"{sc.start} to {sc.end}", seed=record.seed,
        seats=[SeatLine(s.id, s.name, record.seats.get(s.id, "?"), s.goal) for s in sc.seats],
        board=[(names[b], opening.board[b], final.board[b]) for b in record.game.rules.board_ids],
        quarters=quarters, tracks=tracks_of(record), shifts=_shifts(record, plays),
        turning=turning,
        facilitator=[p for p in plays if p.seat == FACILITATOR and p.kind in (OVERRIDE, FIRE, NOTE)],
        outcome=outcome, us_lead_months=sc.victory.us_lead_months, glossary=_glossary(plays),
        story=story, turns=turns, alternatives=alternatives,
        targets={str(k): float(v) for k, v in sc.victory.targets.items()},
        pace={str(k): float(v) for k, v in sc.victory.pace.items()}, quarters_total=sc.quarters,
        viewer=viewer,
    )


def _alternatives(record: GameRecord, plays: list[Play], viewer: str | None) -> dict[int, Alternative]:
    """The look-ahead's verdict on every seat's decision that offered a choice (a viewer: on its own only)."""
    return alternatives(record, [p for p in plays if viewer is None or p.seat == viewer])


def _what_if_paragraph(record: GameRecord, alternatives: dict[int, Alternative], viewer: str | None) -> str:
    """For each seat, its costliest choice by the look-ahead."""
    costliest = []
    for seat in record.opening.seats:
        mine = [a for a in alternatives.values() if a.seat == seat and (viewer is None or seat == viewer)]
        if mine:
            costliest.append(max(mine, key=lambda a: a.gain))
    if not costliest:
        return ""
    if not any(a.better for a in costliest):
        return ("By the greedy bot's look-ahead, every seat's plays were already its best options: what "
                "decided the game was the model's trend, the news and the cards dealt.")
    lines = [a.text() if a.better else
             f"{seat_name(a.seat)}'s plays were each already its best option by the same look-ahead." for a in costliest]
    return "What each could have done instead, by the greedy bot's look-ahead: " + " ".join(lines)


def scenario_opening(record: GameRecord) -> GameState:
    """The game as its scenario opens it, before the first quarter's news (the report's "opening")."""
    return record.game.scenario_opening(record.seed, record.game_index)


def tracks_of(record: GameRecord) -> Tracks:
    """The main tracks and each seat's victory points, from the scenario's opening through every closed quarter."""
    opening = record.game.outputs(scenario_opening(record))
    seats = record.opening.seats
    keys = [*MAIN_TRACKS, *(f"{s}.vp" for s in seats)]
    series = {k: [opening.get(k, 0.0)] for k in keys}
    labels = [OPENING]
    for row in record.final.history:
        labels.append(quarter_of(row["quarter"]))
        for k in keys:
            series[k].append(row[k])
    return Tracks(labels, series)


def outcome_of(record: GameRecord) -> Outcome:
    """The result of a finished game, or the standings of one still in progress."""
    state = record.final
    rules = victory_rules(record)
    if state.result:
        r = state.result
        margins = r["margins"]  # a game cut short is judged against the share of each target due by then
        rows = [(s, state.vp[s], state.vp[s] - float(margins.get(s, 0.0)), float(margins.get(s, 0.0)))
                for s in state.seats]
        winner = r["winner"]  # the engine's reason names the winner by id when margins decided
        reason = r["reason"].replace(f"; {winner} has the best", f"; {seat_name(winner)} has the best")
        return Outcome(True, winner, reason, r["quarter"], rows, rules)
    targets = {str(k): float(v) for k, v in record.game.rules.scenario.victory.targets.items()}
    rows = [(s, state.vp[s], targets.get(s, 0.0), state.vp[s] - targets.get(s, 0.0)) for s in state.seats]
    leader = max(rows, key=lambda row: row[3])[0] if rows else None
    return Outcome(False, leader, f"the game is still in progress; {leader} leads against its target",
                   quarter_label(state.quarter), rows, rules)


def victory_rules(record: GameRecord) -> str:
    """The scenario's sudden-death conditions and end-of-game rule, in one paragraph."""
    sc = record.game.rules.scenario
    deaths = [f"{seat_name(seat)}: {' '.join(rules)}" for seat in sc.seat_ids
              if (rules := seat_rules(sc.victory, seat))]
    return (f"Sudden death. {' '.join(deaths)} Otherwise, at the end of {sc.end}, the seat with the largest "
            "margin of victory points over its target wins; if a sudden death puts a seat out first, the others "
            "are measured against the share of their targets due by then.")


def _shifts(record: GameRecord, plays: list[Play]) -> list[QuarterShift]:
    tracks = tracks_of(record)
    seats = record.opening.seats
    weight = _weigher(plays)
    out = []
    for k, label in enumerate(tracks.labels[1:], start=1):
        mine = [p for p in plays if p.quarter == label and p.impact is not None]
        top = max(mine, key=weight, default=None)
        s = tracks.series
        out.append(QuarterShift(
            label=label, lag=s["world.lag"][k] - s["world.lag"][k - 1],
            domestic=s["china.domestic_share"][k] - s["china.domestic_share"][k - 1],
            vp={seat: s[f"{seat}.vp"][k] - s[f"{seat}.vp"][k - 1] for seat in seats},
            plays_lag=sum(p.impact.lag for p in mine if p.impact), plays_domestic=sum(p.impact.domestic for p in mine if p.impact),
            top=top if top is not None and weight(top) > 1e-9 else None))
    return out


def _weigher(plays: list[Play]) -> Callable[[Play], float]:
    """'Moved things most': a play's share of all the lag, domestic-share and score movement plays caused."""
    totals = [sum(f(p) for p in plays) or 1.0 for f in (_on_lag, _on_domestic, _on_score)]

    def weight(play: Play) -> float:
        return sum(f(play) / t for f, t in zip((_on_lag, _on_domestic, _on_score), totals, strict=True))

    return weight


def _on_lag(play: Play) -> float:
    return abs(play.impact.lag) if play.impact else 0.0


def _on_domestic(play: Play) -> float:
    return abs(play.impact.domestic) if play.impact else 0.0


def _on_score(play: Play) -> float:
    return play.impact.score if play.impact else 0.0


def _turning(plays: list[Play]) -> dict[str, list[Play]]:
    """The top plays overall, by lag, by domestic share and by score."""
    rankings = {"overall": _weigher(plays), "lag": _on_lag, "domestic": _on_domestic, "score": _on_score}
    out: dict[str, list[Play]] = {}
    for name, key in rankings.items():
        ranked = sorted(plays, key=lambda p: p.index)
        ranked.sort(key=key, reverse=True)  # stable: ties stay in log order
        out[name] = [p for p in ranked[:TURNING_POINTS] if key(p) > 1e-6]
    return out


def _glossary(plays: list[Play]) -> list[tuple[str, str, str]]:
    """(name, unit, meaning) of every variable the report mentions, named as in the text."""
    paths = {split_path(c.path)[0] for p in plays for c in p.changes} | set(MAIN_TRACKS)
    return [(variable_name(name), v.unit, v.description) for name, v in VARIABLES.items() if name in paths]
