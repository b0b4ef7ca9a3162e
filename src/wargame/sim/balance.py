"""Balance: propose end-of-game targets so that no seat wins too often in bot-vs-bot games.

Targets only decide games that reach the end (or where the firm is knocked out); sudden wins do
not depend on them, and the shipped bots do not look at them. So one batch tells how every game
would end under any targets: the search re-scores the recorded final points, then a fresh batch
(another seed) checks the suggestion out of sample.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from wargame.engine.outcome import ENDINGS
from wargame.sim.batch import BatchResult, Progress, run_batch
from wargame.sim.record import GameRecord
from wargame.sim.spec import BatchSpec
from wargame.sim.stats import WinRate, win_rates

if TYPE_CHECKING:
    from wargame.sim.cluster import Cluster

#: The design's ceiling on any seat's share of bot-vs-bot wins (DESIGN section 4).
CAP = 0.60


def winners_under(records: list[GameRecord], seats: list[str], targets: dict[str, float]) -> list[str | None]:
    """Who would win each recorded game if the scenario's targets were ``targets``."""
    if not records:
        return []
    table = _Outcomes(records, seats)
    won = table.winners(np.array([[targets.get(s, 0.0) for s in seats]]))[0]
    return [seats[w] if w >= 0 else None for w in won]


class _Outcomes:
    """The recorded games as arrays, to re-score many target vectors at once."""

    def __init__(self, records: list[GameRecord], seats: list[str]) -> None:
        self.seats = seats
        self.vp = np.array([[r.vp.get(s, 0.0) for s in seats] for r in records])
        self.by_score = np.array([r.by_score for r in records], dtype=bool)
        self.fixed = np.array([seats.index(r.winner) if r.winner in seats else -1 for r in records])
        loser = {e.name: e.loser for e in ENDINGS if e.loser}  # a seat's knock-out, by end reason
        self.out = np.array([[loser.get(r.reason) == s for s in seats] for r in records], dtype=bool).reshape(
            len(records), len(seats))

    def winners(self, targets: np.ndarray) -> np.ndarray:
        """Winner seat indices (-1: none), one row per row of ``targets`` (shape: vectors x seats)."""
        margins = self.vp[None, :, :] - targets[:, None, :]
        for k in range(len(self.seats)):
            margins[:, self.out[:, k], k] = -np.inf  # a knocked-out seat cannot win on score
        best = np.argmax(margins, axis=2)  # ties go to the earlier seat, as in the engine
        return np.where(self.by_score[None, :], best, self.fixed[None, :])

    def rates(self, targets: np.ndarray) -> np.ndarray:
        won = self.winners(targets)
        return np.stack([(won == j).mean(axis=1) for j in range(len(self.seats))], axis=1)


def _score(rates: np.ndarray) -> np.ndarray:
    """Lower is better: the highest win rate first, then the spread around an even share."""
    even = 1.0 / rates.shape[1]
    return rates.max(axis=1) + 0.25 * ((rates - even) ** 2).sum(axis=1)


def search_targets(records: list[GameRecord], seats: list[str], anchor: float = 0.0,
                   step: float = 0.5) -> dict[str, float]:
    """Targets (multiples of ``step``) that make the seats' win rates over ``records`` as even as possible.

    Only differences between targets matter, so the first seat's target stays at ``anchor`` while
    a grid over the others' targets narrows in on the best (the highest win rate first, then the
    spread). The level is then moved so that the seats' median margins average zero.
    """
    table = _Outcomes(records, seats)
    vp = table.vp
    span = float(vp.max() - vp.min()) + 1.0
    centre = np.median(vp[:, 1:], axis=0) - np.median(vp[:, 0]) + anchor
    half = np.full(len(seats) - 1, span)
    best = np.concatenate([[anchor], centre])
    for _ in range(6):
        axes = [np.linspace(c - h, c + h, 41) for c, h in zip(best[1:], half, strict=True)]
        grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(seats) - 1)
        trial = np.concatenate([np.full((len(grid), 1), anchor), grid], axis=1)
        scores = np.concatenate([_score(table.rates(part)) for part in np.array_split(trial, max(1, len(trial) // 400))])
        best = trial[int(np.argmin(scores))]
        half = half / 4
    best = best + np.mean(np.median(vp - best, axis=0))
    rounded = np.round(best / step) * step
    return {s: float(v) for s, v in zip(seats, rounded, strict=True)}


@dataclass(frozen=True)
class BalanceReport:
    """Win rates under the scenario's targets, the suggestion, and its out-of-sample check."""

    spec: BatchSpec
    games: int
    seed: int
    seats: list[str]
    bots: dict[str, str]
    current_targets: dict[str, float]
    current: dict[str, WinRate]
    targets: dict[str, float]
    predicted: dict[str, WinRate]  # the same games, re-scored under the suggested targets
    verified: dict[str, WinRate] | None  # a fresh batch (seed + 1) played with the suggested targets
    sudden: dict[str, int]  # wins by sudden death, which targets cannot move

    @property
    def ok(self) -> bool:
        rates = self.verified or self.predicted
        return all(w.rate <= CAP for w in rates.values())

    def yaml_block(self) -> str:
        """The scenario lines to paste under ``victory:``."""
        inner = ", ".join(f"{s}: {self.targets[s]:g}" for s in self.seats)
        return f"victory:\n  targets: {{{inner}}}\n"

    def to_dict(self) -> dict[str, Any]:
        def rates(d: dict[str, WinRate] | None) -> dict[str, Any] | None:
            return None if d is None else {s: w.to_dict() for s, w in d.items()}

        return {"scenario": self.spec.scenario, "bots": self.bots, "games": self.games, "seed": self.seed,
                "current_targets": self.current_targets, "current": rates(self.current),
                "targets": self.targets, "predicted": rates(self.predicted), "verified": rates(self.verified),
                "sudden_wins": self.sudden, "cap": CAP, "ok": self.ok, "yaml": self.yaml_block()}


def suggest_targets(scenario: str | Path | BatchSpec, bots: str | dict[str, str] = "greedy", games: int = 300,
                    seed: int = 1, workers: int | None = None, progress: Progress | None = None,
                    verify: bool = True, cluster: Cluster | None = None) -> BalanceReport:
    """Play a batch, search targets that even out the win rates, and (``verify``) check them on a fresh batch.

    ``cluster``: play both batches on this Dask cluster (``sim.cluster``) instead of this machine.
    """
    spec = scenario if isinstance(scenario, BatchSpec) else BatchSpec.of(scenario, bots)
    first = run_batch(spec, games, seed, workers, progress, cluster=cluster)
    seats = first.seats
    current_targets = {s: float(spec.game().rules.scenario.victory.targets.get(s, 0.0)) for s in seats}  # type: ignore[call-overload]
    targets = search_targets(first.records, seats)
    predicted = _rates(winners_under(first.records, seats, targets), seats)
    verified = None
    if verify:
        check: BatchResult = run_batch(spec.with_targets(targets), games, seed + 1, workers, progress, cluster=cluster)
        verified = win_rates(check.records, seats)
    sudden = {s: sum(1 for r in first.records if not r.by_score and r.winner == s) for s in seats}
    return BalanceReport(spec, games, seed, seats, first.bots, current_targets, win_rates(first.records, seats),
                         targets, predicted, verified, sudden)


def _rates(winners: list[str | None], seats: list[str]) -> dict[str, WinRate]:
    return {s: WinRate(s, winners.count(s), len(winners)) for s in seats}
