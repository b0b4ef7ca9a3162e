"""Older save formats, and how each becomes the next one (in memory: the file is never rewritten).

Format 0 (the first prototype's saves) was a flat record of the game's inputs and its outcome::

    format: "wargame-save", version: 0, app, created
    scenario: {...}, decks: [{...}, ...]     the content, embedded, with no hash
    seed, seats: {seat: "human" | "bot:NAME"}
    actions: [Action.to_dict(), ...]         no per-action events, hashes or quarters
    final_hash                               state hash after the last action

It had no checkpoints, no checksum and only the one hash, so a version-0 file is checked by
refolding its actions and comparing the final state hash.

A save written under older rules (its ``app`` names an older ``RULES_VERSION``) is refolded under
today's rules: the same actions, each still legal, give the states and hashes anew. Rules 3 wrote
a value clamped to a whole-number bound as an integer (``1``, not ``1.0``) and a result without its
end code, so its hashes differ from today's for the very same game.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, ValidationError

from wargame.engine.actions import Action
from wargame.engine.cards import quarter_label
from wargame.store.content import game_from_content, hash_content
from wargame.store.document import Content, SaveError, _Record, describe_validation

if TYPE_CHECKING:
    from wargame.store.session import Session


class SaveV0(_Record):
    """A version-0 save document."""

    format: Literal["wargame-save"]
    version: Literal[0]
    app: str
    created: str = Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    scenario: dict[str, Any]
    decks: list[dict[str, Any]]
    seed: int
    seats: dict[str, str]
    actions: list[dict[str, Any]]
    final_hash: str = Field(pattern=r"^[0-9a-f]{64}$")


def migrate_v0_to_v1(doc: Any) -> dict[str, Any]:
    """A format-1 document for a format-0 one, by refolding its actions (``SaveError`` if they do not fold)."""
    try:
        old = SaveV0.model_validate(doc)
    except ValidationError as exc:
        raise SaveError(f"damaged (format 0): {describe_validation(exc)}") from None
    decks = {str(d.get("deck")): d for d in old.decks}
    session = _refold(_content(old.scenario, decks, {}), old.seats, old.seed, 0, old.created, old.app, old.actions,
                      damaged="damaged (format 0)", illegal="")
    if session.game.hash(session.state) != old.final_hash:
        raise SaveError("tampered: final state hash mismatch (a format-0 save records only that one)")
    return session.to_document()


def _content(scenario: dict[str, Any], decks: dict[str, Any], parameters: dict[str, float]) -> Content:
    """Embedded content as today reads it (retired fields left out, its hash worked out again)."""
    scenario = current_scenario(scenario)
    return Content(scenario=scenario, decks=decks, parameters=parameters, hash=hash_content(scenario, decks))


def _refold(content: Content, seats: dict[str, str], seed: int, game_index: int, created: str, app: str,
            actions: list[dict[str, Any]], damaged: str, illegal: str) -> Session:
    """A session of ``actions`` played from the seed, each checked legal (``SaveError`` names the first that is not)."""
    from wargame.store.session import Session

    game = game_from_content(content)
    session = Session(game, seats, seed, content=content.model_dump(), states=[game.new_game(seed, game_index)],
                      entries=[], created=created, game_index=game_index)
    session.app = app
    for pos, data in enumerate(actions, 1):
        where = f"action {pos} (quarter {quarter_label(session.state.quarter)})"
        try:
            action = Action.from_dict(data)
        except (TypeError, ValueError) as exc:
            raise SaveError(f"{damaged}: unreadable {where}: {exc}") from None
        reason = game.check(session.state, action)
        if reason is not None:
            raise SaveError(f"illegal action at {where}{illegal}: {reason}")
        session._record(action, game.apply_legal(session.state, action))
    return session


#: Scenario fields older versions wrote that today's leave out (a save embeds its scenario as written).
RETIRED_FIELDS = ("firm_profile",)


def current_scenario(scenario: dict[str, Any]) -> dict[str, Any]:
    """An embedded scenario without the fields older versions had and this one retired."""
    return {k: v for k, v in scenario.items() if k not in RETIRED_FIELDS}


def rules_of(app: str) -> int | None:
    """The rules version a save's ``app`` names (``wargame 0.1.0 (rules 3)``), if it names one."""
    m = re.search(r"\(rules (\d+)\)", app)
    return int(m.group(1)) if m else None


def migrate_rules(doc: dict[str, Any]) -> dict[str, Any]:
    """A format-1 document written under older rules, refolded under today's (``SaveError`` if an
    action is no longer legal or the document is unreadable)."""
    try:
        embedded = doc["content"]
        content = _content(embedded["scenario"], embedded["decks"], embedded.get("parameters", {}))
        seed, game_index, seats = int(doc["seed"]), int(doc.get("game_index", 0)), dict(doc["seats"])
        actions = [entry["action"] for entry in doc["log"]]
        created, app = str(doc["created"]), str(doc["app"])
    except (KeyError, TypeError, ValueError, ValidationError) as exc:
        raise SaveError(f"damaged: {exc}") from None
    return _refold(content, seats, seed, game_index, created, app, actions, damaged="damaged",
                   illegal=" under today's rules").to_document()
