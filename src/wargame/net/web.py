"""Browser seats: the seat's screen served to a web browser (textual-serve), for teams without Python.

Each browser tab runs its own ``wargame join HOST:PORT`` with no code, so the page asks for the
join code; the code is typed into the page and never appears on a command line. The web server
runs in a child process (it has its own event loop) and stops with the host.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
import threading
import time


class WebSeats:
    """The child process serving seat screens to browsers on ``bind:port``."""

    def __init__(self, join_address: str, bind: str, port: int, tls: bool = False) -> None:
        self.join_address, self.bind, self.port, self.tls = join_address, bind, port, tls
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [sys.executable, "-m", "wargame.net.web", self.join_address, "--bind", self.bind,
                   "--port", str(self.port), "--parent", str(os.getpid()), *(["--tls"] if self.tls else [])]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, start_new_session=True)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def seat_command(join_address: str, tls: bool = False) -> str:
    """The shell command each browser tab runs: the seat's screen, asking for its code."""
    parts = [sys.executable, "-m", "wargame", "join", join_address, *(["--tls"] if tls else [])]
    return " ".join(shlex.quote(p) for p in parts)


def main(argv: list[str] | None = None) -> int:
    """Serve seat screens until interrupted (run by ``wargame host --web``)."""
    from textual_serve.server import Server

    parser = argparse.ArgumentParser(prog="wargame-web")
    parser.add_argument("join_address")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--parent", type=int, help="stop when this process (the host) is gone")
    args = parser.parse_args(argv)
    if args.parent:
        threading.Thread(target=_follow, args=(args.parent,), daemon=True).start()
    Server(seat_command(args.join_address, args.tls), host=args.bind, port=args.port,
           title="Compute Race: join your seat").serve()
    return 0


def _follow(parent: int) -> None:
    """Stop the web server once the host is gone, however it ended (even SIGKILL)."""
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os.kill(os.getpid(), signal.SIGTERM)
            return


if __name__ == "__main__":
    raise SystemExit(main())
