"""The bot interface and the registry of bots by name.

A bot's randomness is a function of its seed and of how many decisions its seat has made: each
bot keeps counters that ``resume`` sets from the seat's past decisions, so a bot asked at any point
of a log (a loaded save, an undo, a branch) answers as it did, or would have, in the unbroken game.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


@dataclass(frozen=True)
class Decision:
    """A bot's move and its own evaluation of the options it weighed.

    ``scores`` pairs options with the bot's value of each, best first, in ``unit``, as what the option
    adds (the greedy bot: the victory points its seat is projected to score this quarter; mcts: the
    projected margin over target it gains against the position now). The chosen ``action`` is
    among them unless the bot weighed nothing (a random or a forced move: ``scores`` is empty).
    """

    action: Action
    scores: tuple[tuple[Action, float], ...] = ()
    unit: str = ""

    def score_of(self, action: Action) -> float | None:
        """The bot's value of ``action``, if it weighed it."""
        return next((v for a, v in self.scores if a == action), None)


class Bot(Protocol):
    """Chooses an action for the seat of ``view`` (a view from ``Game.view``, never the full state)."""

    name: str

    def choose(self, game: Game, view: GameState) -> Action: ...

    def decide(self, game: Game, view: GameState) -> Decision:
        """``choose``, with the bot's evaluation of its options."""
        ...

    def resume(self, choices: Sequence[int]) -> None:
        """Set the bot's counters as after deciding for its seat at decisions offering these numbers of legal actions."""
        ...


BotFactory = Callable[[int], Bot]
BOTS: dict[str, BotFactory] = {}


def register(name: str) -> Callable[[BotFactory], BotFactory]:
    """Class decorator adding a bot to the registry under ``name``."""
    def deco(factory: BotFactory) -> BotFactory:
        BOTS[name] = factory
        return factory
    return deco


def make_bot(name: str, seed: int = 0) -> Bot:
    """A new bot by registry name (``ValueError`` naming the known bots otherwise)."""
    from wargame.bots import greedy, mcts, simple  # noqa: F401  (registers the built-in bots)

    if name not in BOTS:
        raise ValueError(f"unknown bot {name!r}; known bots: {', '.join(sorted(BOTS))}")
    return BOTS[name](seed)


def bot_names() -> list[str]:
    from wargame.bots import greedy, mcts, simple  # noqa: F401

    return sorted(BOTS)
