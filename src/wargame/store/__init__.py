"""Saves, autosave and replays: a game's log written atomically, verified on load, folded back into states.

A save embeds the rules it was played with and logs every action with the chance outcomes it set
off and the state hash after it, so it replays with no luck and any change to it is caught.
Importing this package needs no TUI.
"""

from wargame.store.atomic import atomic_write, not_a_file, write_problem
from wargame.store.checkpoints import checkpoint_indices
from wargame.store.content import content_hash, embed_content, game_from_content
from wargame.store.document import (
    FORMAT,
    FORMAT_VERSION,
    SUFFIX,
    Checkpoint,
    Content,
    Current,
    LogEntry,
    NewerVersionError,
    SaveError,
    SaveFile,
    decode_document,
    encode_document,
)
from wargame.store.folder import (
    AUTOSAVE_PREFIX,
    SaveInfo,
    autosave_path,
    is_autosave,
    latest_autosave,
    list_saves,
    replace_problem,
    save_info,
    saves_dir,
)
from wargame.store.migrate import migrate_v0_to_v1
from wargame.store.replay import Replay
from wargame.store.session import Session, load_session, save_match
from wargame.store.verify import Verified, load_save, read_verified, verify_document

__all__ = [
    "AUTOSAVE_PREFIX", "FORMAT", "FORMAT_VERSION", "SUFFIX", "Checkpoint", "Content", "Current", "LogEntry",
    "NewerVersionError", "Replay", "SaveError", "SaveFile", "SaveInfo", "Session", "Verified", "atomic_write",
    "autosave_path", "checkpoint_indices",
    "is_autosave", "latest_autosave", "not_a_file", "replace_problem", "write_problem",
    "content_hash", "decode_document", "embed_content", "encode_document", "game_from_content", "list_saves",
    "load_save", "load_session", "migrate_v0_to_v1", "read_verified", "save_info", "save_match", "saves_dir",
    "verify_document",
]
