"""Screens close once: a key pressed twice before a screen is gone must not close the one under it.

Textual's ``Screen.dismiss`` pops whatever screen is on top, so a second Enter that reaches a
dialog before its first dismissal is processed would also pop the game screen beneath it.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete


async def _nothing() -> None:
    return None


class DismissOnce:
    """Mix in before ``Screen``: ``dismiss`` acts only while the screen is on top, and only once."""

    _dismissed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        screen: Any = self
        if self._dismissed or not screen.is_current:
            return AwaitComplete(_nothing())
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc,no-any-return]
