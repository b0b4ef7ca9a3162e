"""Which charts a debrief draws: lag, China's domestic share, effective compute and victory points."""

from __future__ import annotations

from collections.abc import Sequence

from wargame.report.charts import SEAT_COLOURS, Chart, Line
from wargame.report.debrief import Tracks
from wargame.report.labels import seat_name

_NEUTRAL = "#5b3a8c"


def track_charts(games: Sequence[tuple[str, Tracks]], seats: Sequence[str], us_lead_months: float) -> list[Chart]:
    """The four charts of one game, or of several overlaid (the first solid, the next dashed)."""
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
    return [
        Chart("lag", "Capability lag (China behind the US frontier)", "months", labels, lag,
              references=[(0.0, "parity"), (us_lead_months, "decisive US lead")]),
        Chart("domestic-share", "China: domestic chips' share of installed AI compute", "share", labels, dom,
              percent=True),
        Chart("compute", "Effective compute, US vs China", "CU (1% of world compute, end-2025)", labels, compute),
        Chart("vp", "Victory points by seat (cumulative)", "VP", labels, vp),
    ]
