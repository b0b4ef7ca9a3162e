"""The debrief from the TUI: Ctrl+E writes the after-action report, a team's "why?" typed into the
play menu reaches the log and the report, and the facilitator's note on play #N lands beside it."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from test_tui import SIZE, begin, launch
from test_tui_helpers import notifications, past_read_outs, wait_for
from wargame.tui.screens.dialogs import PlayDialog
from wargame.tui.screens.facilitator import FacilitatorPanel
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.handover import HandOverScreen
from wargame.tui.widgets.event_log import EventLog
from wargame.tui.widgets.hand import HandList

pytest_plugins = ("test_tui_helpers",)  # the ``content`` fixture
REPORT = Path("reports") / "short-seed3.html"  # the exercise has no save name: <scenario>-seed<seed>


def keys_of(text: str) -> list[str]:
    """The key presses that type ``text``."""
    return ["space" if c == " " else c for c in text]


async def to_hand(pilot: Any, game: GameScreen, seat: str) -> None:
    """Through the hand-over to ``seat``'s hand."""
    await past_read_outs(pilot, lambda: isinstance(pilot.app.screen, HandOverScreen)
                         and pilot.app.screen.seat == seat, f"the hand-over to {seat}")
    await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is game and game.query_one(HandList).seat == seat,
                   f"{seat}'s hand")


async def play_first_choice(pilot: Any, game: GameScreen, why: str = "") -> str:
    """Enter on the highlighted card, type ``why`` (if any), Enter; pick the first swing state if asked.
    Returns the name of the card played."""
    exercise = game.exercise
    card = exercise.card(game.query_one(HandList).highlighted_card).name
    before = len(exercise.session.entries)
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, PlayDialog), "the play menu")
    await pilot.press(*keys_of(why), "enter")
    await wait_for(pilot, lambda: len(exercise.session.entries) > before or isinstance(pilot.app.screen, PlayDialog)
                   and pilot.app.screen.title_text == "Pick a swing state", "the play or the swing states")
    if len(exercise.session.entries) == before:
        await pilot.press("enter")  # the swing state: the note typed before is kept
        await wait_for(pilot, lambda: len(exercise.session.entries) > before, "the play")
    return card


async def export(pilot: Any, game: GameScreen) -> str:
    """Ctrl+E on the game screen; the report's text, once the notification names its file."""
    app = pilot.app
    await wait_for(pilot, lambda: app.screen is game, "the game screen")
    await pilot.press("ctrl+e")
    path = REPORT.resolve()
    await wait_for(pilot, lambda: any(str(path) in n for n in notifications(app)), "the report's notification")
    assert path.exists()
    return html.unescape(path.read_text(encoding="utf-8"))


async def test_ctrl_e_on_the_game_screen_writes_the_report(content: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await to_hand(pilot, game, "us")
        card = await play_first_choice(pilot, game)  # the US headline
        await to_hand(pilot, game, "china")
        await pilot.press("p")
        await to_hand(pilot, game, "us")  # the headlines are revealed
        assert not REPORT.exists()
        text = await export(pilot, game)
        assert card in text
        assert "Reasons given for plays" in text
        assert app.errors == []


async def test_a_why_typed_in_the_play_menu_is_logged_and_reported(content: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        exercise = game.exercise
        await to_hand(pilot, game, "us")
        secret = "Bait them into India"
        await play_first_choice(pilot, game, secret)  # a headline pick: its why stays secret until the debrief
        await to_hand(pilot, game, "china")
        await pilot.press("p")
        await to_hand(pilot, game, "us")
        why = "Keep Japan close"
        await play_first_choice(pilot, game, why)
        entries = exercise.session.entries
        plays = [e for e in entries if e.seat == "us"]
        assert [e.action.get("text") for e in plays] == [secret, why]
        for entry, text in zip(plays, (secret, why), strict=True):
            assert any(e["kind"] == "rationale" and e["text"] == text for e in entry.events)
        log = game.query_one(EventLog).entries
        assert any(f"why: {why}" in line for line in log)
        assert not any(secret in line for line in log), "a headline's why was shown to the table"
        await to_hand(pilot, game, "china")
        report = await export(pilot, game)
        assert why in report and secret in report
        assert app.errors == []


async def test_facilitator_note_on_play_n_is_reported_beside_it(content: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await to_hand(pilot, game, "us")
        await play_first_choice(pilot, game)  # play #1, the US headline
        await to_hand(pilot, game, "china")
        await pilot.press("p")  # play #2
        await wait_for(pilot, lambda: len(game.exercise.session.entries) == 2, "two plays")
        await to_hand(pilot, game, "us")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FacilitatorPanel), "the facilitator panel")
        panel = app.screen
        await pilot.press("3")
        from textual.widgets import Input

        number = panel.query_one("#play-number", Input)
        assert number.value == "2"  # the latest play, by default
        number.focus()
        await pilot.press("backspace", "1", "enter")  # Enter in N moves on to the note
        await wait_for(pilot, lambda: panel.focused is panel.query_one("#play-note-text"), "the note field")
        note = "Congress pushed them"
        await pilot.press(*keys_of(note), "enter")
        await wait_for(pilot, lambda: len(game.exercise.session.entries) == 3, "the note in the log")
        assert game.exercise.session.entries[-1].action == {"seat": "facilitator", "kind": "note", "text": f"#1 {note}"}
        await pilot.press("escape")
        report = await export(pilot, game)
        row = re.search(r'<td class="num">1</td>((?:(?!</tr>).)*)</tr>', report, flags=re.S)
        assert row is not None and f"facilitator: {note}" in row.group(1)
        assert app.errors == []


async def test_a_refused_report_is_a_notice_not_a_crash(content: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("reports").write_text("a file where the reports folder should be")
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await to_hand(pilot, game, "us")
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: any("cannot write" in n for n in notifications(app)), "the refusal")
        assert isinstance(app.screen, GameScreen)
        assert app.errors == []


async def test_report_commands_in_the_palette(content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await to_hand(pilot, game, "us")
        from wargame.tui.commands import ExerciseCommands

        hits = {hit.text: hit.command async for hit in ExerciseCommands(game).discover()}
        assert "Report: export the after-action report (HTML)" in hits
        hits["Report: export the after-action report (Markdown)"]()
        path = (Path("reports") / "short-seed3.md").resolve()
        await wait_for(pilot, lambda: any(str(path) in n for n in notifications(app)), "the Markdown report")
        assert path.exists()
