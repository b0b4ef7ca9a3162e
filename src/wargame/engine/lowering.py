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
    CHINA,
    CMP_OPS,
    FIRM,
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
    US,
)
from wargame.engine.cards import quarter_index
from wargame.engine.conditions import AllOf, AnyOf, Compare, Condition
from wargame.model.economy import DISPLAY_OUTPUTS, EVOLVING, initial_values
from wargame.model.variables import STATE_VARIABLES, VARIABLES

if TYPE_CHECKING:
    from wargame.engine.game import Ruleset

FIRST_PLAY_QUARTER = quarter_index("2026Q1")
#: What kind of seat each seat id is (its points and its endings in the model), and its side of the board.
SEAT_KIND = {"us": US, "china": CHINA, "firm": FIRM}
SEAT_SIDE = {"us": 1, "china": -1, "firm": 0}


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
        return SEAT_SIDE[toward]

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
        R.seat_of_kind[:] = -1
        for s, seat in enumerate(self.seats):
            R.seat_kind[s], R.seat_side[s] = SEAT_KIND[seat], SEAT_SIDE[seat]
            R.seat_of_kind[SEAT_KIND[seat]] = s
            R.seat_budget[s], R.seat_pc[s] = col[f"{seat}.budget"], col[f"{seat}.pc"]
            R.targets[s] = v.targets.get(seat, 0.0)  # type: ignore[call-overload]
        # Income and investment, by seat (parameters.yaml): the states steer a share of their capex,
        # the firm a share of its profit; the firm invests in capacity, the states in this quarter's capex.
        income = {"us": (p["income_share_us"], col["us.capex"]), "china": (p["income_share_china"], col["china.capex"]),
                  "firm": (p["income_share_firm"] * p["firm_margin"], -1 - model.D_FIRM_REVENUE)}
        # An op of invest is ``budget_per_op`` scaled to the seat's economy: its capex at end-2025 (the
        # firm: its revenue) over the US's, so the same card is worth alike to each seat (README).
        economy = {"us": p["us_capex0"], "china": p["china_capex0"], "firm": p["firm_revenue0"]}
        for s, seat in enumerate(self.seats):
            R.income_scale[s], R.income_from[s] = income[seat]
            R.invest_scale[s] = economy[seat] / p["us_capex0"]
            if seat == "firm":
                R.invest_column[s], R.invest_divisor[s] = col["firm.capacity"], p["firm_capex_base"]
            else:
                R.invest_column[s], R.invest_divisor[s] = col[f"{seat}.capex"], 0.0
        R.requirement[:] = -1
        for k, c in enumerate(cards):
            R.ops[k], R.cost_budget[k], R.cost_pc[k] = c.ops, c.cost.budget, c.cost.pc
            R.faction[k] = ANY if c.faction == "any" else self.seat_index.get(c.faction, ABSENT)
            R.needs_target[k] = c.needs_target
            if c.requires:
                R.requirement[k] = program.condition(c.requirement)
            R.effects[k] = program.effects(c.effects)
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
        R.params[:] = model.pack(p)
        R.budget_per_op, R.pc_income = sc.budget_per_op, p["pc_income"]
        R.invest_cost = p["invest_cost"]
        R.bot_budget_value, R.bot_budget_reserve = p["bot_budget_value"], p["bot_budget_reserve"]
        R.bot_pc_value, R.bot_pc_reserve = p["bot_pc_value"], p["bot_pc_reserve"]
        R.bot_hand_liability = p["bot_hand_liability"]
        R.china_share, R.us_lead_months, R.us_lead_states = v.china_share, v.us_lead_months, v.us_lead_states
        R.parity_quarters, R.us_lead_quarters, R.squeeze_quarters = (v.china_parity_quarters, v.us_lead_quarters,
                                                                     v.firm_squeeze_quarters)
        R.firm_revenue0 = p["firm_revenue0"]
        R.col_sanctioned_us, R.col_sanctioned_china = col["firm.sanctioned_us"], col["firm.sanctioned_china"]
        return rules
