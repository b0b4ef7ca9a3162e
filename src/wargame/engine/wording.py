"""The model in people's words: a short name for every variable, amounts in their units, and card
effects and conditions as sentences, for every place a player or facilitator looks.

Read-only naming over the variable registry and the effect vocabulary (effects are read by their
YAML ``op`` and fields, so this module does not depend on how the effect classes are written).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from wargame.engine.actions import FACILITATOR, SEAT_NAMES
from wargame.engine.seats import SEAT_IDS
from wargame.model.variables import VARIABLES

#: A short name for each variable; the registry's ``description`` is the long form.
NAMES: dict[str, str] = {
    "us.capex": "US AI capex", "us.capex_growth": "US capex growth", "us.compute": "US installed compute",
    "us.frontier_perf": "US chip performance per dollar", "us.efficiency": "US algorithmic efficiency",
    "us.export_controls": "US export-control stringency", "us.enforcement": "US export-control enforcement",
    "us.diffusion_tiers": "AI Diffusion tiers", "us.alliance": "US alliance depth", "us.budget": "US budget",
    "us.pc": "US political capital",
    "china.capex": "China AI capex", "china.compute_domestic": "China compute on domestic chips",
    "china.compute_imported": "China compute on imported chips",
    "china.domestic_buy": "China domestic share of new buys", "china.policy_push": "China domestic-chip policy target",
    "china.mandate": "China domestic-chip mandate", "china.chip_perf": "China chip performance",
    "china.chip_perf_max": "China chip performance ceiling", "china.yield": "China fab yield",
    "china.fab_capacity": "China fab output ceiling", "china.fab_growth": "China fab output growth",
    "china.efficiency": "China algorithmic efficiency", "china.foreign_access": "China access to foreign chips",
    "china.rare_earth_curbs": "China rare-earth curbs", "china.alliance": "China partnership depth",
    "china.budget": "China budget", "china.pc": "China political capital",
    "firm.china_revenue_share": "Firm's China share of demand", "firm.capacity": "Firm capacity",
    "firm.jv": "Firm's Singapore joint venture", "firm.hedge": "Firm's hedged share of shocks",
    "firm.us_fab": "Firm's US fab", "firm.shock": "Firm revenue shock", "firm.sanctioned_us": "Firm sanctioned by the US",
    "firm.sanctioned_china": "Firm sanctioned by China", "firm.profit": "Firm cumulative profit",
    "firm.budget": "Firm budget", "firm.pc": "Firm political capital",
    "world.row_capex": "Rest-of-world AI capex", "world.row_compute": "Rest-of-world compute",
    "world.fragmentation": "Chip-market fragmentation", "world.commons": "Compute-commons cooperation",
    "world.inference_share": "Inference share of demand", "world.frag_cost_total": "Fragmentation cost so far",
    "world.tension": "US-China tension",
    "china.compute": "China installed compute", "china.domestic_share": "China domestic share of compute",
    "us.effective_compute": "US effective compute", "china.effective_compute": "China effective compute",
    "world.lag": "Capability lag (China behind US)", "world.compute_ratio": "US:China compute ratio",
    "us.world_share": "US share of world compute", "china.world_share": "China share of world compute",
    "us.capability": "US capability index", "china.capability": "China capability index",
    "us.vendor_share": "US vendors' share of chip spend", "world.frag_cost": "Fragmentation cost per year",
    "world.gdp_drag": "GDP drag from bifurcation", "world.us_stack_share": "Swing states' pull to the US stack",
    "firm.revenue": "Firm revenue", "us.export_controls_eff": "US export controls (effective)",
    "china.hbm_supply": "China HBM supply ceiling", "china.hbm_growth": "China HBM output growth",
    "china.euv": "China EUV access", "us.power": "US data-centre power build",
    "china.power": "China data-centre power build", "china.power_use": "China power per unit of compute",
}

_OPS = {"<": "below", "<=": "at most", ">": "above", ">=": "at least", "==": "exactly", "!=": "not"}


#: The log's kinds whose text the engine writes with seat and swing-state ids (``named`` names them;
#: a card's own text is the author's words, left alone).
ENGINE_WORDED = frozenset({"income", "economy", "ops", "pass", "shelve", "headline-pick", "headline-reveal",
                           "game-over", "discard", "override"})
_SEAT_ID = re.compile(rf"\b({'|'.join((*SEAT_IDS, FACILITATOR))})\b")
_PATH = re.compile(rf"\b({'|'.join((*SEAT_IDS, 'world'))})\.[a-z_]+\b")


def named(text: str, board: Mapping[str, str] | None = None) -> str:
    """A line the engine wrote (a log line, a reason, an end) with names for its seat ids, swing-state
    ids (``board``: id to name) and variable paths: ``us uses X to influence india`` -> ``US uses X
    to influence India``."""
    board = board or {}
    text = _PATH.sub(lambda m: variable_name(m.group(0), board), text)
    text = _SEAT_ID.sub(lambda m: SEAT_NAMES[m.group(1)], text)
    text = re.sub(r"'([a-z0-9-]+)'", lambda m: m.group(1).replace("-", " "), text)  # quoted ids: no quotes
    for sid, name in board.items():
        text = re.sub(rf"\b{re.escape(sid)}\b", name, text)
    return text.replace(" -> ", " → ")


def seat_word(seat: str | None) -> str:
    """``us`` -> ``US``; ``None`` -> ``the world``."""
    return SEAT_NAMES.get(seat or "", seat or "the world")


def variable_name(path: str, board: Mapping[str, str] | None = None) -> str:
    """What people call ``path``: a variable, ``board.<state>`` or ``<seat>.vp``."""
    if path.startswith("board."):
        state = path[6:]
        return f"{(board or {}).get(state, state.replace('_', ' ').title())} alignment"
    if path.endswith(".vp"):
        return f"{seat_word(path[:-3])} victory points"
    if path == "game.turn":
        return "the quarter number"
    if path in NAMES:
        return NAMES[path]
    var = VARIABLES.get(path)
    return var.description if var is not None else path


def amount(path: str, value: float) -> str:
    """A value of ``path`` in its unit: ``$3.0B/qtr``, ``45%``, ``0.80``, ``on``, ``12.0 CU``."""
    if path.startswith("board."):
        return f"{value:+.1f}"
    if path.endswith(".vp"):
        return f"{value:.1f} VP"
    var = VARIABLES.get(path)
    unit = var.unit if var is not None else ""
    if unit == "share":
        return f"{value:.0%}"
    if unit == "flag":
        return "on" if value >= 0.5 else "off"
    if unit.startswith("$B"):
        return f"${value:,.1f}B{unit[2:].replace('/qtr', '/q')}"
    if unit in ("x", "xH100"):
        return f"{value:.2f}x" + (" an H100" if unit == "xH100" else "")
    if unit in ("/yr", "/qtr"):
        return f"{value:.0%}{unit.replace('/qtr', '/q')}"
    if unit == "PC":
        return f"{value:.0f} PC"
    if unit in ("CU", "CU/qtr", "months"):
        return f"{value:,.1f} {unit.replace('months', 'mo').replace('/qtr', '/q')}"
    return f"{value:.2f}"


def change(path: str, delta: float) -> str:
    """A signed change of ``path``: ``+$3B/q``, ``+5 pts``, ``-0.4 mo``; tiny changes read ``±0``."""
    if abs(delta) < 5e-7:
        return "±0"
    sign = "+" if delta > 0 else "-"
    size = abs(delta)
    var = VARIABLES.get(path)
    unit = "VP" if path.endswith(".vp") else "" if path.startswith("board.") else var.unit if var else ""
    if unit in ("share", "/yr", "/qtr"):
        return f"{sign}{size * 100:.3g} pts"
    if unit.startswith("$B"):
        return f"{sign}${size:,.3g}B{unit[2:].replace('/qtr', '/q')}"
    if unit in ("x", "xH100"):
        return f"{sign}{size:.3g}x"
    if unit in ("PC", "CU", "CU/qtr", "VP", "months"):
        return f"{sign}{size:,.3g} {unit.replace('months', 'mo').replace('/qtr', '/q')}"
    return f"{sign}{size:.3g}"


# --- Effects ---------------------------------------------------------------------------------------
def effect_text(effect: Any, board: Mapping[str, str] | None = None) -> str:
    """One effect of a card as a sentence: ``US export-control enforcement +0.05``."""
    op = getattr(effect, "op", "")
    target = getattr(effect, "target", "")
    name = variable_name(target, board) if target else ""
    if op == "add":
        return f"{name} {change(target, effect.value)}"
    if op == "mul":
        pct = (effect.value - 1) * 100
        return f"{name} {'+' if pct >= 0 else '-'}{abs(pct):.3g}%" if effect.value else f"{name} to zero"
    if op == "set":
        var = VARIABLES.get(target)
        if var is not None and var.unit == "flag":
            return f"{name} switched {'on' if effect.value >= 0.5 else 'off'}"
        return f"{name} set to {amount(target, effect.value)}"
    if op == "modify":
        parts = [change(target, effect.add) if effect.add else "",
                 f"{'+' if effect.mul >= 1 else '-'}{abs(effect.mul - 1) * 100:.3g}%" if effect.mul != 1 else ""]
        return f"{name} {' and '.join(p for p in parts if p)} for {counted(effect.turns, 'quarter')}"
    if op == "transfer":
        return f"up to {amount(effect.source, effect.value)} moves from {variable_name(effect.source)} to " \
               f"{variable_name(effect.dest)}"
    if op == "draw":
        who = "you draw" if effect.seat == "self" else f"{seat_word(effect.seat)} draws"
        return f"{who} {counted(effect.count, 'card')}"
    if op == "discard":
        who = "you discard" if effect.seat == "self" else f"{seat_word(effect.seat)} discards"
        return f"{who} {counted(effect.count, 'card')} at random"
    if op == "shift":
        where = {"choose": "a swing state of your choice", "all": "every swing state"}.get(
            effect.state, (board or {}).get(effect.state, effect.state.replace("_", " ").title()))
        side = "you" if effect.toward == "self" else seat_word(effect.toward)
        return f"{where} shifts {effect.steps:g} step{'s' if effect.steps != 1 else ''} toward {side}"
    if op in ("chance", "if"):
        head = f"{effect.p:.0%} chance" if op == "chance" else f"if {condition_text(effect.condition, board)}"
        text = f"{head}: {'; '.join(effect_text(e, board) for e in effect.then) or 'nothing'}"
        if effect.otherwise:
            text += f" — otherwise: {'; '.join(effect_text(e, board) for e in effect.otherwise)}"
        return text
    describe: Callable[[], str] | None = getattr(effect, "describe", None)
    return describe() if describe is not None else str(effect)


def branch_text(effect: Any, happened: bool, board: Mapping[str, str] | None = None) -> str:
    """What a chance effect did: ``70% chance, it happened: …`` or ``… it did not: …``."""
    branch = effect.then if happened else effect.otherwise
    did = "it happened" if happened else "it did not happen"
    what = "; ".join(effect_text(e, board) for e in branch) or "no effect"
    return f"{effect.p:.0%} chance, {did}: {what}"


def counted(n: float, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun``, plural unless ``n`` is one: ``1 quarter``, ``2 quarters``, ``0.5 steps``."""
    return f"{n:g} {noun if n == 1 else plural or noun + 's'}"


# --- Conditions ------------------------------------------------------------------------------------
def condition_text(condition: Any, board: Mapping[str, str] | None = None) -> str:
    """A parsed condition in words: ``US export-control enforcement below 0.95``."""
    parts = getattr(condition, "parts", None)
    if parts is not None:
        joiner = " and " if type(condition).__name__ == "AllOf" else " or "
        return joiner.join(condition_text(p, board) for p in parts)
    left, op, right = condition.left, condition.op, condition.right
    words = _OPS.get(op, op)
    var = VARIABLES.get(left)
    if var is not None and var.unit == "flag" and isinstance(right, float) and right in (0.0, 1.0, 0.5):
        on = (op in ("<", "!=") and right >= 0.5) or (op in ("==", "<=") and right == 0.0)
        return f"{variable_name(left, board)} {'not yet in force' if on else 'in force'}"
    limit = variable_name(right, board) if isinstance(right, str) else amount(left, right)
    return f"{variable_name(left, board)} {words} {limit}"


def unmet_conditions(condition: Any, lookup: Callable[[str], float],
                     board: Mapping[str, str] | None = None) -> list[str]:
    """The parts of ``condition`` that do not hold now, each with the value it reads (``now 0.97``)."""
    if condition.holds(lookup):
        return []
    parts = getattr(condition, "parts", None)
    if parts is not None and type(condition).__name__ == "AllOf":
        return [line for p in parts for line in unmet_conditions(p, lookup, board)]
    if parts is not None:
        return [" or ".join(condition_text(p, board) for p in parts)]
    return [f"{condition_text(condition, board)} (now {amount(condition.left, lookup(condition.left))})"]


def requirement_lines(raw: Iterable[str], board: Mapping[str, str] | None = None) -> list[str]:
    """A card's ``requires`` list in words."""
    from wargame.engine.conditions import parse_condition

    return [condition_text(parse_condition(r), board) for r in raw]


def era_text(card: Any, board: Mapping[str, str] | None = None, start: str | None = None) -> str:
    """When ``card`` joins its deck, in words (empty for a card in its deck from the start: with no
    era, or, in a game that opens at ``start``, an era's quarter that came before it)."""
    era = card.enters
    if era is None:
        return ""
    parts = []
    if era.from_ and not (start and era.from_ <= start):
        parts.append(f"from {era.from_[:4]} Q{era.from_[-1]}")
    if era.when:
        parts.append("once " + " and ".join(requirement_lines(era.when, board)))
    return "Joins the deck " + ", ".join(parts) if parts else ""


def unmet_requirements(game: Any, state: Any, card: Any) -> list[str]:
    """Why ``card``'s conditions keep its event from being played now, in words (empty when they hold)."""
    board = {s.id: s.name for s in game.rules.scenario.board}
    return unmet_conditions(card.requirement, game.lookup(state), board)


#: The tension track's levels in words (``world.tension``, 0 .. 5), lowest first: a level holds
#: from its number up to the next one's.
TENSION_LEVELS: tuple[tuple[float, str], ...] = (
    (0.0, "calm"), (1.0, "wary"), (2.0, "strained"), (3.0, "crisis"), (4.0, "brink"), (5.0, "conflict"),
)


def tension_words(value: float) -> str:
    """The tension track's level at ``value`` in words (``2.4`` -> ``strained``)."""
    words = TENSION_LEVELS[0][1]
    for at, name in TENSION_LEVELS:
        if value >= at - 1e-9:
            words = name
    return words


def sanctions_words(values: Mapping[str, float]) -> str:
    """Who sanctions the firm, in words: ``none``, ``the US``, ``China`` or ``both sides``."""
    us, china = values.get("firm.sanctioned_us", 0.0) >= 0.5, values.get("firm.sanctioned_china", 0.0) >= 0.5
    return "both sides" if us and china else "the US" if us else "China" if china else "none"
