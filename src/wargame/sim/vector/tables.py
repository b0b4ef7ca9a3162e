"""A ruleset compiled to arrays: cards, seats, variables and board as indices the batch can use.

Cards are numbered in the order of their ids (``sorted``), which is also the order in which a
bot's determinization lists the unseen cards. Variables are numbered in ``STATE_VARIABLES`` order.
"""

from __future__ import annotations

import weakref
from functools import cached_property

import numpy as np

from wargame.engine.cards import Card, quarter_index
from wargame.engine.game import Game, Ruleset
from wargame.model.variables import STATE_VARIABLES, VARIABLES

#: Kinds of card play a record keeps (``sim.record.PLAY_KINDS`` values), by code.
PLAY_KIND_CODES = ("headline", "event", "opponent", "world")
HEADLINE_PLAY, EVENT_PLAY, OPPONENT_PLAY, WORLD_PLAY = range(4)

#: The bots the game kernel plays itself, by their code there (an ``mcts`` bot needs the engine).
KERNEL_BOTS = ("pass", "random", "greedy")

#: Faction codes beside seat indices.
ANY = -1
ABSENT = -2  # a seat faction with no seat in this scenario, or the world deck


def plays_ruleset(rules: Ruleset) -> bool:
    """Whether the batch simulator can play ``rules``: it numbers cards, so a card may not be in a
    deck twice (a scenario listing the same deck twice); the engine plays such a scenario instead."""
    return len(set(rules.draw_deck)) == len(rules.draw_deck) and len(set(rules.world_deck)) == len(rules.world_deck)


class Tables:
    """Everything about a ruleset the batch reads as numbers."""

    def __init__(self, game: Game) -> None:
        rules: Ruleset = game.rules
        sc = rules.scenario
        self.rules = rules
        self.params = rules.params
        self.seats: list[str] = list(sc.seat_ids)
        self.n_seats = len(self.seats)
        self.seat_index = {s: i for i, s in enumerate(self.seats)}
        self.board_ids: tuple[str, ...] = rules.board_ids
        self.n_board = len(self.board_ids)
        self.board_index = {b: i for i, b in enumerate(self.board_ids)}
        self.weights = rules.weights
        self.card_ids: list[str] = sorted(rules.cards)
        self.card_index = {c: i for i, c in enumerate(self.card_ids)}
        self.cards: list[Card] = [rules.cards[c] for c in self.card_ids]
        n = len(self.cards)
        self.n_cards = n
        self.ops = np.array([c.ops for c in self.cards], dtype=np.int64)
        self.cost_budget = np.array([c.cost.budget for c in self.cards])
        self.cost_pc = np.array([c.cost.pc for c in self.cards])
        self.needs_target = np.array([c.needs_target for c in self.cards], dtype=bool)
        self.faction = np.array([ANY if c.faction == "any" else self.seat_index.get(c.faction, ABSENT)
                                 for c in self.cards], dtype=np.int64)
        self.has_requirement = np.array([bool(c.requires) for c in self.cards], dtype=bool)
        self.draw_deck = np.array([self.card_index[c] for c in rules.draw_deck], dtype=np.int16)
        self.world_deck = np.array([self.card_index[c] for c in rules.world_deck], dtype=np.int16)
        self.n_draw = len(self.draw_deck)
        self.n_world = len(self.world_deck)
        self.columns = {name: i for i, name in enumerate(STATE_VARIABLES)}
        self.lo = np.array([VARIABLES[k].lo for k in STATE_VARIABLES])
        self.hi = np.array([VARIABLES[k].hi for k in STATE_VARIABLES])
        self.start = quarter_index(sc.start)
        self.end = quarter_index(sc.end)

    @cached_property
    def play_triples(self) -> list[tuple[str, str, str]]:
        """The record triple of each play code: ``(card * (seats + 1) + who) * 4 + kind``, where
        ``who`` is a seat or ``seats`` for the world (as the game kernel numbers the plays it logs)."""
        names = [*self.seats, "world"]
        return [(self.card_ids[c], names[who], PLAY_KIND_CODES[kind])
                for c in range(self.n_cards) for who in range(self.n_seats + 1) for kind in range(4)]

    @cached_property
    def seat_budget(self) -> list[int]:
        return [self.columns[f"{s}.budget"] for s in self.seats]

    @cached_property
    def seat_pc(self) -> list[int]:
        return [self.columns[f"{s}.pc"] for s in self.seats]


_TABLES: weakref.WeakKeyDictionary[Game, Tables] = weakref.WeakKeyDictionary()


def tables_for(game: Game) -> Tables:
    """The compiled tables of ``game`` (kept while the game lives)."""
    t = _TABLES.get(game)
    if t is None:
        t = _TABLES[game] = Tables(game)
    return t


__all__ = ["ABSENT", "ANY", "KERNEL_BOTS", "PLAY_KIND_CODES", "Tables", "plays_ruleset", "tables_for"]
