"""Shared pieces of the network tests: a host on 127.0.0.1, and seats that play by the wire."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wargame.bots.base import make_bot
from wargame.engine.actions import Action
from wargame.engine.state import GameState
from wargame.net.client import SeatClient
from wargame.net.host import Host, Limits, open_exercise
from wargame.net.protocol import Refused, SeatView, Welcome
from wargame.store.content import game_from_content
from wargame.store.document import Content
from wargame.tui.session import load_game

SEATS = ("us", "china", "firm")
TEST_LIMITS = Limits(hello_timeout=1.0, rate=200.0, burst=400, ping_interval=None)


async def start_host(tmp: Path, seed: int = 3, seats: dict[str, str] | None = None,
                     limits: Limits = TEST_LIMITS) -> tuple[Host, dict[str, str], str]:
    """A host of the default scenario with team seats, on a free port of 127.0.0.1."""
    game = load_game("baseline")
    exercise = open_exercise(game, seats or dict.fromkeys(SEATS, "human"), seed, tmp / "autosave.wgsave")
    host, codes = Host.create(exercise, codes_file=tmp / "autosave.wghost", limits=limits)
    _, port = await host.start("127.0.0.1", 0)
    return host, codes, f"ws://127.0.0.1:{port}"


class Recorder(SeatClient):
    """The real client, keeping every frame it receives as text (what went over the wire)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frames: list[str] = []

    async def receive(self) -> Any:
        assert self.ws is not None
        recv = self.ws.recv

        async def tapped(*a: Any, **k: Any) -> Any:
            frame = await recv(*a, **k)
            self.frames.append(frame if isinstance(frame, str) else frame.decode())
            return frame

        self.ws.recv = tapped  # type: ignore[method-assign]
        try:
            return await super().receive()
        finally:
            self.ws.recv = recv  # type: ignore[method-assign]


@dataclass
class WireSeat:
    """A team that plays its seat through the wire with a random bot, and notes each play's reason."""

    seat: str
    client: SeatClient
    seed: int
    sent: list[Action] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    game: Any = None
    pending: SeatView | None = None  # the view play_until stopped at, not yet acted on

    async def join(self) -> Welcome:
        welcome = await self.client.join()
        self.game = game_from_content(Content.model_validate(welcome.content))
        return welcome

    async def play_until(self, stop_at: int | None = None) -> SeatView:
        """Play the seat's turns until the game is over, or until the log reaches ``stop_at`` entries."""
        bot = make_bot("random", seed=self.seed)
        client = self.client
        acted_on = -1  # a view repeats its number when only the room changed (who is connected)
        for _ in range(5000):  # a game is a few hundred moves
            message, self.pending = (self.pending, None) if self.pending else (await client.receive(), None)
            if message is None:
                raise ConnectionError(client.closing_reason)
            if isinstance(message, Refused):
                self.refusals.append(message.reason)
            if not isinstance(message, SeatView):
                continue
            state = GameState.from_dict(message.state)
            if state.over or (stop_at is not None and message.at >= stop_at):
                self.pending = None if state.over else message
                return message
            if self.game.current_player(state) == self.seat and message.at > acted_on:
                acted_on = message.at
                action = bot.choose(self.game, state)
                if action.kind in ("event", "headline", "ops") and len(self.sent) % 3 == 0:
                    action = Action(**{**action.to_dict(), "text": f"SECRET-RATIONALE-{self.seat}-{len(self.sent)}"})
                self.sent.append(action)
                await client.play(action)
        raise AssertionError("the game did not end within 5000 messages")


def frames_of(client: Recorder) -> list[dict[str, Any]]:
    return [json.loads(f) for f in client.frames]


async def bounded(coro: Any, seconds: float = 120) -> Any:
    return await asyncio.wait_for(coro, seconds)
