"""A game being played and recorded: every action goes through the rules into the log.

The ``Session`` keeps each state of its log (so undo and branching are instant), writes an
autosave after every change when asked, and turns into a save document whose bytes depend only
on the game, apart from the ``created`` timestamp (fixed by ``SOURCE_DATE_EPOCH`` when set).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wargame.engine.actions import FACILITATOR, NOTE, Action
from wargame.engine.cards import Deck, quarter_label
from wargame.engine.game import Game
from wargame.engine.state import GameState
from wargame.store.atomic import atomic_write
from wargame.store.checkpoints import checkpoint_indices, checkpoint_record
from wargame.store.content import embed_content
from wargame.store.document import FORMAT, FORMAT_VERSION, LogEntry, checksum, encode_document
from wargame.store.hashing import StateHasher
from wargame.store.verify import APP, Verified, read_verified, seats_problem, verify_document

if TYPE_CHECKING:
    from wargame.store.replay import Replay


def created_now() -> str:
    """The creation time of a new save: now in UTC, or ``SOURCE_DATE_EPOCH`` for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def is_note(entry: LogEntry) -> bool:
    """Whether a log entry is a facilitator's note (undo passes over them)."""
    return entry.seat == FACILITATOR and entry.action.get("kind") == NOTE


class Session:
    """A game in play: its rules, seats, seed, log and states; ``apply`` is the one way to move."""

    def __init__(self, game: Game, seats: Mapping[str, str], seed: int, *, content: dict[str, Any],
                 states: list[GameState], entries: list[LogEntry], created: str, game_index: int = 0,
                 autosave: str | os.PathLike[str] | None = None) -> None:
        """The store's own constructor: start with ``new``, ``load_session``, ``from_document`` or ``Replay.branch``."""
        self.game = game
        self.seats = dict(seats)
        self.seed = seed
        self.game_index = game_index
        self.content = content
        self.created = created
        self.app = APP
        self.entries = entries
        self._states = states
        self._checkpoints: dict[int, dict[str, Any]] = {}
        self._hash = StateHasher()
        self.autosave = Path(autosave) if autosave is not None else None
        self.autosave_error: OSError | None = None

    # --- Making one ------------------------------------------------------------------------------
    @classmethod
    def new(cls, game: Game, seats: Mapping[str, str], seed: int, autosave: str | os.PathLike[str] | None = None,
            *, game_index: int = 0, decks: Iterable[Deck] | None = None) -> Session:
        """A new game at its opening state. ``decks``: the decks to embed, when ``game.rules`` cannot give them."""
        problem = seats_problem(seats, game.rules.scenario.seat_ids)
        if problem is not None:
            raise ValueError(problem)
        opening = game.new_game(seed, game_index)
        session = cls(game, seats, seed, content=embed_content(game.rules, decks), states=[opening], entries=[],
                      created=created_now(), game_index=game_index, autosave=autosave)
        session._autosave()
        return session

    @classmethod
    def from_verified(cls, verified: Verified, autosave: str | os.PathLike[str] | None = None) -> Session:
        save = verified.save
        return cls(verified.game, save.seats, save.seed, content=save.content.model_dump(), states=verified.states,
                   entries=list(save.log), created=save.created, game_index=save.game_index, autosave=autosave)

    @classmethod
    def from_document(cls, doc: Any, autosave: str | os.PathLike[str] | None = None) -> Session:
        """Continue the game of a save document (verified first: ``SaveError`` if it fails)."""
        return cls.from_verified(verify_document(doc), autosave)

    # --- Reading it ------------------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        """The current state (do not mutate it: ``clone`` it first)."""
        return self._states[-1]

    @property
    def length(self) -> int:
        """How many entries the log has."""
        return len(self.entries)

    def state_at(self, index: int) -> GameState:
        """The state after ``index`` entries of the log (0: the opening)."""
        if not 0 <= index <= len(self.entries):
            raise IndexError(f"index {index} is outside 0..{len(self.entries)}")
        return self._states[index]

    def replay(self) -> Replay:
        """A replay of this session's log so far."""
        from wargame.store.replay import Replay

        return Replay(self)

    # --- Changing it -----------------------------------------------------------------------------
    def apply(self, action: Action) -> GameState:
        """Play ``action`` (``IllegalActionError`` if the rules refuse it), log it, autosave."""
        nxt = self.game.apply(self.state, action)
        self._record(action, nxt)
        self._autosave()
        return nxt

    def note(self, text: str) -> GameState:
        """A facilitator's note in the log (it changes nothing in the game)."""
        return self.apply(Action(seat=FACILITATOR, kind=NOTE, text=text))

    def undo(self) -> GameState:
        """Take back the last action that is not a note; notes made after it stay in the log."""
        last = next((i for i in range(len(self.entries) - 1, -1, -1) if not is_note(self.entries[i])), None)
        if last is None:
            raise ValueError("nothing to undo")
        notes = [Action.from_dict(e.action) for e in self.entries[last + 1:]]
        del self.entries[last:]
        del self._states[last + 1:]
        self._checkpoints = {i: cp for i, cp in self._checkpoints.items() if i <= last}
        for note in notes:
            self._record(note, self.game.apply_legal(self.state, note))
        self._autosave()
        return self.state

    def _record(self, action: Action, nxt: GameState) -> None:
        prev = self.state
        self.entries.append(LogEntry(
            index=len(self.entries) + 1, seat=action.seat, turn=prev.turn, quarter=quarter_label(prev.quarter),
            action=action.to_dict(), events=nxt.events[len(prev.events):], state_hash=self._hash(nxt)))
        self._states.append(nxt)

    # --- Saving it -------------------------------------------------------------------------------
    def to_document(self) -> dict[str, Any]:
        """The save document of the game so far (checksum included)."""
        doc = self._body()
        doc["checksum"] = checksum(doc)
        return doc

    def to_bytes(self) -> bytes:
        """The bytes of the save file."""
        return encode_document(self._body())

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the save file atomically (``OSError`` if it cannot be written)."""
        return atomic_write(path, self.to_bytes())

    def _body(self) -> dict[str, Any]:
        final = self.state
        return {
            "format": FORMAT, "version": FORMAT_VERSION, "app": self.app, "created": self.created,
            "content": self.content, "seed": self.seed, "game_index": self.game_index, "seats": self.seats,
            "opening_events": self._states[0].events,
            "log": [e.model_dump() for e in self.entries],
            "checkpoints": self._checkpoint_records(),
            "current": {"index": len(self.entries), "turn": final.turn, "quarter": quarter_label(final.quarter),
                        "state_hash": self.entries[-1].state_hash if self.entries else self._hash(final),
                        "over": final.over, "result": final.result},
        }

    def _checkpoint_records(self) -> list[dict[str, Any]]:
        out = []
        for i in checkpoint_indices([s.turn for s in self._states]):
            if i not in self._checkpoints:
                digest = self.entries[i - 1].state_hash if i else None
                self._checkpoints[i] = checkpoint_record(i, self._states[i], digest)
            out.append(self._checkpoints[i])
        return out

    def _autosave(self) -> None:
        # A failed autosave must not stop the game; the screen shows ``autosave_error``.
        if self.autosave is None:
            return
        try:
            self.save(self.autosave)
            self.autosave_error = None
        except OSError as exc:
            self.autosave_error = exc


def load_session(path: str | os.PathLike[str], autosave: str | os.PathLike[str] | None = None) -> Session:
    """Continue the game of a save file (verified: ``SaveError`` if it is refused)."""
    return Session.from_verified(read_verified(path), autosave)


def save_match(path: str | os.PathLike[str], game: Game, seats: Mapping[str, str], seed: int,
               actions: Iterable[Action], *, game_index: int = 0, decks: Iterable[Deck] | None = None) -> Path:
    """Record a finished bots-only game as a save file (``wargame play --headless --save``)."""
    session = Session.new(game, seats, seed, game_index=game_index, decks=decks)
    for action in actions:
        session.apply(action)
    return session.save(path)
