"""The engine's state hash, computed faster along a game whose states share their records.

``state_hash`` serialises the whole state, and its event log and history grow with every action,
so hashing each state of a long game costs quadratic time. The engine appends to both and never
changes a record once appended, and a state's clone shares them; so each record's canonical JSON
is cached and only the rest of the state is serialised anew. The bytes hashed are exactly
``canonical_json(state.to_dict())``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from wargame.engine.state import GameState, canonical_json, state_hash

#: The growing lists of records whose items are cached.
_GROWING = ("events", "history")


def _mark(name: str) -> str:
    return canonical_json(f"\0{name}\0")


class StateHasher:
    """``state_hash`` with a cache of the JSON of each record it has seen (keep one per game)."""

    def __init__(self) -> None:
        self._json: dict[int, tuple[dict[str, Any], str]] = {}

    def __call__(self, state: GameState) -> str:
        data = state.to_dict()
        lists = {name: data[name] for name in _GROWING}
        data.update({name: f"\0{name}\0" for name in _GROWING})
        text = canonical_json(data)
        if any(text.count(_mark(name)) != 1 for name in _GROWING):  # the marker text inside the state itself
            return state_hash(state)
        # splice in one pass over the serialised rest, so a record's own text is never searched
        cuts = sorted((text.index(_mark(name)), name) for name in _GROWING)
        parts, at = [], 0
        for pos, name in cuts:
            parts += [text[at:pos], "[", ",".join(self._record_json(r) for r in lists[name]), "]"]
            at = pos + len(_mark(name))
        parts.append(text[at:])
        return hashlib.sha256("".join(parts).encode("ascii")).hexdigest()

    def _record_json(self, record: dict[str, Any]) -> str:
        # Keyed by identity, holding the record so that its id cannot be reused by another object.
        hit = self._json.get(id(record))
        if hit is None or hit[0] is not record:
            hit = (record, canonical_json(record))
            self._json[id(record)] = hit
        return hit[1]
