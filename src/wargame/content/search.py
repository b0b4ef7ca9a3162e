"""Where content is looked for: the author's folders first, then the built-in decks and scenarios.

A scenario's decks are found by id, in this order: the folder the scenario file is in, the folders
named by ``--decks DIR`` and by ``WARGAME_DECKS`` (a list of folders, separated by ``:``, ``;`` on
Windows), then the built-in decks. The first file declaring a deck id wins, so an author's deck can
stand in for a built-in one of the same id. Scenario ids are looked up in the same folders. Only
``content_dirs`` (in ``paths``) knows where the built-in content lives.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from wargame.content.document import display_path
from wargame.content.paths import DEFAULT_SCENARIO, builtin_scenarios, content_dirs, yaml_files
from wargame.content.problems import ContentError, Problem
from wargame.engine.cards import Deck

#: Folders of the author's decks and scenarios, separated by ``os.pathsep``; ``--decks DIR`` adds to it.
DECKS_ENV = "WARGAME_DECKS"
BUILT_IN = "built-in"


@dataclass(frozen=True)
class Folder:
    """A folder searched for content, and why: ``beside the scenario``, ``WARGAME_DECKS`` or ``built-in``."""

    path: Path
    origin: str

    @property
    def builtin(self) -> bool:
        return self.origin == BUILT_IN


def author_folders() -> list[Path]:
    """The folders named by ``--decks`` and ``WARGAME_DECKS``, in order (empty entries skipped)."""
    return [Path(p).expanduser() for p in os.environ.get(DECKS_ENV, "").split(os.pathsep) if p.strip()]


@contextmanager
def using_folders(folders: Iterable[str | Path]) -> Iterator[None]:
    """Search ``folders`` before any already named, while the block runs (what ``--decks DIR`` does).

    They go into ``WARGAME_DECKS`` so that worker processes started meanwhile search them too.
    """
    named = [str(Path(f).expanduser().resolve()) for f in folders]
    before = os.environ.get(DECKS_ENV)
    if named:
        os.environ[DECKS_ENV] = os.pathsep.join([*named, *([before] if before else [])])
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(DECKS_ENV, None)
        else:
            os.environ[DECKS_ENV] = before


def deck_folders(scenario_file: Path | None = None) -> list[Folder]:
    """The folders a scenario's decks are looked up in, first to last (each folder once)."""
    folders = [Folder(scenario_file.parent, "beside the scenario")] if scenario_file is not None else []
    folders += [Folder(path, DECKS_ENV) for path in author_folders()]
    folders.append(Folder(content_dirs().decks, BUILT_IN))
    return _once(folders)


def scenario_folders() -> list[Folder]:
    """The folders scenario ids are looked up in: the author's first, then the built-in scenarios."""
    return _once([*(Folder(path, DECKS_ENV) for path in author_folders()), Folder(content_dirs().scenarios, BUILT_IN)])


def scenario_ids() -> list[str]:
    """Every scenario id a game can be started with: the author's (file names of scenario files), then the built-in."""
    from wargame.content.document import read_document
    from wargame.content.loading import content_kind

    ids: list[str] = []
    for folder in scenario_folders():
        if folder.builtin:
            ids += [sid for sid in builtin_scenarios() if sid not in ids]
            continue
        for path in yaml_files(folder.path):
            try:
                is_scenario = content_kind(read_document(path)) == "scenario"
            except ContentError:
                is_scenario = False
            if is_scenario and path.stem not in ids:
                ids.append(path.stem)
    return sorted(ids, key=lambda s: s != DEFAULT_SCENARIO)


def _once(folders: Sequence[Folder]) -> list[Folder]:
    seen: set[Path] = set()
    out = []
    for folder in folders:
        key = folder.path.resolve()
        if key not in seen:
            seen.add(key)
            out.append(folder)
    return out


@dataclass(frozen=True)
class FoundDeck:
    """A deck file found in a folder; ``hidden_by`` is the earlier file with the same deck id, if any."""

    deck: Deck
    file: Path
    builtin: bool
    hidden_by: Path | None = None

    @property
    def origin(self) -> str:
        """Where it came from, as an author reads it: ``built-in`` or the file's path."""
        return BUILT_IN if self.builtin else display_path(self.file)


def is_builtin(file: Path) -> bool:
    """Whether ``file`` is one of the built-in deck files."""
    return file.resolve().parent == content_dirs().decks.resolve()


def find_decks(folders: Sequence[Folder] | None = None) -> tuple[list[FoundDeck], list[Problem]]:
    """Every deck file in ``folders`` (default: the author's, then the built-in), and the problems of those
    that do not load. Files that are not decks (scenarios) are skipped."""
    from wargame.content.document import read_document
    from wargame.content.loading import content_kind, deck_from

    found: list[FoundDeck] = []
    problems: list[Problem] = []
    first: dict[str, Path] = {}
    for folder in folders if folders is not None else deck_folders():
        for path in yaml_files(folder.path):
            try:
                doc = read_document(path)
                if content_kind(doc) != "deck":
                    continue
                deck = deck_from(doc).model
            except ContentError as err:
                problems += err.problems
                continue
            found.append(FoundDeck(deck, path, folder.builtin, first.get(deck.deck)))
            first.setdefault(deck.deck, path)
    return found, problems
