"""``wargame deck``: validate content files, print the JSON Schema or the authoring reference, list cards."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wargame.cli.common import say
from wargame.content import (
    ContentError,
    Problem,
    check_files,
    content_dirs,
    effect_reference,
    json_schema,
    load_bundle,
    load_deck,
)
from wargame.content.paths import yaml_files
from wargame.engine.cards import Card, Deck


def add_parser(subparsers: Any) -> None:
    """Register ``deck`` and its sub-commands."""
    parser = subparsers.add_parser("deck", help="check and document decks and scenarios",
                                   description="Check and document deck and scenario files.")
    sub = parser.add_subparsers(dest="deck_command", metavar="ACTION", required=True)
    validate = sub.add_parser("validate", help="check deck and scenario files; exit 1 on any problem")
    validate.add_argument("files", nargs="+", metavar="FILE")
    sub.add_parser("schema", help="print the JSON Schema of deck and scenario files")
    sub.add_parser("reference", help="print the Markdown reference of effects and variables")
    listing = sub.add_parser("list", help="list the cards of the built-in decks")
    listing.add_argument("--scenario", metavar="ID", help="only the decks this scenario plays with")
    listing.add_argument("--json", action="store_true", help="one JSON document on stdout")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Dispatch to the chosen ``deck`` action; returns the exit status."""
    if args.deck_command == "validate":
        return _validate(args.files)
    if args.deck_command == "schema":
        print(json.dumps(json_schema(), indent=2))
        return 0
    if args.deck_command == "reference":
        print(effect_reference(), end="")
        return 0
    return _list(args.scenario, args.json)


def _validate(files: list[str]) -> int:
    failed = False
    printed: set[Problem] = set()  # a broken deck named by a scenario given too is reported once
    for report in check_files(files):
        if report.ok:
            say(f"ok: {report.path} ({report.summary})")
        failed = failed or not report.ok
        _print_problems([p for p in report.problems if p not in printed])
        printed.update(report.problems)
    return 1 if failed else 0


def _print_problems(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _list(scenario: str | None, as_json: bool) -> int:
    try:
        if scenario is not None:
            decks = list(load_bundle(scenario).decks.values())
        else:
            decks = _builtin_decks()
    except ContentError as err:
        _print_problems(err.problems)
        return 1
    if as_json:
        print(json.dumps([deck.model_dump(mode="json", by_alias=True) for deck in decks], indent=2))
        return 0
    for deck in decks:
        say(f"{deck.deck}: {deck.title} ({len(deck.cards)} cards)")
        for card in deck.cards:
            say(f"  {card.id:<32} {card.faction:<6} {card.type:<9} {card.ops}  {_cost(card):<10} {card.name}")
    return 0


def _builtin_decks() -> list[Deck]:
    decks: list[Deck] = []
    problems: list[Problem] = []
    for path in yaml_files(content_dirs().decks):
        try:
            decks.append(load_deck(path))
        except ContentError as err:
            problems += err.problems
    if problems:
        raise ContentError(problems)
    return decks


def _cost(card: Card) -> str:
    parts = [f"${card.cost.budget:g}B" if card.cost.budget else "", f"{card.cost.pc:g}PC" if card.cost.pc else ""]
    return " ".join(p for p in parts if p) or "-"
