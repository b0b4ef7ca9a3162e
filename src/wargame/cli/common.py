"""Helpers shared by the subcommands: loading a scenario with clear errors, seat specs, failing."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from wargame.engine.text import printable

#: Replaced by the registered bots' names when help is printed (so ``--help`` lists every bot, and
#: building the parser imports no bot).
BOTS = "{bots}"


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, naming the registered bots where a help text says ``{bots}``."""

    def _expand_help(self, action: argparse.Action) -> str:
        text = super()._expand_help(action)
        if BOTS in text:
            from wargame.bots.base import bot_names

            text = text.replace(BOTS, ", ".join(bot_names()))
        return text


def fail(message: str, status: int = 1) -> int:
    """Print ``message`` to stderr, after the command that failed, and return ``status`` (1: an error, 2: bad usage)."""
    print(printable(f"{PROG[0]}: {message}"), file=sys.stderr)  # a save's reason may quote its text
    return status


#: The command being run (``wargame simulate``), set once by ``main`` so that errors name it.
PROG = ["wargame"]


def say(text: str = "") -> None:
    """Print a line of text that may quote content or a save: control characters are shown as escapes."""
    print(printable(text))


def print_json(doc: Any, **options: Any) -> None:
    """``doc`` as one JSON document on stdout; NaN and infinities (which JSON has no words for) become null."""
    json.dump(_finite(doc), sys.stdout, allow_nan=False, **options)
    sys.stdout.write("\n")


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def output_problem(path: str, option: str, *, save: bool = True) -> str | None:
    """Why ``option`` may not write ``path``, as one line that names them both (``None``: it may).

    A save replaces only a finished game (``store.replace_problem``); any other output only a regular
    file, in a folder that exists (``store.write_problem``). Checked before the work, so nothing is lost
    and no time is spent on a file that could not be written.
    """
    from wargame.store import replace_problem, write_problem

    problem = replace_problem(path) if save else write_problem(path)
    if problem is not None:
        return f"{option} {path}: {problem}; choose another name (nothing was written)"
    return None


def add_scenario_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default="baseline", metavar="ID",
                        help="a scenario id (built-in, or in a --decks folder) or a scenario file (default: baseline)")
    add_decks_argument(parser)


def add_decks_argument(parser: argparse.ArgumentParser) -> None:
    """``--decks DIR``, repeatable: folders of the author's decks and scenarios, searched before the built-in ones."""
    parser.add_argument("--decks", action="append", default=[], metavar="DIR", type=folder,
                        help="also look for decks and scenarios in DIR, before the built-in ones (repeatable; "
                             "the same as listing DIR in WARGAME_DECKS)")


def folder(text: str) -> str:
    """An existing folder named on the command line (argparse names the option when it is not)."""
    from pathlib import Path

    if not Path(text).expanduser().is_dir():
        raise argparse.ArgumentTypeError(f"no such folder: {text}")
    return text


def seed(text: str) -> int:
    """A seed named on the command line, one the game holds as it is (``engine.rng.SEEDS``): a larger or
    negative number would be played as another seed, under a name it is not (argparse names the option)."""
    from wargame.engine.rng import seed_of, seed_problem

    value = seed_of(text)
    if value is None:
        raise argparse.ArgumentTypeError(seed_problem(text))
    return value


def console() -> Any:
    """A rich console for stdout: the terminal's width, or unlimited when piped (a table is never cut at 80)."""
    import os

    from rich.console import Console

    if sys.stdout.isatty() or "COLUMNS" in os.environ:
        return Console()
    return Console(width=10_000)


def print_problems(problems: Iterable[Any]) -> None:
    """Content problems to stderr: a file's start with where it is, any other with the command."""
    for problem in problems:
        if problem.file:
            print(problem, file=sys.stderr)
        else:
            fail(str(problem))


def load_game_or_fail(scenario: str) -> Any:
    """A ``Game`` for the scenario, or ``None`` after printing every located content problem."""
    from wargame.content import ContentError, load_bundle

    try:
        bundle = load_bundle(scenario)
    except ContentError as exc:
        print_problems(exc.problems)
        return None
    return bundle.game()


def parse_seats(specs: Sequence[str], seat_ids: Sequence[str], default: str) -> dict[str, str]:
    """``["us=human", "china=bot:greedy"]`` -> ``{"us": "human", "china": "bot:greedy", ...}``.

    Seats not named get ``default``. Raises ``ValueError`` with a reason a user can act on.
    """
    from wargame.bots.base import bot_names

    seats = {s: default for s in seat_ids}
    for spec in specs:
        seat, sep, who = spec.partition("=")
        if not sep:
            raise ValueError(f"--seat {spec!r}: expected SEAT=human or SEAT=bot:NAME")
        if seat not in seats:
            raise ValueError(f"--seat {spec!r}: this scenario's seats are {', '.join(seat_ids)}")
        if who != "human":
            name = who.removeprefix("bot:")
            if not who.startswith("bot:") or name not in bot_names():
                raise ValueError(f"--seat {spec!r}: expected human or bot:NAME with NAME one of {', '.join(bot_names())}")
        seats[seat] = who
    return seats
