"""The wire format: every message a seat and the host exchange, as versioned pydantic models.

Each frame is one JSON object with ``v`` (the protocol version) and ``type``. A client says
``hello`` (its join code) once, then ``play``s actions; the host answers with ``welcome`` (the
seat and the rules), a ``view`` after every change (only what that seat may see), ``refused``
for a move it does not take (the engine's reason), and ``error`` before it closes a connection.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from wargame.engine.actions import EVENT, HEADLINE, OPS, PASS, SHELVE, Action

#: Bumped when a message changes shape; a peer speaking another version is refused by name.
PROTOCOL_VERSION = 1

#: WebSocket close codes (4000-4999 are the application's own).
CLOSE_BAD_CODE = 4001  # unknown, revoked or missing join code
CLOSE_PROTOCOL = 4002  # malformed message, wrong version, or a message out of order
CLOSE_FLOOD = 4003  # too many messages
CLOSE_SILENT = 4004  # no hello in time
CLOSE_REPLACED = 4005  # the seat joined again from elsewhere
CLOSE_REVOKED = 4006  # the facilitator revoked the seat's code
CLOSE_OVER = 4007  # the host is shutting down

SeatKind = Literal["headline", "event", "ops", "shelve", "pass"]
_Short = Annotated[str, Field(min_length=1, max_length=64)]


class ProtocolError(ValueError):
    """A frame that is not a message of this protocol; the text says what is wrong with it."""


class Message(BaseModel):
    """Fields every message carries."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    v: Literal[1] = PROTOCOL_VERSION


class ActionBody(BaseModel):
    """A seat's move as sent on the wire (the facilitator's moves never come from a client)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    seat: _Short
    kind: SeatKind
    card: _Short | None = None
    use: Literal["influence", "invest", "lobby"] | None = None
    target: _Short | None = None
    text: Annotated[str, Field(max_length=500)] | None = None  # the seat's reason for the play

    def to_action(self) -> Action:
        return Action(**self.model_dump(exclude_none=True))

    @classmethod
    def of(cls, action: Action) -> ActionBody:
        return cls.model_validate({k: v for k, v in action.to_dict().items() if k not in ("path", "value")})


assert set(SeatKind.__args__) == {HEADLINE, EVENT, OPS, SHELVE, PASS}  # type: ignore[attr-defined]


# --- Client to host ----------------------------------------------------------------------------------
class Hello(Message):
    """The first message of a connection: the seat's join code."""

    type: Literal["hello"] = "hello"
    code: Annotated[str, Field(min_length=1, max_length=80)]
    client: Annotated[str, Field(max_length=80)] = ""


class Play(Message):
    """A move, chosen on the view numbered ``at`` (a stale or replayed one is refused)."""

    type: Literal["play"] = "play"
    at: Annotated[int, Field(ge=0)]
    action: ActionBody


# --- Host to client ----------------------------------------------------------------------------------
class Welcome(Message):
    """The seat a code holds, the seats' holders as the room may know them, and the rules as data."""

    type: Literal["welcome"] = "welcome"
    seat: str
    seats: dict[str, str]  # seat -> "human" or "bot:NAME"
    content: dict[str, Any]  # the scenario and decks, as a save embeds them


class SeatView(Message):
    """The seat's view of the game after ``at`` log entries, and the room around it."""

    type: Literal["view"] = "view"
    at: int
    state: dict[str, Any]  # GameState.to_dict() of Game.view(state, seat)
    baseline: dict[str, float]  # the tracks "this quarter" is measured from
    seats: dict[str, str]
    connected: list[str]
    paused: bool = False


class Refused(Message):
    """A move the host did not take, and why (the engine's reason, or the room's)."""

    type: Literal["refused"] = "refused"
    reason: str
    at: int


class Error(Message):
    """Why the host is closing this connection."""

    type: Literal["error"] = "error"
    reason: str


ClientMessage = Annotated[Hello | Play, Field(discriminator="type")]
HostMessage = Annotated[Welcome | SeatView | Refused | Error, Field(discriminator="type")]
_CLIENT = TypeAdapter(ClientMessage)
_HOST = TypeAdapter(HostMessage)


def encode(message: Message) -> str:
    """The JSON text of one frame."""
    return message.model_dump_json()


def decode_client(frame: str | bytes) -> Hello | Play:
    """A client's frame as a message (``ProtocolError`` saying what is wrong)."""
    return _decode(frame, _CLIENT)  # type: ignore[no-any-return]


def decode_host(frame: str | bytes) -> Welcome | SeatView | Refused | Error:
    """A host's frame as a message (``ProtocolError`` saying what is wrong)."""
    return _decode(frame, _HOST)  # type: ignore[no-any-return]


def _decode(frame: str | bytes, adapter: TypeAdapter[Any]) -> Any:
    try:
        data = json.loads(frame)
    except (ValueError, UnicodeDecodeError):
        raise ProtocolError("the message is not JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("a message must be a JSON object")
    if data.get("v") != PROTOCOL_VERSION:
        raise ProtocolError(f"protocol version {data.get('v')!r} is not spoken here (this is version {PROTOCOL_VERSION})")
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "message"
        raise ProtocolError(f"bad message: {where}: {first['msg']}") from None
