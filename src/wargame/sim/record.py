"""What a batch keeps of each game: a compact, picklable record read off the final state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wargame.engine.cards import Card
from wargame.engine.game import Game
from wargame.engine.outcome import BY_SCORE
from wargame.engine.state import GameState

#: Event kinds in which a card's event fires, and the code a record keeps for each.
PLAY_KINDS = {"headline": "headline", "event": "event", "opponent-event": "opponent", "world": "world"}
#: Who a world card's event is credited to.
WORLD = "world"

@dataclass(frozen=True, slots=True)
class GameRecord:
    """One game's outcome: winner, how, scores, the final tracks and the card events that fired."""

    index: int
    winner: str | None
    reason: str  # how it ended: a name of ``core.codes.END_REASONS``, or "other" for a game stopped early
    quarter: str  # the quarter the game ended in
    margins: dict[str, float]  # final score minus the target due when the game ended, per seat
    played: float  # the share of the game's quarters played (1 at the end date): the share of each target due
    vp: dict[str, float]
    lag: float  # months
    domestic_share: float
    china_share: float  # China's share of world AI compute
    plays: tuple[tuple[str, str, str], ...]  # (card id, seat or "world", kind: codes.RECORDED_PLAYS), first of each
    fingerprint: str  # of the final rules state (``sim.games.fingerprints``): equal for a game alone and in a batch

    @property
    def by_score(self) -> bool:
        """Whether the winner was decided by scores against targets (not by a sudden win)."""
        return self.reason in BY_SCORE

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict."""
        return {"index": self.index, "winner": self.winner, "reason": self.reason, "quarter": self.quarter,
                "margins": self.margins, "played": self.played, "vp": self.vp, "lag": self.lag, "domestic_share": self.domestic_share,
                "china_share": self.china_share, "plays": [list(p) for p in self.plays],
                "fingerprint": self.fingerprint}


#: One shared tuple per distinct play, so a batch of 100,000 records holds pointers, not copies.
_PLAYS: dict[tuple[str, str, str], tuple[str, str, str]] = {}


def shared_plays(plays: tuple[tuple[str, str, str], ...]) -> tuple[tuple[str, str, str], ...]:
    """``plays`` with each triple replaced by this process's shared copy."""
    return tuple(map(_PLAYS.setdefault, plays, plays))


def fired_plays(state: GameState, cards: Mapping[str, Card] | None = None) -> tuple[tuple[str, str, str], ...]:
    """``(card, seat, kind)`` of each card event that took effect, each card a seat used for its ops
    (setting off no other seat's event) or shelved, once per distinct triple, in order; as the game
    kernel records them. ``cards``: the game's cards, to tell an ops play that set off another seat's
    event (``Card.sets_off``) from one that did not."""
    seen: dict[tuple[str, str, str], None] = {}
    for e in state.events:
        card, kind = e.get("card"), e["kind"]
        if not card:
            continue
        if kind in ("ops", "shelve"):
            used = (cards or {}).get(str(card))
            if kind == "shelve" or used is None or used.sets_off(str(e.get("seat"))) is None:
                seen.setdefault((str(card), str(e.get("seat")), kind))
            continue
        kind = PLAY_KINDS.get(kind)
        # an event that fizzled (conditions not holding, or no longer affordable) logs no changes
        if kind is None or "changes" not in e:
            continue
        seat = WORLD if kind == "world" else str(e.get("seat") or WORLD)
        if kind == "headline" and e.get("owner") not in (None, seat):
            kind = "opponent"  # a headline that set off another seat's event
        seen.setdefault((str(card), seat, kind))
    return shared_plays(tuple(seen))


def record_game(game: Game, state: GameState, index: int) -> GameRecord:
    """The record of a finished game (a game stopped early has no winner and reason ``other``)."""
    result = state.result or {}
    out = game.outputs(state)
    return GameRecord(
        index=index, winner=result.get("winner"), reason=str(result.get("end", "other")),
        quarter=str(result.get("quarter", "")),
        margins={s: float(m) for s, m in result.get("margins", {}).items()}, played=float(result.get("played", 1.0)),
        vp={s: round(float(v), 6) for s, v in state.vp.items()},
        lag=round(float(out["world.lag"]), 6), domestic_share=round(float(out["china.domestic_share"]), 6),
        china_share=round(float(out["china.world_share"]), 6), plays=fired_plays(state, game.rules.cards),
        fingerprint=state_fingerprint(game, state),
    )


def state_fingerprint(game: Game, state: GameState) -> str:
    """The fingerprint of ``state``'s rules state, as the batch simulator computes it for its games."""
    import numpy as np

    from wargame.engine.corestate import to_record
    from wargame.sim.games import fingerprints

    low = game.rules.lowered
    seeds = np.array([state.seed & (2**64 - 1)], np.uint64)
    return f"{int(fingerprints(low, seeds, to_record(low, state))[0]):016x}"
