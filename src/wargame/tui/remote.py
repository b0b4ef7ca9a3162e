"""A seat's side of a hosted exercise, shaped like ``Exercise`` so the game screen can show it.

The state it holds is the seat's view as the host last sent it; the rules (card text, legal
moves, what a card would do) come from the same engine, built from the rules the host sent at
the welcome. A move is sent to the host, which alone applies it; until the next view arrives the
seat waits. Nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from wargame.engine.actions import Action
from wargame.engine.game import Game
from wargame.engine.state import GameState
from wargame.net.protocol import SeatView, Welcome
from wargame.tui.session import HUMAN, SeatRole


@dataclass
class SeatLog:
    """What the game screen asks of a log: how many entries it has (the seat never holds the log itself)."""

    length: int = 0

    @property
    def entries(self) -> range:
        return range(self.length)


class RemoteExercise:
    """One seat of an exercise hosted elsewhere."""

    def __init__(self, welcome: Welcome, send: Callable[[Action], None]) -> None:
        from wargame.store.content import game_from_content
        from wargame.store.document import Content

        self.seat = welcome.seat
        self.game: Game = game_from_content(Content.model_validate(welcome.content))
        self.seats: dict[str, str] = dict(welcome.seats)
        self.session = SeatLog()
        self.bots: dict[str, Any] = {}
        self.generation = 0
        self.autosave_error = None
        self.last_view: SeatView | None = None
        self.opening: dict[str, float] | None = None  # the opening tracks, once a first-quarter view came
        self.waiting = False  # a move is on its way to the host
        self.connected: list[str] = []
        self.paused = False
        self._send = send
        self._state: GameState | None = None

    # --- What the host sent ------------------------------------------------------------------------
    def receive(self, view: SeatView) -> None:
        """Take a new view from the host."""
        self.last_view = view
        if not view.state.get("history"):
            self.opening = dict(view.baseline)  # in the first quarter, "this quarter" counts from the opening
        self._state = GameState.from_dict(view.state)
        self.seats = dict(view.seats)
        self.connected = list(view.connected)
        self.paused = view.paused
        self.session.length = view.at
        self.generation += 1
        self.waiting = False

    def refused(self) -> None:
        """The host did not take the last move: the seat may choose again."""
        self.waiting = False

    # --- Reading, as ``Exercise`` does -------------------------------------------------------------
    @property
    def state(self) -> GameState:
        assert self._state is not None, "no view from the host yet"
        return self._state

    @property
    def scenario(self) -> Any:
        return self.game.rules.scenario

    @property
    def current_seat(self) -> str | None:
        return self.game.current_player(self.state)

    @property
    def over(self) -> bool:
        return self.state.over

    @property
    def my_turn(self) -> bool:
        return self.current_seat == self.seat and not self.waiting and not self.paused

    def role(self, seat: str) -> SeatRole:
        return SeatRole(seat, self.seats.get(seat, HUMAN))

    def is_human(self, seat: str | None) -> bool:
        return seat is not None and self.seats.get(seat, HUMAN) == HUMAN

    def view(self, seat: str) -> GameState:
        """This seat's view (the only one there is here)."""
        if seat != self.seat:
            raise ValueError("a seat sees only its own view")
        return self.state

    def legal_actions(self) -> list[Action]:
        return self.game.legal_actions(self.state) if self.current_seat == self.seat else []

    def outputs(self) -> dict[str, float]:
        out = self.game.outputs(self.state)
        out.update({f"{s}.vp": v for s, v in self.state.vp.items()})
        return out

    def quarter_baseline(self) -> dict[str, float]:
        return dict(self.last_view.baseline) if self.last_view is not None else self.outputs()

    def quarter_baseline_of(self, index: int) -> dict[str, float]:
        """The opening tracks (``index`` 0), as the host sent them in the first quarter; the seat keeps no log."""
        if index != 0:
            raise ValueError("a seat knows only the opening and the closes of quarters")
        return dict(self.opening) if self.opening is not None else self.quarter_baseline()

    def public_events(self, state: GameState | None = None) -> list[dict[str, Any]]:
        """The seat's log: what the room saw, and the seat's own reasons (its draws are in its hand)."""
        return [e for e in (state or self.state).events if e.get("private") is None]

    def card(self, card_id: str) -> Any:
        return self.game.rules.cards[card_id]

    @property
    def report_name(self) -> str:
        return f"{self.scenario.scenario}-{self.seat}"

    # --- Acting ------------------------------------------------------------------------------------
    def play(self, action: Action) -> None:
        """Send ``action`` to the host (``ValueError`` when it is not this seat's move to make)."""
        if action.seat != self.seat:
            raise ValueError(f"this screen plays for {self.seat} only")
        if self.paused:
            raise ValueError("the facilitator has paused the exercise")
        if self.waiting:
            raise ValueError("the last move is still on its way to the host")
        self.waiting = True
        self._send(action)
