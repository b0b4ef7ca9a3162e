"""A card's details: owner, cost, ops, text, its effects in plain words, conditions and sources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group
from rich.text import Text
from textual.widgets import Static

from wargame.engine.wording import counted, effect_text, era_text, requirement_lines
from wargame.model.facts import source_lines
from wargame.tui.readout import plain, seat_colour, seat_name


def card_title(card: Any, short: bool = False) -> Text:
    """``Entity List Expansion  US policy · 3 ops · 2 PC`` (``short``: without the type)."""
    cost = cost_text(card)
    owner = seat_name(card.faction) if card.faction != "any" else (
        "Neutral" if card.players is None else " or ".join(map(seat_name, card.event_seats)))
    kind = "" if short else f" {card.type}"
    return (plain(card.name, style="bold") + Text("  ")
            + Text(f"{owner}{kind} · {counted(card.ops, 'op')}{' · ' + cost if cost else ''}", style=seat_colour(card.faction)))


def cost_text(card: Any) -> str:
    parts = []
    if card.cost.budget:
        parts.append(f"${card.cost.budget:g}B")
    if card.cost.pc:
        parts.append(f"{card.cost.pc:g} PC")
    return " + ".join(parts)


def card_details(card: Any, options: Sequence[str] = (), board: Mapping[str, str] | None = None,
                 unmet: Sequence[str] = (), start: str | None = None) -> Group:
    """Everything a player needs to decide about ``card``, in words: ``options`` are what they may do
    with it, ``unmet`` the card's conditions that do not hold now; ``board`` names the swing states;
    ``start``: the quarter a game opens (an era that came before it is not news)."""
    parts: list[Any] = [card_title(card), plain(card.text, style="italic")]
    effects = Text("Effects:\n", style="bold")
    for effect in card.effects:
        effects.append(f"  • {effect_text(effect, board)}\n", style="")
    if card.needs_target:
        effects.append("  (you choose the swing state when you play it)\n", style="dim")
    parts.append(effects)
    if card.requires:
        parts.append(Text("Playable while: " + "; ".join(requirement_lines(card.requires, board)), style="yellow"))
    if not card.set_off:
        parts.append(Text(f"Only {seat_name(card.faction)} can take this decision: another seat may play "
                          "it for ops, and its event does not fire.", style="cyan"))
    if era := era_text(card, board, start):
        parts.append(Text(era, style="cyan"))
    if unmet:
        parts.append(Text("Not now: " + "; ".join(unmet), style="bold red"))
    if options:
        parts.append(Text("You may:\n" + "\n".join(f"  {o}" for o in options), style="green"))
    if card.sources:
        parts.append(Text("Sources:\n" + "\n".join(f"  • {line}" for line in source_lines(card.sources)),
                          style="dim"))
    if card.tags:
        parts.append(plain("Tags: " + ", ".join(card.tags), style="dim"))
    return Group(*parts)


class CardView(Static):
    """Shows one card (or a message in its place)."""

    def show_card(self, card: Any, options: Sequence[str] = (), board: Mapping[str, str] | None = None,
                  unmet: Sequence[str] = (), start: str | None = None) -> None:
        self.update(card_details(card, options, board, unmet, start))

    def show_message(self, message: str) -> None:
        self.update(Text(message, style="dim italic"))
