"""The rules embedded in a save: the scenario and decks as data, their hash, and the game they make.

Embedding them means a save replays after the files on disk change. The dumps keep default values
so that a later change of a default does not change an old game.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from wargame.engine.cards import Deck
from wargame.engine.game import Game, Ruleset
from wargame.engine.scenario import Scenario
from wargame.engine.state import canonical_json
from wargame.model.params import params as model_params
from wargame.store.document import Content, SaveError, describe_validation


def dump_scenario(scenario: Scenario) -> dict[str, Any]:
    return scenario.model_dump(mode="json", by_alias=True)


def dump_deck(deck: Deck) -> dict[str, Any]:
    return deck.model_dump(mode="json", by_alias=True)


def hash_content(scenario: Mapping[str, Any], decks: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of ``{scenario, decks}`` as dumped."""
    return hashlib.sha256(canonical_json({"scenario": scenario, "decks": decks}).encode("ascii")).hexdigest()


def content_hash(scenario: Scenario, decks: Iterable[Deck]) -> str:
    """The content hash a save of this scenario and these decks carries."""
    return hash_content(dump_scenario(scenario), {d.deck: dump_deck(d) for d in decks})


def embed_content(rules: Ruleset, decks: Iterable[Deck] | None = None) -> dict[str, Any]:
    """The ``content`` block of a save for ``rules`` (its decks recovered when not given)."""
    deck_list = list(decks) if decks is not None else decks_of(rules)
    scenario = dump_scenario(rules.scenario)
    dumped = {d.deck: dump_deck(d) for d in deck_list}
    return {"scenario": scenario, "decks": dumped, "parameters": _overrides(rules),
            "hash": hash_content(scenario, dumped)}


def game_from_content(content: Content) -> Game:
    """The game the embedded content defines, after checking its hash (``SaveError`` otherwise)."""
    scenario, decks = rules_from_content(content)
    try:
        return Game(Ruleset.build(scenario, decks, **content.parameters))
    except (KeyError, TypeError, ValueError) as exc:
        raise SaveError(f"embedded content does not make a game: {exc}") from None


def rules_from_content(content: Content) -> tuple[Scenario, list[Deck]]:
    """The embedded scenario and its decks, after checking the hash (``SaveError`` otherwise)."""
    if hash_content(content.scenario, content.decks) != content.hash:
        raise SaveError("embedded content altered: content hash mismatch")
    try:
        scenario = Scenario.model_validate(content.scenario)
        decks = []
        for deck_id, data in content.decks.items():
            deck = Deck.model_validate(data)
            if deck.deck != deck_id:
                raise SaveError(f"embedded content damaged: deck {deck.deck!r} is filed under {deck_id!r}")
            decks.append(deck)
    except ValidationError as exc:
        raise SaveError(f"embedded content is not valid for this version: {describe_validation(exc)}") from None
    missing = [d for d in (*scenario.decks.draw, *scenario.decks.world) if d not in content.decks]
    if missing:
        raise SaveError(f"embedded content incomplete: the scenario uses deck {missing[0]!r}, which is not embedded")
    return scenario, decks


def decks_of(rules: Ruleset) -> list[Deck]:
    """The decks ``rules`` was built from (``Ruleset.build`` keeps them)."""
    return list(rules.decks)


def _overrides(rules: Ruleset) -> dict[str, float]:
    base = model_params(**rules.scenario.parameters)
    return {k: float(v) for k, v in rules.params.items() if base.get(k) != v}


