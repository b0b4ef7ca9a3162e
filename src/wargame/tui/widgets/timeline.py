"""The replay's timeline: the whole log as a bar, quarter starts marked, the cursor on it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static


def timeline(length: int, cursor: int, starts: Sequence[tuple[int, str]], width: int) -> Text:
    """Two lines: the bar with the cursor, and the quarters under the points where they start."""
    width = max(width, 10)

    def column(index: int) -> int:
        return 0 if length == 0 else round(index * (width - 1) / length)

    bar = ["─"] * width
    for index, _ in starts:
        bar[column(index)] = "┼"
    here = column(cursor)
    text = Text()
    text.append("".join(bar[:here]), style="cyan")
    text.append("●", style="bold reverse yellow")
    text.append("".join(bar[here + 1:]), style="dim")
    labels = [" "] * width
    last_end = -1
    for index, label in starts:
        col = column(index)
        short = label[2:]
        if col > last_end and col + len(short) <= width:
            labels[col:col + len(short)] = list(short)
            last_end = col + len(short)
    text.append("\n" + "".join(labels), style="dim")
    return text


class Timeline(Static):
    """Redrawn whenever the replay's cursor moves."""

    def show(self, length: int, cursor: int, starts: Sequence[tuple[int, str]]) -> None:
        self.update(timeline(length, cursor, starts, self.content_size.width or 80))
