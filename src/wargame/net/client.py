"""A seat's connection to the host: join with a code, send moves, receive the seat's views.

``SeatClient`` is one connection; ``SeatLink`` keeps one up, rejoining with the same code when
the network drops (a bounded number of tries), and stops for good when the host says the code
is wrong or revoked. Nothing here imports Textual: the seat's TUI and the tests both use it.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
from collections.abc import Callable
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from wargame.engine.actions import Action
from wargame.net.protocol import (
    CLOSE_BAD_CODE,
    CLOSE_FLOOD,
    CLOSE_OVER,
    CLOSE_PROTOCOL,
    CLOSE_REPLACED,
    CLOSE_REVOKED,
    ActionBody,
    Error,
    Hello,
    Play,
    ProtocolError,
    SeatView,
    Welcome,
    decode_host,
    encode,
)

MAX_VIEW = 16 * 1024 * 1024  # bytes: a late-game view with its whole log is a few hundred kB
#: Close codes after which joining again with the same code cannot help.
FINAL_CLOSES = {CLOSE_BAD_CODE, CLOSE_REVOKED, CLOSE_REPLACED, CLOSE_OVER, CLOSE_PROTOCOL, CLOSE_FLOOD}


class JoinError(Exception):
    """The host refused this seat, or could not be reached; the text says why.

    ``final``: the host itself refused (a wrong or revoked code): joining again cannot help.
    """

    def __init__(self, reason: str, final: bool = False) -> None:
        super().__init__(reason)
        self.final = final


def host_url(address: str, tls: bool = False) -> str:
    """``HOST:PORT`` (or a ``ws://``/``wss://`` URL) as the URL to connect to."""
    if address.startswith(("ws://", "wss://")):
        return address
    return f"{'wss' if tls else 'ws'}://{address}"


class SeatClient:
    """One connection of a seat to the host."""

    def __init__(self, url: str, code: str, *, tls: ssl.SSLContext | None = None, open_timeout: float = 10.0) -> None:
        self.url, self.code, self.tls, self.open_timeout = url, code, tls, open_timeout
        self.ws: ClientConnection | None = None
        self.welcome: Welcome | None = None
        self.view: SeatView | None = None
        self.closing_reason: str | None = None

    async def join(self) -> Welcome:
        """Connect and give the code; the host's welcome, or ``JoinError`` with its reason."""
        try:
            self.ws = await connect(self.url, ssl=self.tls if self.url.startswith("wss") else None,
                                    open_timeout=self.open_timeout, max_size=MAX_VIEW, compression=None)
        except (OSError, TimeoutError, InvalidHandshake, InvalidURI) as exc:
            raise JoinError(f"cannot reach the host at {self.url}: {exc or type(exc).__name__}") from None
        try:
            await self.ws.send(encode(Hello(code=self.code, client="wargame")))
        except ConnectionClosed as closed:
            raise JoinError(_close_reason(closed)) from None
        first = await self.receive()
        if isinstance(first, Welcome):
            self.welcome = first
            return first
        await self.close()
        raise JoinError(self.closing_reason or "the host did not welcome this seat", final=isinstance(first, Error))

    async def receive(self) -> Welcome | SeatView | Any | None:
        """The host's next message, or ``None`` once the connection is closed (``closing_reason`` says why)."""
        assert self.ws is not None
        try:
            frame = await self.ws.recv()
        except ConnectionClosed as closed:
            self.closing_reason = self.closing_reason or _close_reason(closed)
            return None
        try:
            message = decode_host(frame)
        except ProtocolError as exc:
            self.closing_reason = f"the host sent something this version cannot read ({exc})"
            await self.close()
            return None
        if isinstance(message, Error):
            self.closing_reason = message.reason
        elif isinstance(message, SeatView):
            self.view = message
        return message

    async def play(self, action: Action) -> None:
        """Send a move, chosen on the latest view."""
        if self.ws is None or self.view is None:
            raise JoinError("not joined yet")
        await self.ws.send(encode(Play(at=self.view.at, action=ActionBody.of(action))))

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)

    @property
    def close_code(self) -> int | None:
        return None if self.ws is None or self.ws.close_code is None else int(self.ws.close_code)


def _close_reason(closed: ConnectionClosed) -> str:
    if closed.rcvd is not None and closed.rcvd.reason:
        return closed.rcvd.reason
    return "the connection to the host was lost"


class SeatLink:
    """A seat kept joined: each host message goes to ``on_message``, each change of link to ``on_status``."""

    def __init__(self, url: str, code: str, on_message: Callable[[Any], None], on_status: Callable[[str], None],
                 *, tls: ssl.SSLContext | None = None, tries: int = 30, pause: float = 1.0) -> None:
        self.url, self.code, self.tls = url, code, tls
        self.on_message, self.on_status = on_message, on_status
        self.tries, self.pause = tries, pause
        self.client: SeatClient | None = None
        self.stopped = False

    async def run(self) -> str:
        """Stay joined until the host ends it, the code stops working, or ``tries`` rejoins failed in a row.

        Returns the reason the link ended.
        """
        failures = 0
        reason = "stopped"
        while not self.stopped and failures < self.tries:
            client = SeatClient(self.url, self.code, tls=self.tls)
            self.client = client
            try:
                self.on_message(await client.join())
            except JoinError as exc:
                reason = str(exc)
                if exc.final or client.close_code in FINAL_CLOSES:
                    return self._end(reason)
                failures += 1
                self.on_status(f"host unreachable, trying again ({failures} of {self.tries})")
                await asyncio.sleep(self.pause)
                continue
            failures = 0
            self.on_status("connected")
            while (message := await client.receive()) is not None:
                self.on_message(message)
            reason = client.closing_reason or "the connection to the host was lost"
            if client.close_code in FINAL_CLOSES or self.stopped:
                return self._end(reason)
            self.on_status(f"connection lost ({reason}); joining again")
            await asyncio.sleep(self.pause)
        return self._end(reason if failures else "stopped")

    async def play(self, action: Action) -> None:
        if self.client is None:
            raise JoinError("not joined yet")
        await self.client.play(action)

    async def stop(self) -> None:
        self.stopped = True
        if self.client is not None:
            await self.client.close()

    def _end(self, reason: str) -> str:
        self.on_status(f"left the exercise: {reason}")
        return reason
