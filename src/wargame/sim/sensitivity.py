"""Sensitivity: sweep each uncertain model parameter over its range and rank what sways the outcome.

Every point plays the same game indices under the same seed (common random numbers), so a swing
comes from the parameter, not from different luck. The ranking is by the largest change in any
seat's win rate between the low and the high end (ties by the change in mean final lag).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from wargame.model.params import PARAMETERS
from wargame.sim.batch import BatchResult, Progress, run_batches
from wargame.sim.spec import BatchSpec
from wargame.sim.stats import win_rates

if TYPE_CHECKING:
    from wargame.sim.cluster import Cluster


def uncertain_parameters() -> dict[str, tuple[float, float]]:
    """Every model parameter with a Monte-Carlo range in parameters.yaml, by name."""
    return {name: p.range for name, p in PARAMETERS.items() if p.range is not None}


@dataclass(frozen=True)
class Point:
    """The outcome of one batch: each seat's win rate and the mean final lag."""

    win: dict[str, float]
    lag: float

    @classmethod
    def of(cls, result: BatchResult) -> Point:
        rates = {s: w.rate for s, w in win_rates(result.records, result.seats).items()}
        return cls(rates, float(np.mean([r.lag for r in result.records])) if result.records else 0.0)

    def to_dict(self) -> dict[str, Any]:
        return {"win_rates": self.win, "mean_lag": self.lag}


@dataclass(frozen=True)
class ParameterSwing:
    """How the outcome moves between a parameter's low and high end."""

    name: str
    default: float
    low: float
    high: float
    at_low: Point
    at_high: Point

    @property
    def win_swing(self) -> dict[str, float]:
        """Each seat's win rate at the high end minus at the low end."""
        return {s: self.at_high.win[s] - self.at_low.win[s] for s in self.at_low.win}

    @property
    def swing(self) -> float:
        """The largest change of any seat's win rate (the ranking key)."""
        return max((abs(v) for v in self.win_swing.values()), default=0.0)

    @property
    def lag_swing(self) -> float:
        return self.at_high.lag - self.at_low.lag

    def to_dict(self) -> dict[str, Any]:
        return {"parameter": self.name, "default": self.default, "low": self.low, "high": self.high,
                "swing": self.swing, "win_swing": self.win_swing, "lag_swing": self.lag_swing,
                "at_low": self.at_low.to_dict(), "at_high": self.at_high.to_dict()}


@dataclass(frozen=True)
class Sensitivity:
    """The sweep: the outcome at the scenario's own values and one row per parameter, most swaying first."""

    spec: BatchSpec
    games: int
    seed: int
    base: Point
    rows: list[ParameterSwing]
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.spec.scenario, "bots": dict(self.spec.bots), "games_per_point": self.games,
                "seed": self.seed, "seconds": round(self.seconds, 3), "base": self.base.to_dict(),
                "parameters": [r.to_dict() for r in self.rows]}


def sweep(spec: BatchSpec, games: int, seed: int = 1, workers: int | None = None,
          progress: Progress | None = None,
          parameters: Mapping[str, tuple[float, float]] | None = None, cluster: Cluster | None = None) -> Sensitivity:
    """Play ``games`` games at the scenario's values and at each end of every parameter's range (on ``cluster``, if given)."""
    ranges = dict(uncertain_parameters() if parameters is None else parameters)
    names = sorted(ranges)
    specs = [spec] + [spec.with_params(**{n: end}) for n in names for end in ranges[n]]
    results = run_batches(specs, games, seed, workers, progress, cluster=cluster)
    defaults = spec.game().rules.params
    rows = [ParameterSwing(n, float(defaults[n]), float(ranges[n][0]), float(ranges[n][1]),
                           Point.of(results[1 + 2 * i]), Point.of(results[2 + 2 * i]))
            for i, n in enumerate(names)]
    rows.sort(key=lambda r: (-r.swing, -abs(r.lag_swing), r.name))
    return Sensitivity(spec, games, seed, Point.of(results[0]), rows, results[0].seconds)
