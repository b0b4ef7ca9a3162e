"""``wargame replay``: a save in the replay viewer, or the state at one point of it, headless."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wargame.cli.common import fail, say


def add_parser(sub: Any) -> None:
    p = sub.add_parser("replay", help="replay a saved game (TUI), or print its state with --headless",
                       description="Open a save in the replay viewer, or print the state at one point of it.")
    p.add_argument("file", metavar="FILE", help="a .wgsave file")
    p.add_argument("--headless", action="store_true", help="no screen: print the state at the end of --to-turn")
    p.add_argument("--to-turn", type=int, metavar="N", help="with --headless: the state at the end of turn N "
                   "(default: the end of the log)")
    p.add_argument("--json", action="store_true", help="with --headless: one JSON document, with its state_hash")
    p.add_argument("--as", dest="as_seat", metavar="SEAT", help="the game as one seat saw it (a team's debrief)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from wargame.store import Replay, SaveError, load_save

    try:
        save = load_save(args.file)
    except SaveError as exc:
        return fail(str(exc))
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
