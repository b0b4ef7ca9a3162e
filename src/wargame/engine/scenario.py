"""Scenarios: seats, board, decks, calendar, injects and victory thresholds."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator, model_validator

from wargame.engine.cards import _ID, known_facts, quarter_index
from wargame.engine.effects import STATE_ID, Effect, WithCondition
from wargame.engine.fields import CONTENT, FieldErrors, Whole, listed, one_of
from wargame.engine.naming import did_you_mean
from wargame.engine.seats import REQUIRED, SEAT_IDS
from wargame.model.params import parameter_problem
from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

#: A seat of the seat table (``engine.seats.SEATS``).
SeatId = one_of(SEAT_IDS)
Loc = tuple[str | int, ...]

#: The longest game a scenario may describe: ten years of quarters.
MAX_QUARTERS = 40
#: The most swing states on a board, and of scheduled or conditional injects in a scenario.
MAX_BOARD, MAX_INJECTS = 20, 200
#: The most cards a scenario's decks may hold together (draw and world decks).
MAX_SCENARIO_CARDS = 2000
#: The most cards a scenario may leave out of its draw decks (``decks.leave_out``).
MAX_LEAVE_OUT = MAX_SCENARIO_CARDS
#: A seat's pace (the power its target falls due by) lies within these.
MIN_PACE, MAX_PACE = 0.2, 5.0
#: End-of-game targets lie within this many points either side of zero.
MAX_TARGET = 1000.0


class _Strict(BaseModel):
    model_config = CONTENT


class SeatSpec(_Strict):
    """A seat of the scenario: who it is and what it is told it wants."""

    id: SeatId
    name: str
    goal: str = Field(description="the seat's objectives in one or two sentences, for the briefing")


class SwingState(_Strict):
    """A swing state of the board."""

    id: str = Field(pattern=STATE_ID)
    name: str
    alignment: float = Field(ge=-3, le=3, description="-3 China-aligned .. +3 US-aligned")
    demand: float = Field(gt=0, le=1, description="share of world AI-compute demand (weights the board)")
    tier2: bool = Field(default=False, description="a tier-2 state of the AI Diffusion rule: only these drift away "
                                                   "from the US while Diffusion tiers are in force")
    hedge: float = Field(default=1.0, ge=0, le=5, allow_inf_nan=False,
                         description="how readily it hedges back toward neutral each quarter (a multiple of the "
                                     "model's hedge_rate; 0: never, as a treaty ally)")
    sources: list[str] = Field(default_factory=list, description="fact ids from facts.yaml, or 'A' for an assumption")

    _known_facts = field_validator("sources")(classmethod(lambda cls, v: known_facts(v)))


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

    targets: dict[SeatId, float] = Field(default_factory=lambda: dict.fromkeys(SEAT_IDS, 0.0),
                                         description="end-of-game score each seat must beat; the largest margin wins")
    china_parity_quarters: Whole = Field(default=2, ge=1, le=MAX_QUARTERS,
                                       description="quarters of lag <= china_parity_months for a China sudden death")
    china_parity_months: float = Field(default=0.0, ge=0, le=120,
                                       description="lag (months) at or below which China has erased the lead")
    us_lead_months: float = Field(default=12.0, gt=0, le=120, description="lag at which the US holds a decisive lead")
    us_lead_quarters: Whole = Field(default=4, ge=1, le=MAX_QUARTERS)
    us_lead_states: Whole = Field(default=2, ge=0, le=MAX_BOARD, description="US-aligned swing states needed with the lead")
    china_share: float = Field(default=0.40, gt=0, le=1, description="China world-compute share for a sudden win")
    firm_squeeze_quarters: Whole = Field(default=4, ge=1, le=MAX_QUARTERS,
                                       description="quarters of revenue below half of 2025 to squeeze the firm out")
    pace: dict[SeatId, float] = Field(default_factory=dict,
                                      description="how each seat's target falls due over the game: after a share x of "
                                                  "the quarters, x to this power is due (1, the default: evenly; above 1: "
                                                  "its points come late); judges a game a sudden death cuts short")

    @field_validator("targets")
    @classmethod
    def _targets(cls, v: dict[str, float]) -> dict[str, float]:
        for seat, target in v.items():
            if not -MAX_TARGET <= target <= MAX_TARGET:
                raise ValueError(f"target {seat} = {target:g} is outside [{-MAX_TARGET:g}, {MAX_TARGET:g}]")
        return v

    @field_validator("pace")
    @classmethod
    def _pace(cls, v: dict[str, float]) -> dict[str, float]:
        for seat, power in v.items():
            if not MIN_PACE <= power <= MAX_PACE:
                raise ValueError(f"pace {seat} = {power:g} is outside [{MIN_PACE:g}, {MAX_PACE:g}]")
        return v

    def due(self, seat: str, played: float) -> float:
        """``seat``'s target due once ``played`` of the game's quarters have closed (``due_share``)."""
        return self.targets.get(seat, 0.0) * due_share(played, self.pace.get(seat, 1.0))  # type: ignore[call-overload]


def due_share(played: float, pace: float) -> float:
    """The share of a target due once ``played`` of the game's quarters have closed: ``played`` to
    the power ``pace`` (1: pro rata; all of it at the end date), as ``core.quarter.due`` reckons it."""
    return min(max(played, 0.0), 1.0) ** pace


class DeckRefs(_Strict):
    """Which decks a scenario plays with."""

    draw: list[str] = Field(min_length=1, description="deck ids shuffled into the shared draw deck")
    world: list[str] = Field(default_factory=list, description="deck ids of world events drawn in the news phase")
    leave_out: list[str] = Field(default_factory=list, max_length=MAX_LEAVE_OUT,
                                 description="ids of draw-deck cards this scenario plays without (a card aimed at "
                                             "a seat that is not at the table)")


class Scenario(_Strict):
    """Everything that sets up a game apart from the seed and who sits where."""

    scenario: str = Field(pattern=_ID)
    title: str
    version: Whole = Field(default=1, ge=0, le=1_000_000)
    summary: str = Field(description="the situation, read out at the briefing")
    seats: list[SeatSpec] = Field(min_length=2, max_length=len(SEAT_IDS))
    start: str
    end: str
    board: list[SwingState] = Field(min_length=1, max_length=MAX_BOARD)
    decks: DeckRefs
    initial: dict[str, float] = Field(default_factory=dict, description="overrides of the model's opening values")
    parameters: dict[str, float] = Field(default_factory=dict, description="overrides of model parameters")
    injects: list[Inject] = Field(default_factory=list, max_length=MAX_INJECTS)
    conditional: list[ConditionalInject] = Field(default_factory=list, max_length=MAX_INJECTS)
    victory: Victory = Field(default_factory=Victory)
    hand_size: Whole = Field(default=5, ge=1, le=10)
    rounds: Whole = Field(default=2, ge=1, le=6)
    headline: bool = True
    budget_per_op: float = Field(default=2.5, gt=0, le=100, description="$B of capex one op buys when invested")
    world_draws: Whole = Field(default=1, ge=0, le=3, description="world cards drawn each news phase")

    @field_validator("start", "end")
    @classmethod
    def _quarter(cls, v: str) -> str:
        quarter_index(v)
        return v

    @field_validator("initial")
    @classmethod
    def _initial(cls, v: dict[str, float]) -> dict[str, float]:
        for name, value in v.items():
            if name in VARIABLES and name not in WRITABLE_VARIABLES:
                why = "derived from other variables" if VARIABLES[name].derived else "internal to the model"
                raise ValueError(f"variable {name!r} is {why}: only writable variables take opening values "
                                 f"(see `wargame deck reference`)")
            if name not in WRITABLE_VARIABLES:
                raise ValueError(f"unknown variable {name!r}{did_you_mean(name, WRITABLE_VARIABLES)}")
            var = VARIABLES[name]
            if not var.lo <= value <= var.hi:
                raise ValueError(f"{name} = {value} is outside its bounds [{var.lo}, {var.hi}]")
        return v

    @field_validator("parameters")
    @classmethod
    def _parameters(cls, v: dict[str, float]) -> dict[str, float]:
        for name, value in v.items():
            if (problem := parameter_problem(name, value)) is not None:
                raise ValueError(problem)
        return v

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        errors = self._seat_errors() + self._board_errors()
        first, last = quarter_index(self.start), quarter_index(self.end)
        if last < first:
            errors.append((("end",), f"end {self.end} is before start {self.start}"))
        elif self.quarters > MAX_QUARTERS:
            errors.append((("end",), f"end {self.end} is {self.quarters} quarters after start {self.start}: "
                                     f"a scenario lasts at most {MAX_QUARTERS} quarters"))
        for i, inject in enumerate(self.injects):
            if last >= first and not first <= quarter_index(inject.turn) <= last:
                errors.append((("injects", i, "turn"),
                               f"inject at {inject.turn} is outside the game's quarters {self.start}..{self.end}"))
        if errors:
            raise FieldErrors(errors)
        return self

    def _seat_errors(self) -> list[tuple[Loc, str]]:
        ids = [s.id for s in self.seats]
        errors: list[tuple[Loc, str]] = []
        for i, seat in enumerate(ids):
            if seat in ids[:i]:
                errors.append((("seats", i, "id"), f"seat {seat!r} appears twice in 'seats'"))
        if any(seat not in ids for seat in REQUIRED):
            errors.append((("seats",), f"'seats' must include {listed(REQUIRED, last='and')}"))
        return errors

    def _board_errors(self) -> list[tuple[Loc, str]]:
        errors: list[tuple[Loc, str]] = []
        board_ids = [s.id for s in self.board]
        for i, state in enumerate(board_ids):
            if state in board_ids[:i]:
                errors.append((("board", i, "id"), f"swing state {state!r} appears twice in 'board'"))
        total = sum(s.demand for s in self.board)
        if total > 1 + 1e-9:
            errors.append((("board",), f"the board's demand shares add up to {total:g}: they are shares of "
                                       f"world AI-compute demand and must add up to 1 or less"))
        return errors

    @property
    def seat_ids(self) -> list[str]:
        return [s.id for s in self.seats]

    @property
    def quarters(self) -> int:
        return quarter_index(self.end) - quarter_index(self.start) + 1
