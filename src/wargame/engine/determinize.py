"""Filling in what a seat cannot see, for bots that look ahead without peeking.

A view hides other hands, the order of the piles and other headline picks. ``determinize``
deals the unseen cards at random (from the bot's own seed) into those places, giving a full
state that is consistent with everything the seat knows.
"""

from __future__ import annotations

from collections import Counter

from wargame.engine import rng
from wargame.engine.game import Ruleset
from wargame.engine.state import HIDDEN, GameState


def determinize(rules: Ruleset, view: GameState, seed: int) -> GameState:
    """A playable state consistent with ``view`` (hidden cards dealt at random under ``seed``)."""
    if view.viewer is None:
        return view.clone()
    state = view.clone()
    state.viewer = None
    state.seed = seed
    counter = [0]

    def shuffled(cards: list[str]) -> list[str]:
        out = list(cards)
        for i in range(len(out) - 1, 0, -1):
            j = rng.below(seed, counter[0], i + 1)
            counter[0] += 1
            out[i], out[j] = out[j], out[i]
        return out

    seen = Counter(view.discard_pile)
    seen.update(c for h in view.hands.values() for c in h if c != HIDDEN)
    seen.update(p["card"] for p in view.headline_picks.values() if p.get("card") not in (None, HIDDEN))
    unseen = Counter(rules.draw_deck)
    unseen.subtract(seen)
    pool = shuffled([c for c, n in sorted(unseen.items()) for _ in range(max(n, 0))])
    for seat, hand in state.hands.items():
        state.hands[seat] = [pool.pop() if c == HIDDEN and pool else c for c in hand]
        state.hands[seat] = [c for c in state.hands[seat] if c != HIDDEN]
    for seat, pick in state.headline_picks.items():
        if pick.get("card") == HIDDEN:
            state.headline_picks[seat] = {"card": pool.pop() if pool else None, "target": None}
    state.draw_pile = pool[: len(view.draw_pile)]
    world_left = Counter(rules.world_deck)
    world_left.subtract(Counter(view.world_discard))
    state.world_pile = shuffled([c for c, n in sorted(world_left.items()) for _ in range(max(n, 0))])
    return state
