"""Why a bot moved: its ``Decision`` told in words, from its own scores of the options it weighed."""

from __future__ import annotations

from typing import Any

from wargame.bots.base import Decision
from wargame.report.labels import move_name

#: What joins a bot's verdict on the move it made to the best option it passed over.
PASSED_OVER = "; vs "


def decision_text(rules: Any, decision: Decision) -> str | None:
    """``Fab for ops (invest): +1.20 VP projected a year ahead; vs Offer as its event +0.40``. A search
    bot may keep an option whose mean is not the best (its lead is within the dealt worlds' noise); the
    text then says so.

    ``None`` when the bot weighed nothing (a forced move, or a random or passing bot).
    """
    chosen = decision.score_of(decision.action)
    if chosen is None:
        return None
    head = f"{move_name(rules, decision.action)}: {chosen:+.2f} {decision.unit}"
    rivals = [(a, v) for a, v in decision.scores if abs(v - chosen) > 0.005]
    if not rivals:
        return f"{head}; every option it weighed ({len(decision.scores)}) scores the same"
    alt, value = max(rivals, key=lambda av: av[1])
    if value > chosen:  # the search keeps its first choice unless another is clearly better
        return f"{head}{PASSED_OVER}{move_name(rules, alt)} {value:+.2f}, within the search's noise"
    return f"{head}{PASSED_OVER}{move_name(rules, alt)} {value:+.2f}"


def said_aloud(text: str) -> str:
    """A bot's reason (``decision_text``) as the room may hear it while hands are hidden: its verdict
    on the move it made, without the option it passed over (most often a card still in its hand)."""
    return text.split(PASSED_OVER, 1)[0]
