"""The rules: a ``Game`` (one ruleset) turns ``(state, action)`` into the next state.

The small API follows OpenSpiel: ``new_game``, ``current_player``, ``legal_actions``, ``apply``,
``view``, ``result``. ``apply`` never mutates its input; after a decision it runs the automatic
steps of the quarter (news, income, headline reveal, economy, scoring) until the next decision.
Chance draws come from the counter-based generator in ``rng`` and are logged as events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

from wargame.engine import flow
from wargame.engine.actions import (
    EVENT,
    FACILITATOR,
    FACILITATOR_KINDS,
    FIRE,
    HEADLINE,
    NOTE,
    OPS,
    OVERRIDE,
    PASS,
    SHELVE,
    Action,
    IllegalActionError,
)
from wargame.engine.cards import Card, Deck, quarter_index
from wargame.engine.scenario import Scenario
from wargame.engine.state import HIDDEN, PHASE_ACTION, PHASE_HEADLINE, GameState, state_hash
from wargame.model.params import params as model_params
from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

#: Bumped whenever a change to the rules makes the same log give other states. Saves record it, so
#: a save from other rules is refused as such rather than as tampered.
RULES_VERSION = 3


@dataclass(frozen=True)
class Ruleset:
    """A scenario with the cards of its decks, resolved: everything a game needs besides its state."""

    scenario: Scenario
    cards: Mapping[str, Card]
    draw_deck: tuple[str, ...]
    world_deck: tuple[str, ...]
    params: Mapping[str, float] = field(default_factory=dict)
    decks: tuple[Deck, ...] = ()  # as given to ``build`` (saves embed them)

    @classmethod
    def build(cls, scenario: Scenario, decks: Iterable[Deck], **param_overrides: float) -> Ruleset:
        """Resolve the scenario's decks; cards of factions without a seat are left out of the draw deck."""
        by_id = {d.deck: d for d in decks}
        missing = [name for name in (*scenario.decks.draw, *scenario.decks.world) if name not in by_id]
        if missing:
            raise ValueError(f"scenario {scenario.scenario!r} uses deck(s) not given: {', '.join(missing)}")
        seats = set(scenario.seat_ids)
        cards: dict[str, Card] = {c.id: c for d in by_id.values() for c in d.cards}
        draw = tuple(c.id for name in scenario.decks.draw for c in by_id[name].cards
                     if c.faction == "any" or c.faction in seats)
        scheduled = {cid for inject in scenario.injects for cid in inject.cards}  # they fire on their date only
        world = tuple(c.id for name in scenario.decks.world for c in by_id[name].cards if c.id not in scheduled)
        injected = {cid for i in (*scenario.injects, *scenario.conditional) for cid in i.cards}
        unknown = sorted(injected - set(cards))
        if unknown:
            raise ValueError(f"scenario {scenario.scenario!r} injects unknown card(s): {', '.join(unknown)}")
        p = model_params(**{**scenario.parameters, **param_overrides})
        return cls(scenario=scenario, cards=cards, draw_deck=draw, world_deck=world, params=p,
                   decks=tuple(by_id.values()))

    @cached_property
    def board_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.scenario.board)

    @cached_property
    def weights(self) -> tuple[float, ...]:
        return tuple(s.demand for s in self.scenario.board)


class Game:
    """The rules of one ruleset, as functions of a ``GameState``."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.rules = ruleset

    # --- The state API ---------------------------------------------------------------------------
    def new_game(self, seed: int, game_index: int = 0) -> GameState:
        """The opening state, advanced to the first decision."""
        return flow.new_game(self.rules, seed, game_index)

    def scenario_opening(self, seed: int = 0, game_index: int = 0) -> GameState:
        """The state as the scenario sets it, before the first quarter's news, income and deal (not playable)."""
        return flow.scenario_opening(self.rules, seed, game_index)

    def current_player(self, state: GameState) -> str | None:
        """The seat to act, or ``None`` when the game is over."""
        return flow.current_player(self.rules, state)

    def legal_actions(self, state: GameState) -> list[Action]:
        """Every action the current seat may take (the one authority on what may be done)."""
        return flow.legal_actions(self.rules, state)

    def check(self, state: GameState, action: Action) -> str | None:
        """Why ``action`` is illegal now, or ``None`` if it may be applied."""
        if state.viewer is not None:
            return "a seat's view cannot be played on; use the real state"
        if action.seat == FACILITATOR:
            return self._check_facilitator(state, action)
        if action.kind in FACILITATOR_KINDS:
            return f"only the facilitator may {action.kind}"
        if state.over:
            return "the game is over"
        seat = self.current_player(state)
        if action.seat != seat:
            return f"it is {seat}'s turn, not {action.seat}'s"
        if replace(action, text=None) not in self.legal_actions(state):  # a rationale note never makes a move illegal
            return flow.explain_illegal(self.rules, state, action)
        return None

    def apply(self, state: GameState, action: Action) -> GameState:
        """The state after ``action`` (``state`` is left as it was). Raises ``IllegalActionError``."""
        reason = self.check(state, action)
        if reason is not None:
            raise IllegalActionError(reason)
        return self.apply_legal(state, action)

    def apply_legal(self, state: GameState, action: Action, *, within_quarter: bool = False) -> GameState:
        """``apply`` without the legality check, for an action just taken from ``legal_actions(state)``.

        Look-ahead bots call this thousands of times a game; anything else should call ``apply``.
        ``within_quarter`` stops short of the quarter's end when the action was the quarter's last.
        """
        nxt = state.clone()
        nxt.viewer = None
        if action.seat == FACILITATOR:
            flow.apply_facilitator(self.rules, nxt, action)
        else:
            flow.apply_seat_action(self.rules, nxt, action)
            if action.text:
                flow.record_rationale(nxt, action)
            flow.advance(self.rules, nxt, within_quarter=within_quarter)
        return nxt

    def view(self, state: GameState, seat: str) -> GameState:
        """What ``seat`` may see: other hands, the piles' order and other headline picks are hidden."""
        v = state.clone()
        v.viewer = seat
        v.hands = {s: (h if s == seat else [HIDDEN] * len(h)) for s, h in v.hands.items()}
        v.draw_pile = [HIDDEN] * len(v.draw_pile)
        v.world_pile = [HIDDEN] * len(v.world_pile)
        v.headline_picks = {s: (p if s == seat or p.get("card") is None else {"card": HIDDEN})
                            for s, p in v.headline_picks.items()}  # a declined headline is public
        v.events = [e for e in v.events if seat_sees(e, seat)]
        v.seed = 0
        return v

    def result(self, state: GameState) -> dict[str, Any] | None:
        """Winner, reason and each seat's margin over its target, once the game is over."""
        return state.result

    def outputs(self, state: GameState) -> dict[str, float]:
        """Every variable (state and derived) at the state's effective values."""
        return flow.all_values(self.rules, state)

    def hash(self, state: GameState) -> str:
        return state_hash(state)

    # --- Facilitator -----------------------------------------------------------------------------
    def _check_facilitator(self, state: GameState, action: Action) -> str | None:
        if action.kind == OVERRIDE:
            if action.path not in WRITABLE_VARIABLES and not (action.path or "").startswith("board."):
                return f"cannot override {action.path!r}: not a writable variable or board state"
            if action.path and action.path.startswith("board.") and action.path[6:] not in state.board:
                return f"no swing state {action.path[6:]!r} on this board"
            if action.value is None:
                return "an override needs a value"
            if not action.text:
                return "an override needs a reason"
            if action.path in VARIABLES:
                var = VARIABLES[action.path]
                if not var.lo <= action.value <= var.hi:
                    return f"{action.path} must lie in [{var.lo:g}, {var.hi:g}]"
            elif not -3 <= action.value <= 3:
                return "alignment must lie in [-3, 3]"
            return None
        if action.kind == FIRE:
            if action.card not in self.rules.cards:
                return f"no card {action.card!r}"
            return None
        if action.kind == NOTE:
            return None if action.text else "a note needs text"
        return f"the facilitator cannot {action.kind}"


def seat_sees(event: dict[str, Any], seat: str) -> bool:
    """Public events and the seat's own; another seat's reasons and the facilitator's notes stay with the white cell."""
    if event.get("private") not in (None, seat):
        return False
    if event.get("kind") == "rationale":
        return event.get("seat") == seat
    return event.get("kind") != "note"


def quarter_offset(quarter: int) -> int:
    """Quarters since 2026Q1 (the model's clock; 0 for the first quarter of play)."""
    return quarter - quarter_index("2026Q1")


__all__ = [
    "EVENT", "FACILITATOR", "HEADLINE", "OPS", "PASS", "SHELVE", "PHASE_ACTION", "PHASE_HEADLINE",
    "Game", "Ruleset", "quarter_offset",
]
