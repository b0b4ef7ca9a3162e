"""Engine speed: whole games of the baseline scenario per bot type, and the cost of one decision.

Prints figures; asserts nothing (tests assert behaviour, never wall time).
Run: .venv/bin/python benchmarks/engine.py
"""

from __future__ import annotations

import statistics
import time

from wargame.bots.match import play_match, seat_bots
from wargame.content import load_bundle
from wargame.engine.game import Game


def _game(scenario: str) -> Game:
    return load_bundle(scenario).game()


def time_games(game: Game, bot: str, n: int) -> tuple[float, float, int]:
    """Median and max seconds per game, and decisions per game, over ``n`` seeded games."""
    times, decisions = [], 0
    for seed in range(n):
        bots = seat_bots({s: bot for s in game.rules.scenario.seat_ids}, seed)
        t = time.perf_counter()
        match = play_match(game, bots, seed)
        times.append(time.perf_counter() - t)
        decisions = len(match.actions)
    return statistics.median(times), max(times), decisions


def main() -> None:
    for scenario in ("baseline", "long-2030"):
        game = _game(scenario)
        for bot, n in (("pass", 20), ("random", 20), ("greedy", 10)):
            med, worst, decisions = time_games(game, bot, n)
            print(f"{scenario:10s} {bot:7s} {n:3d} games: median {med * 1000:7.1f} ms/game, "
                  f"max {worst * 1000:7.1f} ms, {decisions} decisions, {1 / med:6.1f} games/s on one core")
    game = _game("baseline")
    state = game.new_game(1)
    t = time.perf_counter()
    for _ in range(200):
        game.legal_actions(state)
    t_legal = (time.perf_counter() - t) / 200
    action = game.legal_actions(state)[0]
    t = time.perf_counter()
    for _ in range(200):
        game.apply(state, action)
    t_apply = (time.perf_counter() - t) / 200
    print(f"legal_actions {t_legal * 1e6:.0f} us, apply (with legality check) {t_apply * 1e6:.0f} us")


if __name__ == "__main__":
    main()
