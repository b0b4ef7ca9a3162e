"""How the model's numbers read on screen: the dashboard's tracks, values with units, changes.

Labels and units come from the variable registry (``wargame.model.variables``); this module only
decides which tracks the dashboard shows and how a number is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rich.text import Text

from wargame.engine.actions import SEAT_NAMES
from wargame.engine.seats import SEAT_IDS
from wargame.engine.text import printable
from wargame.engine.wording import sanctions_words, tension_words
from wargame.model.variables import VARIABLES


def plain(text: object, style: str = "") -> Text:
    """Text from a deck, a scenario, a save or a person, shown as written: never read as markup,
    and any control character shown as an escape (``\\x1b``) instead of reaching the terminal."""
    return Text(printable(str(text)), style=style)


SEAT_COLOURS = {"us": "dodger_blue1", "china": "red1", "firm": "gold1", "facilitator": "magenta", "world": "grey70"}


@dataclass(frozen=True)
class Track:
    """One dashboard row: a label and the variable (or ``<seat>.vp``) it follows."""

    label: str
    path: str
    seat: str | None = None  # shown only when this seat plays


TRACKS: tuple[Track, ...] = (
    Track("Capability lag", "world.lag"),
    Track("US-China tension", "world.tension"),
    Track("Firm sanctioned by", "firm.sanctioned_us", "firm"),
    Track("US compute", "us.compute"),
    Track("China compute", "china.compute"),
    Track("US effective", "us.effective_compute"),
    Track("China effective", "china.effective_compute"),
    Track("China domestic share", "china.domestic_share"),
    Track("China fab ceiling", "china.fab_capacity"),
    Track("China HBM ceiling", "china.hbm_supply"),
    Track("US power build", "us.power"),
    Track("Export controls (eff.)", "us.export_controls_eff"),
    Track("Export-control rules", "us.export_controls"),
    Track("Enforcement", "us.enforcement"),
    Track("US capex", "us.capex"),
    Track("China capex", "china.capex"),
    Track("Firm revenue", "firm.revenue", "firm"),
    *(Track(f"{SEAT_NAMES[s]} budget", f"{s}.budget", s) for s in SEAT_IDS),
    *(Track(f"{SEAT_NAMES[s]} pol. capital", f"{s}.pc", s) for s in SEAT_IDS),
    *(Track(f"{SEAT_NAMES[s]} victory points", f"{s}.vp", s) for s in SEAT_IDS),
)


def seat_name(seat: str | None) -> str:
    """``china`` -> ``China``."""
    return SEAT_NAMES.get(seat or "", seat or "world")


def seat_colour(seat: str | None) -> str:
    return SEAT_COLOURS.get(seat or "world", "grey70")


def unit_of(path: str) -> str:
    if path.endswith(".vp"):
        return "VP"
    var = VARIABLES.get(path)
    return var.unit if var is not None else ""


def value_text(path: str, value: float, values: Mapping[str, float] | None = None) -> str:
    """``value`` of ``path`` with its unit, as a player reads it (``values``: the rest of the state,
    for a row that reads two: who sanctions the firm)."""
    unit = unit_of(path)
    if path == "world.tension":
        return f"{value:.1f} {tension_words(value)}"
    if path == "firm.sanctioned_us":
        return sanctions_words(values if values is not None else {path: value})
    if unit == "share":
        return f"{value:.0%}"
    if unit in ("$B", "$B/qtr"):
        return f"${value:,.1f}B" + ("/q" if unit == "$B/qtr" else "")
    if unit == "months":
        return f"{value:.1f} mo"
    if unit == "VP":
        return unsigned_zero(f"{value:+.1f}")
    if unit == "PC":
        return f"{value:.0f} PC"
    if unit == "CU":
        return f"{value:,.1f} CU"
    var = VARIABLES.get(path)
    text = var.format(value) if var is not None else f"{value:.3g}"
    return text if unit in ("index", "flag", "") else f"{text} {unit}"


def unsigned_zero(text: str) -> str:
    """``-0.0`` and ``+0.0`` read as ``0.0``: a rounded zero has no sign."""
    return text[1:] if text[:1] in "+-" and not any(c in "123456789" for c in text) else text


def change_text(path: str, delta: float | None) -> str:
    """A change of ``path`` with its sign, or a dash when there is nothing to compare with.

    A change that rounds to nothing reads ``±0`` (never ``-0.0 mo``): see ``is_visible_change``.
    """
    if delta is None or path == "firm.sanctioned_us":  # (that row names who sanctions: no amount)
        return "–"
    text = _change_text(path, delta)
    return "±0" if not any(c in "123456789" for c in text) else text


def is_visible_change(path: str, delta: float | None) -> bool:
    """Whether ``delta`` shows as a change once rounded (only then is it coloured up or down)."""
    return delta is not None and change_text(path, delta) not in ("±0", "–")


def _change_text(path: str, delta: float) -> str:
    unit = unit_of(path)
    if unit == "share":
        return f"{delta * 100:+.1f} pt"
    if unit in ("$B", "$B/qtr"):
        return f"{'+' if delta > 0 else '-'}${abs(delta):,.1f}B"
    if unit == "months":
        return f"{delta:+.1f} mo"
    if unit == "PC":
        return f"{delta:+.0f}"
    if unit == "CU":
        return f"{delta:+,.1f} CU"
    return f"{delta:+.2f}" if abs(delta) < 10 else f"{delta:+,.0f}"


def describe_variable(path: str) -> str:
    """The registry's description of a variable (or the path itself)."""
    if path.startswith("board."):
        return f"alignment of {path[6:]} (-3 China-aligned .. +3 US-aligned)"
    if path.endswith(".vp"):
        return f"{seat_name(path[:-3])} victory points"
    var = VARIABLES.get(path)
    return var.description if var is not None else path
