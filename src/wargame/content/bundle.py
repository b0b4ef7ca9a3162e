"""A scenario with the decks it plays with, cross-checked against each other."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from wargame.content.document import Document, Loc, display_path, read_document
from wargame.content.loading import Located, content_kind, deck_from, scenario_from
from wargame.content.locate import problem_at, raw_effects
from wargame.content.paths import scenario_path, yaml_files
from wargame.content.problems import ContentError, Problem
from wargame.content.search import deck_folders
from wargame.engine.cards import Card, Deck
from wargame.engine.conditions import ConditionError, parse_condition
from wargame.engine.effects import named_states
from wargame.engine.game import Game, Ruleset
from wargame.engine.naming import did_you_mean
from wargame.engine.scenario import MAX_SCENARIO_CARDS, ConditionalInject, Inject, Scenario


@dataclass(frozen=True)
class Bundle:
    """A validated scenario and its decks by id (draw decks first, then world decks)."""

    scenario: Scenario
    decks: dict[str, Deck]
    files: dict[str, Path] = field(default_factory=dict)  # deck id -> the file it was read from

    @cached_property
    def cards(self) -> dict[str, Card]:
        """Every card of every deck, by id (ids are unique across a bundle)."""
        return {card.id: card for deck in self.decks.values() for card in deck.cards}

    def game(self) -> Game:
        """The rules of this scenario with these decks, ready to play."""
        return Game(Ruleset.build(self.scenario, self.decks.values()))

    @property
    def draw_cards(self) -> list[Card]:
        """The cards of the draw decks, but those the scenario leaves out (``decks.leave_out``)."""
        left_out = set(self.scenario.decks.leave_out)
        return [card for d in self.scenario.decks.draw for card in self.decks[d].cards if card.id not in left_out]

    @property
    def world_cards(self) -> list[Card]:
        """The world events drawn in the news phase."""
        return [card for d in self.scenario.decks.world for card in self.decks[d].cards]


def load_bundle(scenario: str | Path, search: Sequence[Path] | None = None) -> Bundle:
    """Load a scenario (id or path) and its decks, found by id in ``search`` (deck folders or files;
    by default beside the scenario, in the author's folders, then the built-in decks)."""
    path = scenario_path(scenario)
    return bundle_from(scenario_from(read_document(path)), search, path)


def bundle_from(scenario: Located[Scenario], search: Sequence[Path] | None = None,
                path: Path | None = None) -> Bundle:
    """Find, load and cross-check the decks of an already loaded scenario (read from ``path``)."""
    dirs = list(search) if search is not None else [f.path for f in deck_folders(path)]
    decks, problems = _load_decks(scenario, dirs)
    problems += cross_check(scenario, decks)
    if problems:
        raise ContentError(problems)
    return Bundle(scenario.model, {deck_id: located.model for deck_id, located in decks.items()},
                  {deck_id: Path(located.doc.file) for deck_id, located in decks.items()})


def _deck_documents(search: Iterable[Path]) -> tuple[dict[str, tuple[Path, Document]], list[Problem]]:
    """Deck id -> its file and parsed document, for the deck files in ``search`` (directories or
    files; each parsed once, and the first file with an id wins); and the problems of the files
    that could not be read (any of them may be the deck a scenario asks for)."""
    index: dict[str, tuple[Path, Document]] = {}
    unreadable: list[Problem] = []
    seen: set[Path] = set()
    for entry in search:
        for path in yaml_files(entry) if entry.is_dir() else [entry] if entry.exists() else []:
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            try:
                doc = read_document(path)
            except ContentError as err:
                unreadable += err.problems
                continue
            if content_kind(doc) == "deck" and isinstance(doc.data["deck"], str):
                index.setdefault(doc.data["deck"], (path, doc))
    return index, unreadable


def _load_decks(scenario: Located[Scenario], search: list[Path]) -> tuple[dict[str, Located[Deck]], list[Problem]]:
    index, unreadable = _deck_documents(search)
    decks: dict[str, Located[Deck]] = {}
    problems: list[Problem] = []
    refs = scenario.model.decks
    for role, ids in (("draw", refs.draw), ("world", refs.world)):
        for i, deck_id in enumerate(ids):
            if deck_id in decks:
                continue
            if deck_id not in index:
                where = ", ".join(display_path(p) for p in search) or "no deck directories"
                unread = f"; {len(unreadable)} file(s) there could not be read, below" if unreadable else ""
                problems.append(problem_at(scenario.doc, ("decks", role, i),
                                           f"unknown deck {deck_id!r}{did_you_mean(deck_id, index)} "
                                           f"(searched {where}{unread})"))
                problems += unreadable
                unreadable = []
                continue
            try:
                decks[deck_id] = deck_from(index[deck_id][1])
            except ContentError as err:
                problems += err.problems
    return decks, problems


def cross_check(scenario: Located[Scenario], decks: dict[str, Located[Deck]]) -> list[Problem]:
    """Problems between a scenario and its decks: shared card ids, factions, unknown cards and states."""
    board = [s.id for s in scenario.model.board]
    problems = unique_cards(decks) + _factions(scenario, decks) + _size(scenario, decks)
    problems += _inject_cards(scenario, {c.id for d in decks.values() for c in d.model.cards})
    problems += _left_out(scenario, decks)
    sid = scenario.model.scenario
    for located in decks.values():
        for i, card in enumerate(located.model.cards):
            loc: Loc = ("cards", i)
            problems += _states(located, card.effects, (*loc, "effects"), board, sid)
            for j, raw in enumerate(card.requires):
                problems += _board_paths(located, raw, (*loc, "requires", j), board, sid)
    s = scenario.model
    for section, items in _inject_sections(s):
        for i, item in enumerate(items):
            problems += _states(scenario, item.effects, (section, i, "effects"), board, sid)
    for i, conditional in enumerate(s.conditional):
        problems += _board_paths(scenario, conditional.when, ("conditional", i, "when"), board, sid)
    return problems


def _inject_sections(s: Scenario) -> list[tuple[str, Sequence[Inject | ConditionalInject]]]:
    return [("injects", s.injects), ("conditional", s.conditional)]


def _size(scenario: Located[Scenario], decks: dict[str, Located[Deck]]) -> list[Problem]:
    total = sum(len(d.model.cards) for d in decks.values())
    if total <= MAX_SCENARIO_CARDS:
        return []
    return [problem_at(scenario.doc, ("decks",), f"its decks hold {total} cards: a scenario plays with at most "
                                                 f"{MAX_SCENARIO_CARDS} cards in all")]


def unique_cards(decks: dict[str, Located[Deck]]) -> list[Problem]:
    """Card ids that appear in more than one of ``decks`` (keyed by deck id or by file): ids are unique across decks."""
    first: dict[str, tuple[str, str]] = {}
    problems: list[Problem] = []
    for key, located in decks.items():
        for i, card in enumerate(located.model.cards):
            if card.id in first and first[card.id][0] != key:
                other, where = first[card.id]
                problems.append(problem_at(located.doc, ("cards", i, "id"),
                                           f"card id {card.id!r} is also in deck {decks[other].model.deck!r} ({where}); "
                                           f"card ids are unique across decks"))
            line = located.doc.line(("cards", i, "id"))
            first.setdefault(card.id, (key, f"{located.doc.file}:{line}"))
    return problems


def _factions(scenario: Located[Scenario], decks: dict[str, Located[Deck]]) -> list[Problem]:
    problems: list[Problem] = []
    sid = scenario.model.scenario
    for role, ids in (("draw", scenario.model.decks.draw), ("world", scenario.model.decks.world)):
        for deck_id in ids:
            if deck_id not in decks:
                continue
            located = decks[deck_id]
            for i, card in enumerate(located.model.cards):
                if role == "world" and card.faction != "world":
                    message = f"deck {deck_id!r} is a world deck in scenario {sid!r}: its cards must have faction 'world'"
                elif role == "draw" and card.faction == "world":
                    message = f"deck {deck_id!r} is a draw deck in scenario {sid!r}: world cards belong in a world deck"
                else:
                    continue
                problems.append(problem_at(located.doc, ("cards", i, "faction"), message))
    return problems


def _left_out(scenario: Located[Scenario], decks: dict[str, Located[Deck]]) -> list[Problem]:
    """``decks.leave_out`` names cards of the scenario's draw decks."""
    draw = {c.id for d in scenario.model.decks.draw if d in decks for c in decks[d].model.cards}
    world = {c.id for d in scenario.model.decks.world if d in decks for c in decks[d].model.cards}
    problems: list[Problem] = []
    for i, card_id in enumerate(scenario.model.decks.leave_out):
        if card_id in draw:
            continue
        if card_id in world:
            message = f"{card_id!r} is a world event: only cards of the draw decks can be left out"
        else:
            message = f"unknown card {card_id!r}{did_you_mean(card_id, draw)}: not in the draw decks"
        problems.append(problem_at(scenario.doc, ("decks", "leave_out", i), message))
    return problems


def _inject_cards(scenario: Located[Scenario], known: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for section, items in _inject_sections(scenario.model):
        for i, item in enumerate(items):
            for j, card_id in enumerate(item.cards):
                if card_id not in known:
                    problems.append(problem_at(scenario.doc, (section, i, "cards", j),
                                               f"unknown card {card_id!r}{did_you_mean(card_id, known)}"))
    return problems


def _states(located: Located[Any], effects: list[Any], loc: Loc, board: list[str], sid: str) -> list[Problem]:
    """``shift`` effects naming a state not on the board, and ``if`` conditions reading one."""
    problems: list[Problem] = []
    unknown = named_states(effects) - set(board)
    for raw, here in raw_effects(located.doc.value(loc), loc):
        if raw.get("op") == "shift" and raw.get("state") in unknown:
            state = raw["state"]
            problems.append(problem_at(located.doc, (*here, "state"),
                                       f"unknown swing state {state!r}{did_you_mean(state, board)}: "
                                       f"the board of scenario {sid!r} has {', '.join(board)}"))
        if raw.get("op") == "if":
            problems += _board_paths(located, raw.get("when"), (*here, "when"), board, sid)
    return problems


def _board_paths(located: Located[Any], raw: Any, loc: Loc, board: list[str], sid: str) -> list[Problem]:
    try:
        paths = parse_condition(raw).paths()
    except ConditionError:
        return []  # already reported when the file was validated
    problems = []
    known = [f"board.{b}" for b in board]
    for path in paths:
        if path.startswith("board.") and path not in known:
            problems.append(problem_at(located.doc, loc,
                                       f"{path!r} names no swing state on the board of scenario {sid!r}"
                                       f"{did_you_mean(path, known)}"))
    return problems
