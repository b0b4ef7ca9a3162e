"""Entry point of the ``wargame`` command: dispatches to one module per subcommand.

Errors go to stderr with exit status 1 (2 for bad usage); ``--json`` output is one document on
stdout. Subcommand modules are imported lazily so that ``wargame --help`` and the TUI start fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from wargame import __version__

#: subcommand -> module under wargame.cli providing ``add_parser(subparsers)`` and ``run(args)``.
SUBCOMMANDS: dict[str, str] = {
    "play": "play",
    "replay": "replay",
    "simulate": "simulate",
    "deck": "deck",
    "report": "report",
    "host": "host",
    "join": "join",
}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(prog="wargame", description="Compute Race: the US-China AI compute race, as a card game.")
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS.values():
        try:
            mod = importlib.import_module(f"wargame.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"wargame.cli.{module}":
                continue  # not built yet
            raise
        mod.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _run_tui()
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _run_tui() -> int:
    try:
        from wargame.tui.app import run_app
    except ModuleNotFoundError:
        # Until the TUI exists, `wargame` plays a headless bot game of the default scenario.
        return main(["play", "--headless", "--seed", "1"])
    return run_app()


if __name__ == "__main__":
    raise SystemExit(main())
