"""Monte-Carlo: many bots-only games, their statistics, parameter sensitivity and balance.

Every game of a batch is played by the interactive engine with game index ``k``, so its chance
outcomes depend only on ``(seed, k)``: a game plays out the same alone, in a batch of any size,
and on any number of workers. Importing this package needs no TUI.
"""

from wargame.sim.balance import BalanceReport, suggest_targets
from wargame.sim.batch import BatchResult, run_batch, run_batches
from wargame.sim.export import ExportError, export_game
from wargame.sim.record import GameRecord
from wargame.sim.sensitivity import Sensitivity, sweep, uncertain_parameters
from wargame.sim.spec import BatchSpec, play_game
from wargame.sim.stats import CardImpact, WinRate, card_impact, distribution, summarize, wilson, win_rates

__all__ = [
    "BalanceReport", "BatchResult", "BatchSpec", "CardImpact", "ExportError", "GameRecord", "Sensitivity",
    "WinRate", "card_impact", "distribution", "export_game", "play_game", "run_batch", "run_batches",
    "suggest_targets", "summarize", "sweep", "uncertain_parameters", "wilson", "win_rates",
]
