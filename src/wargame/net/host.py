"""The host: one process owns the game, its log and its autosave, and serves each seat its view.

Every connection must open with a join code (``hello``) within a few seconds; the code decides
the seat, and from then on the connection may only act for that seat. Every move is checked by
the engine against the real state before it is applied; a refused one is answered with the
engine's reason and changes nothing. After any change each connected seat is sent
``Game.view(state, seat)`` and nothing more. Bots in empty seats (or in a seat the facilitator
handed to one) move here too. Nothing here imports Textual: the facilitator's console drives a
``Host`` from the TUI, and ``wargame host --headless`` runs one with no screen.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from wargame.engine.actions import PASS, SEAT_NAMES, Action
from wargame.net.codes import DEFAULT_PORT, LOCALHOST, SeatCodes, host_file
from wargame.net.protocol import (
    CLOSE_BAD_CODE,
    CLOSE_FLOOD,
    CLOSE_OVER,
    CLOSE_PROTOCOL,
    CLOSE_REPLACED,
    CLOSE_REVOKED,
    CLOSE_SILENT,
    Error,
    Hello,
    Message,
    Play,
    ProtocolError,
    Refused,
    SeatView,
    Welcome,
    decode_client,
    encode,
)
from wargame.tui.session import HUMAN, Exercise


@dataclass(frozen=True)
class Limits:
    """What the host tolerates from one connection."""

    max_frame: int = 16 * 1024  # bytes: a move is a few hundred; anything bigger is refused unread
    hello_timeout: float = 10.0  # seconds to send the join code
    rate: float = 10.0  # messages a second, sustained
    burst: int = 30  # messages at once
    ping_interval: float | None = 20.0  # keep-alive: a peer that stops answering is dropped


class _Refusal(Exception):
    """A connection the host closes: the close code and the reason the client is told."""

    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


class _Bucket:
    """A token bucket: ``take`` is false once a connection sends faster than the limits allow."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate, self.burst = rate, float(burst)
        self.tokens, self.stamp = float(burst), time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class HostedExercise(Exercise):
    """An exercise that tells its host about every change (plays, undo, a seat changing hands)."""

    on_change: Callable[[], None] | None = None

    def play(self, action: Action) -> None:
        super().play(action)
        self._changed()

    def undo(self) -> int:
        undone = super().undo()
        self._changed()
        return undone

    def hand_seat(self, seat: str, who: str) -> None:
        """Give ``seat`` to a bot (``bot:NAME``) or back to its team (``human``); the autosave records it."""
        from wargame.bots.match import seat_bots

        if seat not in self.seats:
            raise ValueError(f"no seat {seat!r} in this exercise")
        self.seats[seat] = who
        self.session.seats[seat] = who
        if who == HUMAN:
            self.bots.pop(seat, None)
        else:
            self.bots[seat] = seat_bots({seat: who.removeprefix("bot:")}, self.seed)[seat]
        self.generation += 1
        self.session._autosave()
        self._changed()

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()


class _Seat:
    """One live connection of a seat, with its outbox (views coalesce: only the latest is sent)."""

    def __init__(self, seat: str, ws: ServerConnection) -> None:
        self.seat, self.ws = seat, ws
        self.queue: asyncio.Queue[str | None] = asyncio.Queue()
        self.view_due = False


class Host:
    """Owns a hosted exercise and serves it over WebSockets to one connection per human seat."""

    def __init__(self, exercise: HostedExercise, codes: SeatCodes, *, codes_file: Path | None = None,
                 limits: Limits | None = None, bot_pace: float = 0.0,
                 log: Callable[[str], None] | None = None) -> None:
        self.exercise = exercise
        self.codes = codes
        self.codes_file = codes_file
        self.limits = limits or Limits()
        self.bot_pace = bot_pace
        self.paused = False
        self.log = log or (lambda _text: None)
        self.listeners: list[Callable[[], None]] = []  # the console: redraw after any change
        self.connected: dict[str, _Seat] = {}
        self.server: Server | None = None
        self.address: tuple[str, int] | None = None
        self._bots_due = asyncio.Event()
        self._one_move = False
        self._tasks: set[asyncio.Task[Any]] = set()
        exercise.on_change = self.changed

    # --- Starting and stopping ---------------------------------------------------------------------
    @classmethod
    def create(cls, exercise: HostedExercise, *, codes_file: Path | None = None,
               **options: Any) -> tuple[Host, dict[str, str]]:
        """A host for a new exercise, and a fresh code for each human seat (shown once, never stored)."""
        codes = SeatCodes()
        plain = codes.issue_all(s for s in exercise.scenario.seat_ids if exercise.is_human(s))
        host = cls(exercise, codes, codes_file=codes_file, **options)
        host.write_codes()
        return host, plain

    async def start(self, bind: str = LOCALHOST, port: int = DEFAULT_PORT,
                    tls: ssl.SSLContext | None = None) -> tuple[str, int]:
        """Listen on ``bind:port`` (port 0: any free port); returns the address actually bound."""
        lim = self.limits
        self.server = await serve(self._connection, bind, port, ssl=tls, max_size=lim.max_frame, max_queue=4,
                                  ping_interval=lim.ping_interval, ping_timeout=lim.ping_interval,
                                  server_header=None, compression=None)
        sock = next(iter(self.server.sockets))
        self.address = (bind, int(sock.getsockname()[1]))
        self._spawn(self._drive_bots())
        self._bots_due.set()
        return self.address

    async def stop(self) -> None:
        """Close every connection (telling the seats why) and stop listening."""
        for seat in list(self.connected.values()):
            await self._close(seat.ws, CLOSE_OVER, "the host has closed the exercise")
        if self.server is not None:
            self.server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 5)
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()

    def write_codes(self) -> None:
        """Keep the seats' code hashes in the host-only file beside the autosave."""
        if self.codes_file is not None:
            self.codes.write(self.codes_file)

    # --- The facilitator's controls ------------------------------------------------------------------
    def reissue(self, seat: str) -> str:
        """A new code for ``seat`` (a team changed laptop): the old one stops working, its connection closes."""
        code = self.codes.issue(seat)
        self.write_codes()
        self._drop(seat, CLOSE_REVOKED, "the facilitator gave this seat a new join code")
        self.log(f"{seat_label(seat)}: new join code issued")
        return code

    def revoke(self, seat: str) -> None:
        """``seat``'s code stops working and its connection closes."""
        self.codes.revoke(seat)
        self.write_codes()
        self._drop(seat, CLOSE_REVOKED, "the facilitator revoked this seat's join code")
        self.log(f"{seat_label(seat)}: join code revoked")

    def set_paused(self, paused: bool) -> None:
        """While paused no seat's move is taken and bots wait."""
        self.paused = paused
        self.log("the facilitator paused the exercise" if paused else "the exercise goes on")
        self.changed()

    def hand_seat(self, seat: str, who: str) -> None:
        """Give a seat to a bot while its team is away, or back to the team."""
        self.exercise.hand_seat(seat, who)
        self.log(f"{seat_label(seat)} is played by {'its team' if who == HUMAN else who.replace(':', ' ')}")

    def next_bot_move(self) -> None:
        """With bots at one move at a time (a negative pace), let the bot to act make its move."""
        self._one_move = True
        self._bots_due.set()

    def seat_status(self) -> dict[str, str]:
        """For the console: who holds each seat and whether its team is connected."""
        out = {}
        for seat in self.exercise.scenario.seat_ids:
            who = self.exercise.seats.get(seat, HUMAN)
            online = "connected" if seat in self.connected else "away"
            holder = "team" if who == HUMAN else who.replace(":", " ")
            out[seat] = f"{holder}, {online}" if seat in self.codes.seats else holder
        return out

    # --- Changes -------------------------------------------------------------------------------------
    def changed(self) -> None:
        """The game or the room changed: every seat gets its new view, bots look whether it is their turn."""
        for seat in self.connected.values():
            self._queue_view(seat)
        self._bots_due.set()
        for listener in list(self.listeners):
            try:
                listener()
            except Exception as error:  # a console that cannot redraw must not cost a team its move
                self.log(f"the console could not show the change: {error}")

    def view_message(self, seat: str) -> SeatView:
        """What ``seat`` is sent: its view of the game and the room (nothing another seat holds)."""
        ex = self.exercise
        view = ex.game.view(ex.state, seat)
        return SeatView(at=ex.session.length, state=view.to_dict(), baseline=ex.quarter_baseline(),
                        seats=dict(ex.seats), connected=sorted(self.connected), paused=self.paused)

    def _queue_view(self, seat: _Seat) -> None:
        if not seat.view_due:
            seat.view_due = True
            seat.queue.put_nowait(None)  # None: "the view as it is when sent"

    # --- One connection ------------------------------------------------------------------------------
    async def _connection(self, ws: ServerConnection) -> None:
        try:
            seat_id = await self._greet(ws)
        except _Refusal as refusal:
            self.log(f"a connection from {_peer(ws)} was refused: {refusal.reason}")
            await self._close(ws, refusal.code, refusal.reason)
            return
        except ConnectionClosed:
            return
        seat = _Seat(seat_id, ws)
        self._drop(seat_id, CLOSE_REPLACED, "this seat joined again from another place")
        self.connected[seat_id] = seat
        self.log(f"{seat_label(seat_id)} joined from {_peer(ws)}")
        writer = self._spawn(self._write(seat))
        seat.queue.put_nowait(encode(Welcome(seat=seat_id, seats=dict(self.exercise.seats),
                                             content=self.exercise.session.content)))
        self.changed()  # everyone sees who is connected
        try:
            await self._read(seat)
        except _Refusal as refusal:
            self.log(f"{seat_label(seat_id)} was disconnected: {refusal.reason}")
            await self._close(ws, refusal.code, refusal.reason)
        except ConnectionClosed:
            pass
        finally:
            writer.cancel()
            if self.connected.get(seat_id) is seat:
                del self.connected[seat_id]
                self.log(f"{seat_label(seat_id)} left")
                self.changed()

    async def _greet(self, ws: ServerConnection) -> str:
        try:
            frame = await asyncio.wait_for(ws.recv(), self.limits.hello_timeout)
        except TimeoutError:
            raise _Refusal(CLOSE_SILENT, f"no join code within {self.limits.hello_timeout:g} seconds") from None
        try:
            hello = decode_client(frame)
        except ProtocolError as exc:
            raise _Refusal(CLOSE_PROTOCOL, str(exc)) from None
        if not isinstance(hello, Hello):
            raise _Refusal(CLOSE_PROTOCOL, "the first message must be hello, with the seat's join code")
        seat = self.codes.seat_for(hello.code)
        if seat is None:
            raise _Refusal(CLOSE_BAD_CODE, "this join code opens no seat: check it, or ask the facilitator for a new one")
        return seat

    async def _read(self, seat: _Seat) -> None:
        bucket = _Bucket(self.limits.rate, self.limits.burst)
        async for frame in seat.ws:
            if not bucket.take():
                raise _Refusal(CLOSE_FLOOD, "too many messages: slow down and join again")
            try:
                message = decode_client(frame)
            except ProtocolError as exc:
                raise _Refusal(CLOSE_PROTOCOL, str(exc)) from None
            if isinstance(message, Hello):
                raise _Refusal(CLOSE_PROTOCOL, "this connection has already joined")
            reason = self._take(seat.seat, message)
            if reason is not None:
                seat.queue.put_nowait(encode(Refused(reason=reason, at=self.exercise.session.length)))

    def _take(self, seat: str, play: Play) -> str | None:
        """Apply a seat's move, or say why not (the state is untouched then)."""
        ex = self.exercise
        action = play.action.to_action()
        if action.seat != seat:
            return f"you hold the {seat_label(seat)} seat: you cannot act for {seat_label(action.seat)}"
        if self.paused:
            return "the facilitator has paused the exercise"
        if not ex.is_human(seat):
            return "a bot is playing your seat now: ask the facilitator to hand it back"
        if play.at != ex.session.length:
            return "the game moved on since that move was chosen: look again and choose"
        reason = ex.game.check(ex.state, action)
        if reason is not None:
            return reason
        ex.play(action)
        return None

    async def _write(self, seat: _Seat) -> None:
        while True:
            frame = await seat.queue.get()
            if frame is None:
                seat.view_due = False
                frame = encode(self.view_message(seat.seat))
            try:
                await seat.ws.send(frame)
            except ConnectionClosed:
                return

    def _drop(self, seat_id: str, code: int, reason: str) -> None:
        seat = self.connected.pop(seat_id, None)
        if seat is not None:
            self._spawn(self._close(seat.ws, code, reason))
            self.changed()

    async def _close(self, ws: ServerConnection, code: int, reason: str) -> None:
        with contextlib.suppress(Exception):
            await ws.send(encode(Error(reason=reason)))
        with contextlib.suppress(Exception):
            await asyncio.wait_for(ws.close(code, reason[:120]), 5)

    # --- Bots ----------------------------------------------------------------------------------------
    async def _drive_bots(self) -> None:
        """Whenever something changed: while a bot is to act (and the room is not paused), it moves."""
        ex = self.exercise
        while True:
            await self._bots_due.wait()
            self._bots_due.clear()
            seat = ex.current_seat
            if seat is None or ex.is_human(seat) or self.paused:
                continue
            if self.bot_pace < 0 and not self._one_move:
                continue  # one move at a time: the facilitator asks for each (next_bot_move)
            self._one_move = False
            generation = ex.generation
            if self.bot_pace > 0:
                await asyncio.sleep(self.bot_pace)
            try:
                action = await asyncio.to_thread(ex.bot_choice, seat)
            except Exception as error:  # a bot that fails passes, as at the table
                self.log(f"{seat_label(seat)}'s bot could not choose ({error}); it passes")
                action = Action(seat, PASS)
            if generation == ex.generation and not self.paused:
                ex.play(action)
            else:
                self._bots_due.set()  # the game moved on while the bot thought: look again

    def _spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task


def seat_label(seat: str) -> str:
    return SEAT_NAMES.get(seat, seat)


def _peer(ws: ServerConnection) -> str:
    address = ws.remote_address
    return f"{address[0]}:{address[1]}" if isinstance(address, tuple) else "an unknown address"


def tls_context(cert: str | Path, key: str | Path | None = None) -> ssl.SSLContext:
    """A server TLS context from a certificate (and key) file, for ``wss://``."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key) if key else None)
    return context


def open_exercise(game: Any, seats: Mapping[str, str], seed: int, autosave: Path) -> HostedExercise:
    """A new hosted exercise autosaved at ``autosave``."""
    from wargame.store import Session

    return HostedExercise(Session.new(game, dict(seats), seed, autosave=autosave), seats, seed)


def resume_exercise(save: Path) -> tuple[HostedExercise, SeatCodes | None]:
    """The exercise of ``save`` (autosaved there again) and its seats' code hashes if the host file is there.

    Raises the store's ``SaveError`` when the save is refused, and ``CodesError`` for a damaged host file.
    """
    from wargame.net.codes import CodesError
    from wargame.store import load_session

    session = load_session(save, autosave=save)
    exercise = HostedExercise(session, dict(session.seats), int(session.seed))
    try:
        codes = SeatCodes.read(host_file(save))
    except CodesError:
        if host_file(save).exists():
            raise
        codes = None
    return exercise, codes


__all__ = ["DEFAULT_PORT", "LOCALHOST", "Host", "HostedExercise", "Limits", "Message", "open_exercise",
           "resume_exercise", "tls_context"]
