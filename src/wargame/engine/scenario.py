"""Scenarios: seats, board, decks, calendar, injects and victory thresholds."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from wargame.engine.cards import _ID, quarter_index
from wargame.engine.effects import Effect, WithCondition
from wargame.engine.naming import did_you_mean
from wargame.model.params import PARAMETERS
from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

SeatId = Literal["us", "china", "firm"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SeatSpec(_Strict):
    """A seat of the scenario: who it is and what it is told it wants."""

    id: SeatId
    name: str
    goal: str = Field(description="the seat's objectives in one or two sentences, for the briefing")


class SwingState(_Strict):
    """A swing state of the board."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str
    alignment: float = Field(ge=-3, le=3, description="-3 China-aligned .. +3 US-aligned")
    demand: float = Field(gt=0, le=1, description="share of world AI-compute demand (weights the board)")
    sources: list[str] = Field(default_factory=list)


class Inject(_Strict):
    """A scheduled inject: at quarter ``turn``, cards from the world deck and/or inline effects fire."""

    turn: str = Field(description="the quarter it fires, e.g. 2026Q3")
    title: str = ""
    text: str = ""
    cards: list[str] = Field(default_factory=list, description="card ids (any loaded deck)")
    effects: list[Effect] = Field(default_factory=list)

    @field_validator("turn")
    @classmethod
    def _quarter(cls, v: str) -> str:
        quarter_index(v)
        return v


class ConditionalInject(WithCondition, _Strict):
    """Fires the first quarter (news phase) in which ``when`` holds; at most once a game."""

    id: str = Field(pattern=_ID)
    title: str = ""
    text: str = ""
    cards: list[str] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)


class Victory(_Strict):
    """Thresholds for sudden death and the end-of-game targets each seat's score is measured against."""

    targets: dict[SeatId, float] = Field(default_factory=lambda: dict.fromkeys(("us", "china", "firm"), 0.0),
                                         description="end-of-game score each seat must beat; the largest margin wins")
    china_parity_quarters: int = Field(default=2, ge=1, description="quarters of lag <= 0 for a China sudden death")
    us_lead_months: float = Field(default=12.0, gt=0, description="lag at which the US holds a decisive lead")
    us_lead_quarters: int = Field(default=4, ge=1)
    us_lead_states: int = Field(default=2, ge=0, description="US-aligned swing states needed with the lead")
    china_share: float = Field(default=0.40, gt=0, le=1, description="China world-compute share for a sudden win")
    firm_squeeze_quarters: int = Field(default=4, ge=1, description="quarters of revenue below half of 2025 to squeeze the firm out")


class DeckRefs(_Strict):
    """Which decks a scenario plays with."""

    draw: list[str] = Field(min_length=1, description="deck ids shuffled into the shared draw deck")
    world: list[str] = Field(default_factory=list, description="deck ids of world events drawn in the news phase")


class Scenario(_Strict):
    """Everything that sets up a game apart from the seed and who sits where."""

    scenario: str = Field(pattern=_ID)
    title: str
    version: int = Field(default=1, ge=0)
    summary: str = Field(description="the situation, read out at the briefing")
    seats: list[SeatSpec] = Field(min_length=2, max_length=3)
    start: str
    end: str
    board: list[SwingState] = Field(min_length=1)
    decks: DeckRefs
    initial: dict[str, float] = Field(default_factory=dict, description="overrides of the model's opening values")
    parameters: dict[str, float] = Field(default_factory=dict, description="overrides of model parameters")
    injects: list[Inject] = Field(default_factory=list)
    conditional: list[ConditionalInject] = Field(default_factory=list)
    victory: Victory = Field(default_factory=Victory)
    hand_size: int = Field(default=5, ge=1, le=10)
    rounds: int = Field(default=2, ge=1, le=6)
    headline: bool = True
    budget_per_op: float = Field(default=2.5, gt=0, le=100, description="$B of capex one op buys when invested")
    world_draws: int = Field(default=1, ge=0, le=3, description="world cards drawn each news phase")

    @field_validator("start", "end")
    @classmethod
    def _quarter(cls, v: str) -> str:
        quarter_index(v)
        return v

    @field_validator("initial")
    @classmethod
    def _initial(cls, v: dict[str, float]) -> dict[str, float]:
        for name, value in v.items():
            if name not in WRITABLE_VARIABLES:
                raise ValueError(f"unknown variable {name!r}{did_you_mean(name, WRITABLE_VARIABLES)}")
            var = VARIABLES[name]
            if not var.lo <= value <= var.hi:
                raise ValueError(f"{name} = {value} is outside its bounds [{var.lo}, {var.hi}]")
        return v

    @field_validator("parameters")
    @classmethod
    def _parameters(cls, v: dict[str, float]) -> dict[str, float]:
        for name in v:
            if name not in PARAMETERS:
                raise ValueError(f"unknown model parameter {name!r}{did_you_mean(name, PARAMETERS)}")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        ids = [s.id for s in self.seats]
        if len(set(ids)) != len(ids):
            raise ValueError("a seat appears twice in 'seats'")
        if "us" not in ids or "china" not in ids:
            raise ValueError("'seats' must include us and china")
        if quarter_index(self.end) < quarter_index(self.start):
            raise ValueError(f"end {self.end} is before start {self.start}")
        board_ids = [s.id for s in self.board]
        if len(set(board_ids)) != len(board_ids):
            raise ValueError("a swing state appears twice in 'board'")
        for inject in self.injects:
            if not quarter_index(self.start) <= quarter_index(inject.turn) <= quarter_index(self.end):
                raise ValueError(f"inject at {inject.turn} is outside {self.start}..{self.end}")
        return self

    @property
    def seat_ids(self) -> list[str]:
        return [s.id for s in self.seats]

    @property
    def quarters(self) -> int:
        return quarter_index(self.end) - quarter_index(self.start) + 1
