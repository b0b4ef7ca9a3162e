"""The baseline bots: ``pass`` (never plays a card) and ``random`` (uniform over legal actions)."""

from __future__ import annotations

from collections.abc import Sequence

from wargame.bots.base import Decision, register
from wargame.engine import rng
from wargame.engine.actions import HEADLINE, PASS, Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


@register("pass")
class PassBot:
    """Passes every action round and headlines nothing it must pay for: the calibration baseline.

    The headline forces a pick when a seat holds cards; it then picks the card whose event helps
    nobody (an unaffordable own card fizzles), so the model runs as if no card were played.
    """

    name = "pass"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def choose(self, game: Game, view: GameState) -> Action:
        legal = game.legal_actions(view)
        for action in legal:
            if action.kind == PASS:
                return action
        return legal[0]

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
        legal = game.legal_actions(view)
        k = rng.below(self.seed, self.calls, len(legal))
        self.calls += 1
        return legal[k]

    def decide(self, game: Game, view: GameState) -> Decision:
        return Decision(self.choose(game, view))

    def resume(self, choices: Sequence[int]) -> None:
        """One draw per past decision."""
        self.calls = len(choices)


__all__ = ["HEADLINE", "PassBot", "RandomBot"]
