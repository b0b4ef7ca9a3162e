"""Conditions: ``<path> <op> <number or path>``, combined with ``all:`` / ``any:`` lists.

A condition is parsed once into a small tree, checked against the variable registry, and lowered
into a program the rules core evaluates (``engine.lowering``); the same parsed condition serves
cards' requirements, ``if`` effects and conditional injects. Paths name a model variable
(``china.domestic_share``), a swing state's alignment (``board.india``), a seat's victory points
(``us.vp``) or the quarter number of the game (``game.turn``, 1 for the first quarter).
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wargame.engine.seats import SEAT_IDS
from wargame.model.variables import VARIABLES

_OPS = ("<=", ">=", "==", "!=", "<", ">")
_COMPARE_OPS: dict[str, Callable[[float, float], bool]] = {
    "<=": operator.le, ">=": operator.ge, "==": operator.eq, "!=": operator.ne, "<": operator.lt, ">": operator.gt,
}
_COMPARE = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*(<=|>=|==|!=|<|>)\s*(\S+)\s*$")
_JOINED = re.compile(r"\s(and|or|AND|OR)\s|&&|\|\||,")
#: A swing state's alignment: -3 (China-aligned) .. +3 (US-aligned).
BOARD_RANGE = (-3.0, 3.0)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_PATH_TEXT = re.compile(r"^[A-Za-z_][\w.]*$")



class ConditionError(ValueError):
    """A condition that does not parse or names an unknown path."""


def path_error(path: str) -> str | None:
    """Why ``path`` is not readable by a condition, or ``None`` when it is."""
    if path in VARIABLES:
        return None
    owner, _, name = path.partition(".")
    if owner == "board" and re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        return None
    if owner in SEAT_IDS and name == "vp":
        return None
    if path == "game.turn":
        return None
    from wargame.engine.naming import did_you_mean

    return f"unknown variable {path!r}{did_you_mean(path, readable_paths())}"


def _range_error(path: str, op: str, number: float) -> str | None:
    """Why comparing ``path`` with ``number`` is a mistake: the number lies outside what the path can hold."""
    if path in VARIABLES:
        var = VARIABLES[path]
        lo, hi, unit = var.lo, var.hi, f" {var.unit}" if var.unit not in ("index", "share", "flag", "x") else ""
    elif path.startswith("board."):
        lo, hi, unit = BOARD_RANGE[0], BOARD_RANGE[1], ""
    else:
        return None
    if lo <= number <= hi:
        return None
    always = "true" if _COMPARE_OPS[op](lo, number) else "false"
    return f"{number:g} is outside what {path!r} can hold ({lo:g} .. {hi:g}{unit}), so the condition is always {always}"


def readable_paths() -> list[str]:
    """Every fixed path a condition may read (board paths depend on the scenario)."""
    return sorted([*VARIABLES, *(f"{s}.vp" for s in SEAT_IDS), "game.turn"])


@dataclass(frozen=True, slots=True)
class Compare:
    """``left op right``, where ``right`` is a number or another path."""

    left: str
    op: str
    right: float | str

    def holds(self, lookup: Callable[[str], float]) -> bool:
        """Whether it holds on the values ``lookup`` reads (for words on screen: the rules core decides play)."""
        right = lookup(self.right) if isinstance(self.right, str) else self.right
        return bool(_COMPARE_OPS[self.op](lookup(self.left), right))

    def paths(self) -> list[str]:
        return [self.left, *([self.right] if isinstance(self.right, str) else [])]


@dataclass(frozen=True, slots=True)
class AllOf:
    """True when every part holds (an empty list holds)."""

    parts: tuple[Condition, ...]

    def holds(self, lookup: Callable[[str], float]) -> bool:
        return all(part.holds(lookup) for part in self.parts)

    def paths(self) -> list[str]:
        return [p for part in self.parts for p in part.paths()]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """True when at least one part holds."""

    parts: tuple[Condition, ...]

    def holds(self, lookup: Callable[[str], float]) -> bool:
        return any(part.holds(lookup) for part in self.parts)

    def paths(self) -> list[str]:
        return [p for part in self.parts for p in part.paths()]


Condition = Compare | AllOf | AnyOf


#: How deep ``all:``/``any:`` lists may nest (a content file's own nesting limit is checked first;
#: this one guards conditions that come from elsewhere, such as a save).
MAX_CONDITION_DEPTH = 8


def parse_condition(raw: Any, depth: int = 0) -> Condition:
    """Parse a YAML condition (a string, or a mapping with one key ``all`` or ``any``)."""
    if isinstance(raw, str):
        m = _COMPARE.match(raw)
        if not m:
            hint = ""
            if _JOINED.search(raw):
                hint = "; to combine conditions, list them under 'all:' (every one holds) or 'any:' (one holds)"
            raise ConditionError(f"cannot read condition {raw!r}: expected '<path> <op> <number or path>' "
                                 f"with op one of {', '.join(_OPS)}{hint}")
        left, op, right_text = m.groups()
        if not _NUMBER.match(right_text) and not _PATH_TEXT.match(right_text):  # ('a >=' reads as 'a > =')
            raise ConditionError(f"cannot read condition {raw!r}: expected '<path> <op> <number or path>' "
                                 f"with op one of {', '.join(_OPS)}")
        right: float | str = float(right_text) if _NUMBER.match(right_text) else right_text
        if isinstance(right, float) and not math.isfinite(right):
            raise ConditionError(f"cannot read condition {raw!r}: {right_text} is not a finite number")
        cond = Compare(left, op, right)
        for path in cond.paths():
            if (why := path_error(path)) is not None:
                raise ConditionError(why)
        if isinstance(right, float) and (why := _range_error(left, op, right)) is not None:
            raise ConditionError(why)
        return cond
    if isinstance(raw, dict) and len(raw) == 1 and next(iter(raw)) in ("all", "any"):
        key, parts = next(iter(raw.items()))
        if not isinstance(parts, list):
            raise ConditionError(f"'{key}:' takes a list of conditions")
        if depth >= MAX_CONDITION_DEPTH:
            raise ConditionError(f"conditions nest at most {MAX_CONDITION_DEPTH} 'all:'/'any:' levels deep")
        parsed = tuple(parse_condition(p, depth + 1) for p in parts)
        return AllOf(parsed) if key == "all" else AnyOf(parsed)
    raise ConditionError(f"cannot read condition {raw!r}: expected a string or a mapping with 'all' or 'any'")


def parse_conditions(raws: list[Any]) -> Condition:
    """A list of conditions that must all hold (a card's ``requires``)."""
    return AllOf(tuple(parse_condition(r) for r in raws))
