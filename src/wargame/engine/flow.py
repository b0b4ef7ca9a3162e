"""The quarter's phases (DESIGN section 2) as small steps on a mutable clone of the state.

``advance`` runs automatic steps until a seat must decide: news, income and refills open a
quarter; the headline resolves once every seat has picked; after the action rounds come the
economy, scoring and the end checks, then the next quarter opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wargame.engine import rng
from wargame.engine.actions import EVENT, FIRE, HEADLINE, NOTE, OPS, OVERRIDE, PASS, SHELVE, Action
from wargame.engine.cards import Card, quarter_index, quarter_label
from wargame.engine.conditions import Condition
from wargame.engine.effects import EffectContext
from wargame.engine.state import PHASE_ACTION, PHASE_HEADLINE, PHASE_OVER, GameState, Modifier
from wargame.model.economy import EVOLVING, advance_quarter, derive, initial_values
from wargame.model.scoring import aligned_counts, quarter_vp
from wargame.model.variables import STATE_VARIABLES, VARIABLES

if TYPE_CHECKING:
    from wargame.engine.game import Ruleset

#: Tracks recorded at the end of every quarter (dashboard sparklines, replays, reports).
TRACKS: tuple[str, ...] = (
    "world.lag", "us.compute", "china.compute", "us.effective_compute", "china.effective_compute",
    "china.domestic_share", "china.world_share", "us.export_controls_eff", "us.capex", "china.capex",
    "world.fragmentation", "firm.revenue", "us.budget", "china.budget", "firm.budget", "us.pc", "china.pc", "firm.pc",
)
FIRST_PLAY_QUARTER = quarter_index("2026Q1")


# --- Values ----------------------------------------------------------------------------------------
def effective(state: GameState) -> dict[str, float]:
    """Base values with the temporary modifiers applied, clamped to each variable's bounds."""
    values = dict(state.values)
    for m in state.modifiers:
        values[m.target] = values[m.target] * m.mul + m.add
    for m in state.modifiers:
        values[m.target] = VARIABLES[m.target].clamp(values[m.target])
    return values


def all_values(rules: Ruleset, state: GameState) -> dict[str, float]:
    """Effective state values plus every derived output."""
    eff = effective(state)
    board = [state.board[b] for b in rules.board_ids]
    return {**eff, **{k: float(v) for k, v in derive(eff, board, rules.weights, rules.params).items()}}


def lookup_for(rules: Ruleset, state: GameState) -> Any:
    """A path -> number function for conditions, over this state."""
    cache: dict[str, float] = {}

    def lookup(path: str) -> float:
        if path.startswith("board."):
            return state.board.get(path[6:], 0.0)
        if path == "game.turn":
            return float(state.turn)
        if path.endswith(".vp"):
            return state.vp.get(path[:-3], 0.0)
        if not cache:
            cache.update(all_values(rules, state))
        return cache[path]

    return lookup


def _rounded(changes: dict[str, list[float]]) -> dict[str, list[float]]:
    """A play's before/after values, rounded for the log (six places keep the hash stable and readable)."""
    return {k: [round(a, 6), round(b, 6)] for k, (a, b) in changes.items()}


def _event(state: GameState, kind: str, text: str, **extra: Any) -> None:
    state.events.append({"q": quarter_label(state.quarter), "kind": kind, "text": text,
                         **{k: v for k, v in extra.items() if v is not None}})


# --- Chance ----------------------------------------------------------------------------------------
def _uniform(state: GameState) -> float:
    u = rng.uniform(state.seed, state.rng_counter, state.game_index)
    state.rng_counter += 1
    return u


def _below(state: GameState, n: int) -> int:
    k = rng.below(state.seed, state.rng_counter, n, state.game_index)
    state.rng_counter += 1
    return k


def _shuffle(state: GameState, cards: list[str]) -> list[str]:
    out = list(cards)
    for i in range(len(out) - 1, 0, -1):
        j = _below(state, i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def _draw_cards(state: GameState, seat: str, count: int) -> None:
    drawn: list[str] = []
    for _ in range(count):
        if not state.draw_pile:
            if not state.discard_pile:
                break
            state.draw_pile = _shuffle(state, state.discard_pile)
            state.discard_pile = []
            _event(state, "reshuffle", f"the discard pile ({len(state.draw_pile)} cards) is reshuffled into the draw deck")
        drawn.append(state.draw_pile.pop())
    state.hands[seat].extend(drawn)
    if drawn:
        _event(state, "draw", f"{seat} draws {', '.join(drawn)}", seat=seat, cards=drawn, private=seat)


# --- Effects ---------------------------------------------------------------------------------------
class _Context(EffectContext):
    """The engine side of card effects: reads and writes base values, logging every change."""

    def __init__(self, rules: Ruleset, state: GameState, actor: str | None, chosen: str | None, source: str) -> None:
        self.rules, self.state, self.actor, self._chosen, self.source = rules, state, actor, chosen, source
        self.changes: dict[str, list[float]] = {}

    def get(self, path: str) -> float:
        return self.state.values[path]

    def set(self, path: str, value: float) -> None:
        before = self.state.values[path]
        after = VARIABLES[path].clamp(float(value))
        self.state.values[path] = after
        self.changes.setdefault(path, [before, after])[1] = after

    def add_modifier(self, target: str, add: float, mul: float, turns: int) -> None:
        self.state.modifiers.append(Modifier(target, add, mul, turns, self.source))
        self.changes.setdefault(f"{target} (temporary)", [0.0, 0.0])

    def draw(self, seat: str, count: int) -> None:
        _draw_cards(self.state, seat, count)

    def discard(self, seat: str, count: int) -> None:
        hand = self.state.hands[seat]
        for _ in range(min(count, len(hand))):
            card = hand.pop(_below(self.state, len(hand)))
            self.state.discard_pile.append(card)
            _event(self.state, "discard", f"{seat} discards {card}", seat=seat, card=card)

    def shift(self, state_id: str, steps: float) -> None:
        if state_id not in self.state.board:
            return
        before = self.state.board[state_id]
        after = min(max(before + steps, -3.0), 3.0)
        self.state.board[state_id] = after
        self.changes.setdefault(f"board.{state_id}", [before, after])[1] = after

    def board_ids(self) -> list[str]:
        return list(self.rules.board_ids)

    def chosen_state(self) -> str | None:
        return self._chosen

    def chance(self, p: float) -> bool:
        roll = _uniform(self.state)
        hit = roll < p
        _event(self.state, "chance", f"chance {p:.0%}: {'yes' if hit else 'no'}", roll=roll, p=p, card=self.source)
        return hit

    def holds(self, condition: Condition) -> bool:
        return condition.holds(lookup_for(self.rules, self.state))

    def seat_of(self, ref: str) -> str | None:
        seat = self.actor if ref == "self" else ref
        return seat if seat in self.state.hands else None


def auto_target(rules: Ruleset, state: GameState, owner: str | None) -> str | None:
    """The swing state an absent decider picks: the largest market that can still move toward the owner."""
    best: tuple[float, str] | None = None
    for spec in rules.scenario.board:
        a = state.board[spec.id]
        movable = a < 3 if owner == "us" else a > -3 if owner == "china" else True
        if movable and (best is None or spec.demand > best[0]):
            best = (spec.demand, spec.id)
    return best[1] if best else None


def resolve_card(rules: Ruleset, state: GameState, card: Card, actor: str | None, target: str | None,
                 kind: str, pay: bool, by: str | None = None) -> None:
    """Fire a card's event for ``actor`` (paying its cost when ``pay``), logging what changed."""
    if not card.requirement.holds(lookup_for(rules, state)):
        _event(state, kind, f"{card.name}: no effect (its conditions do not hold)", seat=by or actor, card=card.id,
               owner=actor)
        return
    if pay:
        state.values[f"{actor}.budget"] -= card.cost.budget
        state.values[f"{actor}.pc"] -= card.cost.pc
    if target is None and card.needs_target:
        target = auto_target(rules, state, actor)
    ctx = _Context(rules, state, actor, target, card.id)
    for effect in card.effects:
        effect.apply(ctx)
    changes = _rounded(ctx.changes)
    _event(state, kind, f"{card.name}: {card.text}", seat=by or actor, card=card.id, owner=actor, target=target,
           changes=changes)


def affordable(state: GameState, seat: str, card: Card) -> bool:
    return (state.values[f"{seat}.budget"] >= card.cost.budget - 1e-9
            and state.values[f"{seat}.pc"] >= card.cost.pc - 1e-9)


def can_play_event(rules: Ruleset, state: GameState, seat: str, card: Card, lookup: Any = None) -> bool:
    """Own or neutral card, affordable, conditions holding."""
    return (card.faction in (seat, "any") and affordable(state, seat, card)
            and card.requirement.holds(lookup or lookup_for(rules, state)))


# --- Opening a quarter -----------------------------------------------------------------------------
def new_game(rules: Ruleset, seed: int, game_index: int) -> GameState:
    """Opening state: model values, board, shuffled decks, then the first quarter's automatic steps."""
    state = scenario_opening(rules, seed, game_index)
    _begin_quarter(rules, state)
    advance(rules, state)
    return state


def scenario_opening(rules: Ruleset, seed: int, game_index: int) -> GameState:
    """The state as the scenario sets it: model values, board and shuffled decks, before the first news."""
    sc = rules.scenario
    board = {s.id: s.alignment for s in sc.board}
    values = initial_values(rules.params, list(board.values()), rules.weights, sc.initial)
    state = GameState(
        scenario=sc.scenario, seats=list(sc.seat_ids), quarter=quarter_index(sc.start), turn=1,
        phase=PHASE_ACTION, values={k: float(values[k]) for k in STATE_VARIABLES}, board=board,
        hands={s: [] for s in sc.seat_ids}, vp={s: 0.0 for s in sc.seat_ids},
        streaks={"china_parity": 0, "us_lead": 0, "firm_squeeze": 0},
        seed=int(seed), game_index=int(game_index),
    )
    state.draw_pile = _shuffle(state, list(rules.draw_deck))
    state.world_pile = _shuffle(state, list(rules.world_deck))
    _event(state, "start", f"{sc.title}: {sc.start} to {sc.end}, seed {seed}")
    return state


def _begin_quarter(rules: Ruleset, state: GameState) -> None:
    sc = rules.scenario
    label = quarter_label(state.quarter)
    _event(state, "quarter", f"{label} begins")
    for inject in sc.injects:
        if inject.turn == label:
            _fire_inject(rules, state, inject.title or "Scheduled inject", inject.text, inject.cards, inject.effects)
    for inject in sc.conditional:
        # A fresh lookup each time: an inject sees what the injects before it changed.
        if inject.id not in state.fired and inject.condition.holds(lookup_for(rules, state)):
            state.fired.append(inject.id)
            _fire_inject(rules, state, inject.title or inject.id, inject.text, inject.cards, inject.effects)
    for _ in range(sc.world_draws):
        _draw_world(rules, state)
    _income(rules, state)
    for seat in state.seats:
        _draw_cards(state, seat, max(0, sc.hand_size - len(state.hands[seat])))
    state.shelved = []
    state.action_index = 0
    state.headline_picks = {}
    state.phase = PHASE_HEADLINE if sc.headline else PHASE_ACTION


def _fire_inject(rules: Ruleset, state: GameState, title: str, text: str, cards: list[str], effects: list[Any]) -> None:
    _event(state, "inject", f"{title}: {text}".rstrip(": "))
    for card_id in cards:
        resolve_card(rules, state, rules.cards[card_id], None, None, "inject", pay=False)
    if effects:
        ctx = _Context(rules, state, None, None, title)
        for effect in effects:
            effect.apply(ctx)
        _event(state, "inject-effects", title, changes=_rounded(ctx.changes))


def _draw_world(rules: Ruleset, state: GameState) -> None:
    if not state.world_pile:
        if not state.world_discard:
            return
        state.world_pile = _shuffle(state, state.world_discard)
        state.world_discard = []
    card_id = state.world_pile.pop()
    state.world_discard.append(card_id)
    resolve_card(rules, state, rules.cards[card_id], None, None, "world", pay=False)


def seat_income(p: Mapping[str, float], out: Mapping[str, Any]) -> dict[str, Any]:
    """Each seat's budget income for a quarter from the model's outputs (floats, or arrays of games)."""
    return {
        "us": p["income_share_us"] * out["us.capex"],
        "china": p["income_share_china"] * out["china.capex"],
        "firm": p["income_share_firm"] * p["firm_margin"] * out["firm.revenue"],
    }


def _income(rules: Ruleset, state: GameState) -> None:
    p = rules.params
    income = seat_income(p, all_values(rules, state))
    for seat in state.seats:
        for path, gain in ((f"{seat}.budget", income[seat]), (f"{seat}.pc", p["pc_income"])):
            state.values[path] = VARIABLES[path].clamp(state.values[path] + gain)
    _event(state, "income", "income: " + ", ".join(f"{s} +${income[s]:.1f}B" for s in state.seats))


# --- Whose turn, and what may be done --------------------------------------------------------------
def current_player(rules: Ruleset, state: GameState) -> str | None:
    if state.phase == PHASE_OVER:
        return None
    if state.phase == PHASE_HEADLINE:
        for seat in state.seats:
            if seat not in state.headline_picks:
                return seat
        return None
    return state.seats[state.action_index % len(state.seats)]


def _targets_for(rules: Ruleset, state: GameState, card: Card) -> list[str | None]:
    return list(rules.board_ids) if card.needs_target else [None]


def _influence_targets(rules: Ruleset, state: GameState, seat: str) -> list[str]:
    if seat == "us":
        return [b for b in rules.board_ids if state.board[b] < 3]
    if seat == "china":
        return [b for b in rules.board_ids if state.board[b] > -3]
    return [b for b in rules.board_ids if state.board[b] != 0]


def legal_actions(rules: Ruleset, state: GameState) -> list[Action]:
    seat = current_player(rules, state)
    if seat is None:
        return []
    hand = state.hands[seat]
    out: list[Action] = []
    seen: set[str] = set()
    lookup = lookup_for(rules, state)
    if state.phase == PHASE_HEADLINE:
        for cid in hand:
            if cid in seen:
                continue
            seen.add(cid)
            card = rules.cards[cid]
            if card.faction in (seat, "any"):
                if can_play_event(rules, state, seat, card, lookup):
                    out.extend(Action(seat, HEADLINE, cid, target=t) for t in _targets_for(rules, state, card))
            else:
                out.append(Action(seat, HEADLINE, cid))
        return [*out, Action(seat, PASS)]  # a seat may decline to headline
    out.append(Action(seat, PASS))
    for cid in hand:
        if cid in seen:
            continue
        seen.add(cid)
        card = rules.cards[cid]
        if can_play_event(rules, state, seat, card, lookup):
            out.extend(Action(seat, EVENT, cid, target=t) for t in _targets_for(rules, state, card))
        if card.ops > 0:
            if card.ops >= 2:
                out.extend(Action(seat, OPS, cid, use="influence", target=b) for b in _influence_targets(rules, state, seat))
            out.append(Action(seat, OPS, cid, use="invest"))
            out.append(Action(seat, OPS, cid, use="lobby"))
        if seat not in state.shelved:
            out.append(Action(seat, SHELVE, cid))
    return out


def explain_illegal(rules: Ruleset, state: GameState, action: Action) -> str:
    """A reason for a player, when ``action`` is not among the legal actions."""
    seat = action.seat
    if action.card is not None and action.card not in state.hands.get(seat, []):
        return f"{action.card!r} is not in {seat}'s hand"
    card = rules.cards.get(action.card or "")
    if state.phase == PHASE_HEADLINE and action.kind != HEADLINE:
        return "every seat must pick a headline card first"
    if state.phase == PHASE_ACTION and action.kind == HEADLINE:
        return "the headline has already been played this quarter"
    if card is not None and action.kind in (EVENT, HEADLINE):
        if card.faction not in (seat, "any") and action.kind == EVENT:
            return f"{card.name} is {card.faction}'s card: play it for ops (its event fires for {card.faction})"
        if not affordable(state, seat, card):
            return (f"{card.name} costs ${card.cost.budget:g}B and {card.cost.pc:g} PC; "
                    f"{seat} has ${state.values[seat + '.budget']:.1f}B and {state.values[seat + '.pc']:.0f} PC")
        if not card.requirement.holds(lookup_for(rules, state)):
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
        if action.use == "influence" and action.target not in _influence_targets(rules, state, seat):
            return f"cannot influence {action.target!r}"
    return f"{action.describe()} is not a legal move now"


# --- Applying a seat's action ----------------------------------------------------------------------
def apply_seat_action(rules: Ruleset, state: GameState, action: Action) -> None:
    seat = action.seat
    if state.phase == PHASE_HEADLINE:
        if action.card is not None:
            state.hands[seat].remove(action.card)
        state.headline_picks[seat] = {"card": action.card, "target": action.target}
        _event(state, "headline-pick", f"{seat} {'picks a headline card' if action.card else 'declines to headline'}",
               seat=seat)
        return
    if action.kind == PASS:
        _event(state, "pass", f"{seat} passes", seat=seat)
    elif action.kind == SHELVE:
        assert action.card is not None
        state.hands[seat].remove(action.card)
        state.discard_pile.append(action.card)
        state.shelved.append(seat)
        _event(state, "shelve", f"{seat} shelves {rules.cards[action.card].name}", seat=seat, card=action.card)
    elif action.kind == EVENT:
        assert action.card is not None
        card = rules.cards[action.card]
        state.hands[seat].remove(card.id)
        resolve_card(rules, state, card, seat, action.target, "event", pay=True)
        state.discard_pile.append(card.id)
    elif action.kind == OPS:
        assert action.card is not None
        card = rules.cards[action.card]
        state.hands[seat].remove(card.id)
        if card.faction in state.seats and card.faction != seat:
            resolve_card(rules, state, card, card.faction, None, "opponent-event", pay=False, by=seat)
        _use_ops(rules, state, seat, card, action)
        state.discard_pile.append(card.id)
    state.action_index += 1


def record_rationale(state: GameState, action: Action) -> None:
    """A player's or facilitator's note on why a play was made (it appears in the debrief)."""
    secret = action.seat if action.kind == HEADLINE else None  # a headline pick stays hidden from the table
    _event(state, "rationale", action.text or "", seat=action.seat, card=action.card, play=action.kind, private=secret)


def _use_ops(rules: Ruleset, state: GameState, seat: str, card: Card, action: Action) -> None:
    ops = card.ops
    if action.use == "influence":
        assert action.target is not None
        steps = ops // 2
        before = state.board[action.target]
        if seat == "us":
            after = min(before + steps, 3.0)
        elif seat == "china":
            after = max(before - steps, -3.0)
        else:  # the firm calms a market toward neutrality
            after = max(before - steps, 0.0) if before > 0 else min(before + steps, 0.0)
        state.board[action.target] = after
        text = f"{seat} uses {card.name} ({ops} ops) to influence {action.target}: {before:+.1f} -> {after:+.1f}"
        changes = {f"board.{action.target}": [before, after]}
    elif action.use == "invest":
        amount = ops * rules.scenario.budget_per_op
        if seat == "firm":
            path = "firm.capacity"
            before = state.values[path]
            state.values[path] = VARIABLES[path].clamp(before + amount / rules.params["firm_capex_base"])
            changes = {path: [before, state.values[path]]}
        else:
            state.modifiers.append(Modifier(f"{seat}.capex", amount, 1.0, 1, card.id))
            changes = {f"{seat}.capex (this quarter)": [0.0, amount]}
        text = f"{seat} uses {card.name} ({ops} ops) to invest ${amount:g}B"
    else:
        path = f"{seat}.pc"
        before = state.values[path]
        state.values[path] = VARIABLES[path].clamp(before + ops)
        text = f"{seat} uses {card.name} ({ops} ops) to lobby: +{ops} PC"
        changes = {path: [before, state.values[path]]}
    _event(state, "ops", text, seat=seat, card=card.id, use=action.use, target=action.target,
           changes=_rounded(changes))


def apply_facilitator(rules: Ruleset, state: GameState, action: Action) -> None:
    """Overrides, fired cards and notes: logged, and never a change of turn."""
    if action.kind == OVERRIDE:
        assert action.path is not None and action.value is not None
        if action.path.startswith("board."):
            before = state.board[action.path[6:]]
            state.board[action.path[6:]] = float(action.value)
        else:
            before = state.values[action.path]
            state.values[action.path] = VARIABLES[action.path].clamp(float(action.value))
        _event(state, "override", f"facilitator sets {action.path} {before:.3g} -> {action.value:.3g}: {action.text}",
               seat="facilitator", changes={action.path: [before, float(action.value)]})
    elif action.kind == FIRE:
        assert action.card is not None
        card = rules.cards[action.card]
        owner = card.faction if card.faction in state.seats else None
        resolve_card(rules, state, card, owner, None, "fire", pay=False, by="facilitator")
    elif action.kind == NOTE:
        _event(state, "note", action.text or "", seat="facilitator")


# --- Automatic steps -------------------------------------------------------------------------------
def advance(rules: Ruleset, state: GameState, *, within_quarter: bool = False) -> None:
    """Run automatic steps until a seat must decide or the game is over (``within_quarter``: or the
    quarter's actions are done, leaving its end unplayed)."""
    while state.phase != PHASE_OVER:
        if state.phase == PHASE_HEADLINE:
            waiting = [s for s in state.seats if s not in state.headline_picks]
            for seat in waiting:
                if not state.hands[seat]:
                    state.headline_picks[seat] = {"card": None, "target": None}
            if any(s not in state.headline_picks for s in state.seats):
                return
            _resolve_headlines(rules, state)
            state.phase = PHASE_ACTION
            continue
        total = rules.scenario.rounds * len(state.seats)
        if state.action_index < total:
            seat = state.seats[state.action_index % len(state.seats)]
            if state.hands[seat]:
                return
            _event(state, "pass", f"{seat} has no cards and passes", seat=seat)
            state.action_index += 1
            continue
        if within_quarter:
            return
        _end_quarter(rules, state)
        if state.phase != PHASE_OVER:
            state.quarter += 1
            state.turn += 1
            _begin_quarter(rules, state)


def _resolve_headlines(rules: Ruleset, state: GameState) -> None:
    order = {s: i for i, s in enumerate(state.seats)}
    picks = [(s, p) for s, p in state.headline_picks.items() if p.get("card")]
    picks.sort(key=lambda sp: (-rules.cards[sp[1]["card"]].ops, order[sp[0]]))
    shown = ", ".join(f"{s}: {rules.cards[p['card']].name}" for s, p in picks) or "no cards"
    _event(state, "headline-reveal", f"headlines revealed - {shown}")
    for seat, pick in picks:
        card = rules.cards[pick["card"]]
        if card.faction in (seat, "any"):
            if affordable(state, seat, card):
                resolve_card(rules, state, card, seat, pick.get("target"), "headline", pay=True)
            else:
                _event(state, "headline", f"{card.name}: {seat} can no longer pay for it", seat=seat, card=card.id)
        elif card.faction in state.seats:
            resolve_card(rules, state, card, card.faction, None, "headline", pay=False, by=seat)
        state.discard_pile.append(card.id)
    state.headline_picks = {}  # resolved: the cards are in the discard pile and the picks in the log


def _end_quarter(rules: Ruleset, state: GameState) -> None:
    p = rules.params
    eff = effective(state)
    board_ids = rules.board_ids
    board = [state.board[b] for b in board_ids]
    t = max(state.quarter - FIRST_PLAY_QUARTER, 0)
    new, new_board = advance_quarter(eff, board, rules.weights, p, t)
    profit_q = float(new["firm.profit"] - eff["firm.profit"])
    # A modified variable follows its own path as if the modifier never existed (everything else
    # saw the modified value): its next base value comes from a run where only it is unmodified.
    for target in sorted({m.target for m in state.modifiers}):
        if target not in EVOLVING:  # the model passes it through: its own path is its base value
            new[target] = state.values[target]
            continue
        own, _ = advance_quarter({**eff, target: state.values[target]}, board, rules.weights, p, t)
        new[target] = own[target]
    for k in STATE_VARIABLES:
        state.values[k] = VARIABLES[k].clamp(float(new[k]))
    for b, a in zip(board_ids, new_board, strict=True):
        state.board[b] = float(a)
    for m in state.modifiers:
        m.turns -= 1
    state.modifiers = [m for m in state.modifiers if m.turns > 0]
    out = all_values(rules, state)
    vp = quarter_vp(out, out, [state.board[b] for b in board_ids], p, profit_q)
    for seat in state.seats:
        state.vp[seat] += float(vp[seat])
    state.history.append({"quarter": float(state.quarter), **{k: round(out[k], 6) for k in TRACKS},
                          **{f"{s}.vp": round(state.vp[s], 6) for s in state.seats}})
    _event(state, "economy", f"{quarter_label(state.quarter)} closes: lag {out['world.lag']:.1f} months, "
           f"China domestic share {out['china.domestic_share']:.0%}, "
           + ", ".join(f"{s} {vp[s]:+.2f} VP" for s in state.seats))
    _check_end(rules, state, out)


def _check_end(rules: Ruleset, state: GameState, out: dict[str, float]) -> None:
    v = rules.scenario.victory
    lag = out["world.lag"]
    n_us, _ = aligned_counts(list(state.board.values()))
    st = state.streaks
    st["china_parity"] = st["china_parity"] + 1 if lag <= 0 else 0
    st["us_lead"] = st["us_lead"] + 1 if lag >= v.us_lead_months and n_us >= v.us_lead_states else 0
    squeezed = out["firm.revenue"] < 0.5 * rules.params["firm_revenue0"]
    st["firm_squeeze"] = st["firm_squeeze"] + 1 if squeezed else 0
    if st["china_parity"] >= v.china_parity_quarters:
        return _finish(rules, state, "china", f"China erased the lead: lag <= 0 for {v.china_parity_quarters} quarters")
    if out["china.world_share"] >= v.china_share:
        return _finish(rules, state, "china", f"China holds {out['china.world_share']:.0%} of world compute")
    if st["us_lead"] >= v.us_lead_quarters:
        return _finish(rules, state, "us", f"decisive US lead: lag >= {v.us_lead_months:g} months with "
                       f"{v.us_lead_states}+ aligned swing states for {v.us_lead_quarters} quarters")
    if "firm" in state.seats:
        if state.values["firm.sanctioned_us"] >= 0.5 and state.values["firm.sanctioned_china"] >= 0.5:
            return _finish(rules, state, None, "the firm is sanctioned by both sides", loser="firm")
        if st["firm_squeeze"] >= v.firm_squeeze_quarters:
            return _finish(rules, state, None, "the firm is squeezed out of both markets", loser="firm")
    if state.quarter >= quarter_index(rules.scenario.end):
        return _finish(rules, state, None, f"the exercise ends at {rules.scenario.end}")
    return None


def score_margins(seats: list[str], vp: Mapping[str, float], targets: Mapping[str, float]) -> dict[str, float]:
    """Each seat's points over its end-of-game target, rounded to six places as results keep them."""
    return {s: round(vp[s] - targets.get(s, 0.0), 6) for s in seats}


def winner_by_margin(seats: list[str], margins: Mapping[str, float], loser: str | None = None) -> str:
    """The seat with the best margin (the earlier seat on a tie), ``loser`` aside."""
    contenders = [s for s in seats if s != loser]
    return max(contenders, key=lambda s: (margins[s], -seats.index(s)))


def _finish(rules: Ruleset, state: GameState, winner: str | None, reason: str, loser: str | None = None) -> None:
    margins = score_margins(state.seats, state.vp, rules.scenario.victory.targets)  # type: ignore[arg-type]
    if winner is None:
        winner = winner_by_margin(state.seats, margins, loser)
        reason += f"; {winner} has the best score against its target"
    state.result = {"winner": winner, "reason": reason, "margins": margins, "quarter": quarter_label(state.quarter)}
    state.phase = PHASE_OVER
    _event(state, "game-over", f"{winner} wins - {reason}")
