"""The log's words: the core's event codes turned into the log's entries, the history's rows and
the game's result.

A step of the core emits events (``core.codes.EV_*``) as numbers; ``Transcript`` reads them in
order and appends what people read to a ``GameState``: one entry per event with its text and the
changes it made, the quarter's tracks when a quarter closes, and the result when the game ends.
"""

from __future__ import annotations

from collections import namedtuple
from typing import Any

import numpy as np

from wargame.core import codes as C
from wargame.core import layout, model
from wargame.engine.cards import quarter_label
from wargame.engine.outcome import END_REASONS, ended_share, reason_text, score_margins, winner_of
from wargame.engine.ruleset import Ruleset
from wargame.engine.state import GameState
from wargame.engine.wording import counted
from wargame.model.variables import STATE_VARIABLES

#: Tracks recorded at the end of every quarter (dashboard sparklines, replays, reports).
TRACKS: tuple[str, ...] = (
    "world.lag", "us.compute", "china.compute", "us.effective_compute", "china.effective_compute",
    "china.domestic_share", "china.world_share", "us.export_controls_eff", "us.capex", "china.capex",
    "world.fragmentation", "firm.revenue", "us.budget", "china.budget", "firm.budget", "us.pc", "china.pc", "firm.pc",
    "world.tension", "china.fab_capacity", "china.hbm_supply", "us.power", "us.export_controls", "us.enforcement",
    "firm.sanctioned_us", "firm.sanctioned_china",
)
#: The log's kind of each card play.
PLAY_KIND = {C.HEADLINE_PLAY: "headline", C.EVENT_PLAY: "event", C.OPPONENT_PLAY: "opponent-event",
             C.WORLD_PLAY: "world", C.INJECT_PLAY: "inject", C.FIRE_PLAY: "fire"}
OPS_USE = {C.INFLUENCE: "influence", C.INVEST: "invest", C.LOBBY: "lobby"}
FACILITATOR = "facilitator"
#: What a played card whose conditions fail does, after its name ("Card: ...").
FIZZLED = "no effect (its conditions do not hold)"


#: One event as plain Python numbers, by the names of ``layout.EVENT``.
_Event = namedtuple("_Event", layout.EVENT.names)  # type: ignore[misc]


def _rounded(changes: dict[str, list[float]]) -> dict[str, list[float]]:
    """A play's before/after values, rounded for the log (six places keep the hash stable and readable)."""
    return {k: [round(a, 6), round(b, 6)] for k, (a, b) in changes.items()}


class Transcript:
    """Appends the log entries of a step's events to ``state`` (the state the step left)."""

    def __init__(self, rules: Ruleset, state: GameState, quarter: int) -> None:
        self.rules, self.state = rules, state
        self.low = rules.lowered
        self.quarter = quarter  # the quarter the step began in
        self.changes: dict[str, list[float]] = {}
        self.modifiers: dict[str, dict[str, float | int]] = {}  # each temporary modifier the changes hold
        self.drawn: list[str] = []
        self.entering: list[str] = []
        self.incomes: list[float] = []
        self.revealed: list[tuple[str, str]] = []
        self.tracks: dict[str, float] = {}
        self.points: dict[str, tuple[float, float]] = {}

    def add(self, kind: str, text: str, **extra: Any) -> None:
        self.state.events.append({"q": quarter_label(self.quarter), "kind": kind, "text": text,
                                  **{k: v for k, v in extra.items() if v is not None}})

    def read(self, events: np.recarray, start: int, stop: int) -> None:
        """The entries of ``events[start:stop]``."""
        for row in events[start:stop].tolist():  # plain tuples: far cheaper to read than numpy records
            self._event(_Event(*row))

    def _seat(self, s: int) -> str | None:
        return self.low.seats[s] if s >= 0 else None

    def _card(self, c: int) -> str | None:
        return self.low.card_ids[c] if c >= 0 else None

    def _event(self, e: Any) -> None:  # noqa: C901 - one branch per event code, in the order of codes.py
        kind, low, cards = int(e.kind), self.low, self.rules.cards
        seat, card = self._seat(int(e.seat)), self._card(int(e.card))
        if kind == C.EV_QUARTER:
            self.quarter = int(e.index)
            self.state.shelved = []
            self.add("quarter", f"{quarter_label(self.quarter)} begins")
        elif kind == C.EV_INJECT:
            title, text = self._inject(int(e.index))
            if -1 - int(e.index) >= layout.MAX_INJECTS:  # a conditional inject fires once a game
                self.state.fired.append(self.rules.scenario.conditional[-1 - int(e.index) - layout.MAX_INJECTS].id)
            self.add("inject", f"{title}: {text}".rstrip(": "))
            self.changes = {}
        elif kind == C.EV_INJECT_EFFECTS:
            self.add("inject-effects", self._inject(int(e.index))[0], changes=_rounded(self.changes),
                     modifiers=self.modifiers or None)
            self.changes, self.modifiers = {}, {}
        elif kind in (C.EV_CARD, C.EV_FIZZLE):
            play = int(e.code)
            who = FACILITATOR if play == C.FIRE_PLAY else seat
            c = cards[card or ""]
            if kind == C.EV_FIZZLE:
                self.add(PLAY_KIND[play], f"{c.name}: {FIZZLED}", seat=who, card=card,
                         owner=self._seat(int(e.owner)))
            else:
                target = low.board_ids[e.target] if e.target >= 0 else None
                self.add(PLAY_KIND[play], f"{c.name}: {c.text}", seat=who, card=card, owner=self._seat(int(e.owner)),
                         target=target, changes=_rounded(self.changes), modifiers=self.modifiers or None)
            self.changes, self.modifiers = {}, {}
        elif kind == C.EV_CANNOT_PAY:
            self.add("headline", f"{cards[card or ''].name}: {seat} can no longer pay for it", seat=seat, card=card)
        elif kind == C.EV_CHANGE:
            self._change(int(e.code), int(e.index), float(e.before), float(e.after), int(e.target))
        elif kind == C.EV_CHANCE:
            p, roll = float(e.before), float(e.x)
            self.add("chance", f"chance {p:.0%}: {'yes' if roll < p else 'no'}", roll=roll, p=p,
                     card=low.source_name(int(e.index)))
        elif kind == C.EV_DRAW_CARD:
            self.drawn.append(card or "")
        elif kind == C.EV_DRAWN:
            if self.drawn:
                self.add("draw", f"{seat} draws {', '.join(self.drawn)}", seat=seat, cards=self.drawn, private=seat)
            self.drawn = []
        elif kind == C.EV_RESHUFFLE:
            self.add("reshuffle", f"the discard pile ({int(e.index)} cards) is reshuffled into the draw deck")
        elif kind == C.EV_DISCARD:
            self.add("discard", f"{seat} discards {card}", seat=seat, card=card)
        elif kind == C.EV_INCOME:
            self.incomes.append(float(e.x))
            if len(self.incomes) == len(low.seats):
                self.add("income", "income: " + ", ".join(f"{s} +${x:.1f}B" for s, x in zip(low.seats, self.incomes,
                                                                                              strict=True)))
                self.incomes = []
        elif kind == C.EV_PICK:
            self.add("headline-pick", f"{seat} {'picks a headline card' if card else 'declines to headline'}", seat=seat)
        elif kind == C.EV_REVEALED:
            self.revealed.append((seat or "", cards[card or ""].name))
        elif kind == C.EV_REVEAL:
            shown = ", ".join(f"{s}: {name}" for s, name in self.revealed) or "no cards"
            self.add("headline-reveal", f"headlines revealed - {shown}")
            self.revealed = []
        elif kind == C.EV_PASS:
            self.add("pass", f"{seat} has no cards and passes" if e.code else f"{seat} passes", seat=seat)
        elif kind == C.EV_SHELVE:
            self.state.shelved.append(seat or "")
            self.add("shelve", f"{seat} shelves {cards[card or ''].name}", seat=seat, card=card)
        elif kind == C.EV_OPS:
            self._ops(e, seat or "", cards[card or ""])
        elif kind == C.EV_OVERRIDE:
            pass  # the facade writes the override's entry, which carries the facilitator's reason
        elif kind == C.EV_TRACK:
            k = int(e.index)
            name = STATE_VARIABLES[k] if k >= 0 else model.DERIVED[-1 - k]
            self.tracks[name] = float(e.x)
        elif kind == C.EV_POINTS:
            self.points[seat or ""] = (float(e.x), float(e.after))
        elif kind == C.EV_CLOSE:
            self._close()
        elif kind == C.EV_ENTER:
            self.entering.append(card or "")
        elif kind == C.EV_ENTERED:
            deck = "world deck" if int(e.code) else "draw deck"
            names = ", ".join(cards[c].name for c in self.entering)
            self.add("era", f"new in the {deck}: {names}", cards=self.entering)
            self.entering = []
        elif kind == C.EV_GAME_OVER:
            self._game_over(e)
        elif kind == C.EV_CRISIS:
            self._crisis(bool(e.code), float(e.before), float(e.after), float(e.x))

    def _crisis(self, hit: bool, p: float, tension: float, roll: float) -> None:
        """The Taiwan Strait risk rolled at a quarter's close, in words."""
        if hit:
            self.add("crisis", f"Taiwan Strait crisis (a {p:.0%} risk at tension {tension:.1f}): the foundries "
                     "both sides depend on are disrupted - the firm's capacity, the US frontier's compute per "
                     "dollar and China's access to foreign chips all fall, and tension rises", roll=roll, p=p)
        else:
            self.add("chance", f"the Taiwan Strait stays quiet (a {p:.0%} risk of a crisis at tension "
                     f"{tension:.1f})", roll=roll, p=p)

    def _inject(self, source: int) -> tuple[str, str]:
        """An inject's title and text."""
        sc = self.rules.scenario
        k = -1 - source
        if k < layout.MAX_INJECTS:
            inject = sc.injects[k]
            return inject.title or "Scheduled inject", inject.text
        cond = sc.conditional[k - layout.MAX_INJECTS]
        return cond.title or cond.id, cond.text

    def _change(self, what: int, index: int, before: float, after: float, pc: int) -> None:
        if what == C.CH_VALUE:
            self.changes.setdefault(STATE_VARIABLES[index], [before, after])[1] = after
        elif what == C.CH_BOARD:
            self.changes.setdefault(f"board.{self.low.board_ids[index]}", [before, after])[1] = after
        else:
            path = STATE_VARIABLES[index]  # a temporary modifier: the effective value, and the modifier itself
            self.changes.setdefault(f"{path} (temporary)", [before, after])[1] = after
            ins = self.low.code[pc]
            self.modifiers[path] = {"add": round(float(ins.value), 6), "mul": round(float(ins.mul), 6),
                                    "turns": int(ins.count)}

    def _ops(self, e: Any, seat: str, card: Any) -> None:
        use, ops = int(e.code), card.ops
        before, after = float(e.before), float(e.after)
        target = None
        if use == C.INFLUENCE:
            target = self.low.board_ids[e.target]
            text = f"{seat} uses {card.name} ({counted(ops, 'op')}) to influence {target}: {before:+.1f} -> {after:+.1f}"
            changes = {f"board.{target}": [before, after]}
        elif use == C.INVEST:
            amount = float(e.x)
            path = STATE_VARIABLES[int(e.index)]
            if self.low.rules[0].invest_divisor[self.low.seat_index[seat]] > 0.0:
                changes = {path: [before, after]}
            else:
                changes = {f"{path} (this quarter)": [0.0, amount]}
            text = f"{seat} uses {card.name} ({counted(ops, 'op')}) to invest ${amount:.2f}B"
        else:
            path = STATE_VARIABLES[int(e.index)]
            text = f"{seat} uses {card.name} ({counted(ops, 'op')}) to lobby: +{ops} PC"
            changes = {path: [before, after]}
        self.add("ops", text, seat=seat, card=card.id, use=OPS_USE[use], target=target, changes=_rounded(changes))

    def _close(self) -> None:
        seats, out = self.low.seats, self.tracks
        self.state.history.append({"quarter": float(self.quarter), **{k: round(out[k], 6) for k in TRACKS},
                                   **{f"{s}.vp": round(self.points[s][1], 6) for s in seats}})
        self.add("economy", f"{quarter_label(self.quarter)} closes: lag {out['world.lag']:.1f} months, "
                 f"China domestic share {out['china.domestic_share']:.0%}, "
                 + ", ".join(f"{s} {self.points[s][0]:+.2f} VP" for s in seats))
        self.tracks, self.points = {}, {}

    def _game_over(self, e: Any) -> None:
        sc, state = self.rules.scenario, self.state
        reason = reason_text(int(e.code), sc.victory, sc.end, float(e.x))
        played = ended_share(sc, self.quarter)
        margins = score_margins(state.seats, state.vp, sc.victory, played)
        end = END_REASONS[int(e.code)]
        outright = self._seat(int(e.seat))
        winner = winner_of(end, state.seats, margins, outright, self._seat(int(e.owner)))
        if winner is not None and outright is None:
            reason += f"; {winner} has the best score against its target" + ("" if played >= 1.0 else " due by then")
        state.result = {"winner": winner, "reason": reason, "end": end, "margins": margins,
                        "quarter": quarter_label(self.quarter), "played": played}
        self.add("game-over", f"{winner} wins - {reason}" if winner else f"no one wins - {reason}")
