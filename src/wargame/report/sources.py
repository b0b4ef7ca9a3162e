"""Where a ``GameRecord`` comes from: a save file, a store ``Replay`` or ``Session``, or a live match.

A save is verified by the store (``SaveError`` says why one is refused) and its folded states are
reused; a replay or session is read through its ``state_at`` and log entries.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wargame.engine.actions import Action
from wargame.report.record import GameRecord, ReportError


def record_from_save(path: Path) -> GameRecord:
    """The record of a save file, verified on load (``SaveError`` from the store if refused)."""
    from wargame.store import read_verified

    verified = read_verified(path)
    save = verified.save
    actions = [Action.from_dict(e.action) for e in save.log]
    return GameRecord(game=verified.game, seed=save.seed, actions=actions, states=verified.states,
                      seats=dict(save.seats), name=path.stem, game_index=save.game_index)


def record_from_object(source: Any, name: str | None = None) -> GameRecord:
    """The record of a ``Replay`` or ``Session`` (anything with ``game``, ``entries``, ``state_at``, ``seed``)."""
    needed = ("game", "entries", "state_at", "seed", "seats")
    if not all(hasattr(source, attr) for attr in needed):
        raise ReportError(f"cannot report on a {type(source).__name__}: expected a save path, a Replay or a Session")
    entries = list(source.entries)
    actions = [Action.from_dict(dict(e.action)) for e in entries]
    states = [source.state_at(i) for i in range(len(entries) + 1)]
    label = name or _name_of(source)
    return GameRecord(game=source.game, seed=source.seed, actions=actions, states=states, seats=dict(source.seats),
                      name=label, game_index=getattr(source, "game_index", 0))


def _name_of(source: Any) -> str:
    autosave = getattr(source, "autosave", None)
    if autosave:
        return Path(autosave).stem
    return f"{source.game.rules.scenario.scenario}-seed{source.seed}"
