"""Bots: players that see only their seat's view and answer with a legal action."""

from wargame.bots.base import BOTS, Bot, make_bot

__all__ = ["BOTS", "Bot", "make_bot"]
