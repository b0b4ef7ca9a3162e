"""The TUI under hostile text: markup and control characters in decks, scenarios, saves and notes are
shown as text on every screen, never parsed and never a crash (issue 16, items 2 and 3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from test_tui_helpers import notifications, screen_text, wait_for
from wargame.tui.app import Launch, WargameApp
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.handover import HandOverScreen
from wargame.tui.screens.replay import ReplayScreen

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
SIZE = (160, 48)


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The hostile fixtures as the content directory, and an empty saves folder."""
    monkeypatch.setenv("WARGAME_CONTENT", str(HOSTILE))
    monkeypatch.setenv("WARGAME_SAVES", str(tmp_path / "saves"))
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    return tmp_path


def markup_save(path: Path, note: str = "[/] a note that closes nothing") -> Path:
    """A finished bots-only game of the markup scenario, with a facilitator's note, saved to ``path``."""
    from wargame.bots.match import play_match, seat_bots
    from wargame.store import Session
    from wargame.tui.session import load_game

    game = load_game("markup")
    seats = {s: "bot:random" for s in game.rules.scenario.seat_ids}
    match = play_match(game, seat_bots({s: "random" for s in seats}, 2), 2)
    session = Session.new(game, seats, 2)
    session.note(note)
    for action in match.actions:
        session.apply(action)
    session.save(path)
    return path


async def test_replay_shows_markup_in_card_names_and_notes_as_text(hostile: Path) -> None:
    path = markup_save(hostile / "markup.wgsave")
    app = WargameApp(Launch(replay=path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        await pilot.press("home", "right")
        await pilot.pause()
        text = screen_text(app)
        assert "[/] a note that closes nothing" in text
        names = ["[/bold red]", "[link=https://example.com]Click[/link]", "[b]Bold[/] firm", "Summit [/]", "[/] Fund"]
        await pilot.press("end")
        await pilot.pause()
        steps = screen_text(app)
        for row in range(app.screen.replay.length):
            app.screen.seek(row)
            await pilot.pause()
            steps += screen_text(app)
        assert any(name in steps for name in names)
        assert app.errors == []


async def test_markup_in_a_scenario_is_shown_as_text_from_setup_to_the_game(hostile: Path) -> None:
    from textual.widgets import Select

    from wargame.tui.screens.setup import NewExerciseScreen

    app = WargameApp(Launch(bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewExerciseScreen) and app.screen.scenarios, "scenarios")
        screen: Any = app.screen
        screen.query_one("#scenario", Select).value = "markup"
        await wait_for(pilot, lambda: screen.query("#seat-rows Select"), "the seat rows")
        text = screen_text(app)
        assert "A summary with [/] and [bold red]markup[/bold red] and" in text
        screen.query_one("#scenario", Select).value = "param-zero"
        await pilot.pause()
        assert "china_growth_tau = 0 is outside its bounds [1, 100]" in screen_text(app)
        screen.query_one("#scenario", Select).value = "markup"
        await wait_for(pilot, lambda: screen.query("#seat-rows Select"), "the seat rows")
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
        text = screen_text(app)
        assert "[/bold] Markup" in text and "[/] win" in text
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, GameScreen), "the game")
        text = screen_text(app)
        assert "[/bold] Markup" in text and "[/bold red]" in text  # the title, and the US hand's first card
        assert app.errors == [], app.errors
        assert not [n for n in notifications(app) if "markup" in n.lower()]
