"""Faults: a seat that drops and rejoins, a host killed with SIGKILL and resumed, the link that rejoins."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

from conftest import REPO
from net_helpers import SEATS, WireSeat, bounded, start_host
from wargame.engine.actions import Action
from wargame.engine.state import GameState
from wargame.net.client import SeatClient, SeatLink
from wargame.net.protocol import SeatView
from wargame.store import load_session
from wargame.tui.session import Exercise, load_game

JOIN_LINE = re.compile(r"^\s+(\S+)\s+wargame join (\S+) --code (\S+)")


def hot_seat_hash(sent: dict[str, list], seed: int) -> str:
    """The hash of the game the same moves make around one screen."""
    moves = {seat: list(actions) for seat, actions in sent.items()}
    hot = Exercise.start(load_game("baseline"), dict.fromkeys(SEATS, "human"), seed)
    while not hot.over:
        hot.play(moves[hot.current_seat].pop(0))
    assert not any(moves.values())
    return hot.game.hash(hot.state)


async def test_a_seat_that_drops_mid_turn_rejoins_with_its_hand(tmp_path):
    host, codes, url = await start_host(tmp_path, seed=5)
    seats = {s: WireSeat(s, SeatClient(url, codes[s]), seed=40 + i) for i, s in enumerate(SEATS)}
    try:
        for seat in seats.values():
            await bounded(seat.join(), 10)
        await bounded(asyncio.gather(*(s.play_until(stop_at=25) for s in seats.values())), 120)
        victim = host.exercise.current_seat
        hand = list(host.exercise.state.hands[victim])
        seats[victim].client.ws.transport.abort()  # the laptop's network dies while it is to act
        for _ in range(200):
            if victim not in host.connected:
                break
            await asyncio.sleep(0.02)
        assert victim not in host.connected and set(host.connected) == set(SEATS) - {victim}
        assert host.seat_status()[victim] == "team, away"
        back = WireSeat(victim, SeatClient(url, codes[victim]), seed=99)
        sent_before = seats[victim].sent
        await bounded(back.join(), 10)
        view = await bounded(back.play_until(stop_at=0), 5)
        assert view.at == host.exercise.session.length == 25
        assert GameState.from_dict(view.state).hands[victim] == hand
        back.sent = sent_before
        seats[victim] = back
        await bounded(asyncio.gather(*(s.play_until() for s in seats.values())), 300)
    finally:
        for seat in seats.values():
            await seat.client.close()
        await host.stop()
    assert host.exercise.state.over
    assert hot_seat_hash({s: w.sent for s, w in seats.items()}, 5) == host.exercise.game.hash(host.exercise.state)


async def test_the_link_rejoins_by_itself_after_a_drop(tmp_path):
    host, codes, url = await start_host(tmp_path)
    statuses: list[str] = []
    views: list[SeatView] = []
    link = SeatLink(url, codes["us"], lambda m: views.append(m) if isinstance(m, SeatView) else None,
                    statuses.append, tries=5, pause=0.05)
    runner = asyncio.create_task(link.run())
    try:
        for _ in range(250):
            if views:
                break
            await asyncio.sleep(0.02)
        link.client.ws.transport.abort()
        seen = len(views)
        for _ in range(250):
            if len(views) > seen:
                break
            await asyncio.sleep(0.02)
        assert len(views) > seen and statuses.count("connected") == 2
        assert any("joining again" in s for s in statuses)
    finally:
        await link.stop()
        await bounded(runner, 10)
        await host.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_host_process(folder: Path, *extra: str) -> tuple[subprocess.Popen, dict[str, str], str]:
    env = {**os.environ, "WARGAME_SAVES": str(folder / "saves")}
    proc = subprocess.Popen([sys.executable, "-m", "wargame", "host", "--headless", "--port", "0", *extra],
                            cwd=folder, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    codes: dict[str, str] = {}
    address = ""
    for _ in range(20):  # a handful of lines, then the codes are out
        line = proc.stdout.readline()
        if match := re.search(r"on (127\.0\.0\.1:\d+)", line):
            address = match.group(1)
        if match := JOIN_LINE.match(line):
            codes[match.group(1).lower()] = match.group(3)
        if "codes are unchanged" in line or len(codes) == 3:
            break
    assert address, "the host printed no address"
    return proc, codes, f"ws://{address}"


async def test_a_host_killed_with_sigkill_resumes_with_nothing_lost(tmp_path):
    proc, codes, url = await asyncio.to_thread(start_host_process, tmp_path, "--seed", "7")
    try:
        assert sorted(codes) == sorted(SEATS)
        seats = {s: WireSeat(s, SeatClient(url, codes[s]), seed=70 + i) for i, s in enumerate(SEATS)}
        for seat in seats.values():
            await bounded(seat.join(), 20)
        seen = await bounded(asyncio.gather(*(s.play_until(stop_at=40) for s in seats.values())), 120)
        before = max(v.at for v in seen)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        for seat in seats.values():
            await seat.client.close()
        (save,) = (tmp_path / "saves").glob("autosave-*.wgsave")  # each exercise has its own autosave
        assert oct(save.with_suffix(".wghost").stat().st_mode & 0o777) == "0o600"
        for code in codes.values():
            assert code not in save.read_text() and code.replace("-", "") not in save.read_text()
        proc, again, url = await asyncio.to_thread(start_host_process, tmp_path, "--resume", str(save))
        assert again == {}  # the same codes still open the same seats
        for seat in seats.values():
            seat.client, seat.pending = SeatClient(url, codes[seat.seat]), None
            await bounded(seat.join(), 20)
        first = await bounded(seats["us"].play_until(stop_at=0), 10)
        assert first.at == before
        await bounded(asyncio.gather(*(s.play_until() for s in seats.values())), 300)
        for seat in seats.values():
            await seat.client.close()
    finally:
        proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(proc.wait, 20)
    final = load_session(save)
    assert final.state.over
    assert hot_seat_hash({s: w.sent for s, w in seats.items()}, 7) == final.game.hash(final.state)
    assert REPO.exists()


async def test_an_away_seat_is_paused_for_or_handed_to_a_bot_and_resume_keeps_it(tmp_path):
    from wargame.net.host import resume_exercise

    host, codes, url = await start_host(tmp_path, seed=9)
    try:
        seat = host.exercise.current_seat
        client = SeatClient(url, codes[seat])
        await bounded(client.join(), 10)
        while not isinstance(await bounded(client.receive(), 5), SeatView):
            pass
        host.set_paused(True)
        await client.play(Action(seat, "pass"))
        refused = await bounded(client.receive(), 5)
        while isinstance(refused, SeatView):
            refused = await bounded(client.receive(), 5)
        assert "paused" in refused.reason and host.exercise.session.length == 0
        await client.close()
        host.set_paused(False)
        host.hand_seat(seat, "bot:greedy")  # the team is away: a bot plays its seat
        for _ in range(500):
            if host.exercise.session.length > 0:
                break
            await asyncio.sleep(0.01)
        assert host.exercise.session.entries[0].seat == seat
    finally:
        await host.stop()
    resumed, hashes = resume_exercise(tmp_path / "autosave.wgsave")
    assert resumed.seats[seat] == "bot:greedy" and hashes.seat_for(codes[seat]) == seat
    assert resumed.session.length == host.exercise.session.length


async def test_tls_joins_with_wss_and_a_trusted_certificate(tmp_path):
    import shutil
    import ssl

    import pytest

    from wargame.net.client import JoinError
    from wargame.net.codes import SeatCodes
    from wargame.net.host import Host, open_exercise, tls_context

    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(tmp_path / "key.pem"),
                    "-out", str(tmp_path / "cert.pem"), "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"], check=True, capture_output=True, timeout=60)
    exercise = open_exercise(load_game("baseline"), dict.fromkeys(SEATS, "human"), 1, tmp_path / "a.wgsave")
    codes = SeatCodes()
    plain = codes.issue_all(SEATS)
    host = Host(exercise, codes)
    _, port = await host.start("127.0.0.1", 0, tls_context(tmp_path / "cert.pem", tmp_path / "key.pem"))
    try:
        trusted = ssl.create_default_context(cafile=str(tmp_path / "cert.pem"))
        client = SeatClient(f"wss://127.0.0.1:{port}", plain["us"], tls=trusted)
        assert (await bounded(client.join(), 10)).seat == "us"
        await client.close()
        stranger = SeatClient(f"wss://127.0.0.1:{port}", plain["us"], tls=ssl.create_default_context())
        with pytest.raises(JoinError, match="cannot reach"):
            await bounded(stranger.join(), 10)  # an unknown certificate is not trusted
        plain_ws = SeatClient(f"ws://127.0.0.1:{port}", plain["us"])
        with pytest.raises(JoinError):
            await bounded(plain_ws.join(), 10)
    finally:
        await host.stop()
