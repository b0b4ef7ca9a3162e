"""``wargame deck``: validate content files, print the JSON Schema or the authoring reference, list decks."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from wargame.cli.common import add_decks_argument, print_problems, say

if TYPE_CHECKING:  # the content package loads the compiled core's modules: imported when a deck command runs
    from wargame.content import Problem
    from wargame.content.search import FoundDeck
    from wargame.engine.cards import Card


def add_parser(subparsers: Any) -> None:
    """Register ``deck`` and its sub-commands."""
    parser = subparsers.add_parser("deck", help="check and document decks and scenarios",
                                   description="Check and document deck and scenario files.")
    sub = parser.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    validate = sub.add_parser("validate", help="check deck and scenario files; exit 1 on any problem",
                              description="Check deck and scenario files. A scenario's decks are looked up "
                                          "among the files given, beside the scenario, in --decks folders and "
                                          "WARGAME_DECKS, then among the built-in decks.")
    validate.add_argument("files", nargs="+", metavar="FILE")
    add_decks_argument(validate)
    sub.add_parser("schema", help="print the JSON Schema of deck and scenario files")
    sub.add_parser("reference", help="print the Markdown reference: effects, conditions, variables, parameters, facts")
    listing = sub.add_parser("list", help="list the decks (yours and the built-in ones) and their cards",
                             description="List every deck found, where it came from, and its cards.")
    listing.add_argument("--scenario", metavar="ID", help="only the decks this scenario plays with")
    listing.add_argument("--json", action="store_true", help="one JSON document on stdout")
    add_decks_argument(listing)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Dispatch to the chosen ``deck`` action; returns the exit status."""
    from wargame.content import json_schema
    from wargame.content.reference import authoring_reference

    if args.deck_command == "validate":
        return _validate(args.files)
    if args.deck_command == "schema":
        print(json.dumps(json_schema(), indent=2))
        return 0
    if args.deck_command == "reference":
        print(authoring_reference(), end="")
        return 0
    return _list(args.scenario, args.json)


def _validate(files: list[str]) -> int:
    from wargame.content import check_files

    failed = False
    printed: set[Problem] = set()  # a broken deck named by a scenario given too is reported once
    for report in check_files(files):
        if report.ok:
            say(f"ok: {report.path} ({report.summary})")
        failed = failed or not report.ok
        print_problems([p for p in report.problems if p not in printed])
        printed.update(report.problems)
    return 1 if failed else 0


def _list(scenario: str | None, as_json: bool) -> int:
    from wargame.content import ContentError
    from wargame.content.document import display_path

    try:
        found = _scenario_decks(scenario) if scenario is not None else _all_decks()
    except ContentError as err:
        print_problems(err.problems)
        return 1
    if as_json:
        print(json.dumps([{**f.deck.model_dump(mode="json", by_alias=True), "file": str(f.file), "origin": f.origin,
                           **({"hidden_by": str(f.hidden_by)} if f.hidden_by else {})} for f in found], indent=2))
        return 0
    for f in found:
        hidden = f"; not used: {display_path(f.hidden_by)} has the same id" if f.hidden_by else ""
        say(f"{f.deck.deck}: {f.deck.title} ({len(f.deck.cards)} cards) - {f.origin}{hidden}")
        for card in f.deck.cards:
            say(f"  {card.id:<32} {card.faction:<6} {card.type:<9} {card.ops}  {_cost(card):<10} {card.name}")
    return 0


def _all_decks() -> list[FoundDeck]:
    from wargame.content import ContentError
    from wargame.content.search import find_decks

    found, problems = find_decks()
    if problems:
        raise ContentError(problems)
    return found


def _scenario_decks(scenario: str) -> list[FoundDeck]:
    from wargame.content import load_bundle
    from wargame.content.search import FoundDeck, is_builtin

    bundle = load_bundle(scenario)
    return [FoundDeck(deck, bundle.files[deck_id], is_builtin(bundle.files[deck_id])) for deck_id, deck in bundle.decks.items()]


def _cost(card: Card) -> str:
    parts = [f"${card.cost.budget:g}B" if card.cost.budget else "", f"{card.cost.pc:g}PC" if card.cost.pc else ""]
    return " ".join(p for p in parts if p) or "-"
