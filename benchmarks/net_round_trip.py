"""Round trip of a seat's move on loopback: from the seat sending it to the seat seeing the host's answer.

Figures: the host's own share (apply, with and without the autosave after it); over the wire (a
``SeatClient`` sends a pass, the next view arrives); to the screen in one process (a key press in
the seat's TUI run headless, until the game screen has redrawn); and, where tmux is installed, as a
person sees it: ``wargame host --headless`` and ``wargame join`` in a real terminal, separate
processes, from the key to the terminal showing the move. Run: ``.venv/bin/python benchmarks/net_round_trip.py``.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from net_helpers import SEATS, start_host  # noqa: E402
from wargame.engine.actions import PASS, Action  # noqa: E402
from wargame.net.client import SeatClient  # noqa: E402
from wargame.net.protocol import SeatView  # noqa: E402

MOVES = 200


def summary(label: str, samples: list[float]) -> None:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[int(len(ms) * 0.95) - 1]
    print(f"{label:<34} n={len(ms):>3}  median {statistics.median(ms):6.2f} ms  p95 {p95:6.2f} ms  "
          f"min {ms[0]:6.2f} ms")


async def wire(folder: Path) -> list[float]:
    host, codes, url = await start_host(folder)
    clients = {s: SeatClient(url, codes[s]) for s in SEATS}
    samples: list[float] = []
    try:
        for client in clients.values():
            await client.join()
            while not isinstance(await client.receive(), SeatView):
                pass
        for _ in range(MOVES):
            seat = host.exercise.current_seat
            if seat is None:
                break
            client = clients[seat]
            while client.view.at != host.exercise.session.length:  # catch up with earlier views
                await client.receive()
            before = client.view.at
            start = time.perf_counter()
            await client.play(Action(seat, PASS))
            while (message := await client.receive()) is not None and not (
                    isinstance(message, SeatView) and message.at > before):
                pass
            samples.append(time.perf_counter() - start)
    finally:
        for client in clients.values():
            await client.close()
        await host.stop()
    return samples


async def screen(folder: Path) -> list[float]:
    from wargame.tui.seat import SeatApp

    host, codes, url = await start_host(folder, seats={"us": "human", "china": "bot:pass", "firm": "bot:pass"})
    app = SeatApp(url, codes["us"])
    samples: list[float] = []
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(300):  # wait for the game screen (bounded)
                if app.seat_screen is not None and app.seat_screen.is_mounted:
                    break
                await pilot.pause(0.01)
            drawn: list[tuple[int, float]] = []
            screen_ = app.seat_screen
            original = screen_.after_change

            def timed() -> None:
                original()
                drawn.append((app.exercise.session.length, time.perf_counter()))

            screen_.after_change = timed  # type: ignore[method-assign]
            for _ in range(60):
                for _ in range(500):  # until it is the seat's move (bots answer at once)
                    if app.exercise.my_turn:
                        break
                    await pilot.pause(0.005)
                if app.exercise.over or not app.exercise.my_turn:
                    break
                before = app.exercise.session.length
                start = time.perf_counter()
                await pilot.press("p")
                for _ in range(1000):
                    seen = [t for at, t in drawn if at > before]
                    if seen:
                        samples.append(seen[0] - start)
                        break
                    await pilot.pause(0.002)
    finally:
        await host.stop()
    return samples


def host_side(folder: Path) -> tuple[list[float], list[float]]:
    """The host's own share: checking and applying a move, with and without the autosave after it."""
    from wargame.net.host import open_exercise
    from wargame.tui.session import load_game

    exercise = open_exercise(load_game("baseline"), dict.fromkeys(SEATS, "human"), 3, folder / "autosave.wgsave")
    timings: tuple[list[float], list[float]] = ([], [])
    for i in range(MOVES):
        seat = exercise.current_seat
        if seat is None:
            break
        exercise.session.autosave = folder / "autosave.wgsave" if i % 2 == 0 else None
        start = time.perf_counter()
        exercise.play(Action(seat, PASS))
        timings[i % 2].append(time.perf_counter() - start)
    return timings


def terminal(folder: Path, moves: int = 25) -> list[float]:
    """Key press in a ``wargame join`` terminal (tmux) until its screen shows the move, host in its own process."""
    import os
    import re
    import shutil
    import subprocess

    if shutil.which("tmux") is None:
        return []
    env = {**os.environ, "WARGAME_SAVES": str(folder / "saves")}
    host = subprocess.Popen([sys.executable, "-m", "wargame", "host", "--headless", "--port", "0", "--seat",
                             "china=bot:pass", "--seat", "firm=bot:pass"], cwd=folder, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    session = f"wargame-bench-{os.getpid()}"
    samples: list[float] = []
    try:
        line = ""
        for _ in range(10):
            line = host.stdout.readline()  # type: ignore[union-attr]
            if "--code" in line:
                break
        address, code = re.search(r"join (\S+) --code (\S+)", line).groups()  # type: ignore[union-attr]
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
                        f"{shlex_join([sys.executable, '-m', 'wargame', 'join', address, '--code', code])}"],
                       check=True)

        def pane() -> str:
            return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True,
                                  text=True).stdout

        for _ in range(moves):
            for _ in range(2000):  # until the seat is to act (bounded: 20 s)
                screen_now = pane()
                if "US hand" in screen_now and "is playing" not in screen_now:
                    break
                time.sleep(0.01)
            before = pane().splitlines()[1:]  # (the first line holds the ticking turn timer)
            start = time.perf_counter()
            subprocess.run(["tmux", "send-keys", "-t", session, "p"], check=True)
            for _ in range(5000):  # until the host's answer is on screen (not just "Sent to the host…")
                now = pane()
                if now.splitlines()[1:] != before and "Sent to the host" not in now:
                    samples.append(time.perf_counter() - start)
                    break
            else:
                break
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        host.terminate()
        host.wait(10)
    return samples


def shlex_join(parts: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(p) for p in parts)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        saved, unsaved = host_side(Path(tmp))
        summary("host: apply + autosave", saved)
        summary("host: apply alone", unsaved)
    with tempfile.TemporaryDirectory() as tmp:
        summary("wire: play -> next view", asyncio.run(wire(Path(tmp))))
    with tempfile.TemporaryDirectory() as tmp:
        summary("screen: key press -> view redrawn", asyncio.run(screen(Path(tmp))))
    with tempfile.TemporaryDirectory() as tmp:
        samples = terminal(Path(tmp))
        if samples:
            summary("terminal: key -> move on screen", samples)
        else:
            print("terminal: skipped (no tmux)")


if __name__ == "__main__":
    main()
