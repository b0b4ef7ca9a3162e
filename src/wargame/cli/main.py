"""Entry point of the ``wargame`` command: dispatches to one module per subcommand.

Errors go to stderr with exit status 1 (2 for bad usage); ``--json`` output is one document on
stdout. Subcommand modules are imported lazily so that ``wargame --help`` and the TUI start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from wargame import __version__
from wargame.cli import common

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


SHELLS = ("bash", "zsh", "fish")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every available subcommand registered."""
    parser = argparse.ArgumentParser(prog="wargame", description="Compute Race: the US-China AI compute race, as a card game.")
    parser.add_argument("--version", action="version", version=f"wargame {__version__}")
    parser.add_argument("--decks", action="append", default=[], metavar="DIR", type=common.folder, dest="top_decks",
                        help="with no command (the TUI): also look for decks and scenarios in DIR; repeatable")
    parser.add_argument("--completion", choices=SHELLS, metavar="SHELL",
                        help="print the shell completion script for bash, zsh or fish, e.g. "
                             "eval \"$(wargame --completion bash)\" in ~/.bashrc")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in SUBCOMMANDS.values():
        try:
            mod = importlib.import_module(f"wargame.cli.{module}")
        except ModuleNotFoundError as exc:
            if exc.name == f"wargame.cli.{module}":
                continue  # not built yet
            raise
        mod.add_parser(sub)
    _format_help(parser)
    return parser


def _format_help(parser: argparse.ArgumentParser) -> None:
    """Every parser, subcommands' included, uses the formatter that names the registered bots."""
    parser.formatter_class = common.HelpFormatter
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _format_help(child)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit status."""
    try:
        status = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, inside the handler, not at interpreter exit
        return status
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _closed_pipe()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell is asking for completions: answer and exit
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    if args.completion:
        import argcomplete

        print(argcomplete.shellcode(["wargame"], shell=args.completion), end="")
        return 0
    common.PROG[0] = " ".join(["wargame", *filter(None, [args.command, getattr(args, "deck_command", None)])])
    folders = [*args.top_decks, *getattr(args, "decks", [])]
    with _using(folders):
        if args.command is None:
            return _run_tui()
        from wargame.engine import compiled

        compiled.announce = _say  # a first game that compiles the rules core says why it waits
        return int(args.run(args) or 0)


def _using(folders: list[str]) -> contextlib.AbstractContextManager[None]:
    """``content.search.using_folders``, imported only when folders are given: the content package
    loads the compiled core's modules, which the TUI's first frame must not wait for."""
    if not folders:
        return contextlib.nullcontext()
    from wargame.content.search import using_folders

    return using_folders(folders)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _closed_pipe() -> int:
    """The reader of stdout went away (``wargame ... | head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush then finds somewhere to write
    return 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left


def _run_tui() -> int:
    try:
        from wargame.tui.app import run_app
    except ModuleNotFoundError:
        # Until the TUI exists, `wargame` plays a headless bot game of the default scenario.
        return main(["play", "--headless", "--seed", "1"])
    return run_app()


if __name__ == "__main__":
    raise SystemExit(main())
