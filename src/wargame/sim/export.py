"""Writing one simulated game as a save, so a surprising outcome can be replayed move by move."""

from __future__ import annotations

import inspect
from pathlib import Path

from wargame.bots.match import Match
from wargame.sim.spec import BatchSpec, play_game


class ExportError(RuntimeError):
    """The game cannot be written as a faithful save (the message says why)."""


def export_game(spec: BatchSpec, seed: int, game_index: int, path: str | Path) -> Match:
    """Play game ``game_index`` alone (same seed, index and bots as in any batch) and save it to ``path``.

    The save records the game index: chance outcomes hash it, so a replay without it would diverge.
    """
    if game_index < 0:
        raise ExportError("the game index must be >= 0")
    try:
        from wargame.store import save_match
    except ImportError as exc:
        raise ExportError("saves are not available in this build (no wargame.store)") from exc
    if "game_index" not in inspect.signature(save_match).parameters:
        raise ExportError("this build's save format cannot record a game index, so the game would not replay")
    game = spec.game()
    match = play_game(spec, seed, game_index)
    seats = {s: f"bot:{name}" for s, name in spec.seat_bots(list(game.rules.scenario.seat_ids)).items()}
    decks = spec.bundle().decks.values()  # embedded as the files have them
    save_match(path, game, seats, seed, match.actions, game_index=game_index, decks=decks)
    return match
