"""Loading a save: every check, in an order that names the first thing wrong and where.

The file is only read. Checks: JSON, format tag, version (older ones migrated, newer refused),
schema, embedded content hash, then the log refolded from the seed (each action legal, its
events and state hash as recorded), the checkpoints and summary against the fold, and last the
checksum and exact bytes, which catch changes to what no hash covers. Anything else that goes
wrong on a bad file is still reported as a ``SaveError``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from wargame import __version__
from wargame.content.document import read_regular_file
from wargame.engine.actions import Action
from wargame.engine.cards import quarter_label
from wargame.engine.game import RULES_VERSION, Game
from wargame.engine.state import GameState, canonical_json
from wargame.store.checkpoints import checkpoint_indices, checkpoint_state
from wargame.store.document import (
    FORMAT,
    FORMAT_VERSION,
    NewerVersionError,
    SaveError,
    SaveFile,
    check_bytes,
    decode_document,
    validate_schema,
)
from wargame.store.hashing import StateHasher

APP = f"wargame {__version__} (rules {RULES_VERSION})"
#: The largest save read: a long game with many notes is a few MiB; a bigger file is not a save.
MAX_SAVE_BYTES = 64 * 1024 * 1024


@dataclass
class Verified:
    """A save that passed every check, with its game and every state of its log (index 0..length)."""

    save: SaveFile
    game: Game
    states: list[GameState]


def load_save(path: str | os.PathLike[str]) -> SaveFile:
    """Read and verify a save file; ``SaveError`` (with the path) says why one is refused."""
    return read_verified(path).save


def read_verified(path: str | os.PathLike[str]) -> Verified:
    """``load_save`` keeping the folded states (to continue or replay the game)."""
    try:
        raw = read_regular_file(path, MAX_SAVE_BYTES, "a save file")
    except OSError as exc:
        raise SaveError(f"cannot read: {exc.strerror or exc}", path) from None
    except ValueError as exc:
        raise SaveError(str(exc), path) from None
    try:
        return verify_document(decode_document(raw), raw)
    except SaveError as exc:
        raise exc.of(path) from None


def verify_document(doc: Any, raw: bytes | None = None) -> Verified:
    """Every check on a parsed document (and on its bytes, when given)."""
    try:
        return _verify(doc, raw)
    except SaveError:
        raise
    except Exception as exc:  # a bad file must never surface as a traceback
        raise SaveError(f"damaged: {type(exc).__name__}: {exc}") from None


def _verify(doc: Any, raw: bytes | None) -> Verified:
    version = _check_header(doc)
    migrated_from = None
    if version < FORMAT_VERSION:
        migrated_from = version
        for step in range(version, FORMAT_VERSION):
            doc = MIGRATIONS[step](doc)
    elif _older_rules(doc):
        from wargame.store.migrate import migrate_rules

        check_bytes(doc, raw)  # the file as written: its checksum still holds
        doc = migrate_rules(doc)  # refolded under today's rules
        migrated_from = version
    save = validate_schema(doc)
    game = save.game()
    _check_seats(save, game)
    states, hashes = _refold(game, save)
    _check_checkpoints(save, states, hashes)
    _check_current(save, states[-1], hashes[-1])
    check_bytes(doc, raw if migrated_from is None else None)
    save._migrated_from = migrated_from
    return Verified(save, game, states)


def _older_rules(doc: dict[str, Any]) -> bool:
    """Whether a format-1 document was written under older rules (``migrate.migrate_rules``)."""
    from wargame.store.migrate import rules_of

    rules = rules_of(str(doc.get("app", "")))
    return rules is not None and rules < RULES_VERSION


def _check_header(doc: Any) -> int:
    if not isinstance(doc, dict):
        raise SaveError(f"not a wargame save (a JSON {type(doc).__name__}, not an object)")
    tag = doc.get("format")
    if tag != FORMAT:
        raise SaveError("not a wargame save (no format tag)" if tag is None else f"not a wargame save (format tag {tag!r})")
    version = doc.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise SaveError(f"damaged: format version {version!r} is not a version number")
    if version > FORMAT_VERSION:
        raise NewerVersionError(f"written by a newer version (format {version}; this program reads up to {FORMAT_VERSION})")
    return version


def _check_seats(save: SaveFile, game: Game) -> None:
    problem = seats_problem(save.seats, game.rules.scenario.seat_ids)
    if problem is not None:
        raise SaveError(f"damaged: {problem}")


def seats_problem(seats: Mapping[str, str], seat_ids: list[str]) -> str | None:
    """Why ``seats`` cannot be a game's seats (each of the scenario's, held by human or bot:NAME), or None."""
    if sorted(seats) != sorted(seat_ids):
        return f"seats {', '.join(seats)} are not the scenario's ({', '.join(seat_ids)})"
    for seat, who in seats.items():
        if who != "human" and not (isinstance(who, str) and who.startswith("bot:")):
            return f"seat {seat} is held by {who!r}, not human or bot:NAME"
    return None


def _refold(game: Game, save: SaveFile) -> tuple[list[GameState], list[str]]:
    """Replay the log from the seed, checking each entry; the states and their hashes."""
    state = game.new_game(save.seed, save.game_index)
    if state.events != save.opening_events:
        raise SaveError("tampered: the opening events differ from what the seed and content give")
    hasher = StateHasher()
    states, hashes = [state], [hasher(state)]
    for pos, entry in enumerate(save.log, 1):
        label = quarter_label(state.quarter)
        where = f"action {pos} (quarter {label})"
        if entry.index != pos:
            raise SaveError(f"damaged: log entry {pos} is numbered {entry.index}")
        try:
            action = Action.from_dict(entry.action)
        except (TypeError, ValueError) as exc:
            raise SaveError(f"damaged: unreadable {where}: {exc}") from None
        if entry.seat != action.seat or (entry.turn, entry.quarter) != (state.turn, label):
            raise SaveError(f"tampered: seat or quarter recorded for {where} differ from the game's")
        reason = game.check(state, action)
        if reason is not None:
            raise SaveError(f"illegal action at {where}: {reason}")
        nxt = game.apply_legal(state, action)
        if nxt.events[len(state.events):] != entry.events:
            raise SaveError(f"{_mismatch(save)}: events (draws, chance outcomes) differ at {where}")
        digest = hasher(nxt)
        if digest != entry.state_hash:
            raise SaveError(f"{_mismatch(save)}: state hash mismatch at {where}")
        states.append(nxt)
        hashes.append(digest)
        state = nxt
    return states, hashes


def _mismatch(save: SaveFile) -> str:
    """The log does not fold to its hashes: tampering, or a save written under other rules."""
    # The same log under other rules gives other states: say so when another version wrote the file.
    return "tampered" if save.app == APP else f"written by {save.app}, whose rules differ from {APP}"


def _check_checkpoints(save: SaveFile, states: list[GameState], hashes: list[str]) -> None:
    expected = checkpoint_indices([s.turn for s in states])
    found = [cp.index for cp in save.checkpoints]
    if found != expected:
        first = next((a, b) for a, b in zip([*found, None], [*expected, None], strict=False) if a != b)
        raise SaveError(f"damaged: checkpoints at the wrong places (found {first[0]}, expected {first[1]})")
    for cp in save.checkpoints:
        state = states[cp.index]
        same = (cp.state_hash == hashes[cp.index] and (cp.turn, cp.quarter) == (state.turn, quarter_label(state.quarter))
                and canonical_json(cp.state) == canonical_json(checkpoint_state(state)))
        if not same:
            raise SaveError(f"tampered: the checkpoint at action {cp.index} (quarter {cp.quarter}) differs from the log")


def _check_current(save: SaveFile, state: GameState, digest: str) -> None:
    cur = save.current
    if (cur.index, cur.turn, cur.quarter, cur.state_hash, cur.over) != (
            len(save.log), state.turn, quarter_label(state.quarter), digest, state.over) or cur.result != state.result:
        raise SaveError("tampered: the summary of the current state differs from the log")


def _migrate_v0(doc: Any) -> Any:
    from wargame.store.migrate import migrate_v0_to_v1

    return migrate_v0_to_v1(doc)


#: version -> the function turning a document of that version into the next one.
MIGRATIONS: dict[int, Callable[[Any], Any]] = {0: _migrate_v0}
