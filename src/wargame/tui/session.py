"""The one object the screens talk to: an exercise in progress (game, seats, bots, log and saves).

It wraps the store's ``Session`` (the action log, undo, autosave, saves) and adds what a room
around one screen needs: which seats are people and which are bots, a seat's view, the public
log. The rules themselves are always the engine's answer (``Game.check``, ``legal_actions``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wargame.engine.actions import FACILITATOR, FIRE, NOTE, OVERRIDE, Action
from wargame.engine.game import Game
from wargame.engine.state import GameState

HUMAN = "human"


def bot_name(who: str) -> str | None:
    """``bot:greedy`` -> ``greedy``; ``None`` for a person."""
    return who.removeprefix("bot:") if who != HUMAN else None


def load_game(scenario: Any) -> Game:
    """A game for a scenario id, a scenario file or an already loaded ``Bundle``."""
    from wargame.content import load_bundle

    bundle = scenario if hasattr(scenario, "decks") and hasattr(scenario, "scenario") else load_bundle(scenario)
    return bundle.game()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class SeatRole:
    """Who holds a seat: a person, or a bot by name."""

    seat: str
    who: str

    @property
    def is_human(self) -> bool:
        return self.who == HUMAN

    @property
    def label(self) -> str:
        return "team" if self.is_human else f"bot: {bot_name(self.who)}"


class Exercise:
    """A game being played in the room, with its log, undo and saves (through the store)."""

    def __init__(self, session: Any, seats: Mapping[str, str], seed: int) -> None:
        from wargame.bots.match import seat_bots

        self.session = session
        self.game: Game = session.game
        self.seats: dict[str, str] = dict(seats)
        self.seed = seed
        self.bots = seat_bots({s: bot_name(w) or "" for s, w in self.seats.items() if w != HUMAN}, seed,
                              seats=self.game.rules.scenario.seat_ids)
        self.generation = 0  # bumped on every change, so a late bot answer for an old state is dropped
        self.save_path: Path | None = None  # the save this exercise was last loaded from or written to
        self.saved_length = len(session.entries)  # the log's length when it was loaded or saved

    # --- Starting ------------------------------------------------------------------------------
    @classmethod
    def start(cls, game: Game, seats: Mapping[str, str], seed: int, autosave: Path | None = None) -> Exercise:
        """A new exercise; autosaved after every action when ``autosave`` is given."""
        from wargame.store import Session

        return cls(Session.new(game, dict(seats), seed, autosave=autosave), seats, seed)

    @classmethod
    def load(cls, path: str | Path, autosave: Path | None = None) -> Exercise:
        """Continue a saved exercise. Raises the store's ``SaveError`` with a reason."""
        from wargame.store import load_session

        exercise = cls.from_session(load_session(Path(path), autosave=autosave))
        if autosave is None or Path(path).resolve() != Path(autosave).resolve():
            exercise.save_path = Path(path)  # the autosave is no name for a report
        return exercise

    @classmethod
    def from_session(cls, session: Any) -> Exercise:
        return cls(session, dict(session.seats), int(session.seed))

    # --- Reading -------------------------------------------------------------------------------
    @property
    def state(self) -> GameState:
        return self.session.state

    @property
    def scenario(self) -> Any:
        return self.game.rules.scenario

    @property
    def current_seat(self) -> str | None:
        return self.game.current_player(self.state)

    @property
    def over(self) -> bool:
        return self.state.over

    def role(self, seat: str) -> SeatRole:
        return SeatRole(seat, self.seats.get(seat, HUMAN))

    def is_human(self, seat: str | None) -> bool:
        return seat is not None and self.seats.get(seat, HUMAN) == HUMAN

    def view(self, seat: str) -> GameState:
        """What ``seat`` may see (its own hand only)."""
        return self.game.view(self.state, seat)

    def legal_actions(self) -> list[Action]:
        return self.game.legal_actions(self.state)

    def outputs(self) -> dict[str, float]:
        """Every variable's value, and each seat's victory points as ``<seat>.vp``."""
        out = self.game.outputs(self.state)
        out.update({f"{s}.vp": v for s, v in self.state.vp.items()})
        return out

    def quarter_baseline(self) -> dict[str, float]:
        """What "this quarter" is measured from: the close of last quarter, or the opening state."""
        if self.state.history:
            return dict(self.state.history[-1])
        return self.quarter_baseline_of(0)

    def quarter_baseline_of(self, index: int) -> dict[str, float]:
        """The tracks and points of the state after log entry ``index`` (0: the opening)."""
        opening = self.session.state_at(index)
        out = self.game.outputs(opening)
        out.update({f"{s}.vp": v for s, v in opening.vp.items()})
        return out

    def public_events(self, state: GameState | None = None) -> list[dict[str, Any]]:
        """The events everyone in the room may see: not the draws into a hand, and a bot's reason only
        as far as it speaks of the move made (the option it passed over is often a card it still
        holds; the save and the facilitator's debrief keep the whole reason)."""
        from wargame.report.why import said_aloud

        out = []
        for e in (state or self.state).events:
            if e.get("private") is not None:
                continue
            if e.get("kind") == "rationale" and not self.is_human(e.get("seat")):
                e = {**e, "text": said_aloud(str(e.get("text", "")))}
            out.append(e)
        return out

    def card(self, card_id: str) -> Any:
        return self.game.rules.cards[card_id]

    @property
    def report_name(self) -> str:
        """The name of this exercise's report: its save's name while the game is as saved; never saved,
        ``<scenario>-seed<seed>``; played on since its save, ``<scenario>-seed<seed>-<quarter reached>``."""
        if self.save_path is None:
            return f"{self.scenario.scenario}-seed{self.seed}"
        if len(self.session.entries) == self.saved_length:
            return self.save_path.stem
        from wargame.engine.cards import quarter_label

        end = self.state.result.get("quarter") if self.state.result else None
        return f"{self.scenario.scenario}-seed{self.seed}-{end or quarter_label(self.state.quarter)}"

    def seat_plays(self) -> list[Any]:
        """The log entries of the seats' plays (not the facilitator's); ``entry.index`` numbers them from 1."""
        return [e for e in self.session.entries if e.seat != FACILITATOR]

    # --- Acting --------------------------------------------------------------------------------
    def play(self, action: Action) -> None:
        """Apply ``action`` after asking the engine whether it is legal (``ValueError`` with its reason)."""
        reason = self.game.check(self.state, action)
        if reason is not None:
            from wargame.tui.log_wording import engine_words

            raise ValueError(engine_words(reason, self.game.rules))
        self.session.apply(action)
        self.generation += 1

    def bot_choice(self, seat: str) -> Action:
        """The bot's move for ``seat``, from that seat's view only, with its reason as the move's text.

        The bot first resumes from the seat's decisions in the log, so it draws as it would have in
        the unbroken game, whatever was undone, reloaded or branched (may be slow: call from a worker).
        """
        from wargame.bots.match import bot_move
        from wargame.report.why import decision_text

        session = self.session
        choices = [len(self.game.legal_actions(session.state_at(i)))
                   for i, e in enumerate(session.entries) if e.seat == seat]
        return bot_move(self.bots[seat], self.game, self.state, choices, lambda d: decision_text(self.game.rules, d))

    def override(self, path: str, value: float, reason: str) -> None:
        self.play(Action(FACILITATOR, OVERRIDE, path=path, value=float(value), text=reason))

    def fire(self, card_id: str) -> None:
        self.play(Action(FACILITATOR, FIRE, card=card_id))

    def note(self, text: str) -> None:
        self.play(Action(FACILITATOR, NOTE, text=text))

    def note_on_play(self, entry: int, text: str) -> None:
        """A facilitator's rationale for the play at log entry ``entry`` (from 1): the debrief shows it there."""
        from wargame.report import rationale_note

        entries = self.session.entries
        if not 1 <= entry <= len(entries):
            raise ValueError(f"there is no play #{entry}: the log has {len(entries)} entries")
        if entries[entry - 1].seat == FACILITATOR:
            raise ValueError(f"#{entry} is the facilitator's own entry, not a seat's play")
        self.play(rationale_note(entry, text))

    def undo(self) -> int:
        """Take back the last action, and the bots' moves back to the last decision made in the room.

        Undoing only a bot's move would let the bot replay it at once, so with teams at the table
        the facilitator's undo goes back to the last human or facilitator action. Notes stay.
        Returns how many actions were undone (``ValueError`` when there is nothing to undo).
        """
        undone = 0
        any_team = any(self.is_human(s) for s in self.seats)
        while (seat := self._last_undoable_seat()) is not None:
            self.session.undo()
            undone += 1
            if seat == FACILITATOR or self.is_human(seat) or not any_team:
                break
        if undone == 0:
            raise ValueError("nothing to undo")
        self.generation += 1
        return undone

    def last_decision_seat(self) -> str | None:
        """Whose decision ``undo`` would take back: the last seat held by a team, or the facilitator."""
        any_team = any(self.is_human(s) for s in self.seats)
        for entry in reversed(self.session.entries):
            seat = str(entry.seat)
            if seat == FACILITATOR and entry.action.get("kind") == NOTE:
                continue
            if seat == FACILITATOR or self.is_human(seat) or not any_team:
                return seat
        return None

    @property
    def hot_seat(self) -> bool:
        """Two or more teams share the screen (so one team must not undo another's move)."""
        return sum(1 for s in self.seats if self.is_human(s)) > 1

    def save(self, path: Path) -> Path:
        self.session.save(path)
        self.save_path = path
        self.saved_length = len(self.session.entries)
        return path

    @property
    def autosave_error(self) -> OSError | None:
        """Why the last autosave failed, if it did."""
        return getattr(self.session, "autosave_error", None)

    def replay(self) -> Any:
        """A replay of the exercise so far."""
        return self.session.replay()

    def _last_undoable_seat(self) -> str | None:
        for entry in reversed(self.session.entries):
            if not (entry.seat == FACILITATOR and entry.action.get("kind") == NOTE):
                return str(entry.seat)
        return None
