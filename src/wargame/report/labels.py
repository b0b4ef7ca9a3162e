"""How variables, changes, quarters and seats read in a debrief, from the model's variable registry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wargame.engine.actions import EVENT, HEADLINE, OPS, PASS, SEAT_NAMES, SHELVE, Action
from wargame.engine.cards import quarter_label
from wargame.model.variables import VARIABLES


def seat_name(seat: str | None) -> str:
    """``us`` -> ``US``; ``None`` (the world) -> ``World``."""
    return "World" if seat is None else SEAT_NAMES.get(seat, seat)


def quarter_of(index: float) -> str:
    """A running quarter index (as stored in ``state.history``) as ``2026Q1``."""
    return quarter_label(int(index))


def split_path(path: str) -> tuple[str, str]:
    """``"us.capex (this quarter)"`` -> ``("us.capex", " (this quarter)")``: the variable and a qualifier."""
    base, sep, rest = path.partition(" (")
    return base, f" ({rest}" if sep else ""


def value_text(path: str, value: float) -> str:
    """A value in the variable's own format and unit (shares as percentages, alignment signed)."""
    if path.startswith("board."):
        return f"{value:+.1f}"
    var = VARIABLES.get(path)
    if var is None:
        return f"{value:.3g}"
    if var.unit == "share":
        return f"{value:.0%}"
    if var.unit == "flag":
        return "on" if value >= 0.5 else "off"
    unit = {"$B": "", "$B/qtr": "/qtr", "$B/yr": "/yr"}.get(var.unit)
    if unit is not None:
        return f"${var.format(value)}B{unit}"
    if var.unit in ("x", "xH100", "/yr", "/qtr"):
        return f"{var.format(value)}{var.unit.replace('xH100', 'x H100')}"
    if var.unit == "index":
        return var.format(value)
    return f"{var.format(value)} {var.unit}"


def variable_name(path: str) -> str:
    """A variable's name for people, from the registry: ``us.capex`` -> ``US hyperscaler AI capex per quarter``.

    The registry's description, less any parenthesised gloss; a swing state's path reads as its id's
    alignment (``path_label`` gives the state's own name when the board is known).
    """
    if path.startswith("board."):
        return f"{path[6:]} alignment"
    if path.endswith(".vp") and path[:-3] in SEAT_NAMES:
        return f"{seat_name(path[:-3])} victory points"
    var = VARIABLES.get(path)
    if var is None:
        return path
    name = var.description.split(" (", 1)[0].rstrip()
    return name or path


def path_label(path: str, board_names: Mapping[str, str]) -> str:
    """A reader's name for a changed path: the swing state's name, or the variable's name.

    The qualifiers an event log adds (`` (temporary)``, `` (this quarter)``) are left to the change's
    text, which says for how long.
    """
    base, _ = split_path(path)
    if base.startswith("board."):
        return f"{board_names.get(base[6:], base[6:])} alignment"
    return variable_name(base)


def change_text(path: str, before: float, after: float) -> str:
    """``us.export_controls 0.80 -> 0.90``; a one-quarter boost reads as such."""
    base, qualifier = split_path(path)
    if qualifier == " (this quarter)":
        return f"+{value_text(base, after - before)} this quarter"
    return f"{value_text(base, before)} -> {value_text(base, after)}"


def impact_text(lag: float, domestic: float, vp: Mapping[str, float]) -> str:
    """``lag -0.54 mo, domestic +0.8 pp, VP US -0.29 / China +0.38``: a play's or a quarter's movement."""
    parts = [f"lag {lag:+.2f} mo", f"domestic {domestic * 100:+.1f} pp"]
    if vp:
        parts.append("VP " + " / ".join(f"{seat_name(s)} {v:+.2f}" for s, v in vp.items()))
    return ", ".join(parts)


def move_name(rules: Any, action: Action) -> str:
    """A seat's move without the seat: ``Fab for ops (invest)``, ``Offer as its event on India``, ``pass``."""
    card = rules.cards[action.card].name if action.card in rules.cards else action.card
    board = {s.id: s.name for s in rules.scenario.board}
    where = board.get(action.target or "", action.target)
    if action.kind == OPS:
        return f"{card} for ops ({f'influence {where}' if action.use == 'influence' else action.use})"
    if action.kind == EVENT:
        return f"{card} as its event" + (f" on {where}" if where else "")
    if action.kind == HEADLINE:
        return f"headline {card}" + (f" on {where}" if where else "")
    if action.kind == SHELVE:
        return f"shelve {card}"
    if action.kind == PASS:
        return "pass"
    return action.describe()
