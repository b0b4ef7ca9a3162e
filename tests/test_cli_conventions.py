"""The command line behaves as users of pytest- or git-style tools expect.

A closed pipe ends quietly, piped tables keep their width, usage errors name the subcommand, every
help that takes a bot lists them all, and the shells can complete it.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wargame import __version__
from wargame.bots.base import bot_names
from wargame.cli.main import build_parser, main

REPO = Path(__file__).resolve().parents[1]
SAVE = REPO / "tests" / "fixtures" / "saves" / "v0-baseline.wgsave"


def run(*argv: str, env: dict[str, str] | None = None, closed: bool = False) -> subprocess.CompletedProcess[str]:
    """``python -m wargame argv`` in a subprocess; with ``closed``, its stdout is a pipe nobody reads."""
    environment = {**os.environ, **(env or {})}
    environment.pop("COLUMNS", None)
    if not closed:
        return subprocess.run([sys.executable, "-m", "wargame", *argv], capture_output=True, text=True,
                              env=environment, cwd=REPO, timeout=300)
    proc = subprocess.Popen([sys.executable, "-m", "wargame", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=environment, cwd=REPO)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `| head -0` does: every write meets a closed pipe
    err = proc.stderr.read()
    proc.wait(timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, "", err)


@pytest.mark.parametrize("argv", [
    ("deck", "schema"), ("deck", "list", "--json"), ("deck", "reference"), ("--help",),
    ("play", "--headless", "--json", "--scenario", "duel", "--seat", "us=bot:pass", "--seat", "china=bot:pass"),
    ("replay", str(SAVE), "--headless", "--json"),
    ("simulate", "--scenario", "duel", "--games", "2", "--bots", "random", "--workers", "1", "--json"),
], ids=lambda a: " ".join(a[:2]))
def test_a_closed_pipe_ends_quietly(argv):
    done = run(*argv, closed=True)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.returncode in (0, 141)  # 141: stopped by the closed pipe, as `yes | head` is
    assert done.returncode == 141 or argv == ("--help",)


def test_piped_tables_are_not_cut_to_80_columns():
    done = run("simulate", "--scenario", "duel", "--games", "20", "--bots", "random", "--workers", "1", "--top", "3")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "…" not in done.stdout
    header = next(line for line in lines if "shelve" in line and "interval" in line)
    assert "held" in header and max(map(len, lines)) > 80
    ended = next(line for line in lines if line.startswith("How games ended: "))
    assert "at the end date" in ended and ": end " not in ended and ", end " not in ended  # words, not codes


def test_usage_errors_name_the_subcommand(capsys):
    assert main(["play", "--json", "--scenario", "duel"]) == 2
    assert capsys.readouterr().err == "wargame play: --json needs --headless (the TUI prints nothing to parse)\n"
    assert main(["simulate", "--games", "0"]) == 2
    assert capsys.readouterr().err == "wargame simulate: --games 0: expected 1 to 10,000,000 games\n"
    assert main(["simulate", "--scenario", "duel", "--bots", "nobody"]) == 2
    assert capsys.readouterr().err.startswith("wargame simulate: unknown bot 'nobody'; known bots: ")
    assert main(["replay", "no-such.wgsave", "--headless"]) == 1
    assert capsys.readouterr().err.startswith("wargame replay: ")
    with pytest.raises(SystemExit) as info:
        main(["simulate", "--games", "many"])
    assert info.value.code == 2
    assert "wargame simulate: error: argument --games: invalid int value: 'many'" in capsys.readouterr().err


@pytest.mark.parametrize("seed", ["18446744073709551616", "99999999999999999999999", "-1"])
@pytest.mark.parametrize("command", [["play", "--headless"], ["simulate", "--games", "1"], ["host", "--headless"]])
def test_a_seed_the_game_cannot_hold_is_bad_usage(capsys, command, seed):
    """A game's seed is a 64-bit word: a larger or negative one would silently be played as another seed."""
    with pytest.raises(SystemExit) as info:
        main([*command, "--scenario", "duel", "--seed", seed])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"wargame {command[0]}: error: argument --seed: '{seed}' is not a seed: a seed is a whole number " \
           "from 0 to 18446744073709551615" in err


def test_the_largest_seed_plays(capsys):
    assert main(["play", "--headless", "--json", "--scenario", "duel", "--seed", "18446744073709551615"]) == 0
    assert json.loads(capsys.readouterr().out)["seed"] == 2**64 - 1


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out == f"wargame {__version__}\n"


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    out = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                out[f"{parser.prog.removeprefix('wargame').strip()} {name}".strip()] = child
                out.update(_subparsers(child))
    return out


def test_every_help_that_takes_a_bot_lists_them_all():
    helps = {name: child.format_help() for name, child in _subparsers(build_parser()).items()}
    with_bots = [name for name, text in helps.items() if "bot" in text.lower()]
    assert {"play", "simulate"} <= set(with_bots)
    for name in with_bots:
        text = " ".join(helps[name].split())
        assert "{bots}" not in text
        assert all(bot in text for bot in bot_names()), (name, text)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts(shell, capsys):
    assert main(["--completion", shell]) == 0
    script = capsys.readouterr().out
    assert "wargame" in script and "_ARGCOMPLETE" in script


def test_the_shell_completes_subcommands_and_options(tmp_path):
    out = tmp_path / "completions"
    for line, expected in (("wargame si", {"simulate"}), ("wargame simulate --bo", {"--bots", "--bot"}),
                           ("wargame deck v", {"validate"})):
        env = {"_ARGCOMPLETE": "1", "_ARGCOMPLETE_IFS": "\n", "COMP_LINE": line, "COMP_POINT": str(len(line)),
               "_ARGCOMPLETE_STDOUT_FILENAME": str(out)}
        done = run(env=env)
        assert done.returncode == 0, done.stderr
        assert set(out.read_text().split()) >= expected


def test_json_outputs_stay_one_document(capsys):
    assert main(["deck", "list", "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_a_headless_game_is_told_in_names_not_ids(capsys):
    import re

    assert main(["play", "--headless", "--seat", "us=bot:greedy", "--seat", "china=bot:random", "--seat",
                 "firm=bot:greedy", "--seed", "1"]) == 0
    out = capsys.readouterr().out
    assert "US greedy bot, China random bot, Firm greedy bot" in out.splitlines()[0]
    ids = re.findall(r"\b(us|china|india|uae|malaysia|singapore|[a-z]+\.[a-z_]+)\b", out)  # ("the firm": prose)
    assert ids == [], sorted(set(ids))
    assert re.search(r"^Result: (US|China|Firm) wins - ", out, re.M) or "Result: no winner - " in out
    assert not re.search(r"\[\w+\] (US|China|Firm): \1 ", out)  # the seat is named once


def test_a_seed_is_read_or_refused_never_a_crash():
    from wargame.engine.rng import seed_of

    assert [seed_of(t) for t in ("7", " 8 ", "18446744073709551615")] == [7, 8, 2**64 - 1]
    assert [seed_of(t) for t in ("+-5", "²", "", "x", "-1", "18446744073709551616")] == [None] * 6
