"""Compact layouts: below a size, a screen shows one of its parts at a time under tabs (keys 1-n).

As Posting and Harlequin fold their panes on small terminals: a screen lists its panes as
(id, tab label, selector of the widget it shows); in the wide layout every pane is shown.
"""

from __future__ import annotations

from textual import on
from textual.screen import Screen
from textual.widgets import Footer, Tab, Tabs

from wargame.tui.screens.closing import DismissOnce

#: Below these a screen with panes shows one at a time.
COMPACT_WIDTH, COMPACT_HEIGHT = 110, 32

Pane = tuple[str, str, str]


class PanedScreen(DismissOnce, Screen[None]):
    """A screen whose parts fold into tabs on a small terminal."""

    PANES: tuple[Pane, ...] = ()
    #: Containers holding several panes: shown when any of their panes is (selector -> pane ids).
    PANE_GROUPS: dict[str, tuple[str, ...]] = {}

    def pane_tabs(self) -> Tabs:
        """The tab bar of the compact layout (yield it in ``compose``)."""
        return Tabs(*(Tab(f"{i} {label}", id=f"tab-{pane}") for i, (pane, label, _) in enumerate(self.PANES, 1)),
                    id="pane-tabs")

    @property
    def compact(self) -> bool:
        return self.has_class("-compact")

    def fit_panes(self, width: int, height: int) -> None:
        """Choose the layout for a terminal of ``width`` × ``height``."""
        compact = width < COMPACT_WIDTH or height < COMPACT_HEIGHT
        self.set_class(compact, "-compact")
        tabs = self.query_one("#pane-tabs", Tabs)
        tabs.display = compact
        for footer in self.query(Footer):  # the keys close together, without the palette's hint
            footer.compact = compact
            footer.show_command_palette = not compact
        self.show_pane((tabs.active or f"tab-{self.PANES[0][0]}").removeprefix("tab-") if compact else None)

    def show_pane(self, pane: str | None) -> None:
        """Show only ``pane`` (compact layout), or every pane (``None``)."""
        for name, _, selector in self.PANES:
            self.query_one(selector).display = pane is None or pane == name
        for selector, members in self.PANE_GROUPS.items():
            self.query_one(selector).display = pane is None or pane in members

    def choose_pane(self, pane: str) -> bool:
        """Switch to ``pane`` in the compact layout; ``False`` in the wide one (every pane is in view)."""
        if self.compact:
            self.query_one("#pane-tabs", Tabs).active = f"tab-{pane}"
        return self.compact

    def action_pane(self, pane: str) -> None:
        """Keys 1-n: show one pane (compact layout)."""
        self.choose_pane(pane)

    @on(Tabs.TabActivated, "#pane-tabs")
    def _pane_tab(self, event: Tabs.TabActivated) -> None:
        if self.compact and event.tab is not None and event.tab.id:
            self.show_pane(event.tab.id.removeprefix("tab-"))
