"""Hostile clients: each is refused with a clear reason, and nothing reaches the game."""

from __future__ import annotations

import asyncio
import json

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from net_helpers import TEST_LIMITS, start_host
from wargame.engine.actions import Action
from wargame.net.host import Limits, seat_label
from wargame.net.protocol import (
    CLOSE_BAD_CODE,
    CLOSE_FLOOD,
    CLOSE_PROTOCOL,
    CLOSE_REVOKED,
    CLOSE_SILENT,
    PROTOCOL_VERSION,
)


def hello(code: str) -> str:
    return json.dumps({"v": PROTOCOL_VERSION, "type": "hello", "code": code})


def play(at: int, **action: object) -> str:
    return json.dumps({"v": PROTOCOL_VERSION, "type": "play", "at": at, "action": action})


async def until_closed(ws, seconds: float = 5) -> list[dict]:
    """Every message until the host closes the connection (bounded in time)."""
    out = []
    async def drain() -> None:
        try:
            async for frame in ws:
                out.append(json.loads(frame))
        except ConnectionClosed:
            pass
    await asyncio.wait_for(drain(), seconds)
    return out


async def next_of(ws, kind: str, seconds: float = 5) -> dict:
    async def find() -> dict:
        while True:
            message = json.loads(await ws.recv())
            if message["type"] == kind:
                return message
    return await asyncio.wait_for(find(), seconds)


@pytest.fixture
async def hosted(tmp_path):
    host, codes, url = await start_host(tmp_path)
    before = host.exercise.session.length, host.exercise.game.hash(host.exercise.state)
    yield host, codes, url
    await host.stop()
    assert before == (host.exercise.session.length, host.exercise.game.hash(host.exercise.state))


def untouched(host) -> None:
    assert host.exercise.session.length == 0


@pytest.mark.parametrize("code", ["WRONG-CODE", "", "x" * 79])
async def test_a_wrong_code_opens_no_seat(hosted, code):
    host, _codes, url = hosted
    async with connect(url) as ws:
        await ws.send(json.dumps({"v": PROTOCOL_VERSION, "type": "hello", "code": code}))
        messages = await until_closed(ws)
        assert ws.close_code in (CLOSE_BAD_CODE, CLOSE_PROTOCOL)
    assert messages[-1]["type"] == "error"
    assert ("opens no seat" in messages[-1]["reason"]) or ("bad message: hello.code" in messages[-1]["reason"])
    assert not any(m["type"] in ("welcome", "view") for m in messages)
    assert host.connected == {}


async def test_a_code_acts_only_for_its_own_seat(hosted):
    host, codes, url = hosted
    first = host.exercise.current_seat
    other = next(s for s in codes if s != first)
    async with connect(url) as ws:
        await ws.send(hello(codes[other]))
        welcome = await next_of(ws, "welcome")
        assert welcome["seat"] == other
        view = await next_of(ws, "view")
        assert set(view["state"]["hands"][first]) == {"?"}
        await ws.send(play(view["at"], seat=first, kind="pass"))  # forged: the seat to act is not ours
        refused = await next_of(ws, "refused")
    assert refused["reason"] == f"you hold the {seat_label(other)} seat: you cannot act for {seat_label(first)}"
    untouched(host)


async def test_a_replayed_move_is_refused(hosted):
    host, codes, url = hosted
    seat = host.exercise.current_seat
    async with connect(url) as ws:
        await ws.send(hello(codes[seat]))
        view = await next_of(ws, "view")
        frame = play(view["at"], seat=seat, kind="pass")
        await ws.send(frame)
        await next_of(ws, "view")
        assert host.exercise.session.length == 1
        await ws.send(frame)  # the same bytes again
        refused = await next_of(ws, "refused")
    assert "moved on" in refused["reason"]
    assert host.exercise.session.length == 1
    host.exercise.undo()  # (the fixture checks the game is as it began)


async def test_an_illegal_move_gets_the_engines_reason(hosted):
    host, codes, url = hosted
    seat = host.exercise.current_seat
    async with connect(url) as ws:
        await ws.send(hello(codes[seat]))
        view = await next_of(ws, "view")
        await ws.send(play(view["at"], seat=seat, kind="event", card="no-such-card"))
        refused = await next_of(ws, "refused")
    assert refused["reason"] == host.exercise.game.check(host.exercise.state, Action(seat, "event", "no-such-card"))
    untouched(host)


@pytest.mark.parametrize(("frame", "says"), [
    ("{not json", "not JSON"),
    ("[1, 2]", "JSON object"),
    (json.dumps({"v": 99, "type": "play"}), "protocol version 99"),
    (json.dumps({"v": PROTOCOL_VERSION, "type": "teleport"}), "bad message"),
    (play(0, seat="us", kind="override", path="us.budget", value=1e9), "bad message: play.action.kind"),
    (play(0, seat="us", kind="pass", extra="field"), "bad message"),
    (json.dumps({"v": PROTOCOL_VERSION, "type": "hello", "code": "again"}), "already joined"),
])
async def test_malformed_messages_close_the_connection_with_a_reason(hosted, frame, says):
    host, codes, url = hosted
    async with connect(url) as ws:
        await ws.send(hello(codes["china"]))
        await next_of(ws, "view")
        await ws.send(frame)
        messages = await until_closed(ws)
        assert ws.close_code == CLOSE_PROTOCOL
    assert says in messages[-1]["reason"]
    untouched(host)


async def test_malformed_hello_is_refused(hosted):
    host, _codes, url = hosted
    async with connect(url) as ws:
        await ws.send("\x00\xff garbage")
        messages = await until_closed(ws)
        assert ws.close_code == CLOSE_PROTOCOL
    assert "not JSON" in messages[-1]["reason"]


async def test_an_oversized_message_is_refused_unread(hosted):
    host, codes, url = hosted
    async with connect(url, max_size=None) as ws:
        await ws.send(hello(codes["china"]))
        await next_of(ws, "view")
        await ws.send(play(0, seat="china", kind="pass", text="x" * 200_000))
        await until_closed(ws)
        assert ws.close_code == 1009  # "message too big", from the WebSocket layer
        assert "exceeds limit of 16384 bytes" in ws.close_reason
    untouched(host)


async def test_a_flood_is_cut_off(tmp_path):
    host, codes, url = await start_host(tmp_path, limits=Limits(hello_timeout=1, rate=5, burst=10, ping_interval=None))
    try:
        seat = next(s for s in codes if s != host.exercise.current_seat)
        async with connect(url) as ws:
            await ws.send(hello(codes[seat]))
            await next_of(ws, "view")
            with pytest.raises(ConnectionClosed):
                for _ in range(500):  # bounded: the host cuts it off long before
                    await ws.send(play(0, seat=seat, kind="pass"))
                    await asyncio.sleep(0)
            messages = await until_closed(ws)
            assert ws.close_code == CLOSE_FLOOD
        assert "too many messages" in [m for m in messages if m["type"] == "error"][-1]["reason"]
        untouched(host)
    finally:
        await host.stop()


async def test_a_silent_client_is_dropped(hosted):
    host, _codes, url = hosted
    async with connect(url) as ws:
        messages = await until_closed(ws, seconds=TEST_LIMITS.hello_timeout + 5)
        assert ws.close_code == CLOSE_SILENT
    assert "no join code within" in messages[-1]["reason"]


async def test_a_revoked_code_stops_working_and_a_reissued_one_works(hosted):
    host, codes, url = hosted
    async with connect(url) as ws:
        await ws.send(hello(codes["firm"]))
        await next_of(ws, "view")
        new = host.reissue("firm")
        messages = await until_closed(ws)
        assert ws.close_code == CLOSE_REVOKED
    assert "new join code" in messages[-1]["reason"]
    async with connect(url) as ws:
        await ws.send(hello(codes["firm"]))
        await until_closed(ws)
        assert ws.close_code == CLOSE_BAD_CODE
    async with connect(url) as ws:
        await ws.send(hello(new))
        assert (await next_of(ws, "welcome"))["seat"] == "firm"
    untouched(host)


async def test_codes_are_never_logged_nor_saved(tmp_path):
    lines: list[str] = []
    host, codes, url = await start_host(tmp_path)
    host.log = lines.append
    try:
        async with connect(url) as ws:
            await ws.send(hello(codes["us"]))
            await next_of(ws, "view")
        async with connect(url) as ws:
            await ws.send(hello("WRONG-" + codes["china"]))
            await until_closed(ws)
        new = host.reissue("firm")
    finally:
        await host.stop()
    assert any("joined" in line for line in lines) and any("refused" in line for line in lines)
    written = (tmp_path / "autosave.wgsave").read_text() + (tmp_path / "autosave.wghost").read_text()
    for code in (*codes.values(), new):
        plain = code.replace("-", "")
        assert not any(code in line or plain in line for line in lines)
        assert code not in written and plain not in written
    assert oct((tmp_path / "autosave.wghost").stat().st_mode & 0o777) == "0o600"
    assert codes["firm"] not in repr(host.codes) and "SeatCodes(seats=" in repr(host.codes)
