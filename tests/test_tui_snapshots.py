"""Snapshot tests of the key screens (pytest-textual-snapshot, which needs pytest < 9).

The pictures live in ``tests/snapshots/``. After a deliberate change of a screen, review and
refresh them with ``pytest tests/test_tui_snapshots.py --snapshot-update``. The theme is set by the
app itself and the turn timer's clock is frozen, so the pictures do not depend on the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pts = pytest.importorskip("pytest_textual_snapshot")

from test_tui_helpers import wait_for  # noqa: E402
from wargame.tui.app import Launch, WargameApp  # noqa: E402

pytest_plugins = ("test_tui_helpers",)  # the ``content`` fixture
SIZE = (160, 48)
SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


class _SVGInSnapshots(pts.SVGImageExtension):  # type: ignore[misc,name-defined]
    @classmethod
    def dirname(cls, *, test_location: Any) -> str:
        return str(SNAPSHOTS / test_location.basename)


@pytest.fixture(autouse=True)
def _stable(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots in tests/snapshots/; a turn timer that always reads 00:00."""
    monkeypatch.setattr(pts, "SVGImageExtension", _SVGInSnapshots)
    monkeypatch.setattr("wargame.tui.widgets.game_header.monotonic", lambda: 1000.0)


def _game_app() -> WargameApp:
    return WargameApp(Launch(scenario="short", seats={"us": "human", "china": "human"}, seed=3, bot_pace=0.0))


async def _to_game(pilot: Any, confirm: bool = True) -> None:
    from wargame.tui.screens.briefing import BriefingScreen
    from wargame.tui.screens.game import GameScreen
    from wargame.tui.screens.handover import HandOverScreen

    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over")
    if confirm:
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
    await pilot.pause()


def test_main_menu(content: Path, snap_compare: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.tui.simulator import READY

    monkeypatch.setattr("wargame.sim.kernel.warmup.compiled", lambda: True)  # as after the first start

    async def ready(pilot: Any) -> None:
        await wait_for(pilot, lambda: pilot.app.simulator_status == READY, "the simulator's status")

    assert snap_compare(WargameApp(), terminal_size=SIZE, run_before=ready)


def test_briefing(content: Path, snap_compare: Any) -> None:
    async def brief(pilot: Any) -> None:
        from wargame.tui.screens.briefing import BriefingScreen

        await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen), "the briefing")

    assert snap_compare(_game_app(), terminal_size=SIZE, run_before=brief)


def test_hand_over(content: Path, snap_compare: Any) -> None:
    async def hand_over(pilot: Any) -> None:
        await _to_game(pilot, confirm=False)

    assert snap_compare(_game_app(), terminal_size=SIZE, run_before=hand_over)


def test_game_screen(content: Path, snap_compare: Any) -> None:
    assert snap_compare(_game_app(), terminal_size=SIZE, run_before=_to_game)


def test_replay_viewer(content: Path, tmp_path: Path, snap_compare: Any) -> None:
    from test_tui import _bot_save

    path = _bot_save(tmp_path / "saves" / "bots.wgsave")

    async def seek(pilot: Any) -> None:
        from wargame.tui.screens.replay import ReplayScreen

        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReplayScreen), "the replay")
        await pilot.press("home", "right_square_bracket", "right")

    assert snap_compare(WargameApp(Launch(replay=path)), terminal_size=SIZE, run_before=seek)
