"""The swing-state board: each state's alignment as a bar from China (-3) to the US (+3)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from wargame.tui.readout import plain

_HALF = 6  # cells per side: one per half step of alignment
#: The columns beside a state's name: the bar (its head "China ◀  ▶ US" as wide), the alignment with
#: its move ("+1.5▲"), the share of demand (its head "demand"), and a space between each two.
_BESIDE_NAMES = (2 * _HALF + 1) + len("+1.5▲") + len("demand") + 3


def alignment_bar(alignment: float, labels: bool = True) -> Text:
    """``CN ░░░░░░│████░░ US``: filled from the centre toward the side the state leans to."""
    cells = round(abs(alignment) * _HALF / 3)
    left = Text("░" * _HALF, style="grey35")
    right = Text("░" * _HALF, style="grey35")
    if alignment < 0:
        left = Text("░" * (_HALF - cells), style="grey35") + Text("█" * cells, style="red1")
    elif alignment > 0:
        right = Text("█" * cells, style="dodger_blue1") + Text("░" * (_HALF - cells), style="grey35")
    bar = left + Text("│", style="bold") + right
    return Text("CN ", style="red1") + bar + Text(" US", style="dodger_blue1") if labels else bar


def leaning(alignment: float) -> str:
    if alignment >= 1:
        return "US-aligned"
    if alignment <= -1:
        return "China-aligned"
    return "neutral"


class SwingBoard(Static):
    """The board as a table: state, bar, alignment and share of world demand."""

    _shown: tuple[Sequence[tuple[str, str, float]], Mapping[str, float], Mapping[str, float] | None] | None = None

    def on_resize(self) -> None:
        """Names get what the bars leave: redraw at the new width."""
        if self._shown is not None:
            self.show(*self._shown)

    def show(self, states: Sequence[tuple[str, str, float]], alignments: Mapping[str, float],
             changed: Mapping[str, float] | None = None) -> None:
        """``states`` are (id, name, demand); ``changed`` gives last quarter's alignments to show moves."""
        self._shown = (states, alignments, changed)
        table = Table.grid(padding=(0, 1))
        room = self.content_size.width or 40
        longest = max((len(s[1]) for s in states), default=6)
        table.add_column(width=max(6, min(room - _BESIDE_NAMES, longest)), no_wrap=True, overflow="ellipsis")
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True, justify="right")
        table.add_column(no_wrap=True, justify="right")
        table.add_row(Text("", style="dim"), Text("China ◀", style="red1") + Text("  ") + Text("▶ US", style="dodger_blue1"),
                      Text("", style="dim"), Text("demand", style="dim"))
        for state_id, name, demand in states:
            a = alignments.get(state_id, 0.0)
            move = ""
            if changed is not None and state_id in changed and abs(a - changed[state_id]) > 1e-9:
                move = "▲" if a > changed[state_id] else "▼"
            table.add_row(plain(name, style="bold"), alignment_bar(a, labels=False), Text(f"{a:+.1f}{move}"),
                          Text(f"{demand:.0%}", style="dim"))
        self.update(table)
