"""Loading one deck or scenario file: all of its problems, or a fully validated model."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from wargame.content.document import Document, Loc, read_document
from wargame.content.locate import problem_at, raw_effects
from wargame.content.problems import ContentError, Problem
from wargame.content.validation import validation_problems
from wargame.engine.cards import Deck
from wargame.engine.fields import listed
from wargame.engine.scenario import Scenario
from wargame.engine.seats import SEAT_IDS, SEATS, SIDED, SIDELESS

M = TypeVar("M", bound=BaseModel)

_KINDS = {"deck": Deck, "scenario": Scenario}


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model together with the document it came from (for locating later checks)."""

    model: M
    doc: Document


def load_deck(path: str | Path) -> Deck:
    """The deck in ``path``; raises :class:`ContentError` listing every problem in the file."""
    return deck_from(read_document(Path(path))).model


def load_scenario(path: str | Path) -> Scenario:
    """The scenario in ``path``; raises :class:`ContentError` listing every problem in the file."""
    return scenario_from(read_document(Path(path))).model


def content_kind(doc: Document) -> str | None:
    """``deck`` or ``scenario`` by the document's top-level key, ``None`` when it is neither."""
    if isinstance(doc.data, dict):
        for kind in _KINDS:
            if kind in doc.data:
                return kind
    return None


def deck_from(doc: Document) -> Located[Deck]:
    """Validate a parsed document as a deck."""
    return _validate(doc, Deck, "deck", _deck_checks)


def scenario_from(doc: Document) -> Located[Scenario]:
    """Validate a parsed document as a scenario."""
    return _validate(doc, Scenario, "scenario", _scenario_checks)


def _validate(doc: Document, model: type[M], kind: str, checks: Any) -> Located[M]:
    if not isinstance(doc.data, dict):
        found = type(doc.data).__name__
        raise ContentError([Problem(doc.file, doc.line(()), None, "",
                                    f"expected a mapping with {kind!r} at the top level, found a {found}")])
    other = content_kind(doc)
    if other is not None and other != kind:
        raise ContentError([Problem(doc.file, doc.line((other,)), None, "",
                                    f"this is a {other} file ({other!r} at the top level), not a {kind}")])
    problems = [problem_at(doc, d.loc, f"duplicate key {d.loc[-1]!r} (first at line {d.first_line})", d.line)
                for d in doc.duplicates]
    problems += [problem_at(doc, u.loc, f"control characters are not allowed ({', '.join(u.characters)}): "
                            "a terminal would act on them instead of showing them", u.line) for u in doc.unsafe]
    result: M | None = None
    try:
        result = model.model_validate(doc.data)
    except ValidationError as err:
        # Deck's own duplicate-id check is unlocated and runs only when every card is valid; _deck_checks
        # finds duplicates in any case and points at them.
        problems += [p for p in validation_problems(doc, err, model)
                     if not (kind == "deck" and p.field == "cards" and "appears more than once" in p.message)]
    except (ValueError, TypeError, RecursionError) as exc:
        problems.append(Problem(doc.file, None, None, "", f"cannot read {kind}: {exc}"))
    problems += checks(doc)
    if problems or result is None:
        raise ContentError(sorted(problems, key=lambda p: p.line or 0))
    return Located(result, doc)


def _deck_checks(doc: Document) -> list[Problem]:
    cards = doc.data.get("cards")
    if not isinstance(cards, list):
        return []
    problems: list[Problem] = []
    first: dict[str, int] = {}
    for index, card in enumerate(cards):
        if not isinstance(card, dict):
            continue
        card_id = card.get("id")
        if isinstance(card_id, str):
            if card_id in first:
                line = doc.line(("cards", first[card_id], "id"))
                problems.append(problem_at(doc, ("cards", index, "id"),
                                           f"card id {card_id!r} appears more than once (first at line {line})"))
            first.setdefault(card_id, index)
        if card.get("faction") == "world":
            problems += _seatless(doc, card.get("effects"), ("cards", index, "effects"), "a world card")
        if card.get("faction") in SIDELESS:
            problems += _sideless(doc, card.get("effects"), ("cards", index, "effects"), card["faction"])
    return problems


def _sideless(doc: Document, effects: Any, loc: Loc, seat: str) -> list[Problem]:
    """``shift ... toward: self`` on a sideless seat's card (the firm's): it has no side on the board, so
    it would do nothing."""
    problems: list[Problem] = []
    for effect, here in raw_effects(effects, loc):
        if effect.get("op") == "shift" and effect.get("toward", "self") == "self":
            implicit = "" if "toward" in effect else " ('toward' defaults to 'self')"
            problems.append(problem_at(doc, (*here, "toward"), f"the {seat} has no side on the board: "
                                       f"'toward' must be {listed(SIDED, quote=True)} on a {seat} card{implicit}"))
    return problems


def _scenario_checks(doc: Document) -> list[Problem]:
    problems: list[Problem] = []
    seats = doc.data.get("seats")
    targets = doc.value(("victory", "targets"))
    if isinstance(seats, list) and isinstance(targets, dict):
        seated = [s.get("id") for s in seats if isinstance(s, dict)]
        for seat in [s for s in targets if s in SEATS and not SEATS[s].required and s not in seated]:
            problems.append(problem_at(doc, ("victory", "targets", seat),
                                       f"a victory target for the {seat}, but the {seat} has no seat in 'seats'"))
    for section in ("injects", "conditional"):
        for index, _ in _items(doc.data.get(section)):
            effects = doc.value((section, index, "effects"))
            problems += _seatless(doc, effects, (section, index, "effects"), "an inject")
    return problems


def _items(value: Any) -> Iterator[tuple[int, Any]]:
    return enumerate(value) if isinstance(value, list) else iter(())


def _seatless(doc: Document, effects: Any, loc: Loc, owner: str) -> list[Problem]:
    """Effects that refer to 'self' where no seat owns the card (world cards, scenario injects)."""
    problems: list[Problem] = []
    for effect, here in raw_effects(effects, loc):
        op = effect.get("op")
        if op == "shift" and effect.get("toward", "self") == "self":
            implicit = "" if "toward" in effect else " ('toward' defaults to 'self')"
            problems.append(problem_at(doc, (*here, "toward"),
                                       f"{owner} belongs to no seat: 'toward' must be {listed(SIDED, quote=True)}{implicit}"))
        if op in ("draw", "discard") and effect.get("seat", "self" if op == "draw" else None) == "self":
            implicit = "" if "seat" in effect else " ('seat' defaults to 'self')"
            problems.append(problem_at(doc, (*here, "seat"),
                                       f"{owner} belongs to no seat: 'seat' must be {listed(SEAT_IDS)}{implicit}"))
    return problems
