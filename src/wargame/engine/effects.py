"""The closed vocabulary of card effects: one small pydantic model per primitive.

Each primitive validates itself against the model's variable registry (targets must be declared
and writable, numbers inside the variable's bounds), explains itself in plain words for players,
and lowers itself into instructions the rules core runs (``core.cards.run_effects``, one branch per
op). No Python ever comes from YAML: an unknown ``op`` is a validation error. The JSON Schema and
the README's authoring reference are generated from ``EFFECT_TYPES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from wargame.core.codes import (
    OP_ADD,
    OP_CHANCE,
    OP_DISCARD,
    OP_DRAW,
    OP_IF,
    OP_MODIFY,
    OP_MUL,
    OP_SET,
    OP_SHIFT,
    OP_TRANSFER,
    SELF,
    SHIFT_ALL,
    SHIFT_CHOOSE,
    SHIFT_ONE,
)
from wargame.engine.conditions import Condition, parse_condition
from wargame.engine.fields import CONTENT, Whole, one_of
from wargame.engine.naming import did_you_mean
from wargame.engine.seats import SEAT_IDS, SEATS, SIDED
from wargame.engine.wording import counted
from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

if TYPE_CHECKING:
    from wargame.engine.lowering import Program

#: A swing state's id, as a scenario's board declares it and a ``shift`` names it.
STATE_ID = r"^[a-z][a-z0-9_-]*$"
#: A seat an effect names: the card's actor (``self``) or a seat by id.
SeatRef = one_of(("self", *SEAT_IDS))
#: The side a shift helps: the actor's, or a sided seat's.
Toward = one_of(("self", *SIDED))


def _check_target(name: str) -> str:
    if name in WRITABLE_VARIABLES:
        return name
    if name in VARIABLES:
        why = "is derived from other variables" if VARIABLES[name].derived else "is internal to the model"
        raise ValueError(f"variable {name!r} {why} and cannot be changed by a card")
    raise ValueError(f"unknown variable {name!r}{did_you_mean(name, WRITABLE_VARIABLES)}")


def _span(name: str) -> float:
    var = VARIABLES[name]
    return var.hi - var.lo


def _fmt(name: str, value: float) -> str:
    var = VARIABLES[name]
    unit = "" if var.unit in ("index", "share", "flag", "x") else f" {var.unit}"
    return f"{value:+g}{unit}"


class _Effect(BaseModel):
    model_config = ConfigDict(CONTENT, populate_by_name=True)

    def describe(self) -> str:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def lower(self, program: Program) -> None:  # pragma: no cover - every subclass overrides
        """Append this effect's instructions for the rules core (``core.cards.run_effects`` runs them)."""
        raise NotImplementedError

    def targets(self) -> list[str]:
        """Variable paths this effect writes (for previews and static checks)."""
        return []


class _TargetEffect(_Effect):
    target: str = Field(description="A writable model variable, e.g. 'us.export_controls'")

    _check = field_validator("target")(classmethod(lambda cls, v: _check_target(v)))

    def targets(self) -> list[str]:
        return [self.target]


class Add(_TargetEffect):
    """Add ``value`` to a variable (clamped to its bounds)."""

    op: Literal["add"]
    value: float

    @model_validator(mode="after")
    def _in_bounds(self) -> Add:
        if abs(self.value) > _span(self.target):
            var = VARIABLES[self.target]
            raise ValueError(f"value {self.value} is larger than the range of {self.target} [{var.lo}, {var.hi}]")
        return self

    def describe(self) -> str:
        return f"{VARIABLES[self.target].description} {_fmt(self.target, self.value)}"

    def lower(self, program: Program) -> None:
        program.emit(OP_ADD, target=program.column(self.target), value=self.value)


class Mul(_TargetEffect):
    """Multiply a variable by ``value`` (clamped to its bounds)."""

    op: Literal["mul"]
    value: float = Field(ge=0, le=100)

    def describe(self) -> str:
        return f"{VARIABLES[self.target].description} x{self.value:g}"

    def lower(self, program: Program) -> None:
        program.emit(OP_MUL, target=program.column(self.target), value=self.value)


class Set(_TargetEffect):
    """Set a variable to ``value``, which must lie inside its bounds."""

    op: Literal["set"]
    value: float

    @model_validator(mode="after")
    def _in_bounds(self) -> Set:
        var = VARIABLES[self.target]
        if not var.lo <= self.value <= var.hi:
            raise ValueError(f"value {self.value} is outside the bounds of {self.target} [{var.lo}, {var.hi}]")
        return self

    def describe(self) -> str:
        return f"{VARIABLES[self.target].description} set to {self.value:g}"

    def lower(self, program: Program) -> None:
        program.emit(OP_SET, target=program.column(self.target), value=self.value)


class Modify(_TargetEffect):
    """A temporary ``add`` and/or ``mul`` on a variable for ``turns`` quarters."""

    op: Literal["modify"]
    add: float = 0.0
    mul: float = Field(default=1.0, ge=0, le=100)
    turns: Whole = Field(ge=1, le=40)

    @model_validator(mode="after")
    def _sane(self) -> Modify:
        if self.add == 0.0 and self.mul == 1.0:
            raise ValueError("modify needs 'add' or 'mul'")
        if abs(self.add) > _span(self.target):
            raise ValueError(f"add {self.add} is larger than the range of {self.target}")
        return self

    def describe(self) -> str:
        parts = [p for p in (_fmt(self.target, self.add) if self.add else "",
                             f"x{self.mul:g}" if self.mul != 1.0 else "") if p]
        return f"{VARIABLES[self.target].description} {' and '.join(parts)} for {counted(self.turns, 'quarter')}"

    def lower(self, program: Program) -> None:
        program.emit(OP_MODIFY, target=program.column(self.target), value=self.add, mul=self.mul, count=self.turns)


class Transfer(_Effect):
    """Move up to ``value`` from one variable to another (limited by both bounds)."""

    op: Literal["transfer"]
    source: str = Field(alias="from")
    dest: str = Field(alias="to")
    value: float = Field(gt=0)

    _check = field_validator("source", "dest")(classmethod(lambda cls, v: _check_target(v)))

    @model_validator(mode="after")
    def _in_bounds(self) -> Transfer:
        if self.value > _span(self.source):
            raise ValueError(f"value {self.value:g} is larger than the range of {self.source}")
        return self

    def describe(self) -> str:
        return f"move {self.value:g} from {self.source} to {self.dest}"

    def targets(self) -> list[str]:
        return [self.source, self.dest]

    def lower(self, program: Program) -> None:
        program.emit(OP_TRANSFER, target=program.column(self.source), other=program.column(self.dest), value=self.value)


class Draw(_Effect):
    """A seat draws ``count`` cards from the draw deck."""

    op: Literal["draw"]
    seat: SeatRef = "self"
    count: Whole = Field(default=1, ge=1, le=5)

    def describe(self) -> str:
        return f"{'you draw' if self.seat == 'self' else self.seat + ' draws'} {counted(self.count, 'card')}"

    def lower(self, program: Program) -> None:
        program.emit(OP_DRAW, seat=program.seat(self.seat), count=self.count)


class Discard(_Effect):
    """A seat discards ``count`` cards at random from its hand."""

    op: Literal["discard"]
    seat: SeatRef
    count: Whole = Field(default=1, ge=1, le=5)

    def describe(self) -> str:
        return f"{'you discard' if self.seat == 'self' else self.seat + ' discards'} {counted(self.count, 'random card')}"

    def lower(self, program: Program) -> None:
        program.emit(OP_DISCARD, seat=program.seat(self.seat), count=self.count)


class Shift(_Effect):
    """Shift a swing state's alignment ``steps`` toward a side; ``state: choose`` asks the player."""

    op: Literal["shift"]
    state: str = Field(pattern=STATE_ID, description="a swing-state id, 'choose' (the player picks) or 'all'")
    steps: float = Field(default=1.0, gt=0, le=6)
    toward: Toward = "self"

    def describe(self) -> str:
        where = {"choose": "a swing state of your choice", "all": "every swing state"}.get(self.state, self.state)
        side = "you" if self.toward == "self" else SEATS[self.toward].name
        return f"shift {where} {counted(self.steps, 'step')} toward {side}"

    def lower(self, program: Program) -> None:
        mode = {"all": SHIFT_ALL, "choose": SHIFT_CHOOSE}.get(self.state, SHIFT_ONE)
        one = program.board(self.state) if mode == SHIFT_ONE else -1
        if self.toward == "self":  # the actor's side
            program.emit(OP_SHIFT, target=mode, other=one, seat=SELF, value=self.steps)
        else:
            program.emit(OP_SHIFT, target=mode, other=one, seat=0, count=program.side(self.toward), value=self.steps)


class _Branching(_Effect):
    """An effect that runs one of two lists of effects: ``then`` or ``else``."""

    then: list[Effect] = Field(default_factory=list)
    otherwise: list[Effect] = Field(default_factory=list, alias="else")

    def _describe(self, head: str) -> str:
        text = head + "; ".join(e.describe() for e in self.then)
        if self.otherwise:
            text += " - otherwise: " + "; ".join(e.describe() for e in self.otherwise)
        return text

    def targets(self) -> list[str]:
        return [t for e in (*self.then, *self.otherwise) for t in e.targets()]


class WithCondition(BaseModel):
    """A ``when:`` condition, validated on load and parsed once (used by ``if`` and conditional injects)."""

    when: str | dict[str, Any] = Field(description="a condition: '<path> <op> <number or path>', or all:/any: lists")
    _parsed: Condition | None = PrivateAttr(default=None)

    @field_validator("when")
    @classmethod
    def _parse(cls, v: str | dict[str, Any]) -> str | dict[str, Any]:
        parse_condition(v)
        return v

    def model_post_init(self, context: Any, /) -> None:
        self._parsed = parse_condition(self.when)

    @property
    def condition(self) -> Condition:
        assert self._parsed is not None
        return self._parsed


class Chance(_Branching):
    """With probability ``p`` the ``then`` effects, otherwise the ``else`` effects."""

    op: Literal["chance"]
    p: float = Field(ge=0, le=1)

    def describe(self) -> str:
        return self._describe(f"{self.p:.0%} chance: ")

    def lower(self, program: Program) -> None:
        program.branches(program.emit(OP_CHANCE, value=self.p), self.then, self.otherwise)


class If(WithCondition, _Branching):
    """The ``then`` effects when the condition holds, otherwise the ``else`` effects."""

    op: Literal["if"]

    def describe(self) -> str:
        return self._describe(f"if {self.when}: ")

    def lower(self, program: Program) -> None:
        start, end = program.condition(self.condition)
        program.branches(program.emit(OP_IF, target=start, other=end), self.then, self.otherwise)


EFFECT_TYPES: tuple[type[_Effect], ...] = (Add, Mul, Set, Modify, Transfer, Draw, Discard, Shift, Chance, If)

Effect = Annotated[
    Add | Mul | Set | Modify | Transfer | Draw | Discard | Shift | Chance | If,
    Field(discriminator="op"),
]

for _model in (Chance, If):
    _model.model_rebuild()


def needs_state_choice(effects: list[Any]) -> bool:
    """Whether any effect (at any depth) asks the player to choose a swing state."""
    for e in effects:
        if isinstance(e, Shift) and e.state == "choose":
            return True
        if isinstance(e, Chance | If) and needs_state_choice([*e.then, *e.otherwise]):
            return True
    return False


def named_states(effects: list[Any]) -> set[str]:
    """Swing-state ids named by ``shift`` effects (checked against a scenario's board)."""
    out: set[str] = set()
    for e in effects:
        if isinstance(e, Shift) and e.state not in ("choose", "all"):
            out.add(e.state)
        if isinstance(e, Chance | If):
            out |= named_states([*e.then, *e.otherwise])
    return out
