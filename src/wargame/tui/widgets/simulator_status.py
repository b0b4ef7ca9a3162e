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
        self._status = ""
        self._since = time.monotonic()

    def on_mount(self) -> None:
        self.watch(self.app, "simulator_status", self._follow)
        self.set_interval(1.0, self._show)

    def _follow(self, status: str) -> None:
        if status != self._status:
            self._status, self._since = status, time.monotonic()
        self._show()

    def _show(self) -> None:
        if not self._status or self._status == READY:
            self.update(Text(self._status))
            return
        seconds = int(time.monotonic() - self._since)
        self.update(Text(f"{self._status} {seconds} s" if seconds else self._status))
