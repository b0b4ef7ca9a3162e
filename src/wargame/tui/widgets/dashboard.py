"""The dashboard of tracks: each with its value, its change this quarter and a sparkline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Label, Sparkline

from wargame.tui.readout import TRACKS, Track, change_text, describe_variable, is_visible_change, value_text


class TrackRow(Horizontal):
    """A track: label, value, change this quarter, sparkline of the quarters so far."""

    def __init__(self, track: Track) -> None:
        super().__init__(classes="track-row")
        self.track = track
        self.tooltip = describe_variable(track.path)

    def compose(self) -> ComposeResult:
        yield Label(self.track.label, classes="track-label")
        yield Label("", classes="track-value")
        yield Label("", classes="track-change")
        yield Sparkline([], classes="track-spark")

    def show(self, value: float, delta: float | None, series: Sequence[float],
             values: Mapping[str, float] | None = None) -> None:
        self.query_one(".track-value", Label).update(value_text(self.track.path, value, values))
        change = self.query_one(".track-change", Label)
        change.update(change_text(self.track.path, delta))
        moved = is_visible_change(self.track.path, delta)
        change.set_class(moved and delta is not None and delta > 0, "-up")
        change.set_class(moved and delta is not None and delta < 0, "-down")
        self.query_one(Sparkline).data = list(series) if len(series) > 1 else []  # one point is no trend


class Dashboard(VerticalScroll):
    """Every track the scenario's seats make relevant."""

    def __init__(self, seats: Sequence[str], **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.tracks = [t for t in TRACKS if t.seat is None or t.seat in seats]
        self.can_focus = False

    def compose(self) -> ComposeResult:
        for track in self.tracks:
            yield TrackRow(track)

    def show(self, values: Mapping[str, float], history: Sequence[Mapping[str, float]],
             baseline: Mapping[str, float] | None = None) -> None:
        """Current ``values`` (variables and ``<seat>.vp``) against ``baseline`` (default: the last close)."""
        last = baseline if baseline is not None else history[-1] if history else None
        for row in self.query(TrackRow):
            path = row.track.path
            if path not in values:
                continue
            now = values[path]
            before = last.get(path) if last is not None else None
            series = [h[path] for h in history if path in h] + [now]
            row.show(now, None if before is None else now - before, series, values)
