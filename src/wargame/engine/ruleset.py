"""The rules of a game apart from its state: a scenario with the cards of its decks, resolved."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from wargame.engine.cards import Card, Deck
from wargame.engine.lowering import Lowered
from wargame.engine.scenario import Scenario
from wargame.model.params import params as model_params


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
        """Resolve the scenario's decks; cards of factions without a seat, and those the scenario leaves
        out (``decks.leave_out``), are left out of the draw deck."""
        by_id = {d.deck: d for d in decks}
        missing = [name for name in (*scenario.decks.draw, *scenario.decks.world) if name not in by_id]
        if missing:
            raise ValueError(f"scenario {scenario.scenario!r} uses deck(s) not given: {', '.join(missing)}")
        seats = set(scenario.seat_ids)
        cards: dict[str, Card] = {c.id: c for d in by_id.values() for c in d.cards}
        left_out = set(scenario.decks.leave_out)
        draw = tuple(c.id for name in scenario.decks.draw for c in by_id[name].cards
                     if (c.faction == "any" or c.faction in seats) and c.id not in left_out)
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

    @cached_property
    def lowered(self) -> Lowered:
        """This ruleset as the rules core reads it."""
        return Lowered(self)
