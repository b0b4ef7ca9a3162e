"""Cards and decks: the data a deck file declares, validated on load."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_serializer,
    model_validator,
)

from wargame.engine.conditions import AllOf, Condition, ConditionError, parse_condition, parse_conditions
from wargame.engine.effects import Effect, needs_state_choice
from wargame.engine.fields import CONTENT, FieldErrors, Whole, listed, one_of
from wargame.engine.seats import SEAT_IDS

#: Whose card it is: a seat, any seat, or the world deck.
Faction = one_of((*SEAT_IDS, "any", "world"))
Seat = one_of(SEAT_IDS)
CardType = Literal["policy", "capex", "alliance", "event"]
_ID = r"^[a-z0-9][a-z0-9-]*$"
#: The most cards a deck file may hold (the built-in core deck has 60).
MAX_DECK_CARDS = 1000
#: The years a scenario may use: the model is calibrated on the end of 2025 and drifts far from it.
FIRST_YEAR, LAST_YEAR = 2020, 2060


class Cost(BaseModel):
    """What playing a card for its event costs the seat that plays it."""

    model_config = CONTENT

    budget: float = Field(default=0.0, ge=0, le=500, description="$B from the seat's budget")
    pc: float = Field(default=0.0, ge=0, le=20, description="political capital")


class Era(BaseModel):
    """When a card joins its deck (its era, as Twilight Struggle's early, mid and late war): from a
    quarter, once conditions hold, or both. Until then it is held out of the deck, in plain sight."""

    model_config = ConfigDict(**CONTENT, populate_by_name=True)

    from_: str | None = Field(default=None, alias="from",
                              description="the first quarter it may join its deck, e.g. 2027Q1")
    when: list[str | dict[str, Any]] = Field(default_factory=list,
                                             description="conditions that must all hold (checked each news phase)")
    _when: Condition | None = PrivateAttr(default=None)

    @field_validator("from_")
    @classmethod
    def _quarter(cls, v: str | None) -> str | None:
        if v is not None:
            quarter_index(v)
        return v

    @field_validator("when")
    @classmethod
    def _parse_when(cls, v: list[Any]) -> list[Any]:
        parse_conditions(v)
        return v

    @model_validator(mode="after")
    def _something(self) -> Era:
        if self.from_ is None and not self.when:
            raise ValueError("'enters' needs 'from' (a quarter), 'when' (conditions) or both")
        return self

    def model_post_init(self, context: Any, /) -> None:
        self._when = parse_conditions(self.when)

    @property
    def condition(self) -> Condition:
        assert self._when is not None
        return self._when


class Card(BaseModel):
    """One card: who owns it, what it costs, its ops value and its effects."""

    model_config = CONTENT

    id: str = Field(pattern=_ID, description="unique id, lower-case with dashes")
    name: str = Field(min_length=1)
    faction: Faction
    type: CardType
    cost: Cost = Field(default_factory=Cost)
    ops: Whole = Field(default=0, ge=0, le=4)
    text: str = Field(min_length=1, description="what happens, in the game's words")
    requires: list[str | dict[str, Any]] = Field(default_factory=list,
                                                 description="conditions that must all hold to play the event")
    players: list[Seat] | None = Field(
        default=None, description="the seats that may play a neutral card for its event (absent: every seat); "
                                  "the others may still play it for ops or shelve it")
    set_off: bool = Field(
        default=True, description="whether another seat that plays this seat's card for ops (or headlines it) "
                                  "sets its event off for its seat, as in Twilight Struggle; false for a decision "
                                  "only its own seat can take (a listing, a sanction)")
    effects: list[Effect] = Field(min_length=1)
    sources: list[str] = Field(default_factory=list, description="fact ids from facts.yaml, or 'A' for an assumption")
    tags: list[str] = Field(default_factory=list)
    enters: Era | None = Field(default=None, description="its era: when it joins its deck (absent: from the start)")
    _requires: Condition | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _parse_requires(self) -> Card:
        """Every condition that cannot be read, each at its own line (not only the first)."""
        problems: list[tuple[tuple[str | int, ...], str]] = []
        parsed = []
        for i, raw in enumerate(self.requires):
            try:
                parsed.append(parse_condition(raw))
            except ConditionError as error:
                problems.append((("requires", i), str(error)))
        if problems:
            raise FieldErrors(problems)
        self._requires = AllOf(tuple(parsed))
        return self

    _known_facts = field_validator("sources")(classmethod(lambda cls, v: known_facts(v)))

    @model_validator(mode="after")
    def _players(self) -> Card:
        if not self.set_off and self.faction not in SEAT_IDS:
            kind = "a neutral card ('any')" if self.faction == "any" else "a world card"
            raise FieldErrors([(("set_off",), f"only a seat's card can be set off by another seat's ops; {kind} "
                                              "never is, so leave 'set_off' out")])
        if self.players is None:
            return self
        if self.faction != "any":
            raise FieldErrors([(("players",), f"only a neutral card (faction 'any') names its players; a "
                                              f"{self.faction!r} card's event is played by {self.faction!r} alone")])
        if not self.players:
            raise FieldErrors([(("players",), f"name at least one of {listed(SEAT_IDS, quote=True)}, "
                                              "or leave 'players' out so that every seat may play it")])
        twice = sorted({p for p in self.players if self.players.count(p) > 1})
        if twice:
            raise FieldErrors([(("players",), f"{listed(twice, quote=True)} named more than once")])
        return self

    def sets_off(self, seat: str) -> str | None:
        """The seat whose event fires when ``seat`` plays this card for its ops or headlines it: the
        card's own seat, if that is another seat and the card may be set off (``set_off``); else none."""
        return self.faction if self.set_off and self.faction in SEAT_IDS and self.faction != seat else None

    @property
    def event_seats(self) -> tuple[str, ...]:
        """The seats that may play this card for its event: its ``players``, else its seat's alone, or
        every seat for a neutral card (none for a world card, whose event the news fires)."""
        if self.players is not None:
            return tuple(s for s in SEAT_IDS if s in self.players)
        if self.faction == "any":
            return SEAT_IDS
        return (self.faction,) if self.faction in SEAT_IDS else ()

    def silenced(self, seat: str | None = None) -> Card:
        """This card with an event ``seat`` (``None``: every seat) may no longer play: still dealt, played
        for ops or shelved, and a seat's card no longer set off by an opponent's ops. What a Monte-Carlo
        compares the card against."""
        return self.model_copy(update={"players": [s for s in self.event_seats if seat is not None and s != seat]})

    @model_serializer(mode="wrap")
    def _dump(self, handler: Any) -> Any:
        """A card without an era, or one that may be set off, dumps as before either existed (saves embed
        their decks as dumped, and a save's content hash covers them)."""
        data = handler(self)
        if self.enters is None and isinstance(data, dict):
            data.pop("enters", None)
        if self.set_off and isinstance(data, dict):
            data.pop("set_off", None)
        return data

    @property
    def requirement(self) -> Condition:
        assert self._requires is not None
        return self._requires

    @property
    def needs_target(self) -> bool:
        """Whether playing the event asks the player to pick a swing state."""
        return needs_state_choice(self.effects)


class Deck(BaseModel):
    """A deck file: an id, a title, a version and its cards (ids unique)."""

    model_config = CONTENT

    deck: str = Field(pattern=_ID)
    title: str
    version: Whole = Field(default=1, ge=0, le=1_000_000)
    cards: list[Card] = Field(min_length=1, max_length=MAX_DECK_CARDS)

    @field_validator("cards")
    @classmethod
    def _unique(cls, cards: list[Card]) -> list[Card]:
        seen: set[str] = set()
        for card in cards:
            if card.id in seen:
                raise ValueError(f"card id {card.id!r} appears more than once")
            seen.add(card.id)
        return cards


def known_facts(ids: list[str]) -> list[str]:
    """``ids`` when each is a fact id of facts.yaml (or ``A``/``D``); ``ValueError`` naming the first that is not."""
    from wargame.engine.naming import did_you_mean
    from wargame.model.params import fact_ids

    known = fact_ids()
    for fid in ids:
        if fid not in known:
            raise ValueError(f"unknown fact id {fid!r}{did_you_mean(fid, known)}")
    return ids


def quarter_index(label: str) -> int:
    """``2026Q1`` -> a running quarter number (year * 4 + quarter - 1)."""
    m = re.fullmatch(r"(\d{4})Q([1-4])", label)
    if not m:
        raise ValueError(f"quarter {label!r} is not of the form 2026Q1")
    if not FIRST_YEAR <= int(m.group(1)) <= LAST_YEAR:
        raise ValueError(f"quarter {label!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return int(m.group(1)) * 4 + int(m.group(2)) - 1


def quarter_label(index: int) -> str:
    """The inverse of :func:`quarter_index`."""
    return f"{index // 4}Q{index % 4 + 1}"
