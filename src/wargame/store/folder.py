"""The saves folder: where saves and the autosave live, and what a load screen lists from it."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wargame.content.document import read_regular_file
from wargame.store.atomic import write_problem
from wargame.store.document import SUFFIX, NewerVersionError, SaveError
from wargame.store.verify import MAX_SAVE_BYTES, load_save

#: Every autosave's name starts so (``autosave.wgsave`` is the single autosave of older versions).
AUTOSAVE_PREFIX = "autosave"


def saves_dir() -> Path:
    """``saves/`` under the current directory, or the directory ``WARGAME_SAVES`` names."""
    return Path(os.environ.get("WARGAME_SAVES") or "saves")


def autosave_path(label: str, directory: str | os.PathLike[str] | None = None) -> Path:
    """A new autosave for one exercise: ``autosave-LABEL-YYYYMMDD-HHMMSS.wgsave``, never an existing file's
    name, so starting an exercise can never overwrite another one's autosave."""
    folder = Path(directory) if directory is not None else saves_dir()
    stem = f"{AUTOSAVE_PREFIX}-{re.sub(r'[^A-Za-z0-9_-]+', '-', label).strip('-') or 'exercise'}-" \
           f"{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}"
    path, n = folder / f"{stem}{SUFFIX}", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}{SUFFIX}"
    return path


def is_autosave(path: Path) -> bool:
    """Whether ``path`` is an autosave (its game is continued in place)."""
    return path.name.startswith(AUTOSAVE_PREFIX) and path.suffix == SUFFIX


def replace_problem(path: str | os.PathLike[str]) -> str | None:
    """Why a save may not be written at ``path`` without asking anyone (``None``: it may), in words.

    Beyond ``write_problem`` (no folder, or not a regular file), an existing file is replaced only when it
    is a finished game this program reads: an unfinished game would be lost, and a text file, a damaged
    save or one from a newer version may be someone's only copy of what it holds.
    """
    if (problem := write_problem(path)) is not None:
        return problem
    target = Path(path)
    if not target.exists():
        return None
    info = save_info(target)
    if not info.ok:
        return f"that file is not a save this program can read ({info.reason})"
    if not info.over:
        return "that file holds an unfinished game"
    return None


def latest_autosave(directory: str | os.PathLike[str] | None = None) -> SaveInfo | None:
    """The most recently written autosave of an unfinished exercise that loads, or ``None``."""
    folder = Path(directory) if directory is not None else saves_dir()
    try:
        paths = [p for p in folder.iterdir() if is_autosave(p) and p.is_file()]
    except OSError:
        return None
    for path in sorted(paths, key=lambda p: (-_mtime(p), p.name)):
        info = save_info(path)
        if info.ok and not info.over:
            return info
    return None


@dataclass(frozen=True)
class SaveInfo:
    """One line of a load screen: a save file and, if it is refused, why."""

    name: str
    path: Path
    scenario: str | None
    turn: int | None
    quarter: str | None
    seats: dict[str, str] = field(default_factory=dict)
    created: str | None = None
    over: bool = False
    ok: bool = True
    reason: str | None = None
    newer: bool = False  # refused only because a newer version of the program wrote it


def list_saves(directory: str | os.PathLike[str] | None = None) -> list[SaveInfo]:
    """Every ``*.wgsave`` in ``directory`` (default ``saves_dir()``), newest first; never raises.

    Each file is fully verified; a refused one is listed with ``ok=False`` and its reason.
    """
    folder = Path(directory) if directory is not None else saves_dir()
    try:
        paths = [p for p in folder.iterdir() if p.suffix == SUFFIX and not p.name.startswith(".") and p.is_file()]
    except OSError:
        return []
    infos = [save_info(p) for p in paths]
    return sorted(infos, key=lambda info: (-_mtime(info.path), info.name))


def save_info(path: Path) -> SaveInfo:
    """What ``list_saves`` shows for one file (never raises)."""
    try:
        save = load_save(path)
    except SaveError as exc:
        return _refused(path, exc.reason, newer=isinstance(exc, NewerVersionError))
    except Exception as exc:  # the load screen must list even what no check foresaw
        return _refused(path, f"damaged: {type(exc).__name__}: {exc}")
    cur = save.current
    return SaveInfo(name=path.stem, path=path, scenario=save.scenario_id, turn=cur.turn, quarter=cur.quarter,
                    seats=dict(save.seats), created=save.created, over=cur.over)


def _refused(path: Path, reason: str, newer: bool = False) -> SaveInfo:
    # Show what can still be read from a refused file, without trusting any of it.
    try:
        doc: Any = json.loads(read_regular_file(path, MAX_SAVE_BYTES, "a save file"))
    except Exception:
        doc = None

    def dig(*keys: str) -> Any:
        value = doc
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    turn, seats = dig("current", "turn"), dig("seats")
    return SaveInfo(name=path.stem, path=path, scenario=_text(dig("content", "scenario", "scenario")),
                    turn=turn if type(turn) is int else None, quarter=_text(dig("current", "quarter")),
                    seats={str(k): str(v) for k, v in seats.items()} if isinstance(seats, dict) else {},
                    created=_text(dig("created")), ok=False, reason=reason, newer=newer)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
