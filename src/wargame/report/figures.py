"""Which charts a debrief draws: standing against target, lag, China's domestic share, effective
compute and victory points, each marked with the game's turning points, injects and overrides."""

from __future__ import annotations

from collections.abc import Sequence

from wargame.engine.actions import FIRE, OVERRIDE
from wargame.engine.scenario import due_share
from wargame.report.charts import SEAT_COLOURS, Chart, Line, Mark
from wargame.report.compare import Comparison
from wargame.report.debrief import Debrief, Tracks
from wargame.report.labels import seat_name

_NEUTRAL = "#5b3a8c"
#: What the standing chart shows, in the words of the report.
STANDING = ("Standing against target: a seat's victory points less the share of its end-of-game target due by "
            "then (the scenario's pace: a seat whose points come late owes less early on). Zero is on pace to meet "
            "the target; the last point is the margin that decides the game. Raw cumulative points mislead: the seats' targets differ widely.")


def standing(tracks: Tracks, seat: str, target: float, quarters: int, pace: float = 1.0) -> list[float]:
    """``seat``'s victory points less its target due after each quarter (the share played to the power
    ``pace``: ``due_share``): 0 is on pace, the end is its margin."""
    vp = tracks.series[f"{seat}.vp"]
    return [v - target * due_share(k / max(quarters, 1), pace) for k, v in enumerate(vp)]


def debrief_marks(d: Debrief) -> list[Mark]:
    """The story's turning points, the injects and the facilitator's overrides and fired cards."""
    marks = [Mark(p.quarter, f"T{n}", "turn", f"Turning point {n}: #{p.index} {p.summary}")
             for n, p in enumerate(d.turns, 1)]
    marks += [Mark(q.label, "I", "inject", f"Inject: {n.title}") for q in d.quarters for n in q.news if n.kind == "inject"]
    marks += [Mark(p.quarter, "O" if p.kind == OVERRIDE else "F", "override" if p.kind == OVERRIDE else "fire",
                   f"#{p.index} {p.summary}") for p in d.facilitator if p.kind in (OVERRIDE, FIRE)]
    return marks


def track_charts(games: Sequence[tuple[str, Tracks]], seats: Sequence[str], us_lead_months: float,
                 targets: dict[str, float] | None = None, quarters: int = 0,
                 marks: Sequence[Mark] = (), pace: dict[str, float] | None = None) -> list[Chart]:
    """The charts of one game, or of several overlaid (the first solid, the next dashed)."""
    labels = max((t.labels for _, t in games), key=len)
    many = len(games) > 1

    def name(base: str, game: str) -> str:
        return f"{base} ({game})" if many else base

    def pad(values: list[float]) -> list[float | None]:
        return [*values, *([None] * (len(labels) - len(values)))]

    lag = [Line(name("lag", g), pad(t.series["world.lag"]), _NEUTRAL, k) for k, (g, t) in enumerate(games)]
    dom = [Line(name("domestic share", g), pad(t.series["china.domestic_share"]), SEAT_COLOURS["china"], k)
           for k, (g, t) in enumerate(games)]
    compute = [Line(name(seat_name(s), g), pad(t.series[f"{s}.effective_compute"]), SEAT_COLOURS[s], k)
               for k, (g, t) in enumerate(games) for s in ("us", "china")]
    vp = [Line(name(seat_name(s), g), pad(t.series[f"{s}.vp"]), SEAT_COLOURS.get(s, "#444"), k)
          for k, (g, t) in enumerate(games) for s in seats]
    charts = []
    if targets is not None:
        powers = pace or {}
        paced = [Line(name(seat_name(s), g), pad(standing(t, s, targets.get(s, 0.0), quarters, powers.get(s, 1.0))),
                      SEAT_COLOURS.get(s, "#444"), k) for k, (g, t) in enumerate(games) for s in seats]
        charts.append(Chart("standing", "Standing against target (victory points less the target due by then)",
                            "VP vs target", labels, paced, references=[(0.0, "on pace for the target")]))
    charts += [
        Chart("lag", "Capability lag (China behind the US frontier)", "months", labels, lag,
              references=[(0.0, "parity"), (us_lead_months, "decisive US lead")]),
        Chart("domestic-share", "China: domestic chips' share of installed AI compute", "share", labels, dom,
              percent=True),
        Chart("compute", "Effective compute, US vs China", "CU (1% of world compute, end-2025)", labels, compute),
        Chart("vp", "Victory points by seat (cumulative, before targets)", "VP", labels, vp),
    ]
    for chart in charts:
        chart.marks = marks
    return charts


def debrief_charts(d: Debrief) -> list[Chart]:
    """The charts of one debrief, marked."""
    return track_charts([(d.name, d.tracks)], [s.id for s in d.seats], d.us_lead_months, d.targets,
                        d.quarters_total, debrief_marks(d), d.pace)


def comparison_charts(c: Comparison) -> list[Chart]:
    """Both games overlaid (original solid, branch dashed), marked where the branch left the original."""
    a, b, div = c.original, c.branch, c.divergence
    marks = [m for m in debrief_marks(b) if m.kind != "turn"]
    if div.index is not None:
        marks.insert(0, Mark(div.quarter, "B", "diverge", f"The branch leaves the original at entry #{div.index + 1}"))
    return track_charts([("original", a.tracks), ("branch", b.tracks)], [s.id for s in a.seats], a.us_lead_months,
                        a.targets, a.quarters_total, marks, a.pace)
