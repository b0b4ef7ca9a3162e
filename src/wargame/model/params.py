"""Model parameters, read from ``parameters.yaml`` (each cites fact ids or is marked an assumption).

Each parameter states the bounds it may take: a scenario's ``parameters:``, ``simulate --param``
and a save's overrides all pass through :func:`parameter_problem`, so the model never sees a value
that would divide by zero, overflow or turn the game to NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from wargame.model.facts import fact_ids  # noqa: F401 - where callers have long found it

_HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Parameter:
    """A model constant with its sources, the bounds it may take and, when uncertain, its Monte-Carlo range."""

    name: str
    value: float
    facts: tuple[str, ...]
    bounds: tuple[float, float]
    range: tuple[float, float] | None = None
    note: str = ""


@cache
def _load() -> dict[str, Parameter]:
    raw = yaml.safe_load((_HERE / "parameters.yaml").read_text(encoding="utf-8"))
    out: dict[str, Parameter] = {}
    for name, entry in raw.items():
        rng = entry.get("range")
        lo, hi = entry["bounds"]
        out[name] = Parameter(
            name=name,
            value=float(entry["value"]),
            facts=tuple(str(f) for f in entry.get("facts", ())),
            bounds=(float(lo), float(hi)),
            range=(float(rng[0]), float(rng[1])) if rng else None,
            note=str(entry.get("note", "")),
        )
    return out


PARAMETERS: dict[str, Parameter] = _load()


def parameter_problem(name: str, value: float) -> str | None:
    """Why ``value`` cannot be given to parameter ``name``, or ``None`` when it can."""
    if name not in PARAMETERS:
        from wargame.engine.naming import did_you_mean

        return f"unknown model parameter {name!r}{did_you_mean(name, PARAMETERS)}"
    lo, hi = PARAMETERS[name].bounds
    if not math.isfinite(value):
        return f"{name} = {value} is not a finite number"
    if not lo <= value <= hi:
        return f"{name} = {value:g} is outside its bounds [{lo:g}, {hi:g}]"
    return None


def params(**overrides: float) -> dict[str, float]:
    """Parameter values by name, with ``overrides`` applied (``KeyError`` for an unknown name,
    ``ValueError`` for a value outside the parameter's bounds)."""
    values = {name: p.value for name, p in PARAMETERS.items()}
    for name, value in overrides.items():
        if name not in values:
            raise KeyError(f"unknown model parameter {name!r}")
        if (problem := parameter_problem(name, float(value))) is not None:
            raise ValueError(problem)
        values[name] = float(value)
    return values


