"""Problems found in content files, and the one exception that carries them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from wargame.engine.text import printable


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file, located as precisely as the file allows.

    ``card`` names the item the problem is in; ``kind`` says what that item is (``card`` in decks;
    ``scenario``, ``state``, ``inject``, ``conditional`` or ``seat`` in scenarios; ``deck`` for a
    deck's own fields). ``field`` is a path inside that item such as ``effects[1].target``.
    """

    file: str
    line: int | None
    card: str | None
    field: str
    message: str
    kind: str = "card"

    def __str__(self) -> str:
        head = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.card is not None:
            head += f" {self.kind} {self.card!r}"
        if self.field:
            head += f" {self.field}"
        # (a file name or a quoted value may hold escapes; a problem of no file is its message alone)
        return printable(f"{head}: {self.message}" if head else self.message)


class ContentError(Exception):
    """Raised when a content file (or a scenario with its decks) cannot be loaded; lists every problem."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: list[Problem] = unique(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """``problems`` without repeats, in their first order (the same file can be checked twice)."""
    return list(dict.fromkeys(problems))
