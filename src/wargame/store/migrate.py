"""Older save formats, and how each becomes the next one (in memory: the file is never rewritten).

Format 0 (the first prototype's saves) was a flat record of the game's inputs and its outcome::

    format: "wargame-save", version: 0, app, created
    scenario: {...}, decks: [{...}, ...]     the content, embedded, with no hash
    seed, seats: {seat: "human" | "bot:NAME"}
    actions: [Action.to_dict(), ...]         no per-action events, hashes or quarters
    final_hash                               state hash after the last action

It had no checkpoints, no checksum and only the one hash, so a version-0 file is checked by
refolding its actions and comparing the final state hash.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, ValidationError

from wargame.engine.actions import Action
from wargame.engine.cards import quarter_label
from wargame.store.content import game_from_content, hash_content
from wargame.store.document import Content, SaveError, _Record, describe_validation


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
    from wargame.store.session import Session

    try:
        old = SaveV0.model_validate(doc)
    except ValidationError as exc:
        raise SaveError(f"damaged (format 0): {describe_validation(exc)}") from None
    decks = {str(d.get("deck")): d for d in old.decks}
    content = Content(scenario=old.scenario, decks=decks, parameters={}, hash=hash_content(old.scenario, decks))
    game = game_from_content(content)
    state = game.new_game(old.seed)
    session = Session(game, old.seats, old.seed, content=content.model_dump(), states=[state], entries=[],
                      created=old.created)
    session.app = old.app
    for pos, data in enumerate(old.actions, 1):
        where = f"action {pos} (quarter {quarter_label(session.state.quarter)})"
        try:
            action = Action.from_dict(data)
        except (TypeError, ValueError) as exc:
            raise SaveError(f"damaged (format 0): unreadable {where}: {exc}") from None
        reason = game.check(session.state, action)
        if reason is not None:
            raise SaveError(f"illegal action at {where}: {reason}")
        session._record(action, game.apply_legal(session.state, action))
    if game.hash(session.state) != old.final_hash:
        raise SaveError("tampered: final state hash mismatch (a format-0 save records only that one)")
    return session.to_document()
