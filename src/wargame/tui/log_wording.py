"""The engine's events as the room reads them: names instead of ids, chance outcomes after their card.

The engine logs a chance roll while the card's effects run, before the line of the card itself,
and an inject's effects as a bare title. Here each roll follows its card and says what happened,
an inject's effects list what moved, and seat and swing-state ids become names.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from wargame.engine import wording


def readable_events(events: Sequence[Mapping[str, Any]], rules: Any) -> list[dict[str, Any]]:
    """``events`` reworded and reordered for people (new dicts; the state is not touched)."""
    board = {s.id: s.name for s in rules.scenario.board}
    out: list[dict[str, Any]] = []
    waiting: list[dict[str, Any]] = []  # chance rolls, until the line of their card
    for event in events:
        kind = event.get("kind")
        if kind == "chance":
            waiting.append(dict(event, text=_chance_text(event, rules, board)))
            continue
        line = dict(event)
        if kind in wording.ENGINE_WORDED:
            line["text"] = wording.named(str(event.get("text", "")), board)
        elif kind == "inject-effects":
            line["text"] = "→ " + (changes_text(event.get("changes") or {}, board) or "no change")
        out.append(line)
        mine = [c for c in waiting if c.get("card") == event.get("card")]
        if mine and event.get("card"):
            out.extend(mine)
            waiting = [c for c in waiting if c not in mine]
    return out + waiting


def changes_text(changes: Mapping[str, Sequence[float]], board: Mapping[str, str] | None = None,
                 card: Any = None) -> str:
    """``{path: [before, after]}`` as ``Inference share of demand 50% → 70%, …``; a temporary change
    reads as the ``card``'s effect that made it (``US capex growth +5 pts for 4 quarters``)."""
    parts = []
    for path, (before, after) in changes.items():
        base, _, qualifier = path.partition(" (")
        name = wording.variable_name(base, board)
        modify = next((e for e in _effects(card.effects if card else []) if getattr(e, "op", "") == "modify"
                       and e.target == base), None)
        if qualifier.startswith("temporary") and modify is not None:
            parts.append(wording.effect_text(modify, board))
        elif qualifier:
            parts.append(f"{name} ({qualifier.rstrip(')')})")
        elif abs(after - before) > 5e-7:
            parts.append(f"{name} {wording.amount(base, before)} → {wording.amount(base, after)}")
    return ", ".join(parts)


def _chance_text(event: Mapping[str, Any], rules: Any, board: Mapping[str, str]) -> str:
    p = float(event.get("p", 0.0))
    happened = float(event.get("roll", 1.0)) < p
    card = rules.cards.get(str(event.get("card", "")))
    effect = next((e for e in _chances(card.effects if card else []) if abs(e.p - p) < 1e-9), None)
    if effect is None:
        return f"{p:.0%} chance: {'it happened' if happened else 'it did not happen'}"
    return f"  ↳ {card.name}: {wording.branch_text(effect, happened, board)}"


def _effects(effects: Sequence[Any]) -> Iterator[Any]:
    """Every effect, branches included."""
    for effect in effects:
        yield effect
        if getattr(effect, "op", "") in ("chance", "if"):
            yield from _effects([*effect.then, *effect.otherwise])


def _chances(effects: Sequence[Any]) -> Iterator[Any]:
    return (e for e in _effects(effects) if getattr(e, "op", "") == "chance")


def engine_words(text: str, rules: Any) -> str:
    """A line the engine wrote (a reason, a log line) with names for its ids and paths."""
    return wording.named(text, {s.id: s.name for s in rules.scenario.board})


