"""Actions: what a seat or the facilitator does. Small frozen records with a dict form for logs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from wargame.engine.seats import SEATS

FACILITATOR = "facilitator"
#: How seats (and the facilitator) are named to people: screens, logs and reports.
SEAT_NAMES: dict[str, str] = {**{seat: rules.name for seat, rules in SEATS.items()}, FACILITATOR: "Facilitator"}

#: Seat actions.
HEADLINE, EVENT, OPS, SHELVE, PASS = "headline", "event", "ops", "shelve", "pass"
#: Facilitator (white cell) actions: they never change whose turn it is.
OVERRIDE, FIRE, NOTE = "override", "fire", "note"
FACILITATOR_KINDS = (OVERRIDE, FIRE, NOTE)


@dataclass(frozen=True, slots=True)
class Action:
    """One move. ``target`` is a swing state (influence, or an event that asks for one)."""

    seat: str
    kind: str
    card: str | None = None
    use: str | None = None
    target: str | None = None
    path: str | None = None  # override: the variable
    value: float | None = None  # override: the new value
    text: str | None = None  # override reason, or a note

    def to_dict(self) -> dict[str, Any]:
        """Only the fields that are set, for compact logs."""
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Action:
        known = {"seat", "kind", "card", "use", "target", "path", "value", "text"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown action field(s): {', '.join(sorted(unknown))}")
        return cls(**data)

    def describe(self) -> str:
        """A short line for logs and menus."""
        if self.kind == OPS:
            where = f" on {self.target}" if self.target else ""
            return f"{self.seat}: {self.card} for ops ({self.use}{where})"
        if self.kind in (EVENT, HEADLINE):
            where = f" -> {self.target}" if self.target else ""
            return f"{self.seat}: {self.card} {'headline' if self.kind == HEADLINE else 'event'}{where}"
        if self.kind == SHELVE:
            return f"{self.seat}: shelve {self.card}"
        if self.kind == OVERRIDE:
            return f"facilitator: set {self.path} = {self.value} ({self.text})"
        if self.kind == FIRE:
            return f"facilitator: fire {self.card}"
        if self.kind == NOTE:
            return f"note: {self.text}"
        if self.kind == PASS:
            return f"{self.seat}: pass"
        return f"{self.seat}: unknown action {self.kind!r}"


class IllegalActionError(ValueError):
    """An action the rules do not allow now; the message says why."""
