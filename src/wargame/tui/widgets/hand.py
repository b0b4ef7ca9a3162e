"""A seat's hand as a list of cards; highlighting one tells the screen which card to describe."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from wargame.tui.widgets.card_view import card_title


class HandList(OptionList):
    """The cards of the one seat allowed to see them; empty otherwise (see ``GameScreen``)."""

    class CardHighlighted(Message):
        """The player moved to a card of the hand."""

        def __init__(self, card_id: str | None) -> None:
            super().__init__()
            self.card_id = card_id

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.seat: str | None = None
        self.card_ids: list[str] = []

    def show_hand(self, seat: str | None, cards: Sequence[Any], playable: set[str] | None = None) -> None:
        """Show ``cards`` of ``seat`` (``None``: hide every card). Keeps the highlight where it can."""
        keep = self.highlighted_card
        self.seat = seat
        self.card_ids = [c.id for c in cards]
        self.clear_options()
        for i, card in enumerate(cards):
            title = card_title(card, short=True)
            if playable is not None and card.id not in playable:
                title.stylize("dim")
            self.add_option(Option(title, id=f"{i}:{card.id}"))
        if self.card_ids:
            self.highlighted = self.card_ids.index(keep) if keep in self.card_ids else 0
        self.post_message(self.CardHighlighted(self.highlighted_card))

    @property
    def highlighted_card(self) -> str | None:
        if self.highlighted is None or not self.card_ids or self.highlighted >= len(self.card_ids):
            return None
        return self.card_ids[self.highlighted]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.CardHighlighted(self.highlighted_card))
