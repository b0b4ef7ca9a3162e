"""The save document: its schema, its bytes, and the error every bad file is refused with.

A ``.wgsave`` file is one JSON object with sorted keys and floats by ``repr``, laid out one
top-level field per line and one list item (log entry, checkpoint, event) per line, so the same
game always gives the same bytes and two saves compare line by line. Its ``checksum`` is
the SHA-256 of the canonical JSON of every other field; together with the check that the bytes
are exactly as this program writes them, any change to the file is detected, even one the
state hashes do not cover (the seats, the creation time) or one that leaves the JSON equal.

Layout of format 1 (``SaveFile``)::

    format, version, app, created, checksum
    content:   {scenario, decks: {id: deck}, parameters, hash}   the rules, embedded
    seed, game_index, seats: {seat: "human" | "bot:NAME"}
    opening_events                         the events of the opening state (before any action)
    log:       [{index, seat, turn, quarter, action, events, state_hash}]   index counts from 1
    checkpoints: [{index, turn, quarter, state_hash, state}]   state: GameState.to_dict() less events
    current:   {index, turn, quarter, state_hash, over, result}            the state after the log

The log is the truth; checkpoints and ``current`` are caches of it, checked against it on load.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from wargame.engine.state import canonical_json

FORMAT = "wargame-save"
FORMAT_VERSION = 1
SUFFIX = ".wgsave"
_HASH = r"^[0-9a-f]{64}$"
_QUARTER = r"^\d{4}Q[1-4]$"


class SaveError(Exception):
    """A save that cannot be used: ``reason`` says which check failed and where; ``path`` is the file."""

    def __init__(self, reason: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return self.reason if self.path is None else f"{os.fspath(self.path)}: {self.reason}"

    def of(self, path: str | os.PathLike[str]) -> SaveError:
        """The same refusal (of the same kind), of the file ``path``."""
        return type(self)(self.reason, path)


class NewerVersionError(SaveError):
    """A save in a format newer than this program reads: nothing may be wrong with it, only with us."""


class _Record(BaseModel):
    # strict: a save written by this program has exact types; anything coerced would be a changed file.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class LogEntry(_Record):
    """One action of the log, with what it set off (draws, rolls, news) and the state hash after it."""

    index: int = Field(ge=1, description="1 for the first action: state_at(index) is the state after it")
    seat: str
    turn: int = Field(ge=1, description="the turn in which the action was taken")
    quarter: str = Field(pattern=_QUARTER)
    action: dict[str, Any] = Field(description="Action.to_dict()")
    events: list[dict[str, Any]] = Field(description="the events this action appended to the state")
    state_hash: str = Field(pattern=_HASH)


class Checkpoint(_Record):
    """The full state at the first decision of a quarter (its events are rebuilt from the log)."""

    index: int = Field(ge=0)
    turn: int = Field(ge=1)
    quarter: str = Field(pattern=_QUARTER)
    state_hash: str = Field(pattern=_HASH)
    state: dict[str, Any]


class Current(_Record):
    """A summary of the state after the whole log, for lists of saves."""

    index: int = Field(ge=0)
    turn: int = Field(ge=1)
    quarter: str = Field(pattern=_QUARTER)
    state_hash: str = Field(pattern=_HASH)
    over: bool
    result: dict[str, Any] | None


class Content(_Record):
    """The scenario and decks the game was played with, and any model-parameter overrides."""

    scenario: dict[str, Any]
    decks: dict[str, dict[str, Any]]
    parameters: dict[str, float]
    hash: str = Field(pattern=_HASH, description="sha256 of canonical JSON of {scenario, decks}")


class SaveFile(_Record):
    """A verified save document (format 1); ``load_save`` returns one."""

    format: Literal["wargame-save"]
    version: Literal[1]
    app: str
    created: str = Field(pattern=r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    checksum: str = Field(pattern=_HASH)
    content: Content
    seed: int
    game_index: int = Field(ge=0)
    seats: dict[str, str]
    opening_events: list[dict[str, Any]]
    log: list[LogEntry]
    checkpoints: list[Checkpoint] = Field(min_length=1)
    current: Current
    _migrated_from: int | None = PrivateAttr(default=None)
    _game: Any = PrivateAttr(default=None)

    @property
    def migrated_from(self) -> int | None:
        """The format version of the file, when it was migrated on load."""
        return self._migrated_from

    @property
    def scenario_id(self) -> str:
        return str(self.content.scenario.get("scenario", "?"))

    @property
    def notes(self) -> list[LogEntry]:
        """The facilitator's notes, in the order they were made."""
        return [e for e in self.log if e.seat == "facilitator" and e.action.get("kind") == "note"]

    def game(self) -> Any:
        """The ``Game`` of the embedded content (built once)."""
        if self._game is None:
            from wargame.store.content import game_from_content

            self._game = game_from_content(self.content)
        return self._game


def checksum(doc: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of every field but ``checksum``."""
    body = {k: v for k, v in doc.items() if k != "checksum"}
    return hashlib.sha256(canonical_json(body).encode("ascii")).hexdigest()


def _dump(doc: Mapping[str, Any]) -> bytes:
    # Compact JSON per line goes through the C encoder: an indented dump is ten times slower.
    fields = []
    for key in sorted(doc):
        value = doc[key]
        if isinstance(value, list) and value:
            fields.append(f"{canonical_json(key)}: [\n" + ",\n".join(canonical_json(v) for v in value) + "\n]")
        else:
            fields.append(f"{canonical_json(key)}: {canonical_json(value)}")
    return ("{\n" + ",\n".join(fields) + "\n}\n").encode("ascii")


def encode_document(doc: Mapping[str, Any]) -> bytes:
    """The bytes of a save file: ``doc`` with a fresh checksum, in the one layout this program writes."""
    body = {k: v for k, v in doc.items() if k != "checksum"}
    body["checksum"] = checksum(body)
    return _dump(body)


def decode_document(raw: bytes) -> Any:
    """Parse the bytes of a file as JSON (``SaveError`` saying where it breaks off)."""
    if not raw:
        raise SaveError("truncated or not JSON: the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SaveError(f"not a save: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start})") from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        at = "" if exc.msg.endswith(" at") else " at"  # "Unterminated string starting at" says it already
        raise SaveError(f"truncated or not JSON: {exc.msg}{at} line {exc.lineno} column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise SaveError(f"truncated or not JSON: {exc}") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a save may hold")


def check_bytes(doc: Mapping[str, Any], raw: bytes | None) -> None:
    """The checksum, then (given the file's bytes) that they are exactly what this program writes."""
    if doc.get("checksum") != checksum(doc):
        raise SaveError("damaged: checksum mismatch (the file was changed after it was written)")
    if raw is not None and _dump(doc) != raw:
        raise SaveError("damaged: the bytes are not as written (reformatted or edited by hand)")


def validate_schema(doc: Mapping[str, Any]) -> SaveFile:
    """The document as a ``SaveFile``, or ``SaveError`` naming the first field that is wrong."""
    try:
        return SaveFile.model_validate(doc)
    except ValidationError as exc:
        raise SaveError(f"damaged: {describe_validation(exc)}") from None


def describe_validation(exc: ValidationError) -> str:
    """``log[3].state_hash: String should match pattern ...`` (and how many more problems there are);
    parts that are missing are named together: ``'app', 'created' and 9 more parts are missing``."""
    errors = exc.errors()
    missing = [_where(e["loc"]) for e in errors if e["type"] == "missing"]
    if missing:
        named = ", ".join(f"'{m}'" for m in missing[:3])
        rest = f" and {len(missing) - 3} more parts are" if len(missing) > 3 else (" is" if len(missing) == 1 else " are")
        more = len(errors) - len(missing)
        return f"{named}{rest} missing" + (f" (and {more} more problems)" if more else "")
    first = errors[0]
    more_text = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
    return f"{_where(first['loc']) or 'document'}: {first['msg']}{more_text}"


def _where(loc: tuple[Any, ...]) -> str:
    """A validation error's place in the document: ``log[3].state_hash``."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
