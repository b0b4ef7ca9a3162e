"""Exporting the after-action report (Ctrl+E) from the screens that show a game: play, scores, replay.

The report is written in a thread (folding a long log takes a moment) from a snapshot taken on the
UI thread, so the game may go on meanwhile; a refusal is a notification with its reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.screen import Screen

from wargame.tui.errors import explain, guarded, report
from wargame.tui.screens.closing import DismissOnce

#: The formats the TUI offers, as ``export_report`` names them, and how a person calls them.
REPORT_FORMATS = {"html": "HTML", "md": "Markdown"}


class ReportingScreen(DismissOnce, Screen[None]):
    """A screen whose game can be exported as an after-action report, to ``reports/`` under the current directory."""

    def report_source(self) -> tuple[Any, str | None]:
        """What to report on (a store ``Replay``/``Session`` that no one changes, or a save path) and its name."""
        raise NotImplementedError

    @guarded
    def action_export_report(self, fmt: str = "html") -> None:
        """Write the report of this screen's game in ``fmt`` (``html`` or ``md``) in the background."""
        if fmt not in REPORT_FORMATS:
            raise ValueError(f"unknown report format {fmt!r}")
        source, name = self.report_source()
        self.notify(f"Writing the {REPORT_FORMATS[fmt]} report…", timeout=2)
        self._write_report(source, fmt, name)

    @work(thread=True, group="report", exit_on_error=False)
    def _write_report(self, source: Any, fmt: str, name: str | None) -> None:
        from wargame.report import ReportError, export_report
        from wargame.store import SaveError

        try:
            path = export_report(source, fmt, name=name).resolve()
        except (ReportError, SaveError, OSError) as error:
            self.app.call_from_thread(self.notify, explain(error), title="Report not written", severity="error",
                                      timeout=10)
        except Exception as error:  # a bug: logged and shown, but the game goes on
            self.app.call_from_thread(report, self, error, "Report not written")
        else:
            self.app.call_from_thread(self._written, path, fmt)

    def _written(self, path: Path, fmt: str) -> None:
        self.notify(str(path), title=f"{REPORT_FORMATS[fmt]} report written", timeout=12)
