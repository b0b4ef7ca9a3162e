"""One line saying whether the simulator is ready, and while it is being prepared, for how long."""

from __future__ import annotations

import time

from rich.text import Text
from textual.widgets import Static

from wargame.tui.simulator import READY


class SimulatorStatus(Static):
    """Follows ``app.simulator_status``; counts the seconds while the simulator is being prepared."""

    DEFAULT_CSS = """
    SimulatorStatus {
        dock: bottom;
        margin-bottom: 1;  /* the row above the key footer, which docks at the bottom too */
        width: 100%;
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    """

    def __init__(self) -> None:
        super().__init__("", id="simulator-status")

    def on_mount(self) -> None:
        self.watch(self.app, "simulator_status", lambda _: self._show())
        self.set_interval(1.0, self._show)

    def _show(self) -> None:
        status: str = getattr(self.app, "simulator_status", "")
        preparation = getattr(self.app, "simulator", None)
        if not status or status == READY or preparation is None:
            self.update(Text(status))
            return
        seconds = int(time.monotonic() - preparation.since)
        self.update(Text(f"{status} {seconds} s" if seconds else status))
