"""How a game ended, in words: the one table of end reasons, and the winner by score.

The rules core ends a game with a reason code (``core.codes.END_*``), the seat that won outright
(if any) and the seat out of the running (if any); a game not won outright goes to the best
score against its target.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wargame.core.codes import (
    END_CHINA_PARITY,
    END_CHINA_SHARE,
    END_CONFLICT,
    END_DATE,
    END_FIRM_SANCTIONED,
    END_FIRM_SQUEEZED,
    END_US_LEAD,
)

#: Each end reason's words (``str.format`` fields: the scenario's victory settings, ``share``, ``end``).
REASON_WORDS: dict[int, str] = {
    END_CHINA_PARITY: "China erased the lead: lag <= 0 for {china_parity_quarters} quarters",
    END_CHINA_SHARE: "China holds {share:.0%} of world compute",
    END_US_LEAD: "decisive US lead: lag >= {us_lead_months:g} months with {us_lead_states}+ aligned swing states "
                 "for {us_lead_quarters} quarters",
    END_FIRM_SANCTIONED: "the firm is sanctioned by both sides",
    END_FIRM_SQUEEZED: "the firm is squeezed out of both markets",
    END_DATE: "the exercise ends at {end}",
    END_CONFLICT: "open conflict over Taiwan: tension reached the top of its track, and the rivalry ends in "
                  "mutual loss",
}
#: Reason codes (``sim.record``'s names) after which the winner is the best score against its target.
BY_SCORE = ("end", "firm-sanctioned", "firm-squeezed")
#: Reason codes after which no seat wins (a mutual loss).
NO_WINNER = ("conflict",)


def reason_text(code: int, victory: Any, end: str, share: float) -> str:
    """The words of end reason ``code`` under the scenario's ``victory`` settings."""
    return REASON_WORDS[code].format(share=share, end=end, **victory.model_dump())


def score_margins(seats: list[str], vp: Mapping[str, float], targets: Mapping[str, float]) -> dict[str, float]:
    """Each seat's points over its end-of-game target, rounded to six places as results keep them."""
    return {s: round(vp[s] - targets.get(s, 0.0), 6) for s in seats}


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
