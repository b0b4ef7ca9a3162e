"""A ruleset lowered to the core's records: its tables (``core.layout.RULES``) and its card programs
(``core.layout.INSTRUCTION``), with the names that turn the core's numbers back into words.

Cards are numbered in the order of their ids, which is also the order in which a bot's
determinization lists the unseen cards; variables in ``STATE_VARIABLES`` order. Each effect of
the vocabulary lowers itself (``Effect.lower``); conditions are lowered here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from wargame.core import layout, model
from wargame.core.codes import (
    ABSENT,
    ANY,
    C_ALL,
    C_ANY,
    C_COMPARE,
    CMP_OPS,
    K_BOARD,
    K_CONST,
    K_DERIVED,
    K_DISPLAY,
    K_TURN,
    K_VAR,
    K_VP,
    NO_SEAT,
    OP_JUMP,
    SELF,
    T_ALIGNED,
    T_OUTPUT,
    T_VALUE,
)
from wargame.engine.cards import quarter_index
from wargame.engine.conditions import AllOf, AnyOf, Compare, Condition
from wargame.engine.outcome import SUDDEN_DEATHS
from wargame.engine.seats import NUMERAIRE, SEATS
from wargame.model.economy import DISPLAY_OUTPUTS, EVOLVING, initial_values
from wargame.model.variables import STATE_VARIABLES, VARIABLES

if TYPE_CHECKING:
    from wargame.engine.game import Ruleset

FIRST_PLAY_QUARTER = quarter_index("2026Q1")
assert len(SUDDEN_DEATHS) <= layout.MAX_ENDINGS and all(len(e.terms) <= layout.MAX_TERMS for e in SUDDEN_DEATHS)


class RulesetTooLarge(ValueError):
    """A ruleset past one of the core's fixed maxima."""


class Program:
    """Card programs being written: instructions appended one by one, jumps patched after."""

    def __init__(self, lowered: Lowered) -> None:
        self.lowered = lowered
        self.code: list[dict[str, Any]] = []

    @property
    def here(self) -> int:
        """Where the next instruction goes."""
        return len(self.code)

    def emit(self, op: int, **fields: Any) -> int:
        """Append an instruction (fields of ``layout.INSTRUCTION``); returns where it is."""
        self.code.append({"op": op, **fields})
        return len(self.code) - 1

    def patch(self, at: int, **fields: Any) -> None:
        self.code[at].update(fields)

    def effects(self, effects: list[Any]) -> tuple[int, int]:
        """Lower a list of effects; returns where its program starts and ends."""
        start = self.here
        for effect in effects:
            effect.lower(self)
        return start, self.here

    def branches(self, head: int, then: list[Any], otherwise: list[Any]) -> None:
        """After a branching instruction at ``head``: ``then``, a jump past ``otherwise``, ``otherwise``."""
        for effect in then:
            effect.lower(self)
        jump = self.emit(OP_JUMP)
        self.patch(head, orelse=self.here)
        for effect in otherwise:
            effect.lower(self)
        self.patch(jump, target=self.here)

    def condition(self, cond: Condition) -> tuple[int, int]:
        """Lower ``cond`` as a program of its own, after a jump that steps over it; returns where it starts and ends."""
        jump = self.emit(OP_JUMP)
        start = self.here
        self._condition(cond)
        self.patch(jump, target=self.here)
        return start, self.here

    def _condition(self, cond: Condition) -> None:
        if isinstance(cond, Compare):
            left_kind, left = self.path(cond.left)
            if isinstance(cond.right, str):
                right_kind, right, number = *self.path(cond.right), 0.0
            else:
                right_kind, right, number = K_CONST, 0, cond.right
            self.emit(C_COMPARE, count=CMP_OPS.index(cond.op), left_kind=left_kind, target=left,
                      right_kind=right_kind, other=right, value=number)
            return
        assert isinstance(cond, AllOf | AnyOf)
        for part in cond.parts:
            self._condition(part)
        self.emit(C_ALL if isinstance(cond, AllOf) else C_ANY, count=len(cond.parts))

    def path(self, path: str) -> tuple[int, int]:
        """What a condition reads at ``path``: its kind and index."""
        low = self.lowered
        if path.startswith("board."):
            return K_BOARD, low.board_index.get(path[6:], -1)
        if path == "game.turn":
            return K_TURN, 0
        if path.endswith(".vp"):
            return K_VP, low.seat_index.get(path[:-3], -1)
        if path in low.columns:
            return K_VAR, low.columns[path]
        return (K_DISPLAY if path in DISPLAY_OUTPUTS else K_DERIVED), model.DERIVED.index(path)

    # --- names an effect lowers to ---------------------------------------------------------------
    def column(self, name: str) -> int:
        return self.lowered.columns[name]

    def seat(self, ref: str) -> int:
        """A seat reference: the card's actor, a seat's number, or none (a seat this scenario lacks)."""
        return SELF if ref == "self" else self.lowered.seat_index.get(ref, NO_SEAT)

    def side(self, toward: str) -> int:
        """A side of the board: +1 (US) or -1 (China)."""
        return SEATS[toward].side

    def board(self, state: str) -> int:
        return self.lowered.board_index.get(state, -1)

    def array(self) -> np.recarray:
        out = layout.records(layout.INSTRUCTION, max(1, len(self.code)))
        for k, fields in enumerate(self.code):
            for name, value in fields.items():
                out[name][k] = value
        return out


class Lowered:
    """A ruleset as the core reads it: ``rules`` (an array of one ``RULES`` record) and ``code`` (its programs),
    with the numbering of its seats, cards, swing states and variables."""

    def __init__(self, ruleset: Ruleset) -> None:
        sc = ruleset.scenario
        self.ruleset = ruleset
        self.seats: list[str] = list(sc.seat_ids)
        self.seat_index = {s: i for i, s in enumerate(self.seats)}
        self.board_ids: tuple[str, ...] = ruleset.board_ids
        self.board_index = {b: i for i, b in enumerate(self.board_ids)}
        self.card_ids: list[str] = sorted(ruleset.cards)
        self.card_index = {c: i for i, c in enumerate(self.card_ids)}
        self.columns = {name: i for i, name in enumerate(STATE_VARIABLES)}
        self.scheduled_titles = [i.title or "Scheduled inject" for i in sc.injects]
        self.conditional_ids = [c.id for c in sc.conditional]
        self.conditional_titles = [c.title or c.id for c in sc.conditional]
        self.other_sources: list[str] = []
        self._check_sizes()
        program = Program(self)
        self.rules = self._tables(program)
        self.code = program.array()

    def _check_sizes(self) -> None:
        r, sc = self.ruleset, self.ruleset.scenario
        for what, n, room in (("seats", len(self.seats), layout.MAX_SEATS),
                              ("swing states", len(self.board_ids), layout.MAX_BOARD),
                              ("cards", len(self.card_ids), layout.MAX_CARDS),
                              ("cards in the draw deck", len(r.draw_deck), layout.MAX_PILE),
                              ("cards in the world deck", len(r.world_deck), layout.MAX_PILE),
                              ("scheduled injects", len(sc.injects), layout.MAX_INJECTS),
                              ("conditional injects", len(sc.conditional), layout.MAX_CONDITIONAL),
                              ("cards named by injects", sum(len(i.cards) for i in (*sc.injects, *sc.conditional)),
                               layout.MAX_CARD_LIST)):
            if n > room:
                raise RulesetTooLarge(f"scenario {sc.scenario!r} has {n} {what}; the rules core holds at most {room}")

    def source_name(self, source: int) -> str:
        """The card id or inject title a modifier or chance roll came from."""
        if source >= 0:
            return self.card_ids[source]
        k = -1 - source
        if k < layout.MAX_INJECTS:
            return self.scheduled_titles[k]
        if k < 2 * layout.MAX_INJECTS:
            return self.conditional_titles[k - layout.MAX_INJECTS]
        return self.other_sources[k - 2 * layout.MAX_INJECTS]

    def source_code(self, name: str) -> int:
        """The inverse of :meth:`source_name` (a title names the first inject that has it; a name
        from elsewhere, such as another ruleset's card, gets a code of its own)."""
        if name in self.card_index:
            return self.card_index[name]
        if name in self.scheduled_titles:
            return -1 - self.scheduled_titles.index(name)
        if name in self.conditional_titles:
            return -1 - layout.MAX_INJECTS - self.conditional_titles.index(name)
        if name not in self.other_sources:
            self.other_sources.append(name)
        return -1 - 2 * layout.MAX_INJECTS - self.other_sources.index(name)

    def _tables(self, program: Program) -> np.recarray:
        r = self.ruleset
        sc, p, v = r.scenario, r.params, r.scenario.victory
        cards = [r.cards[c] for c in self.card_ids]
        rules = layout.records(layout.RULES, 1)
        R = rules[0]
        R.n_seats, R.n_board, R.n_cards = len(self.seats), len(self.board_ids), len(cards)
        R.n_draw, R.n_world = len(r.draw_deck), len(r.world_deck)
        R.n_injects, R.n_conditional = len(sc.injects), len(sc.conditional)
        R.start, R.end, R.first_play = quarter_index(sc.start), quarter_index(sc.end), FIRST_PLAY_QUARTER
        R.rounds, R.hand_size, R.headline_on, R.world_draws = sc.rounds, sc.hand_size, int(sc.headline), sc.world_draws
        col = self.columns
        for s, seat in enumerate(self.seats):  # each seat's rules (``engine.seats``)
            rules_of = SEATS[seat]
            R.seat_points[s], R.seat_side[s] = rules_of.points, rules_of.side
            R.seat_budget[s], R.seat_pc[s] = col[f"{seat}.budget"], col[f"{seat}.pc"]
            R.targets[s] = v.targets.get(seat, 0.0)  # type: ignore[call-overload]
            R.pace[s] = v.pace.get(seat, 1.0)  # type: ignore[call-overload]
            share, of = rules_of.income(p)
            R.income_scale[s], R.income_from[s] = share, col[of] if of in col else -1 - model.DERIVED.index(of)
            invest_to, R.invest_divisor[s] = rules_of.invest(p)
            R.invest_column[s] = col[invest_to]
            R.invest_scale[s] = rules_of.economy(p) / SEATS[NUMERAIRE].economy(p)
        self._endings(R)
        R.requirement[:] = -1
        R.enters_when[:] = -1
        for k, c in enumerate(cards):
            R.ops[k], R.cost_budget[k], R.cost_pc[k] = c.ops, c.cost.budget, c.cost.pc
            R.faction[k] = ANY if c.faction == "any" else self.seat_index.get(c.faction, ABSENT)
            R.players[k] = sum(1 << self.seat_index[s] for s in c.event_seats if s in self.seat_index)
            R.set_off[k] = c.set_off
            R.needs_target[k] = c.needs_target
            if c.requires:
                R.requirement[k] = program.condition(c.requirement)
            R.effects[k] = program.effects(c.effects)
            if c.enters is not None:
                R.enters_from[k] = quarter_index(c.enters.from_) if c.enters.from_ else 0
                if c.enters.when:
                    R.enters_when[k] = program.condition(c.enters.condition)
        R.draw_deck[: len(r.draw_deck)] = [self.card_index[c] for c in r.draw_deck]
        R.world_deck[: len(r.world_deck)] = [self.card_index[c] for c in r.world_deck]
        card_list: list[int] = []

        def cards_of(ids: list[str]) -> tuple[int, int]:
            start = len(card_list)
            card_list.extend(self.card_index[c] for c in ids)
            return start, len(card_list)

        for k, inject in enumerate(sc.injects):
            R.inject_quarter[k] = quarter_index(inject.turn)
            R.inject_cards[k] = cards_of(inject.cards)
            R.inject_effects[k] = program.effects(inject.effects)
        for k, cond in enumerate(sc.conditional):
            R.conditional[k] = program.condition(cond.condition)
            R.conditional_cards[k] = cards_of(cond.cards)
            R.conditional_effects[k] = program.effects(cond.effects)
        R.card_list[: len(card_list)] = card_list
        board0 = [s.alignment for s in sc.board]
        values0 = initial_values(p, board0, r.weights, sc.initial)
        R.evolving[:] = [name in EVOLVING for name in STATE_VARIABLES]
        R.lo[:] = [VARIABLES[k].lo for k in STATE_VARIABLES]
        R.hi[:] = [VARIABLES[k].hi for k in STATE_VARIABLES]
        R.initial[:] = [values0[k] for k in STATE_VARIABLES]
        R.initial_board[: len(board0)] = board0
        R.demand[: len(board0)] = r.weights
        R.params = model.pack(p)
        R.budget_per_op, R.pc_income = sc.budget_per_op, p["pc_income"]
        R.invest_cost = p["invest_cost"]
        R.bot_budget_value, R.bot_budget_reserve = p["bot_budget_value"], p["bot_budget_reserve"]
        R.bot_pc_value, R.bot_pc_reserve = p["bot_pc_value"], p["bot_pc_reserve"]
        R.bot_hand_liability = p["bot_hand_liability"]
        R.bot_horizon, R.bot_end_value = int(p["bot_horizon"]), p["bot_end_value"]
        R.bot_candidates, R.bot_rivalry = int(p["bot_candidates"]), p["bot_rivalry"]
        _escalation(R, sc, p, col)
        return rules

    def _endings(self, R: Any) -> None:
        """The sudden deaths (``engine.outcome.ENDINGS``) with this scenario's thresholds."""
        v, p, index = self.ruleset.scenario.victory, self.ruleset.params, self.seat_index
        R.n_endings = len(SUDDEN_DEATHS)
        for k, e in enumerate(SUDDEN_DEATHS):
            R.end_reason[k] = e.code
            R.end_winner[k] = index.get(e.winner, layout.NONE) if e.winner else layout.NONE
            R.end_loser[k] = index.get(e.loser, layout.NONE) if e.loser else layout.NONE
            R.end_live[k] = e.loser is None or e.loser in index
            R.end_quarters[k] = getattr(v, e.quarters) if e.quarters else 0
            R.end_terms[k] = len(e.terms)
            for t, term in enumerate(e.terms):
                R.term_reads[k, t], R.term_cmp[k, t] = term.reads, CMP_OPS.index(term.op)
                R.term_index[k, t] = {T_OUTPUT: lambda w: model.DERIVED.index(w), T_VALUE: lambda w: self.columns[w],
                                      T_ALIGNED: lambda w: SEATS[w].side}[term.reads](term.what)
                R.term_value[k, t] = term.than(v, p)

    @property
    def streaks(self) -> list[tuple[int, str]]:
        """The sudden deaths that count quarters: their rows and their names in a state's ``streaks``."""
        return [(k, e.streak) for k, e in enumerate(SUDDEN_DEATHS) if e.streak]


def _escalation(R: Any, sc: Any, p: Any, col: Any) -> None:
    """The ruleset's numbers for the tension track and the swing states' own moves."""
    for k, state in enumerate(sc.board):
        R.board_hedge[k], R.board_tier2[k] = state.hedge, int(state.tier2)
    R.hedge_rate = p["hedge_rate"]
    R.col_tension, R.col_tiers = col["world.tension"], col["us.diffusion_tiers"]
    R.tension_cooling, R.crisis_from, R.crisis_p = p["tension_cooling"], p["crisis_from"], p["crisis_p"]
    R.conflict_at, R.crisis_tension = p["conflict_at"], p["crisis_tension"]
    R.crisis_cols[:] = [col["firm.capacity"], col["us.frontier_perf"], col["china.foreign_access"], col["firm.shock"]]
    R.crisis_size[:] = [p["crisis_capacity"], p["crisis_frontier"], p["crisis_access"], p["crisis_shock"]]
