"""Where the built-in decks and scenarios live, and how a scenario id becomes a file."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NamedTuple

from wargame.content.document import display_path
from wargame.content.problems import ContentError, Problem
from wargame.engine.naming import did_you_mean

DEFAULT_SCENARIO = "baseline"
#: Set to a directory holding ``decks/`` and ``scenarios/`` to play with other content.
CONTENT_ENV = "WARGAME_CONTENT"


class ContentDirs(NamedTuple):
    """The directory of deck files and the directory of scenario files."""

    decks: Path
    scenarios: Path


#: The built-in content inside an installed package (``setup.py`` copies it there when building a wheel).
PACKAGED = Path(__file__).resolve().parent / "shipped"


def builtin_dirs() -> ContentDirs:
    """The content shipped with wargame: packaged inside an installed ``wargame``, or the
    repository's own in a source checkout (src layout)."""
    root = PACKAGED if PACKAGED.is_dir() else Path(__file__).resolve().parents[3]
    return ContentDirs(root / "decks", root / "scenarios")


def content_dirs() -> ContentDirs:
    """``$WARGAME_CONTENT/{decks,scenarios}`` if set, else the built-in content."""
    env = os.environ.get(CONTENT_ENV)
    return ContentDirs(Path(env) / "decks", Path(env) / "scenarios") if env else builtin_dirs()


def yaml_files(directory: Path) -> list[Path]:
    """The ``.yaml``/``.yml`` files of ``directory``, sorted (none when it does not exist)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def builtin_scenarios() -> list[str]:
    """Ids of the built-in scenarios (their file names), sorted with the default first."""
    ids = sorted({p.stem for p in yaml_files(content_dirs().scenarios)})
    return sorted(ids, key=lambda s: s != DEFAULT_SCENARIO)


def scenario_path(scenario: str | Path) -> Path:
    """The file of ``scenario``: a path as given, or an id such as ``baseline`` (the author's folders first)."""
    text = str(scenario)
    if isinstance(scenario, Path) or text.endswith((".yaml", ".yml")) or os.sep in text or "/" in text:
        path = Path(scenario)
        if not path.is_file():
            raise ContentError([Problem(display_path(path), None, None, "", "no such scenario file")])
        return path
    from wargame.content.search import scenario_folders, scenario_ids

    for folder in scenario_folders():
        for suffix in (".yaml", ".yml"):
            if (folder.path / f"{text}{suffix}").is_file():
                return folder.path / f"{text}{suffix}"
    known = scenario_ids()
    listed = ", ".join(known) if known else "none"
    searched = ", ".join(display_path(f.path) for f in scenario_folders())
    raise ContentError([Problem("", None, None, "", f"unknown scenario {text!r}{did_you_mean(text, known)}; "
                                                    f"known scenarios: {listed} (looked in {searched})")])
