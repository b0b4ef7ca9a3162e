"""``wargame join HOST:PORT --code CODE``: a team's screen for its own seat of a hosted exercise."""

from __future__ import annotations

import argparse
import os
from typing import Any

from wargame.cli.common import fail


def add_parser(sub: Any) -> None:
    p = sub.add_parser("join", help="join a hosted exercise: your seat's screen, with the code you were given",
                       description="Open the screen of one seat of an exercise hosted with `wargame host`: "
                                   "your hand, your view of the board and tracks, your log.")
    p.add_argument("address", metavar="HOST:PORT", help="where the exercise is hosted (as the host printed it)")
    p.add_argument("--code", help="your seat's join code (asked for on screen when left out); "
                   "or set WARGAME_CODE")
    p.add_argument("--tls", action="store_true", help="the host uses TLS (wss://)")
    p.add_argument("--cafile", metavar="FILE", help="with --tls: trust this certificate (a self-signed host)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import ssl

    from wargame.net.client import host_url

    tls = None
    if args.tls or args.address.startswith("wss://"):
        try:
            tls = ssl.create_default_context(cafile=args.cafile)
        except (OSError, ssl.SSLError) as exc:
            return fail(f"cannot use {args.cafile}: {exc}")
    from wargame.tui.seat import run_seat

    code = args.code or os.environ.get("WARGAME_CODE") or None
    return run_seat(host_url(args.address, tls is not None), code, tls)
