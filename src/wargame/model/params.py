"""Model parameters, read from ``parameters.yaml`` (each cites fact ids or is marked an assumption)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_HERE = Path(__file__).parent


@dataclass(frozen=True, slots=True)
class Parameter:
    """A model constant with its sources and, when uncertain, its Monte-Carlo range."""

    name: str
    value: float
    facts: tuple[str, ...]
    range: tuple[float, float] | None = None
    note: str = ""


@cache
def _load() -> dict[str, Parameter]:
    raw = yaml.safe_load((_HERE / "parameters.yaml").read_text(encoding="utf-8"))
    out: dict[str, Parameter] = {}
    for name, entry in raw.items():
        rng = entry.get("range")
        out[name] = Parameter(
            name=name,
            value=float(entry["value"]),
            facts=tuple(str(f) for f in entry.get("facts", ())),
            range=(float(rng[0]), float(rng[1])) if rng else None,
            note=str(entry.get("note", "")),
        )
    return out


PARAMETERS: dict[str, Parameter] = _load()


def params(**overrides: float) -> dict[str, float]:
    """Parameter values by name, with ``overrides`` applied (unknown names raise ``KeyError``)."""
    values = {name: p.value for name, p in PARAMETERS.items()}
    for name, value in overrides.items():
        if name not in values:
            raise KeyError(f"unknown model parameter {name!r}")
        values[name] = float(value)
    return values


@cache
def fact_ids() -> frozenset[str]:
    """Ids of every fact in the project's copy of facts.yaml (plus ``A`` and ``D`` markers)."""
    raw = yaml.safe_load((_HERE / "facts.yaml").read_text(encoding="utf-8"))
    ids = {entry["id"] for key in ("facts", "qualitative", "contradictions") for entry in raw.get(key, [])}
    return frozenset(ids | {"A", "D"})
