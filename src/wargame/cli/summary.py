"""Quarter-by-quarter summaries of a game's event log, for headless play."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wargame.cli.common import say
from wargame.engine.cards import quarter_label
from wargame.engine.state import GameState
from wargame.engine.wording import ENGINE_WORDED, named, seat_word, tension_words

_PLAY_KINDS = ("headline", "event", "ops", "opponent-event", "shelve", "world", "inject", "override", "fire", "era",
               "crisis")


def quarter_summaries(state: GameState, board: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Per quarter: its tracks at the close and the plays (who, which card, how), in words (``board``:
    the swing states' names by id)."""
    plays: dict[str, list[str]] = {}
    for e in state.events:
        if e["kind"] in _PLAY_KINDS:
            plays.setdefault(e["q"], []).append(_describe(e, board))
    out = []
    for row in state.history:
        q = quarter_label(int(row["quarter"]))
        out.append({
            "quarter": q,
            "lag": row["world.lag"], "domestic_share": row["china.domestic_share"],
            "compute_ratio": row["us.compute"] / max(row["china.compute"], 1e-9),
            "export_controls": row["us.export_controls_eff"],
            "tension": row.get("world.tension"),
            "vp": {s: row[f"{s}.vp"] for s in state.seats},
            "plays": plays.get(q, []),
        })
    return out


def _describe(e: dict[str, Any], board: Mapping[str, str] | None) -> str:
    """A play in words: who, then what (the engine's own lines with names for their ids)."""
    kind, seat, owner = e["kind"], e.get("seat"), e.get("owner")
    text = named(str(e["text"]), board) if kind in ENGINE_WORDED else str(e["text"])
    if kind == "ops":  # (the engine's line says who)
        return text
    if not seat or seat == "world":
        return f"[{kind}] {text}"
    if kind in ("opponent-event", "headline") and owner and owner != seat:
        how = "headlines" if kind == "headline" else "plays for ops, firing"
        return f"{seat_word(seat)} {how} {seat_word(owner)}'s event - {text}"
    if text.startswith(f"{seat_word(seat)} "):  # the line already says who ("China shelves X")
        return f"[{kind}] {text}"
    return f"[{kind}] {seat_word(seat)}: {text}"


def print_quarter(q: dict[str, Any]) -> None:
    vp = "  ".join(f"{seat_word(s)} {v:+.1f}" for s, v in q["vp"].items())
    say(f"\n== {q['quarter']}  lag {q['lag']:.1f} mo  domestic {q['domestic_share']:.0%}  "
          f"US:China {q['compute_ratio']:.1f}x  controls {q['export_controls']:.2f}  "
          + (f"tension {q['tension']:.1f} {tension_words(q['tension'])}  " if q.get("tension") is not None else "")
          + f"VP {vp}")
    for line in q["plays"]:
        say(f"   {line}")
