"""Why a bot moved: its ``Decision`` told in words, from its own scores of the options it weighed."""

from __future__ import annotations

from typing import Any

from wargame.bots.base import Decision
from wargame.report.labels import move_name


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
        return f"{head}; vs {move_name(rules, alt)} {value:+.2f}, within the search's noise"
    return f"{head}; vs {move_name(rules, alt)} {value:+.2f}"
