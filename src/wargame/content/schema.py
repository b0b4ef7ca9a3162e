"""One JSON Schema for both content formats (decks and scenarios), generated from the models."""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from wargame.engine.cards import Deck
from wargame.engine.scenario import Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema() -> dict[str, Any]:
    """A JSON Schema accepting a deck file or a scenario file, for editors and linters."""
    # One generation pass over both models, so shared definitions (the effects) appear once.
    refs, top = models_json_schema([(Deck, "validation"), (Scenario, "validation")],
                                   ref_template="#/$defs/{model}")
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "wargame content",
        "description": "A deck file (top-level 'deck:') or a scenario file (top-level 'scenario:').",
        "oneOf": [refs[(Deck, "validation")], refs[(Scenario, "validation")]],
        "$defs": top.get("$defs", {}),
    }
