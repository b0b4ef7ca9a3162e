"""Turning a path inside a content file into a located :class:`Problem`.

A path is a tuple of mapping keys and list indices. Deck paths below ``cards[i]`` are reported
against the card's id; scenario paths below ``board[i]``, ``injects[i]``, ``conditional[i]`` or
``seats[i]`` against that item.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from wargame.content.document import Document, Loc
from wargame.content.problems import Problem

#: scenario list -> (what an item is called, the key that names it)
_SCENARIO_ITEMS = {"board": ("state", "id"), "conditional": ("conditional", "id"),
                   "injects": ("inject", "turn"), "seats": ("seat", "id")}


def render_field(loc: Sequence[str | int]) -> str:
    """``('effects', 1, 'target')`` -> ``effects[1].target``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def problem_at(doc: Document, loc: Sequence[str | int], message: str, line: int | None = None) -> Problem:
    """A problem at ``loc`` in ``doc`` (at ``line`` if given), named after the card or scenario item holding it."""
    loc = tuple(loc)
    kind, name, rest = _subject(doc, loc)
    return Problem(doc.file, line or doc.line(loc), name, render_field(rest), message, kind)


def _subject(doc: Document, loc: Loc) -> tuple[str, str | None, Loc]:
    data = doc.data if isinstance(doc.data, dict) else {}
    if "scenario" in data and "deck" not in data:
        if len(loc) >= 2 and loc[0] in _SCENARIO_ITEMS and isinstance(loc[1], int):
            kind, key = _SCENARIO_ITEMS[str(loc[0])]
            name = doc.value((*loc[:2], key))
            if isinstance(name, str | int):
                return kind, str(name), loc[2:]
        return "scenario", _name(data.get("scenario")), loc
    if len(loc) >= 2 and loc[0] == "cards" and isinstance(loc[1], int):
        card_id = doc.value((*loc[:2], "id"))
        if isinstance(card_id, str):
            return "card", card_id, loc[2:]
        return "card", None, loc
    return "deck", _name(data.get("deck")), loc


def _name(value: Any) -> str | None:
    return str(value) if isinstance(value, str | int) else None


def raw_effects(effects: Any, loc: Loc) -> Iterator[tuple[dict[str, Any], Loc]]:
    """Every effect mapping in a raw ``effects`` list, nested ``then``/``else`` ones included, with its path."""
    if not isinstance(effects, list):
        return
    for index, effect in enumerate(effects):
        if not isinstance(effect, dict):
            continue
        here = (*loc, index)
        yield effect, here
        for branch in ("then", "else"):
            yield from raw_effects(effect.get(branch), (*here, branch))
