"""Writing reports to disk: ``export_report`` for one game, ``export_comparison`` for a branch.

Markdown charts go beside the report as SVG files in ``<stem>-charts/``; HTML is one file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from wargame.engine.text import printable
from wargame.report.compare import compare_records
from wargame.report.debrief import build_debrief
from wargame.report.html import render_comparison_html, render_html
from wargame.report.markdown import render_comparison_markdown, render_markdown
from wargame.report.record import GameRecord, ReportError, record_of
from wargame.store.atomic import atomic_write

Format = Literal["md", "html"]
FORMATS: tuple[str, ...] = ("md", "html")
REPORT_DIR = Path("reports")


def default_path(name: str, fmt: str, directory: Path = REPORT_DIR) -> Path:
    """``reports/<name>.<ext>``: where a report goes when no path is given."""
    return directory / f"{name}.{fmt}"


def export_report(source: Any, fmt: str = "html", out_path: str | Path | None = None,
                  name: str | None = None) -> Path:
    """Write the report of a game and return its path.

    ``source``: a save file path, a store ``Replay`` or ``Session`` (e.g. the TUI's current game),
    or a ``GameRecord``; ``name`` titles the game (default: the save's file name). Without
    ``out_path`` the report goes to ``reports/<name>.<fmt>``. Raises ``SaveError`` for a refused
    save, ``ReportError`` otherwise (including a file that cannot be written).
    """
    record = record_of(source, name)
    path = _target(record, fmt, out_path)
    debrief = build_debrief(record)
    if fmt == "html":
        return _write(path, render_html(debrief))
    text, charts = render_markdown(debrief, f"{path.stem}-charts")
    return _write(path, text, charts)


def export_comparison(original: Any, branch: Any, fmt: str = "html", out_path: str | Path | None = None) -> Path:
    """Write the comparison of a branched game with its original and return its path."""
    a, b = record_of(original), record_of(branch)
    path = _target(a, fmt, out_path, suffix=f"-vs-{b.name}")
    comparison = compare_records(a, b)
    if fmt == "html":
        return _write(path, render_comparison_html(comparison))
    text, charts = render_comparison_markdown(comparison, f"{path.stem}-charts")
    return _write(path, text, charts)


def _target(record: GameRecord, fmt: str, out_path: str | Path | None, suffix: str = "") -> Path:
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return Path(out_path) if out_path is not None else default_path(record.name + suffix, fmt)


def _write(path: Path, text: str, extra: dict[str, str] | None = None) -> Path:
    """Write the report and its chart files (paths relative to the report's folder), each atomically:
    a report written again is never left half old, and a link, pipe or device in its place is refused."""
    try:
        for name, body in (extra or {}).items():
            atomic_write(path.parent / name, printable(body).encode("utf-8"))
        atomic_write(path, printable(text).encode("utf-8"))  # names and notes may come from someone else's save
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path
