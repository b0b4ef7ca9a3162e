"""What a seat may do with a card, in words: menus built from the engine's ``legal_actions``.

The TUI never decides legality itself: every choice here is a group of legal actions, and an
impossible move is explained by ``Game.check``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text

from wargame.engine.actions import EVENT, FIRE, HEADLINE, NOTE, OPS, OVERRIDE, PASS, SHELVE, Action
from wargame.engine.wording import counted, unmet_requirements, variable_name
from wargame.tui.log_wording import engine_words
from wargame.tui.readout import seat_name


@dataclass(frozen=True)
class Choice:
    """One way to play a card; more than one action means a swing state must still be picked."""

    key: str
    label: str
    actions: tuple[Action, ...]

    @property
    def needs_target(self) -> bool:
        return len(self.actions) > 1 or self.actions[0].target is not None


def card_choices(game: Any, state: Any, seat: str, card_id: str, kinds: tuple[str, ...] | None = None) -> list[Choice]:
    """The legal ways for ``seat`` to play ``card_id`` now (optionally only some kinds), in menu order."""
    card = game.rules.cards[card_id]
    groups: dict[tuple[str, str | None], list[Action]] = {}
    for action in game.legal_actions(state):
        if action.card == card_id and action.seat == seat and (kinds is None or action.kind in kinds):
            groups.setdefault((action.kind, action.use), []).append(action)
    order = [(HEADLINE, None), (EVENT, None), (OPS, "influence"), (OPS, "invest"), (OPS, "lobby"), (SHELVE, None)]
    return [Choice(f"{kind}:{use or ''}", _label(game, state, seat, card, kind, use), tuple(groups[(kind, use)]))
            for kind, use in order if (kind, use) in groups]


def _label(game: Any, state: Any, seat: str, card: Any, kind: str, use: str | None) -> str:
    owner = card.sets_off(seat)
    foreign = owner in game.rules.scenario.seat_ids
    if kind == HEADLINE:
        label = (f"Headline it: its event fires for {seat_name(owner)}" if foreign
                 else "Headline it: play its event when the headlines are revealed")
        unmet = unmet_requirements(game, state, card)  # a headline may be picked all the same, and fizzle
        return label + (f" — as things stand, no effect: needs {unmet[0]}" if unmet else "")
    if kind == EVENT:
        return "Play it for its event" + (" (you pick a swing state)" if card.needs_target else "")
    if kind == SHELVE:
        return "Shelve it: discard it unplayed, no event (once a quarter)"
    also = f" — {seat_name(owner)}'s event fires too" if foreign else ""
    ops = card.ops
    if use == "influence":
        steps = game.influence_steps(ops)
        if game.board_side(seat) == 0:  # a seat without a side (the firm) calms a market toward neutral
            return f"Ops ({ops}): calm a swing state {counted(steps, 'step')} toward neutral{also}"
        return f"Ops ({ops}): influence a swing state {counted(steps, 'step')} toward you{also}"
    if use == "invest":
        amount = ops * game.invest_per_op(seat)
        what = "in more capacity" if game.invests_in_capacity(seat) else "of capex this quarter"
        return f"Ops ({ops}): invest ${amount:.2f}B {what}, paid from your budget{also}"
    return f"Ops ({ops}): lobby for +{ops} political capital{also}"


def option_lines(game: Any, state: Any, seat: str, card_id: str) -> list[str]:
    """For the card view: what may be done with the card now, or why it is only good for ops."""
    choices = card_choices(game, state, seat, card_id)
    lines = [c.label for c in choices]
    if not any(c.key.startswith((EVENT, HEADLINE)) for c in choices):
        kind = HEADLINE if state.phase == "headline" else EVENT
        lines.append(f"(no event: {why_not(game, state, seat, kind, card_id)})")
    return lines


def _any_target(game: Any) -> str | None:
    return game.rules.board_ids[0] if game.rules.board_ids else None


def target_labels(game: Any, state: Any, actions: tuple[Action, ...]) -> list[tuple[str, Text]]:
    """The swing states the actions may target, as (id, label with its alignment and demand)."""
    specs = {s.id: s for s in game.rules.scenario.board}
    width = max((len(s.name) for s in specs.values()), default=12) + 2
    out = []
    for action in actions:
        if action.target is None:
            continue
        spec = specs.get(action.target)
        alignment = state.board.get(action.target, 0.0)
        name = spec.name if spec else action.target
        demand = f"{spec.demand:.0%} of demand" if spec else ""
        out.append((action.target, Text.assemble((name.ljust(width), "bold"), f"alignment {alignment:+.1f}   ",
                                                 (demand, "dim"))))
    return out


def describe_action(game: Any, action: Action) -> str:
    """A log line for ``action`` in names: ``US: Entity List for ops (influence India)``."""
    cards = game.rules.cards
    board = {s.id: s.name for s in game.rules.scenario.board}
    card = cards[action.card].name if action.card in cards else action.card
    where = board.get(action.target or "", action.target)
    who = seat_name(action.seat)
    if action.kind == OPS:
        return f"{who}: {card} for ops ({action.use}{' ' + where if where else ''})"
    if action.kind in (EVENT, HEADLINE) and action.card:
        return f"{who}: {card} {'as headline' if action.kind == HEADLINE else 'event'}{' → ' + where if where else ''}"
    if action.kind == SHELVE:
        return f"{who}: shelves {card}"
    if action.kind == OVERRIDE:
        return f"{who}: sets {variable_name(action.path or '', board)} to {action.value:g} ({action.text})"
    if action.kind == FIRE:
        return f"{who}: fires {card}"
    if action.kind == NOTE:
        return f"note: {action.text}"
    return f"{who}: {'declines to headline' if action.kind == HEADLINE else 'passes'}"


def why_not(game: Any, state: Any, seat: str, kind: str, card_id: str | None) -> str:
    """Why ``seat`` cannot do ``kind`` with the card now, in the engine's words."""
    action = Action(seat, kind, card_id, use="invest" if kind == OPS else None,
                    target=_any_target(game) if kind in (EVENT, HEADLINE) else None)
    if kind == PASS:
        action = Action(seat, PASS)
    reason = game.check(state, action)
    if reason is None:
        return "that move is not legal now"
    card = game.rules.cards.get(card_id or "")
    if card is not None and kind in (EVENT, HEADLINE) and seat in card.event_seats:
        unmet = unmet_requirements(game, state, card)
        if unmet:
            return f"{card.name} can only be played while {'; '.join(unmet)}"
    return engine_words(reason, game.rules)
