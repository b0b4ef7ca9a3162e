"""``wargame play``: start a game in the TUI, or play a bots-only game headless."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from wargame.cli.common import (
    add_scenario_argument,
    fail,
    load_game_or_fail,
    output_problem,
    parse_seats,
    say,
    seed,
)


def add_parser(sub: Any) -> None:
    p = sub.add_parser("play", help="start a game (TUI), or a bots-only game with --headless",
                       description="Start a game in the TUI, or play a bots-only game without a screen.")
    add_scenario_argument(p)
    p.add_argument("--seat", action="append", default=[], metavar="SEAT=WHO",
                   help="who holds a seat: human, or bot:NAME with NAME one of {bots}; repeatable")
    p.add_argument("--seed", type=seed, default=1, help="the game's seed (default 1)")
    p.add_argument("--headless", action="store_true", help="no screen: every seat must be a bot")
    p.add_argument("--save", metavar="FILE", help="write the finished game as a save file")
    p.add_argument("--json", action="store_true", help="with --headless: print one JSON document")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.json and not args.headless:
        return fail("--json needs --headless (the TUI prints nothing to parse)", status=2)
    game = load_game_or_fail(args.scenario)
    if game is None:
        return 1
    try:
        seats = parse_seats(args.seat, game.rules.scenario.seat_ids, default="bot:greedy" if args.headless else "human")
    except ValueError as exc:
        return fail(str(exc), status=2)
    if not args.headless:
        from wargame.tui.app import run_app

        return run_app(scenario=args.scenario, seats=seats, seed=args.seed)
    humans = [s for s, who in seats.items() if who == "human"]
    if humans:
        return fail(f"--headless needs a bot in every seat; human: {', '.join(humans)}", status=2)
    if args.save and (problem := output_problem(args.save, "--save")):
        return fail(problem)
    return _play_headless(game, seats, args)


def _play_headless(game: Any, seats: dict[str, str], args: argparse.Namespace) -> int:
    from wargame.bots.match import play_match, seat_bots
    from wargame.cli.summary import print_quarter, quarter_summaries
    from wargame.engine.wording import named, seat_word

    board = {s.id: s.name for s in game.rules.scenario.board}
    bots = seat_bots({s: who.removeprefix("bot:") for s, who in seats.items()}, args.seed)
    explain = None
    if args.save:  # the bots' reasons go into the save, for the debrief's "why" column
        from wargame.report.why import decision_text

        def explain(decision: Any) -> str | None:
            return decision_text(game.rules, decision)
    match = play_match(game, bots, args.seed, explain=explain)
    if args.save:
        from wargame.store import save_match

        try:
            save_match(args.save, game, seats, args.seed, match.actions)
        except OSError as exc:
            return fail(f"cannot write {args.save}: {exc.strerror or exc}")
    result = match.state.result or {}
    if args.json:
        doc = {"scenario": game.rules.scenario.scenario, "seed": args.seed, "seats": seats,
               "quarters": quarter_summaries(match.state, board), "result": result,
               "state_hash": game.hash(match.state)}
        json.dump(doc, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    sc = game.rules.scenario
    say(f"{sc.title} ({sc.scenario}), seed {args.seed}: "
        + ", ".join(f"{seat_word(s)} {'team' if w == 'human' else w.removeprefix('bot:') + ' bot'}" for s, w in seats.items()))
    for quarter in quarter_summaries(match.state, board):
        print_quarter(quarter)
    say()
    winner = result.get("winner")
    say(f"Result: {seat_word(winner) + ' wins' if winner else 'no winner'} - {named(str(result.get('reason', '')), board)}")
    say("Score against target: " + ", ".join(f"{seat_word(s)} {m:+.1f}" for s, m in result.get("margins", {}).items()))
    if args.save:
        say(f"saved to {args.save}")
    return 0
