"""The baseline bots: ``pass`` (never plays a card) and ``random`` (uniform over legal actions).

Both are the rules core's (``core.bots.choose``): a batch and an interactive game move alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from wargame.bots.base import Decision, register
from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


@register("pass")
class PassBot:
    """Passes every action round and declines every headline: the calibration baseline."""

    name = "pass"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def choose(self, game: Game, view: GameState) -> Action:
        return game.bot_move(view, "pass", self.seed, 0)[0]

    def decide(self, game: Game, view: GameState) -> Decision:
        return Decision(self.choose(game, view))

    def resume(self, choices: Sequence[int]) -> None:
        """Nothing to set: it draws nothing."""


@register("random")
class RandomBot:
    """Uniform over the legal actions, from its own counter-based stream."""

    name = "random"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed
        self.calls = 0

    def choose(self, game: Game, view: GameState) -> Action:
        action, self.calls, _ = game.bot_move(view, "random", self.seed, self.calls)
        return action

    def decide(self, game: Game, view: GameState) -> Decision:
        return Decision(self.choose(game, view))

    def resume(self, choices: Sequence[int]) -> None:
        """One draw per past decision."""
        self.calls = len(choices)


__all__ = ["PassBot", "RandomBot"]
