"""Comparing a branched game with its original: where they diverged and how the outcomes differ."""

from __future__ import annotations

from dataclasses import dataclass

from wargame.engine.actions import Action
from wargame.engine.cards import quarter_label
from wargame.report.debrief import Debrief, Outcome, build_debrief
from wargame.report.labels import seat_name, value_text, variable_name
from wargame.report.record import GameRecord, same_play
from wargame.report.timeline import Play


@dataclass
class Divergence:
    """Where two games part: ``index`` entries are shared, and entry number ``index + 1`` differs.

    ``index`` is what ``Replay.branch`` takes to make such a branch; ``None`` when the logs agree.
    """

    index: int | None
    quarter: str
    original: Action | None
    branch: Action | None
    reason: str


@dataclass
class Comparison:
    """Two debriefs, the point where the branch left the original, and the plays from there on."""

    original: Debrief
    branch: Debrief
    divergence: Divergence
    original_plays: list[Play]  # the original's entries from the divergence to the end of that quarter
    branch_plays: list[Play]


def find_divergence(a: GameRecord, b: GameRecord) -> Divergence:
    """The first index where the logs hold different moves (rationale notes aside), or where one log ends."""
    rules_a, rules_b = a.game.rules.scenario, b.game.rules.scenario
    if rules_a != rules_b or a.seed != b.seed or a.game.hash(a.opening) != b.game.hash(b.opening):
        why = (f"different scenarios ({rules_a.scenario} vs {rules_b.scenario})" if rules_a != rules_b
               else f"different seeds ({a.seed} vs {b.seed})" if a.seed != b.seed else "different opening states")
        return Divergence(0, quarter_label(a.opening.quarter), _at(a, 0), _at(b, 0), f"the games differ from the start: {why}")
    for i, (x, y) in enumerate(zip(a.actions, b.actions, strict=False)):
        if not same_play(x, y):
            return Divergence(i, quarter_label(a.states[i].quarter), x, y,
                              f"the games share their first {i} entries, then make different moves")
    n = min(len(a.actions), len(b.actions))
    if len(a.actions) == len(b.actions):
        return Divergence(None, quarter_label(a.final.quarter), None, None, "the two logs hold the same moves")
    longer = "branch" if len(b.actions) > n else "original"
    return Divergence(n, quarter_label(a.states[n].quarter if n < len(a.states) else a.final.quarter),
                      _at(a, n), _at(b, n), f"the logs agree for {n} entries; only the {longer} goes on from there")


def _at(record: GameRecord, i: int) -> Action | None:
    return record.actions[i] if i < len(record.actions) else None


def compare_records(original: GameRecord, branch: GameRecord) -> Comparison:
    """Debrief both games and locate their divergence."""
    div = find_divergence(original, branch)
    a, b = build_debrief(original), build_debrief(branch)
    return Comparison(a, b, div, _from_divergence(a, div), _from_divergence(b, div))


def _from_divergence(d: Debrief, div: Divergence) -> list[Play]:
    if div.index is None:
        return []
    return [p for p in d.plays if p.index > div.index and p.quarter == div.quarter]


@dataclass
class QuarterPair:
    """One quarter's close in both games: track -> (original, branch); ``None`` where a game has no such quarter."""

    label: str
    values: dict[str, tuple[float | None, float | None]]


def side_by_side(c: Comparison) -> list[QuarterPair]:
    """Both games' tracks, quarter by quarter, from the quarter of the divergence to the later end."""
    ta, tb = c.original.tracks, c.branch.tracks
    labels = ta.labels if len(ta.labels) >= len(tb.labels) else tb.labels
    start = labels.index(c.divergence.quarter) if c.divergence.quarter in labels else 1

    def at(series: list[float], k: int) -> float | None:
        return series[k] if k < len(series) else None

    return [QuarterPair(labels[k], {t: (at(ta.series[t], k), at(tb.series.get(t, []), k)) for t in ta.series})
            for k in range(max(start, 1), len(labels))]


def outcome_rows(c: Comparison) -> list[tuple[str, str, str]]:
    """``(what, original, branch)`` lines comparing how the two games ended."""
    oa, ob = c.original.outcome, c.branch.outcome

    def ending(o: Outcome) -> str:
        return f"{seat_name(o.winner)} {'wins' if o.over else 'leads (in progress)'}"

    rows = [("Result", ending(oa), ending(ob)), ("How it was decided", oa.reason, ob.reason),
            ("Ended at" if oa.over and ob.over else "Latest quarter", oa.quarter, ob.quarter)]
    margins_b = {s: m for s, _, _, m in ob.rows}
    rows += [(f"{seat_name(s)} margin (VP less target)", f"{m:+.2f}", f"{margins_b.get(s, float('nan')):+.2f}")
             for s, _, _, m in oa.rows]
    for track in ("world.lag", "china.domestic_share", "us.effective_compute", "china.effective_compute"):
        a, b = c.original.tracks.series[track][-1], c.branch.tracks.series[track][-1]
        rows.append((f"{variable_name(track)} at the end", value_text(track, a), value_text(track, b)))
    return rows
