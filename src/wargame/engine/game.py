"""The rules: a ``Game`` (one ruleset) turns ``(state, action)`` into the next state.

The small API follows OpenSpiel: ``new_game``, ``current_player``, ``legal_actions``, ``apply``,
``view``, ``result``. It is a facade over the rules core (``wargame.core``), which holds every
rule: ``apply`` hands the state to the core as a record, and the core's event codes come back as
the log's words (``engine.log``). ``apply`` never mutates its input; after a decision the core
runs the automatic steps of the quarter (news, income, headline reveal, economy, scoring) until
the next decision. Chance draws are counter-based and logged as events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from wargame.core import api, layout, model
from wargame.core import bots as core_bots
from wargame.core import codes as C
from wargame.core import mcts as core_mcts
from wargame.core.layout import NONE
from wargame.core.quarter import influence_steps
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
from wargame.engine.cards import quarter_index, quarter_label
from wargame.engine.compiled import ready
from wargame.engine.corestate import Fields, from_record, seed_word, to_record
from wargame.engine.fields import listed
from wargame.engine.log import Transcript
from wargame.engine.ruleset import Ruleset
from wargame.engine.state import HIDDEN, PHASE_ACTION, PHASE_HEADLINE, GameState, state_hash
from wargame.model.variables import STATE_VARIABLES, VARIABLES, WRITABLE_VARIABLES

#: Bumped whenever a change to the rules makes the same log give other states. Saves record it, so
#: a save from other rules is refused as such rather than as tampered.
#: 4: the rules core; values clamped to a whole-number bound are floats, results carry their end code.
#: 5: eras: cards held out of their deck until their quarter or condition (the state's held piles);
#:    modifiers count in the scoring of every quarter they last; the lag reads the frontier's growth at
#:    this quarter's pace; the inference share keeps a card's rise; a modifier is logged with its values.
#:    the tension track (``world.tension``), the Taiwan Strait risk and open conflict; swing states hedge
#:    and Diffusion tiers push only tier-2 states (a save of rules 4 is refolded under these: ``store.migrate``).
#: 6: ops scaled to each seat's economy and invest paid from the budget; supply ceilings (HBM, EUV,
#:    power) and China's capex answering the gap, with their state variables.
#: 7: a game a sudden death cuts short is judged against the share of each target due by then (its
#:    result carries that share, ``played``).
#: 8: a quarter's close keeps every track the dashboard follows in the state's history (the supply
#:    ceilings, the controls' rules and enforcement, the sanctions): the same games, new state hashes.
RULES_VERSION = 8

_MASK = 2**64 - 1
#: Room in a batch's plays log for each game to start with (it doubles when the games need more).
LOG_PER_GAME = 48
#: An action's kind and ops use as the core numbers them, and back.
_USES = {"influence": C.INFLUENCE, "invest": C.INVEST, "lobby": C.LOBBY}
_KINDS = {EVENT: C.EVENT, SHELVE: C.SHELVE, PASS: C.PASS, HEADLINE: C.HEADLINE}


class _Core:
    """The core's working memory for one game facade (not shared between threads)."""

    def __init__(self) -> None:
        self.work = layout.new_work()
        self.events = layout.records(layout.EVENT, layout.EVENT_ROOM)
        self.scratch = layout.records(layout.STATE, core_bots.N_SCRATCH + core_bots.KEPT)
        self.moves = np.zeros((256, 3), np.int64)


def _search_memory(names: list[str]) -> tuple[np.recarray, ...] | None:
    """The search bots' memory for a batch (scratch states and a view, nodes, the search, each seat's
    settings), or ``None`` when no seat searches."""
    searching = [name for name in names if name in core_mcts.SEARCH_BOTS]
    if not searching:
        return None
    params = layout.records(core_mcts.PARAMS, layout.MAX_SEATS)
    for k, name in enumerate(names):
        params[k] = core_mcts.search_params(**core_mcts.SEARCH_BOTS.get(name, {}))[0]
    room = max(core_mcts.SEARCH_BOTS[name]["iterations"] for name in searching) + 1
    return (layout.records(layout.STATE, core_mcts.N_SCRATCH + 1), layout.records(core_mcts.NODE, room),
            layout.records(core_mcts.SEARCH, 1), params)


class Game:
    """The rules of one ruleset, as functions of a ``GameState``."""

    def __init__(self, ruleset: Ruleset) -> None:
        self.rules = ruleset
        self.low = ruleset.lowered
        self._memory: _Core | None = None

    @property
    def _core(self) -> _Core:
        """The core's working memory; the first use loads the compiled core (``engine.compiled``),
        compiling it first, or waiting for another process that does, if the cache has none."""
        if self._memory is None:
            ready(self)
            self._memory = _Core()
        return self._memory

    # --- The state API ---------------------------------------------------------------------------
    def new_game(self, seed: int, game_index: int = 0) -> GameState:
        """The opening state, advanced to the first decision."""
        sc, low, core = self.rules.scenario, self.low, self._core
        recs = layout.records(layout.STATE, 1)
        core.work[0].log_events = 1
        api.new_game(low.rules, low.code, core.work, core.events, recs, seed_word(seed), game_index)
        state = from_record(low, Fields(recs), self._base(seed, game_index))
        log = Transcript(self.rules, state, state.quarter)
        log.add("start", f"{sc.title}: {sc.start} to {sc.end}, seed {seed}")
        log.read(core.events, 0, int(core.work[0].n_events))
        return state

    def scenario_opening(self, seed: int = 0, game_index: int = 0) -> GameState:
        """The state as the scenario sets it, before the first quarter's news, income and deal (not playable)."""
        sc, low, _ = self.rules.scenario, self.low, self._core
        recs = layout.records(layout.STATE, 1)
        api.opening(low.rules, recs, seed_word(seed), game_index)
        state = from_record(low, Fields(recs), self._base(seed, game_index))
        Transcript(self.rules, state, state.quarter).add("start", f"{sc.title}: {sc.start} to {sc.end}, seed {seed}")
        return state

    def _base(self, seed: int, game_index: int) -> GameState:
        """An empty state of this ruleset, for a record to fill."""
        sc = self.rules.scenario
        return GameState(scenario=sc.scenario, seats=list(sc.seat_ids), quarter=quarter_index(sc.start), turn=1,
                         phase=PHASE_ACTION, values={}, board={}, seed=int(seed), game_index=int(game_index))

    def current_player(self, state: GameState) -> str | None:
        """The seat to act, or ``None`` when the game is over."""
        if state.over:
            return None
        if state.phase == PHASE_HEADLINE:
            return next((s for s in state.seats if s not in state.headline_picks), None)
        return state.seats[state.action_index % len(state.seats)]

    def legal_actions(self, state: GameState) -> list[Action]:
        """Every action the current seat may take (the one authority on what may be done)."""
        seat = self.current_player(state)
        if seat is None:
            return []
        low, core = self.low, self._core
        recs = to_record(low, state)
        s = low.seat_index[seat]
        total = api.legal_moves(low.rules, low.code, core.work, recs, s, core.moves)
        if total > len(core.moves):
            core.moves = np.zeros((total, 3), np.int64)
            api.legal_moves(low.rules, low.code, core.work, recs, s, core.moves)
        return [self._action(seat, *row) for row in core.moves[:total].tolist()]

    def core_action(self, seat: str, kind: int, card: int, target: int) -> Action:
        """A move as the core numbers it (kind, card, target), as an ``Action`` (for the core's search bots)."""
        return self._action(seat, kind, card, target)

    def _action(self, seat: str, kind: int, card: int, target: int) -> Action:
        """A move as the core numbers it, as an ``Action``."""
        low = self.low
        cid = low.card_ids[card] if card >= 0 else None
        where = low.board_ids[target] if target >= 0 else None
        if kind == C.HEADLINE:
            return Action(seat, HEADLINE, cid, target=where) if cid else Action(seat, PASS)
        if kind in (C.INFLUENCE, C.INVEST, C.LOBBY):
            return Action(seat, OPS, cid, use={v: k for k, v in _USES.items()}[kind], target=where)
        return Action(seat, {v: k for k, v in _KINDS.items()}[kind], cid, target=where)

    def _move(self, state: GameState, action: Action) -> tuple[int, int, int]:
        """An ``Action`` as the core numbers it: (kind, card, target)."""
        low = self.low
        card = low.card_index[action.card] if action.card else NONE
        target = low.board_index[action.target] if action.target else NONE
        kind = _USES[action.use or ""] if action.kind == OPS else _KINDS[action.kind]
        return kind, card, target

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
            return self.explain_illegal(state, action)
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
        low, core = self.low, self._core
        recs = to_record(low, state)
        work = core.work
        work[0].log_events = 1
        if action.seat == FACILITATOR:
            return self._facilitate(state, action, recs)
        kind, card, target = self._move(state, action)
        own = api.step(low.rules, low.code, work, core.events, recs, low.seat_index[action.seat], kind, card, target,
                       within_quarter)
        nxt = self._after(recs, state)
        log = Transcript(self.rules, nxt, state.quarter)
        log.read(core.events, 0, own)
        if action.text:
            secret = action.seat if action.kind == HEADLINE else None  # a headline pick stays hidden from the table
            log.add("rationale", action.text, seat=action.seat, card=action.card, play=action.kind, private=secret)
        log.read(core.events, own, int(work[0].n_events))
        return nxt

    def _after(self, recs: np.recarray, state: GameState) -> GameState:
        """The state a step left in ``recs``, with ``state``'s log and lists to bring up to date."""
        st = Fields(recs)
        if st.spill:
            raise ValueError("this game went past the rules core's room (too many cards in a hand or modifiers at once)")
        return from_record(self.low, st, state)

    def _facilitate(self, state: GameState, action: Action, recs: np.recarray) -> GameState:
        """Overrides, fired cards and notes: logged, and never a change of turn."""
        low, core = self.low, self._core
        if action.kind == OVERRIDE:
            assert action.path is not None and action.value is not None
            board = action.path.startswith("board.")
            index = -1 - low.board_index[action.path[6:]] if board else low.columns[action.path]
            before = state.board[action.path[6:]] if board else state.values[action.path]
            api.override(low.rules, core.work, core.events, recs, index, float(action.value))
            nxt = self._after(recs, state)
            Transcript(self.rules, nxt, state.quarter).add(
                "override", f"facilitator sets {action.path} {before:.3g} -> {action.value:.3g}: {action.text}",
                seat=FACILITATOR, changes={action.path: [before, float(action.value)]})
            return nxt
        if action.kind == FIRE:
            assert action.card is not None
            target = low.board_index[action.target] if action.target else NONE
            api.fire(low.rules, low.code, core.work, core.events, recs, low.card_index[action.card], target)
            nxt = self._after(recs, state)
            Transcript(self.rules, nxt, state.quarter).read(core.events, 0, int(core.work[0].n_events))
            return nxt
        nxt = state.clone()
        nxt.viewer = None
        Transcript(self.rules, nxt, state.quarter).add("note", action.text or "", seat=FACILITATOR)
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
        low = self.low
        eff, der = np.zeros(len(STATE_VARIABLES)), np.zeros(model.N_DERIVED)
        api.all_outputs(low.rules, self._core.work, to_record(low, state), eff, der)
        return {**dict(zip(STATE_VARIABLES, eff.tolist(), strict=True)),
                **dict(zip(model.DERIVED, der.tolist(), strict=True))}

    def lookup(self, state: GameState) -> Callable[[str], float]:
        """What a condition reads on ``state``, by path (values and outputs from the rules core, the
        board, points and turn), for words on screen about conditions."""
        values = self.outputs(state)

        def read(path: str) -> float:
            if path.startswith("board."):
                return float(state.board.get(path[6:], 0.0))
            if path == "game.turn":
                return float(state.turn)
            if path.endswith(".vp"):
                return float(state.vp.get(path[:-3], 0.0))
            return values[path]

        return read

    def projected_close(self, state: GameState) -> tuple[dict[str, float], dict[str, float]]:
        """One more quarter of the model from ``state``: each seat's points now plus that quarter's,
        and the model's outputs then (what the quarter's end would score, modifiers aside)."""
        low = self.low
        vp, out = np.zeros(layout.MAX_SEATS), np.zeros(model.N_DERIVED)
        api.projected_close(low.rules, self._core.work, to_record(low, state), vp, out)
        return (dict(zip(low.seats, vp.tolist(), strict=False)), dict(zip(model.DERIVED, out.tolist(), strict=True)))

    def hash(self, state: GameState) -> str:
        return state_hash(state)

    # --- The seats' rules, as the core has them (for words on screen) -------------------------------
    def influence_steps(self, ops: int) -> int:
        """How many steps a card of ``ops`` ops moves a swing state when played to influence it."""
        ready(self)
        return int(influence_steps(ops))

    def board_side(self, seat: str) -> int:
        """``seat``'s side of the board: +1 (US), -1 (China), 0 (no side: its influence calms markets)."""
        return int(self.low.rules[0].seat_side[self.low.seat_index[seat]])

    def invests_in_capacity(self, seat: str) -> bool:
        """Whether ``seat``'s invest ops build lasting capacity (not this quarter's capex)."""
        return bool(self.low.rules[0].invest_divisor[self.low.seat_index[seat]] > 0.0)

    def invest_per_op(self, seat: str) -> float:
        """$B one op of invest puts in for ``seat`` (the scenario's ``budget_per_op`` scaled to the
        seat's economy), and what it costs from the seat's budget, per $B."""
        R = self.low.rules[0]
        return float(R.budget_per_op * R.invest_scale[self.low.seat_index[seat]])

    # --- Batches: whole games in the core ----------------------------------------------------------
    def play_whole(self, bots: Mapping[str, str], seat_seeds: np.ndarray, seed: int, first: int,
                   count: int) -> tuple[np.recarray, np.ndarray, np.ndarray]:
        """Games ``first .. first+count-1`` under ``seed`` played to the end in the core, every seat
        by its named core bot or search (``seat_seeds[s, k]``: seat ``s``'s bot seed in the ``k``-th game).

        Returns their final states and the card plays each recorded: the plays of game ``k`` are
        ``log[log_end[k-1]:log_end[k]]`` (``sim.games`` reads them). Thread-safe: its memory is its own.
        """
        ready(self)
        low = self.low
        names = [bots[s] for s in low.seats]
        codes = np.array([C.SEARCH_BOT if b in core_mcts.SEARCH_BOTS else C.BOT_NAMES.index(b) for b in names],
                         np.int64)
        finals = layout.records(layout.STATE, count)
        log = np.zeros(count * LOG_PER_GAME + 64, np.int32)
        log_end = np.zeros(count, np.int64)
        work, events = layout.new_work(), layout.records(layout.EVENT, 1)
        scratch = layout.records(layout.STATE, core_bots.N_SCRATCH + core_bots.KEPT)
        search = _search_memory(names)
        done = 0
        while done < count:  # the plays log grows when the games record more plays than it holds
            if search is None:
                done = core_bots.play_games(low.rules, low.code, work, events, scratch, finals, codes, seat_seeds,
                                            seed_word(seed), first, done, log, log_end)
            else:
                done = core_mcts.play_games(low.rules, low.code, work, events, scratch, *search, finals, codes,
                                            seat_seeds, seed_word(seed), first, done, log, log_end)
            if done < count:
                log = np.concatenate([log, np.zeros(len(log), log.dtype)])
        if finals.spill.any():
            raise ValueError("a game went past the rules core's room (too many cards in a hand or modifiers at once)")
        return finals, log, log_end

    def final_outputs(self, finals: np.recarray) -> np.ndarray:
        """The model's outputs (``model.DERIVED`` order, the display ones left at 0) at each of ``finals``."""
        ready(self)
        out = np.zeros((len(finals), model.N_DERIVED))
        api.final_outputs(self.low.rules, finals, layout.new_work(), out)
        return out

    # --- For bots: they see a seat's view only ---------------------------------------------------
    def bot_move(self, view: GameState, bot: str, seed: int, calls: int,
                 scores: bool = False) -> tuple[Action, int, list[tuple[Action, float]]]:
        """The move the core's built-in bot ``bot`` (``pass``, ``random``, ``greedy``) makes on
        ``view`` as its ``calls``-th choice under ``seed``: the move, the bot's calls after it, and
        (``scores``, greedy only) every legal move with its projected points, in legal order."""
        seat = view.viewer or self.current_player(view)
        assert seat is not None
        low, core = self.low, self._core
        s = low.seat_index[seat]
        wk = core.work[0]
        wk.bot_calls[s], wk.bot_words[s] = calls, seed_word(seed)
        wk.log_events, wk.want_scores, wk.n_moves = 0, scores, 0
        kind, card, target = api.choose(low.rules, low.code, core.work, core.events, core.scratch,
                                        to_record(low, view), s, C.BOT_NAMES.index(bot), np.uint64(seed & _MASK))
        wk.want_scores = 0
        weighed = wk.move_scores[: wk.n_moves].tolist() if scores and wk.n_moves else []
        options = list(zip(self.legal_actions(view), weighed, strict=False)) if weighed else []
        return self._action(seat, kind, card, target), int(wk.bot_calls[s]), options

    def determinize(self, view: GameState, seed: int) -> GameState:
        """A playable state consistent with ``view``: what its seat cannot see (other hands and
        headline picks, the piles' order) dealt at random under ``seed``."""
        if view.viewer is None:
            return view.clone()
        low = self.low
        out = layout.records(layout.STATE, 1)
        api.determinize(low.rules, self._core.work, to_record(low, view), low.seat_index[view.viewer], seed_word(seed),
                        out)
        state = from_record(low, Fields(out), view)
        state.seed = seed
        return state

    def projected_scores(self, state: GameState) -> dict[str, float]:
        """Every seat's points now plus what one more quarter of the model would give it from here."""
        if state.over:
            return dict(state.vp)
        return self.projected_close(state)[0]

    def explain_illegal(self, state: GameState, action: Action) -> str:
        """A reason for a player, when ``action`` is not among the legal actions."""
        seat = action.seat
        if action.card is not None and action.card not in state.hands.get(seat, []):
            return f"{action.card!r} is not in {seat}'s hand"
        card = self.rules.cards.get(action.card or "")
        if state.phase == PHASE_HEADLINE and action.kind != HEADLINE:
            return "every seat must pick a headline card first"
        if state.phase == PHASE_ACTION and action.kind == HEADLINE:
            return "the headline has already been played this quarter"
        if card is not None and action.kind in (EVENT, HEADLINE):
            if seat not in card.event_seats and action.kind == EVENT:
                if card.faction == "any":
                    return f"only {listed(card.event_seats, last='and')} may play {card.name} for its event: play it for ops"
                fires = f"its event fires for {card.faction}" if card.sets_off(seat) else "its event does not fire"
                return f"{card.name} is {card.faction}'s card: play it for ops ({fires})"
            if seat not in card.event_seats and card.faction == "any":
                return f"only {listed(card.event_seats, last='and')} may play {card.name} for its event"
            if seat not in card.event_seats and not card.sets_off(seat):
                return (f"{card.name} is {card.faction}'s decision alone: another seat may play it for ops "
                        "(its event does not fire), not headline it")
            if not (state.values[f"{seat}.budget"] >= card.cost.budget - 1e-9
                    and state.values[f"{seat}.pc"] >= card.cost.pc - 1e-9):
                return (f"{card.name} costs ${card.cost.budget:g}B and {card.cost.pc:g} PC; "
                        f"{seat} has ${state.values[seat + '.budget']:.1f}B and {state.values[seat + '.pc']:.0f} PC")
            low = self.low
            if not api.requirement_holds(low.rules, low.code, self._core.work, to_record(low, state),
                                         low.card_index[card.id]):
                return f"{card.name}: its conditions do not hold ({', '.join(map(str, card.requires))})"
            if card.needs_target and action.target not in state.board:
                return f"{card.name} needs a swing state as its target"
        if action.kind == SHELVE and seat in state.shelved:
            return f"{seat} has already shelved a card this quarter"
        if action.kind == OPS and card is not None:
            if card.ops == 0:
                return f"{card.name} has no ops"
            if action.use == "influence" and card.ops < 2:
                return "influence needs a card of at least 2 ops"
            if action.use == "influence":
                return f"cannot influence {action.target!r}"
        return f"{action.describe()} is not a legal move now"

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
            if action.target is not None and action.target not in state.board:
                return f"no swing state {action.target!r} on this board"
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


__all__ = [
    "EVENT", "FACILITATOR", "HEADLINE", "OPS", "PASS", "SHELVE", "PHASE_ACTION", "PHASE_HEADLINE",
    "RULES_VERSION", "Game", "Ruleset", "quarter_label",
]
