"""The game state: plain data, cheap to clone, with a canonical JSON form and hash.

Everything a game needs to continue is here (the rules live in ``Ruleset``): model values, the
board, temporary modifiers, hands and piles, the phase, the seed and the draw counter, victory
points and the public event log. A seat's view is the same type with hidden parts masked.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from typing import Any

HIDDEN = "?"

PHASE_HEADLINE = "headline"
PHASE_ACTION = "action"
PHASE_OVER = "over"


@dataclass(slots=True)
class Modifier:
    """A temporary change to one variable: ``value * mul + add`` while ``turns`` > 0."""

    target: str
    add: float
    mul: float
    turns: int
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "add": self.add, "mul": self.mul, "turns": self.turns, "source": self.source}


#: Fields left out of ``to_dict`` while empty: a game whose decks have no eras has the same
#: canonical form (and hash) as before eras existed, so older saves still verify.
_ABSENT_WHEN_EMPTY = frozenset({"held_pile", "held_world"})


@dataclass(slots=True)
class GameState:
    """One moment of a game. Mutated only by the engine, on a clone."""

    scenario: str
    seats: list[str]
    quarter: int  # running quarter index (see cards.quarter_index)
    turn: int  # 1 for the first quarter of the game
    phase: str
    values: dict[str, float]
    board: dict[str, float]
    modifiers: list[Modifier] = field(default_factory=list)
    hands: dict[str, list[str]] = field(default_factory=dict)
    draw_pile: list[str] = field(default_factory=list)
    discard_pile: list[str] = field(default_factory=list)
    world_pile: list[str] = field(default_factory=list)
    world_discard: list[str] = field(default_factory=list)
    held_pile: list[str] = field(default_factory=list)  # draw-deck cards waiting for their era (public)
    held_world: list[str] = field(default_factory=list)  # world cards waiting for their era (public)
    headline_picks: dict[str, dict[str, Any]] = field(default_factory=dict)
    action_index: int = 0  # position within this quarter's action rounds
    shelved: list[str] = field(default_factory=list)
    vp: dict[str, float] = field(default_factory=dict)
    streaks: dict[str, int] = field(default_factory=dict)
    fired: list[str] = field(default_factory=list)  # conditional injects already fired
    history: list[dict[str, float]] = field(default_factory=list)  # tracks at the end of each quarter
    events: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] | None = None
    seed: int = 0
    game_index: int = 0
    rng_counter: int = 0
    viewer: str | None = None  # set on a seat's view: the seat it was made for

    def clone(self) -> GameState:
        """An independent copy (lists and dicts copied; their scalar items are immutable)."""
        return GameState(
            scenario=self.scenario, seats=list(self.seats), quarter=self.quarter, turn=self.turn, phase=self.phase,
            values=dict(self.values), board=dict(self.board),
            modifiers=[Modifier(m.target, m.add, m.mul, m.turns, m.source) for m in self.modifiers],
            hands={s: list(h) for s, h in self.hands.items()},
            draw_pile=list(self.draw_pile), discard_pile=list(self.discard_pile),
            world_pile=list(self.world_pile), world_discard=list(self.world_discard),
            held_pile=list(self.held_pile), held_world=list(self.held_world),
            headline_picks={s: dict(p) for s, p in self.headline_picks.items()},
            action_index=self.action_index, shelved=list(self.shelved), vp=dict(self.vp),
            streaks=dict(self.streaks), fired=list(self.fired), history=list(self.history),
            events=list(self.events), result=None if self.result is None else dict(self.result),
            seed=self.seed, game_index=self.game_index, rng_counter=self.rng_counter, viewer=self.viewer,
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the whole state."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in _ABSENT_WHEN_EMPTY and not value:
                continue
            out[f.name] = [m.to_dict() for m in value] if f.name == "modifiers" else value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GameState:
        """Rebuild a state from :meth:`to_dict` output."""
        data = dict(data)
        data["modifiers"] = [Modifier(**m) for m in data.get("modifiers", [])]
        return cls(**data)

    @property
    def over(self) -> bool:
        return self.phase == PHASE_OVER


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, floats by ``repr`` (shortest round-trip): the same bytes in any process."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)


def state_hash(state: GameState) -> str:
    """SHA-256 of the state's canonical JSON."""
    return hashlib.sha256(canonical_json(state.to_dict()).encode("ascii")).hexdigest()
