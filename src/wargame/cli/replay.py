"""``wargame replay``: a save in the replay viewer, the state at one point of it, headless, or a
branch from one point of it written as a new save ("what if")."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from wargame.cli.common import fail, output_problem, parse_seats, say

_QUARTER = re.compile(r"^\d{4}Q[1-4]$")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("replay", help="replay a saved game (TUI), or print its state with --headless",
                       description="Open a save in the replay viewer, or print the state at one point of it.")
    p.add_argument("file", metavar="FILE", help="a .wgsave file")
    p.add_argument("--headless", action="store_true", help="no screen: print the state at the end of --to-turn")
    p.add_argument("--to-turn", type=int, metavar="N", help="with --headless: the state at the end of turn N "
                   "(default: the end of the log)")
    p.add_argument("--json", action="store_true", help="with --headless: one JSON document, with its state_hash")
    p.add_argument("--as", dest="as_seat", metavar="SEAT", help="the game as one seat saw it (a team's debrief)")
    p.add_argument("--branch-at", metavar="QUARTER|ACTION",
                   help="write a new game that replays FILE up to a quarter's first decision (e.g. 2027Q1) or up to "
                        "log entry ACTION (a number: that entry is played anew); bots keep the original's draws, "
                        "so only what is changed differs")
    p.add_argument("-o", "--output", metavar="NEW", help="with --branch-at: the new save to write")
    p.add_argument("--seat", action="append", default=[], metavar="SEAT=WHO",
                   help="with --branch-at: hand a seat to a team (SEAT=human) or another bot (SEAT=bot:NAME, NAME one of {bots}); repeatable")
    p.add_argument("--play", action="store_true", help="with --branch-at: open the branch in the TUI to play it on")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from wargame.store import Replay, SaveError, load_save

    try:
        save = load_save(args.file)
    except SaveError as exc:
        return fail(str(exc))
    if args.branch_at is not None:
        return _branch(args, save)
    if args.output or args.seat or args.play:
        return fail("-o, --seat and --play need --branch-at", status=2)
    if not args.headless:
        if args.to_turn is not None or args.json:
            return fail("--to-turn and --json need --headless", status=2)
        from wargame.tui.app import run_app

        return int(run_app(replay=args.file, as_seat=args.as_seat) or 0)
    replay = Replay(save)
    if args.as_seat:
        from wargame.store.seat_replay import SeatReplay

        try:
            replay = SeatReplay(replay, args.as_seat)
        except ValueError as exc:
            return fail(f"--as {args.as_seat}: {exc}", status=2)
    try:
        index = replay.length if args.to_turn is None else replay.end_of_turn(args.to_turn)
    except ValueError as exc:
        return fail(f"--to-turn {args.to_turn}: {exc}", status=2)
    doc = point_document(replay, index, args.to_turn)
    if args.json:
        json.dump(doc, sys.stdout, sort_keys=True, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print_point(replay, doc)
    return 0


def point_document(replay: Any, index: int, turn: int | None) -> dict[str, Any]:
    """The ``--json`` document: where in the game, the whole state there and its hash."""
    state = replay.state_at(index)
    turn = turn if turn is not None else state.turn
    doc = {"scenario": replay.game.rules.scenario.scenario, "seed": replay.seed, "turn": turn,
           "quarter": replay.quarter_of(turn), "index": index, "length": replay.length, "state": state.to_dict(),
           "state_hash": replay.game.hash(state)}
    if state.viewer is not None:  # a seat's view: its hash is not the game's
        del doc["state_hash"]
        doc["as"] = state.viewer
    return doc


def print_point(replay: Any, doc: dict[str, Any]) -> None:
    """A short readable summary of the state in ``doc``."""
    state = replay.state_at(doc["index"])
    sc = replay.game.rules.scenario
    out = replay.game.outputs(state)
    say(f"{sc.title} ({sc.scenario}), seed {doc['seed']}: " + ", ".join(f"{s}={replay.seats[s]}" for s in state.seats))
    say(f"End of turn {doc['turn']} ({doc['quarter']}): action {doc['index']} of {doc['length']}")
    say(f"  lag {out['world.lag']:.1f} months, China domestic share {out['china.domestic_share']:.0%}, "
          f"US:China compute {out['us.compute'] / max(out['china.compute'], 1e-9):.1f}x")
    say("  VP: " + ", ".join(f"{s} {state.vp[s]:+.1f}" for s in state.seats))
    say("  board: " + ", ".join(f"{k} {v:+.1f}" for k, v in state.board.items()))
    say("  hands: " + ", ".join(f"{s} {len(state.hands[s])}" for s in state.seats))
    if state.result:
        say(f"  result: {state.result.get('winner', '?')} wins - {state.result.get('reason', '')}")
    say(f"  state hash {doc['state_hash']}" if "state_hash" in doc else f"  as {doc['as']} saw it")


def _branch(args: argparse.Namespace, save: Any) -> int:
    """Write the branch of ``save`` at ``--branch-at`` to ``--output``, and open it with ``--play``."""
    from wargame.engine.actions import Action
    from wargame.report.labels import move_name, seat_name
    from wargame.store import Replay

    if args.headless or args.to_turn is not None or args.json or args.as_seat:
        return fail("--branch-at does not go with --headless, --to-turn, --json or --as", status=2)
    if not args.output:
        return fail("--branch-at needs -o NEW, the save to write", status=2)
    if problem := output_problem(args.output, "-o", save=False):
        return fail(problem, status=2)
    if Path(args.output).exists():
        return fail(f"-o {args.output}: that file exists, and -o names a new file (nothing was written)", status=2)
    replay = Replay(save)
    try:
        index = branch_index(replay, args.branch_at)
        named = parse_seats(args.seat, replay.game.rules.scenario.seat_ids, default="")
    except ValueError as exc:
        return fail(str(exc), status=2)
    seats = {s: named[s] or who for s, who in replay.seats.items()}
    session = replay.branch(index, seats=seats)
    try:
        path = session.save(args.output)
    except OSError as exc:
        return fail(f"cannot write {args.output}: {exc.strerror or exc}")
    state = session.state
    nxt = replay.entries[index].action if index < replay.length else None
    say(f"branch written to {path}: the first {index} of {replay.length} entries of {args.file}, "
          f"to {replay.quarter_of(state.turn)} (turn {state.turn})")
    if nxt is not None:
        was = Action.from_dict(nxt)
        say(f"  entry #{index + 1} is played anew (the original: {seat_name(was.seat)} {move_name(replay.game.rules, was)})")
    say("  seats: " + ", ".join(f"{s}={who}" for s, who in seats.items()))
    if not args.play:
        say("  to play it on, open it from the saves in the TUI (wargame), or branch with --play")
        return 0
    from wargame.tui.app import run_app

    return int(run_app(resume=path) or 0)


def branch_index(replay: Any, where: str) -> int:
    """How many entries a branch at ``where`` keeps: a quarter's first decision, or up to entry number ``where``."""
    if _QUARTER.match(where):
        return int(replay.quarter_index(where))
    if where.isdigit():
        number = int(where)
        if not 1 <= number <= replay.length + 1:
            raise ValueError(f"--branch-at {where}: the log has entries 1..{replay.length} "
                             f"({replay.length + 1} branches after the last)")
        return number - 1
    raise ValueError(f"--branch-at {where!r}: expected a quarter such as 2027Q1 or a log entry number")
