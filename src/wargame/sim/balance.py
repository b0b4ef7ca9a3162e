"""Balance: propose end-of-game targets so that no seat wins too often in bot-vs-bot games.

Targets only decide games that reach the end (or where the firm is knocked out); sudden wins do
not depend on them, and the shipped bots do not look at them. So one batch tells how every game
would end under any targets: the search re-scores the recorded final points, then a fresh batch
(another seed) checks the suggestion out of sample.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def band(n_seats: int) -> tuple[float, float]:
    """The win rates a fair scenario gives each of its ``n_seats`` seats: 35-65% in a duel, 20-50%
    with three seats (no seat out of the running, none wins half its games); half to one and a half
    times an even share beyond."""
    fixed = {2: (0.35, 0.65), 3: (0.20, 0.50)}
    even = 1.0 / max(n_seats, 1)
    return fixed.get(n_seats, (even / 2, min(1.0, 1.5 * even)))


def winners_under(records: list[GameRecord], seats: list[str], targets: dict[str, float],
                  pace: Mapping[str, float] | None = None) -> list[str | None]:
    """Who would win each recorded game if the scenario's targets were ``targets`` (``pace``: the
    scenario's, by which a target falls due in a game cut short)."""
    if not records:
        return []
    table = _Outcomes(records, seats, pace)
    won = table.winners(np.array([[targets.get(s, 0.0) for s in seats]]))[0]
    return [seats[w] if w >= 0 else None for w in won]


class _Outcomes:
    """The recorded games as arrays, to re-score many target vectors at once."""

    def __init__(self, records: list[GameRecord], seats: list[str], pace: Mapping[str, float] | None = None) -> None:
        self.seats = seats
        self.vp = np.array([[r.vp.get(s, 0.0) for s in seats] for r in records])
        powers = np.array([(pace or {}).get(s, 1.0) for s in seats])  # the share of each target due (``due_share``)
        self.due = np.array([r.played for r in records])[:, None] ** powers[None, :]
        self.by_score = np.array([r.by_score for r in records], dtype=bool)
        self.fixed = np.array([seats.index(r.winner) if r.winner in seats else -1 for r in records])
        loser = {e.name: e.loser for e in ENDINGS if e.loser}  # a seat's knock-out, by end reason
        self.out = np.array([[loser.get(r.reason) == s for s in seats] for r in records], dtype=bool).reshape(
            len(records), len(seats))

    def winners(self, targets: np.ndarray) -> np.ndarray:
        """Winner seat indices (-1: none), one row per row of ``targets`` (shape: vectors x seats)."""
        margins = self.vp[None, :, :] - targets[:, None, :] * self.due[None, :, :]
        for k in range(len(self.seats)):
            margins[:, self.out[:, k], k] = -np.inf  # a knocked-out seat cannot win on score
        best = np.argmax(margins, axis=2)  # ties go to the earlier seat, as in the engine
        return np.where(self.by_score[None, :], best, self.fixed[None, :])

    def rates(self, targets: np.ndarray) -> np.ndarray:
        won = self.winners(targets)
        return np.stack([(won == j).mean(axis=1) for j in range(len(self.seats))], axis=1)


def _score(rates: np.ndarray) -> np.ndarray:
    """Lower is better: first how far the seats fall outside the fair ``band``, then the highest win
    rate, then the spread around an even share."""
    lo, hi = band(rates.shape[1])
    outside = (np.clip(lo - rates, 0.0, None) + np.clip(rates - hi, 0.0, None)).sum(axis=1)
    even = 1.0 / rates.shape[1]
    return 4.0 * outside + rates.max(axis=1) + 0.25 * ((rates - even) ** 2).sum(axis=1)


def search_targets(records: list[GameRecord] | list[list[GameRecord]], seats: list[str], anchor: float = 0.0,
                   step: float = 0.5, pace: Mapping[str, float] | None = None) -> dict[str, float]:
    """Targets (multiples of ``step``) that make the seats' win rates over ``records`` as even as possible.

    ``records`` is one batch, or several (one per level of play: e.g. random, greedy and mcts-fast
    bots): then the targets even out the worst of them, so a scenario is fair under each.
    Only differences between targets matter (but for the games a sudden death cut short, where each
    seat's share due follows its ``pace``), so the first seat's target stays at ``anchor`` while
    a grid over the others' targets narrows in on the best (``_score``: outside the fair band first,
    then the highest win rate, then the spread). The level is then moved so that the seats' median margins average zero.
    """
    batches = records if records and isinstance(records[0], list) else [records]
    tables = [_Outcomes(batch, seats, pace) for batch in batches]  # type: ignore[arg-type]
    vp = np.concatenate([t.vp for t in tables])
    span = float(vp.max() - vp.min()) + 1.0
    centre = np.median(vp[:, 1:], axis=0) - np.median(vp[:, 0]) + anchor
    half = np.full(len(seats) - 1, span)
    best = np.concatenate([[anchor], centre])
    for _ in range(6):
        axes = [np.linspace(c - h, c + h, 41) for c, h in zip(best[1:], half, strict=True)]
        grid = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, len(seats) - 1)
        trial = np.concatenate([np.full((len(grid), 1), anchor), grid], axis=1)
        parts = np.array_split(trial, max(1, len(trial) // 400))
        scores = np.concatenate([np.max([_score(t.rates(part)) for t in tables], axis=0) for part in parts])
        best = trial[int(np.argmin(scores))]
        half = half / 4
    best = best + np.mean(np.median(vp - best, axis=0))
    rounded = np.round(best / step) * step
    return {s: float(v) for s, v in zip(seats, rounded, strict=True)}


@dataclass(frozen=True)
class Level:
    """One level of play of a balance run: its bots, and the win rates under the old and new targets."""

    bots: dict[str, str]
    current: dict[str, WinRate]
    predicted: dict[str, WinRate]  # the same games, re-scored under the suggested targets
    verified: dict[str, WinRate] | None  # a fresh batch (seed + 1) played with the suggested targets
    sudden: dict[str, int]  # wins by sudden death, which targets cannot move

    def to_dict(self) -> dict[str, Any]:
        def rates(d: dict[str, WinRate] | None) -> dict[str, Any] | None:
            return None if d is None else {s: w.to_dict() for s, w in d.items()}

        return {"bots": self.bots, "current": rates(self.current), "predicted": rates(self.predicted),
                "verified": rates(self.verified), "sudden_wins": self.sudden}


@dataclass(frozen=True)
class BalanceReport:
    """Win rates under the scenario's targets, the suggestion, and its out-of-sample check, for each
    level of play the targets were searched over."""

    spec: BatchSpec
    games: int
    seed: int
    seats: list[str]
    current_targets: dict[str, float]
    targets: dict[str, float]
    levels: list[Level]

    @property
    def ok(self) -> bool:
        """Every seat inside the fair ``band`` at every level of play (on the fresh batch if played)."""
        lo, hi = band(len(self.seats))
        return all(lo <= w.rate <= hi for level in self.levels for w in (level.verified or level.predicted).values())

    def yaml_block(self) -> str:
        """The scenario lines to paste under ``victory:``."""
        inner = ", ".join(f"{s}: {self.targets[s]:g}" for s in self.seats)
        return f"victory:\n  targets: {{{inner}}}\n"

    def to_dict(self) -> dict[str, Any]:
        first = self.levels[0].to_dict()
        return {"scenario": self.spec.scenario, "games": self.games, "seed": self.seed,
                "current_targets": self.current_targets, **first, "targets": self.targets,
                "levels": [level.to_dict() for level in self.levels], "cap": CAP,
                "band": list(band(len(self.seats))), "ok": self.ok,
                "yaml": self.yaml_block()}


def suggest_targets(scenario: str | Path | BatchSpec | list[BatchSpec], bots: str | dict[str, str] = "greedy",
                    games: int = 300, seed: int = 1, workers: int | None = None, progress: Progress | None = None,
                    verify: bool = True, cluster: Cluster | None = None) -> BalanceReport:
    """Play a batch, search targets that even out the win rates, and (``verify``) check them on a fresh batch.

    ``scenario`` may be a list of specs of one scenario with different bots (levels of play): one
    batch each, and the targets even out the worst of them. ``cluster``: play the batches on this
    Dask cluster (``sim.cluster``) instead of this machine.
    """
    if isinstance(scenario, list):
        specs = scenario
    else:
        specs = [scenario if isinstance(scenario, BatchSpec) else BatchSpec.of(scenario, bots)]
    firsts = [run_batch(spec, games, seed, workers, progress, cluster=cluster) for spec in specs]
    seats = firsts[0].seats
    victory = specs[0].game().rules.scenario.victory
    current_targets = {s: float(victory.targets.get(s, 0.0)) for s in seats}  # type: ignore[call-overload]
    targets = search_targets([first.records for first in firsts], seats, pace=victory.pace)
    levels = []
    for spec, first in zip(specs, firsts, strict=True):
        verified = None
        if verify:
            check: BatchResult = run_batch(spec.with_targets(targets), games, seed + 1, workers, progress,
                                           cluster=cluster)
            verified = win_rates(check.records, seats)
        sudden = {s: sum(1 for r in first.records if not r.by_score and r.winner == s) for s in seats}
        levels.append(Level(first.bots, win_rates(first.records, seats),
                            _rates(winners_under(first.records, seats, targets, victory.pace), seats), verified, sudden))
    return BalanceReport(specs[0], games, seed, seats, current_targets, targets, levels)


def _rates(winners: list[str | None], seats: list[str]) -> dict[str, WinRate]:
    return {s: WinRate(s, winners.count(s), len(winners)) for s in seats}
