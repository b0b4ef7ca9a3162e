"""The bot interface and the registry of bots by name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState


class Bot(Protocol):
    """Chooses an action for the seat of ``view`` (a view from ``Game.view``, never the full state)."""

    name: str

    def choose(self, game: Game, view: GameState) -> Action: ...


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
