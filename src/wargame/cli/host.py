"""``wargame host``: one process owns the exercise; each team joins its own seat from its own room."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
import time
from pathlib import Path
from typing import Any

from wargame.cli.common import add_scenario_argument, fail, load_game_or_fail, parse_seats, seed


def add_parser(sub: Any) -> None:
    from wargame.net.codes import DEFAULT_PORT, LOCALHOST

    p = sub.add_parser("host", help="host an exercise: each team joins its seat from its own room",
                       description="Start the exercise on this machine, open the facilitator's console and print "
                                   "one join code per team seat, with the `wargame join` line each team types.")
    add_scenario_argument(p)
    p.add_argument("--seat", action="append", default=[], metavar="SEAT=WHO",
                   help="who holds a seat: human (a team that joins) or bot:NAME with NAME one of {bots}; repeatable (default: human)")
    p.add_argument("--seed", type=seed, default=1, help="the game's seed (default 1)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port teams join on (default {DEFAULT_PORT})")
    p.add_argument("--bind", default=LOCALHOST, metavar="ADDR",
                   help=f"the address to listen on (default {LOCALHOST}: this machine only; 0.0.0.0: every network)")
    p.add_argument("--cert", metavar="FILE", help="TLS certificate (PEM): teams join with wss:// (join --tls)")
    p.add_argument("--key", metavar="FILE", help="the certificate's private key, if not in --cert")
    p.add_argument("--resume", metavar="SAVE", help="continue a hosted exercise from its autosave; the teams' "
                   "codes still work")
    p.add_argument("--new-codes", action="store_true", help="with --resume: give every team seat a new code")
    p.add_argument("--web", action="store_true", help="also serve the seat screen to browsers (the page asks "
                   "for the join code)")
    p.add_argument("--web-port", type=int, metavar="N", help="the browsers' port (default: --port + 1)")
    p.add_argument("--headless", action="store_true", help="no console: serve until interrupted, log to stderr")
    p.add_argument("--bot-pace", type=float, default=None, metavar="SECONDS",
                   help="pause before each bot move (default 1 with the console, 0 headless)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from wargame.net.host import Host

    if args.new_codes and not args.resume:
        return fail("--new-codes goes with --resume", status=2)
    try:
        made = _resume(args) if args.resume else _new(args)
    except ValueError as exc:
        return fail(str(exc), status=2)
    if made is None:
        return 1
    exercise, codes, new = made
    tls = None
    if args.cert:
        from wargame.net.host import tls_context

        try:
            tls = tls_context(args.cert, args.key)
        except (OSError, ValueError) as exc:
            return fail(f"cannot use the certificate {args.cert}: {exc}")
    pace = args.bot_pace if args.bot_pace is not None else (0.0 if args.headless else 1.0)
    from wargame.net.codes import host_file

    autosave = Path(exercise.session.autosave)
    log = _stderr_log if args.headless else None
    host = Host(exercise, codes, codes_file=host_file(autosave), bot_pace=pace, log=log)
    host.write_codes()
    plan = HostPlan(host=host, new_codes=new, bind=args.bind, port=args.port, tls=tls,
                    web_port=(args.web_port or args.port + 1) if args.web else None)
    if args.headless:
        return asyncio.run(serve_headless(plan))
    from wargame.tui.hosting import run_console

    return run_console(plan)


class HostPlan:
    """What ``wargame host`` was asked to serve: the host, the codes to show once, where to listen."""

    def __init__(self, host: Any, new_codes: dict[str, str], bind: str, port: int, tls: Any,
                 web_port: int | None) -> None:
        self.host, self.new_codes, self.bind, self.port, self.tls = host, new_codes, bind, port, tls
        self.web_port = web_port
        self.web: Any = None  # the browser server, once started

    async def start(self) -> tuple[str, int]:
        """Listen for the seats (and browsers, with --web)."""
        address = await self.host.start(self.bind, self.port, self.tls)
        if self.web_port is not None:
            from wargame.net.web import WebSeats

            self.web = WebSeats(join_address(address, self.tls is not None), self.bind, self.web_port,
                                tls=self.tls is not None)
            self.web.start()
        return address

    async def stop(self) -> None:
        if self.web is not None:
            self.web.stop()
        await self.host.stop()

    def announcement(self, address: tuple[str, int]) -> list[str]:
        """What the facilitator is told: where the teams join, and each new code with its join line."""
        from wargame.net.host import LOCALHOST, seat_label

        where = join_address(address, self.tls is not None)
        ex = self.host.exercise
        lines = [f"Hosting {ex.scenario.title} on {where}" + (" with TLS" if self.tls else "") + "."]
        if address[0] in (LOCALHOST, "localhost", "::1"):
            lines.append("Listening on this machine only; teams in other rooms need --bind 0.0.0.0 "
                         "(or this machine's address).")
        tls = " --tls" if self.tls else ""
        if self.new_codes:
            lines.append("Join codes (one per team, shown only now; keep them out of chat logs):")
            for seat, code in self.new_codes.items():
                lines.append(f"  {seat_label(seat):<6} wargame join {where} --code {code}{tls}")
        else:
            lines.append("The teams' join codes are unchanged: they join again as before.")
        if self.web_port is not None:
            web = join_address((address[0], self.web_port))
            lines.append(f"Browser seats: http://{web}/ (the page asks for the join code)")
        lines.append(f"Autosaved to {ex.session.autosave} (wargame host --resume FILE continues it).")
        return lines


def join_address(address: tuple[str, int], tls: bool = False) -> str:
    """``HOST:PORT`` as a team types it (an any-address bind shows this machine's name)."""
    import socket

    host, port = address
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname()
    return f"{host}:{port}"


def _new(args: argparse.Namespace) -> tuple[Any, Any, dict[str, str]] | None:
    from wargame.net.codes import SeatCodes
    from wargame.net.host import open_exercise
    from wargame.store import autosave_path

    game = load_game_or_fail(args.scenario)
    if game is None:
        return None
    seats = parse_seats(args.seat, game.rules.scenario.seat_ids, default="human")
    if all(who != "human" for who in seats.values()):
        raise ValueError("every seat is a bot: nobody would join (use `wargame play --headless`)")
    exercise = open_exercise(game, seats, args.seed, autosave_path(game.rules.scenario.scenario))
    codes = SeatCodes()
    return exercise, codes, codes.issue_all(s for s, who in seats.items() if who == "human")


def _resume(args: argparse.Namespace) -> tuple[Any, Any, dict[str, str]] | None:
    from wargame.net.codes import CodesError, SeatCodes
    from wargame.net.host import resume_exercise
    from wargame.store import SaveError

    try:
        exercise, codes = resume_exercise(Path(args.resume))
    except (SaveError, CodesError) as exc:
        fail(f"cannot resume {args.resume}: {exc}")
        return None
    if codes is None or args.new_codes:
        if codes is None:
            print(f"{Path(args.resume).name} has no host file beside it: every team seat gets a new code.")
        codes = SeatCodes()
        humans = [s for s in exercise.scenario.seat_ids if exercise.is_human(s)]
        return exercise, codes, codes.issue_all(humans)
    return exercise, codes, {}


def _stderr_log(text: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


async def serve_headless(plan: HostPlan) -> int:
    """Serve until SIGINT or SIGTERM, printing the join lines and then what happens in the room."""
    try:
        address = await plan.start()
    except OSError as exc:
        return fail(f"cannot listen on {plan.bind}:{plan.port}: {exc.strerror or exc}")
    for line in plan.announcement(address):
        print(line, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    ended = False

    def watch() -> None:
        nonlocal ended
        state = plan.host.exercise.state
        if state.over and not ended:
            ended = True
            result = state.result or {}
            _stderr_log(f"the exercise is over: {str(result.get('winner', '?')).upper()} wins - "
                        f"{result.get('reason', '')}")

    plan.host.listeners.append(watch)
    await stop.wait()
    await plan.stop()
    return 0
