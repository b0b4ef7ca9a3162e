"""Snapshot tests of every screen at 80×24, 120×36 and 160×48 (pytest-textual-snapshot, which needs pytest < 9).

The pictures live in ``tests/snapshots/``. After a deliberate change of a screen, look at the
pictures, then refresh them with ``pytest tests/test_tui_snapshots.py --snapshot-update``. The theme
is set by the app itself, the turn timer's clock is frozen and the saves' times are fixed, so the
pictures do not depend on the environment.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

pts = pytest.importorskip("pytest_textual_snapshot")

from test_tui_helpers import past_read_outs, wait_for  # noqa: E402
from wargame.tui.app import Launch, WargameApp  # noqa: E402

pytest_plugins = ("test_tui_helpers",)  # the ``content`` fixture
SIZES = [(80, 24), (120, 36), (160, 48)]
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
Drive = Callable[[Any], Awaitable[None]]


class _SVGInSnapshots(pts.SVGImageExtension):  # type: ignore[misc,name-defined]
    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        return str(SNAPSHOTS / test_location.basename)


@pytest.fixture(autouse=True)
def _stable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in tests/snapshots/; a turn timer that always reads 00:00."""
    monkeypatch.setattr(pts, "SVGImageExtension", _SVGInSnapshots)
    monkeypatch.setattr("wargame.tui.widgets.game_header.monotonic", lambda: 1000.0)
    monkeypatch.setattr("wargame.engine.compiled.compiled", lambda: True)  # as after the first start


async def _simulator_ready(pilot: Any) -> None:
    """The menu's status line once the (already compiled) simulator is found ready."""
    from wargame.tui.simulator import READY

    await wait_for(pilot, lambda: pilot.app.simulator_status == READY, "the simulator's status")


def _game_app(seats: dict[str, str] | None = None) -> WargameApp:
    return WargameApp(Launch(scenario="short", seats=seats or {"us": "human", "china": "human"}, seed=3,
                             bot_pace=0.0))


def _is(name: str) -> Callable[[Any], bool]:
    return lambda pilot: type(pilot.app.screen).__name__ == name


async def _until(pilot: Any, name: str) -> None:
    await wait_for(pilot, lambda: _is(name)(pilot), name)


async def _briefing(pilot: Any) -> None:
    await _until(pilot, "BriefingScreen")


async def _hand_over(pilot: Any) -> None:
    await _briefing(pilot)
    await pilot.press("enter")
    await _until(pilot, "HandOverScreen")


async def _game(pilot: Any) -> None:
    await _hand_over(pilot)
    await pilot.press("enter")
    await _until(pilot, "GameScreen")
    await pilot.pause()


def _then(first: Drive, *keys: str, screen: str | None = None) -> Drive:
    async def drive(pilot: Any) -> None:
        await first(pilot)
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        if screen:
            await _until(pilot, screen)
        await pilot.pause()

    return drive


async def _menu_entry(pilot: Any, key: str, screen: str, ready: Callable[[Any], bool] = lambda s: True) -> None:
    await _simulator_ready(pilot)
    await pilot.press(key)
    await wait_for(pilot, lambda: _is(screen)(pilot) and ready(pilot.app.screen), screen)
    await pilot.pause()


async def _reveal(pilot: Any) -> None:
    await _game(pilot)
    await pilot.press("e")
    await _until(pilot, "HeadlineReveal")


def _saved(tmp_path: Path) -> Path:
    from test_tui import _bot_save

    path = _bot_save(tmp_path / "saves" / "bots.wgsave")
    when = time.mktime((2026, 5, 6, 7, 8, 0, 0, 0, -1))
    os.utime(path, (when, when))
    return path


SCREENS: dict[str, tuple[Callable[[], WargameApp], Any]] = {
    "menu": (WargameApp, _simulator_ready),
    "new_exercise": (WargameApp, lambda p: _menu_entry(p, "n", "NewExerciseScreen",
                                                       lambda s: bool(s.query("#seat-rows Select")))),
    "briefing": (_game_app, _briefing),
    "hand_over": (_game_app, _hand_over),
    "game": (_game_app, _game),
    "game_log_pane": (_game_app, _then(_game, "5")),
    "facilitator": (_game_app, _then(_game, "f", screen="FacilitatorPanel")),
    "facilitator_override": (_game_app, _then(_game, "f", "2", screen="FacilitatorPanel")),
    "headline_reveal": (lambda: _game_app({"us": "human", "china": "bot:greedy"}), _reveal),
    "decks": (WargameApp, lambda p: _menu_entry(p, "d", "DecksScreen", lambda s: bool(s.cards))),
    "simulate": (WargameApp, lambda p: _menu_entry(p, "m", "SimulateScreen")),
    "rules": (WargameApp, lambda p: _menu_entry(p, "question_mark", "RulesScreen")),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(content: Path, snap_compare: Any, screen: str, size: tuple[int, int]) -> None:
    make, drive = SCREENS[screen]
    assert snap_compare(make(), terminal_size=size, run_before=drive)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ["SituationReport", "ResultScreen"])
def test_bots_game_screen(content: Path, snap_compare: Any, screen: str, size: tuple[int, int]) -> None:
    async def drive(pilot: Any) -> None:
        await _briefing(pilot)
        await pilot.press("enter")
        await past_read_outs(pilot, lambda: _is(screen)(pilot), screen)
        await pilot.pause()

    app = _game_app({"us": "bot:greedy", "china": "bot:greedy"})
    assert snap_compare(app, terminal_size=size, run_before=drive)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", ["replay", "saves"])
def test_saved_game_screen(content: Path, tmp_path: Path, snap_compare: Any, screen: str,
                           size: tuple[int, int]) -> None:
    path = _saved(tmp_path)

    async def drive(pilot: Any) -> None:
        if screen == "replay":
            await _until(pilot, "ReplayScreen")
            await pilot.press("home", "right_square_bracket", "right")
        else:
            await _menu_entry(pilot, "l", "SavesScreen", lambda s: bool(s.saves))
        await pilot.pause()

    app = WargameApp(Launch(replay=path)) if screen == "replay" else WargameApp()
    assert snap_compare(app, terminal_size=size, run_before=drive)
