"""How a game ends: the one table of end reasons (their checks and their words), and the winner by score.

The rules core checks the sudden deaths of ``ENDINGS`` in order at each quarter's close (``lower``
turns them into its tables), then the calendar. A check holds when all its terms do, for its
number of quarters in a row (a streak the state keeps) or at once. The core ends a game with the
ending's code, the seat that won outright (if any) and the seat out of the running (if any); a game
not won outright goes to the best score against its target due when it ended: the whole target at
the end date, the share its pace sets for the quarters played after a sudden death (``Victory.due``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from wargame.core.codes import (
    CMP_OPS,
    END_CHINA_PARITY,
    END_CHINA_SHARE,
    END_CONFLICT,
    END_DATE,
    END_FIRM_SANCTIONED,
    END_FIRM_SQUEEZED,
    END_NONE,
    END_US_LEAD,
    T_ALIGNED,
    T_OUTPUT,
    T_VALUE,
)
from wargame.engine.cards import quarter_index

#: (the scenario's victory settings, the model's parameters) -> a threshold.
Threshold = Callable[[Any, Mapping[str, float]], float]


@dataclass(frozen=True)
class Term:
    """One comparison of a check: ``reads`` (``T_OUTPUT`` a model output, ``T_VALUE`` a variable's base
    value, ``T_ALIGNED`` how many swing states lean at least one step to the seat ``what``), compared
    by ``op`` with ``than``."""

    reads: int
    what: str
    op: str
    than: Threshold


@dataclass(frozen=True)
class Ending:
    """An end reason: its code and record name, its words, and (a sudden death) its check."""

    code: int
    name: str  # ``sim.record``'s name for it
    label: str  # its short name for people (a batch's count of how games ended)
    words: str  # how it ended (``str.format`` fields: the victory settings, ``share``, ``end``)
    winner: str | None = None  # the seat it makes the winner outright
    loser: str | None = None  # the seat it puts out of the running (the others go to score)
    terms: tuple[Term, ...] = ()  # a sudden death's check (all must hold); none for the calendar
    quarters: str | None = None  # the victory setting: quarters in a row it must hold (None: at once)
    streak: str | None = None  # the name its counter has in a state's ``streaks``
    rule: str = ""  # the rule from its seat's side, after "Wins at once" / "Loses at once if"
    clock: str = ""  # its counter's label while it runs
    mutual: bool = False  # a mutual loss: no seat wins (and none goes to score)


def _setting(name: str) -> Threshold:
    return lambda victory, params: float(getattr(victory, name))


def _half(victory: Any, params: Mapping[str, float]) -> float:
    return 0.5


#: Every end reason; the sudden deaths are checked in this order.
ENDINGS: tuple[Ending, ...] = (
    Ending(END_NONE, "", "not over", "the game is not over"),
    Ending(END_CHINA_PARITY, "china-parity", "China at parity",
           "China erased the lead: lag <= {china_parity_months:g} months for {china_parity_quarters} quarters",
           winner="china", terms=(Term(T_OUTPUT, "world.lag", "<=", _setting("china_parity_months")),),
           quarters="china_parity_quarters", streak="china_parity",
           rule="at parity (a lag of {china_parity_months:g} months or less) for {china_parity_quarters} quarters "
                "in a row", clock="China at parity"),
    Ending(END_CHINA_SHARE, "china-share", "China's share of compute", "China holds {share:.0%} of world compute",
           winner="china", terms=(Term(T_OUTPUT, "china.world_share", ">=", _setting("china_share")),),
           rule="with {china_share:.0%} of world compute"),
    Ending(END_US_LEAD, "us-lead", "decisive US lead", "decisive US lead: lag >= {us_lead_months:g} months with {us_lead_states}+ "
                                   "aligned swing states for {us_lead_quarters} quarters",
           winner="us", terms=(Term(T_OUTPUT, "world.lag", ">=", _setting("us_lead_months")),
                               Term(T_ALIGNED, "us", ">=", _setting("us_lead_states"))),
           quarters="us_lead_quarters", streak="us_lead",
           rule="with a lead of {us_lead_months:g}+ months and {us_lead_states}+ US-aligned swing states for "
                "{us_lead_quarters} quarters in a row", clock="decisive US lead"),
    Ending(END_FIRM_SANCTIONED, "firm-sanctioned", "firm sanctioned by both", "the firm is sanctioned by both sides",
           loser="firm", terms=(Term(T_VALUE, "firm.sanctioned_us", ">=", _half),
                                Term(T_VALUE, "firm.sanctioned_china", ">=", _half)),
           rule="sanctioned by both sides"),
    Ending(END_FIRM_SQUEEZED, "firm-squeezed", "firm squeezed out", "the firm is squeezed out of both markets",
           loser="firm", terms=(Term(T_OUTPUT, "firm.revenue", "<", lambda v, p: 0.5 * p["firm_revenue0"]),),
           quarters="firm_squeeze_quarters", streak="firm_squeeze",
           rule="squeezed out of both markets for {firm_squeeze_quarters} quarters", clock="firm squeezed out"),
    Ending(END_DATE, "end", "at the end date", "the exercise ends at {end}"),
    Ending(END_CONFLICT, "conflict", "open conflict", "open conflict over Taiwan: tension reached the top of its track, and the "
                                     "rivalry ends in mutual loss",
           terms=(Term(T_VALUE, "world.tension", ">=", lambda v, p: p["conflict_at"]),), mutual=True),
)
assert [e.code for e in ENDINGS] == list(range(len(ENDINGS))), "ENDINGS is in code order"
assert all(t.op in CMP_OPS for e in ENDINGS for t in e.terms)
#: The sudden deaths, in the order they are checked.
SUDDEN_DEATHS = tuple(e for e in ENDINGS if e.terms)
#: Each end reason's record name, by code.
END_REASONS = tuple(e.name for e in ENDINGS)
#: Each end reason's short name for people, by record name.
END_LABELS = {e.name: e.label for e in ENDINGS}
#: Reason codes (``sim.record``'s names) after which the winner is the best score against its target.
BY_SCORE = tuple(e.name for e in ENDINGS if e.code != END_NONE and e.winner is None and not e.mutual)
#: Reason codes after which no seat wins (a mutual loss).
NO_WINNER = tuple(e.name for e in ENDINGS if e.mutual)


def reason_text(code: int, victory: Any, end: str, share: float) -> str:
    """The words of end reason ``code`` under the scenario's ``victory`` settings."""
    return ENDINGS[code].words.format(share=share, end=end, **victory.model_dump())


def seat_rules(victory: Any, seat: str) -> list[str]:
    """``seat``'s sudden deaths as sentences: how it wins at once, how it loses at once."""
    settings = victory.model_dump()
    wins = [e.rule.format(**settings) for e in SUDDEN_DEATHS if e.winner == seat]
    loses = [e.rule.format(**settings) for e in SUDDEN_DEATHS if e.loser == seat]
    return ([f"Wins at once {', or '.join(wins)}."] if wins else []) + (
        [f"Loses at once if {', or '.join(loses)}."] if loses else [])


def played_share(closed: int, quarters: int) -> float:
    """The share of a game's ``quarters`` played once ``closed`` have closed."""
    return min(max(closed, 0) / max(quarters, 1), 1.0)


def ended_share(scenario: Any, quarter: int) -> float:
    """The share of ``scenario``'s quarters played by a game that ended in quarter ``quarter`` (an index)."""
    return played_share(quarter - quarter_index(scenario.start) + 1, scenario.quarters)


def score_margins(seats: list[str], vp: Mapping[str, float], victory: Any, played: float = 1.0) -> dict[str, float]:
    """Each seat's points over its target due once ``played`` of the game's quarters have closed
    (``Victory.due``, as ``core.quarter.due`` reckons it): the whole target at the end date, the
    share its pace sets when a sudden death cuts the game short (a seat is not judged for quarters
    the game never had). Rounded to six places as results keep them."""
    return margins_over(seats, vp, {s: victory.due(s, played) for s in seats})


def margins_over(seats: list[str], vp: Mapping[str, float], due: Mapping[str, float]) -> dict[str, float]:
    """Each seat's points over ``due`` (its target due, as ``score_margins`` reckons it), rounded to six
    places: for a batch whose games share an ending quarter's targets."""
    return {s: round(vp[s] - due[s], 6) for s in seats}


def winner_of(end: str, seats: list[str], margins: Mapping[str, float], won: str | None,
              loser: str | None) -> str | None:
    """The winner of a game that ended by ``end``: the seat that won outright, none after a mutual
    loss, or the best margin (``loser`` aside)."""
    if won is not None:
        return won
    if end in NO_WINNER:
        return None
    return winner_by_margin(seats, margins, loser)


def winner_by_margin(seats: list[str], margins: Mapping[str, float], loser: str | None = None) -> str:
    """The seat with the best margin (the earlier seat on a tie), ``loser`` aside."""
    contenders = [s for s in seats if s != loser]
    return max(contenders, key=lambda s: (margins[s], -seats.index(s)))
