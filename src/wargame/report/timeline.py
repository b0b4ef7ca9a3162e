"""The timeline of a debrief: each quarter's news, every play of the log and the facilitator's acts.

Plays come from the action log (one per entry, so none is missed); the events each action caused
decorate it with what changed. Headline picks are resolved together at the reveal, so their
effects are matched to the pick by quarter and seat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wargame.engine.actions import (
    EVENT,
    FACILITATOR,
    FIRE,
    HEADLINE,
    NOTE,
    OPS,
    OVERRIDE,
    PASS,
    SHELVE,
    Action,
)
from wargame.engine.cards import quarter_label
from wargame.report.labels import change_text, path_label, seat_name, value_text
from wargame.report.record import GameRecord

#: A facilitator note that starts with ``#<entry number>`` is a rationale attached to that play.
NOTE_REF = re.compile(r"^\s*#(\d+)\s*[:\-]?\s*")
_SEAT_ID = re.compile(r"\b(us|china|firm) ([+-]\d)")  # "us +2.74 VP" in the engine's close of a quarter
_OUTCOME_KINDS = ("chance", "discard")
_NEWS_KINDS = ("inject", "inject-effects", "world")
FIRES = "'s event fires"  # how a play's summary says an opponent's card event went off
_PLAY_EVENT_KINDS = ("event", "opponent-event", "ops", "shelve", "pass", "override", "fire", "note")


@dataclass
class Change:
    """One variable a play or an event changed."""

    path: str
    label: str
    before: float
    after: float
    text: str


@dataclass
class Impact:
    """What a play did to the quarter's close, against passing instead (see ``impact.py``)."""

    lag: float
    domestic: float
    vp: dict[str, float]

    @property
    def score(self) -> float:
        """The largest change in any seat's victory points."""
        return max((abs(v) for v in self.vp.values()), default=0.0)

    @property
    def moved(self) -> bool:
        """Whether the play moved any of the tracks at all (to the reported precision)."""
        return abs(self.lag) >= 0.005 or abs(self.domestic) >= 0.0005 or self.score >= 0.005


@dataclass
class Play:
    """One log entry: a seat's move or a facilitator's act, with its effects and any rationale."""

    index: int  # the entry's number in the log, from 1 (as a save and the replay viewer number it)
    quarter: str
    seat: str
    kind: str
    card: str | None = None
    card_name: str | None = None
    owner: str | None = None  # the card's faction
    use: str | None = None
    target: str | None = None
    summary: str = ""
    changes: list[Change] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    rationale: list[str] = field(default_factory=list)
    impact: Impact | None = None
    attached_to: int | None = None  # a facilitator note about an earlier play: that play's number
    order: int = 0  # position in the event log, for sorting with the news


@dataclass
class NewsItem:
    """A scheduled or conditional inject, or a world event drawn in the news phase."""

    quarter: str
    kind: str
    title: str
    changes: list[Change] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)
    order: int = 0


@dataclass
class QuarterEntry:
    """One quarter of the timeline: its news, its plays in order, and how it closed."""

    label: str
    news: list[NewsItem] = field(default_factory=list)
    plays: list[Play] = field(default_factory=list)
    close: str = ""

    @property
    def items(self) -> list[NewsItem | Play]:
        """News and plays in the order they happened."""
        return sorted([*self.news, *self.plays], key=lambda x: x.order)


def build_timeline(record: GameRecord) -> list[QuarterEntry]:
    """Every quarter from the opening to the latest state, with every log entry placed in it."""
    rules = record.game.rules
    board_names = {s.id: s.name for s in rules.scenario.board}
    plays = [_play_of(record, i, a) for i, a in enumerate(record.actions)]
    _attach_notes(plays)
    quarters: dict[str, QuarterEntry] = {}
    for st in record.states:
        label = quarter_label(st.quarter)
        quarters.setdefault(label, QuarterEntry(label))
    owner_of = _event_owners(record)
    headline_of = {(p.quarter, p.seat): p for p in plays if p.kind == HEADLINE}
    pending: list[str] = []
    events = record.final.events
    for pos, e in enumerate(events):
        kind = e["kind"]
        q = quarters.setdefault(e["q"], QuarterEntry(e["q"]))
        changes = _changes(e, board_names, rules)
        if kind in _OUTCOME_KINDS:
            pending.append(_outcome_text(rules, e))
        elif kind in _NEWS_KINDS:
            title = e["text"] if kind != "inject-effects" else f"{e['text']} (inject effects)"
            q.news.append(NewsItem(e["q"], kind, _card_title(rules, e, title), changes, pending, pos))
            pending = []
        elif kind == "headline" and (e["q"], str(e.get("seat"))) in headline_of:
            _decorate(headline_of[(e["q"], str(e.get("seat")))], e, changes, pending, pos)
            pending = []
        elif kind in _PLAY_EVENT_KINDS and (owner := owner_of[pos]) is not None:
            if plays[owner].seat in (e.get("seat"), FACILITATOR):
                _decorate(plays[owner], e, changes, pending, pos)
            pending = []
        elif kind == "economy":
            q.close = _SEAT_ID.sub(lambda m: f"{seat_name(m.group(1))} {m.group(2)}", e["text"])
    for play in plays:
        quarters.setdefault(play.quarter, QuarterEntry(play.quarter)).plays.append(play)
    return list(quarters.values())


def _event_owners(record: GameRecord) -> list[int | None]:
    """For each event of the final log, the index of the action whose application appended it."""
    owners: list[int | None] = [None] * len(record.final.events)
    for i in range(len(record.actions)):
        for pos in range(len(record.states[i].events), len(record.states[i + 1].events)):
            owners[pos] = i
    return owners


def _play_of(record: GameRecord, index: int, action: Action) -> Play:
    rules = record.game.rules
    state = record.states[index]
    card = rules.cards.get(action.card or "")
    play = Play(index=index + 1, quarter=quarter_label(state.quarter), seat=action.seat, kind=action.kind,
                card=action.card, card_name=card.name if card else None, owner=card.faction if card else None,
                use=action.use, target=action.target, order=len(state.events))
    play.summary = _summary(record, action, play)
    if action.text and action.kind not in (NOTE, OVERRIDE):
        play.rationale.append(action.text)
    return play


def _summary(record: GameRecord, action: Action, play: Play) -> str:
    who = seat_name(action.seat)
    name = play.card_name or action.card
    board = {s.id: s.name for s in record.game.rules.scenario.board}
    where = board.get(action.target or "", action.target)
    card = record.game.rules.cards.get(action.card or "")
    fires = card is not None and card.sets_off(action.seat) in record.opening.seats  # another seat's event
    if action.kind == HEADLINE:
        return f"{who} headlines {name}" + (f" ({seat_name(play.owner)}{FIRES})" if fires else "")
    if action.kind == EVENT:
        return f"{who} plays {name} for its event" + (f" on {where}" if where else "")
    if action.kind == OPS:
        how = f"influence {where}" if action.use == "influence" else action.use
        return f"{who} plays {name} for ops ({how})" + (f"; {seat_name(play.owner)}{FIRES}" if fires else "")
    if action.kind == SHELVE:
        return f"{who} shelves {name}"
    if action.kind == PASS:
        return f"{who} declines to headline" if record.states[play.index - 1].phase == "headline" else f"{who} passes"
    if action.kind == OVERRIDE:
        path = action.path or ""
        label = path_label(path, board)
        return f"Facilitator sets {label} to {value_text(path, action.value or 0.0)}: {action.text}"
    if action.kind == FIRE:
        return f"Facilitator fires {name}"
    if action.kind == NOTE:
        return f"Facilitator's note: {action.text}"
    return action.describe()


def _attach_notes(plays: list[Play]) -> None:
    """Facilitator notes of the form ``#12 why...`` become rationale of entry 12, an earlier seat's play."""
    for play in plays:
        if play.kind != NOTE or play.seat != FACILITATOR:
            continue
        text = play.summary.removeprefix("Facilitator's note: ")
        m = NOTE_REF.match(text)
        number = int(m.group(1)) if m else 0
        if m and 1 <= number < play.index and plays[number - 1].seat != FACILITATOR:
            plays[number - 1].rationale.append(f"facilitator: {text[m.end():]}")
            play.attached_to = number


def _decorate(play: Play, e: dict[str, Any], changes: list[Any], outcomes: list[str], pos: int) -> None:
    """Add what an event of ``play`` did. An opponent's event is named once, in the summary ("US's
    event fires"); one that did nothing says so there instead of firing."""
    play.changes.extend(changes)
    play.outcomes.extend(outcomes)
    if "no effect" in e["text"] or "can no longer pay" in e["text"]:
        why = e["text"].split(": ", 1)[-1]
        if e["kind"] in ("opponent-event", "headline") and FIRES in play.summary:
            play.summary = play.summary.replace(FIRES, "'s event has " + why.replace(" (", ": ").removesuffix(")"))
        else:
            play.outcomes.append(why)
    if play.kind == HEADLINE:
        play.order = pos  # a headline shows where it resolved, after the reveal


def _changes(e: dict[str, Any], board_names: dict[str, str], rules: Any) -> list[Change]:
    modifiers = e.get("modifiers") or {}
    out = []
    for path, (b, a) in (e.get("changes") or {}).items():
        if b == a and not path.endswith(")"):
            continue  # a set to the value it had: nothing moved
        text = change_text(path, float(b), float(a))
        if path.endswith(" (temporary)"):
            text = _modifier_text(modifiers.get(path.removesuffix(" (temporary)")))
        out.append(Change(path, path_label(path, board_names), float(b), float(a), text))
    return out


def _modifier_text(modifier: dict[str, Any] | None) -> str:
    """``x0.8 for 2 quarters``: a temporary modifier as the log recorded it (the branch that fired)."""
    if not modifier:
        return "temporary modifier"
    mul, add, turns = float(modifier["mul"]), float(modifier["add"]), int(modifier["turns"])
    parts = [f"x{mul:g}" if mul != 1.0 else "", f"{add:+g}" if add else ""]
    return f"{' and '.join(p for p in parts if p)} for {turns} quarter{'s' if turns != 1 else ''}"


def _outcome_text(rules: Any, e: dict[str, Any]) -> str:
    """A chance roll as logged; a discard with the seat's and the card's names."""
    if e["kind"] == "discard" and e.get("card") in rules.cards:
        return f"{seat_name(e.get('seat'))} discards {rules.cards[e['card']].name}"
    return str(e["text"])


def _card_title(rules: Any, e: dict[str, Any], text: str) -> str:
    card = rules.cards.get(e.get("card") or "")
    if card is None or text.startswith(card.name):
        return text
    return f"{card.name}: {text}"


def rationale_note(entry: int, text: str) -> Action:
    """The facilitator's note attaching ``text`` to log entry number ``entry`` (from 1) in the debrief."""
    return Action(seat=FACILITATOR, kind=NOTE, text=f"#{entry} {text}")
