"""The TUI driven through ``App.run_test()``: a whole hot-seat game by key presses, hidden hands,
the facilitator's override in the log and the save, replay seeking, and damaged saves."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from test_tui_helpers import NAMES, is_read_out, notifications, past_read_outs, screen_text, wait_for
from wargame.engine.actions import HEADLINE
from wargame.tui.app import Launch, WargameApp
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.dialogs import PlayDialog, TextPrompt
from wargame.tui.screens.facilitator import FacilitatorPanel
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.handover import HandOverScreen
from wargame.tui.screens.menu import MainMenu
from wargame.tui.screens.replay import ReplayScreen
from wargame.tui.screens.result import ResultScreen
from wargame.tui.screens.saves import SavesScreen
from wargame.tui.widgets.event_log import EventLog
from wargame.tui.widgets.hand import HandList

pytest_plugins = ("test_tui_helpers",)  # the ``content`` fixture
SIZE = (160, 48)


def launch(seats: dict[str, str] | None = None, **kw: Any) -> WargameApp:
    return WargameApp(Launch(scenario="short", seats=seats or {"us": "human", "china": "human"}, seed=3,
                             bot_pace=0.0, **kw))


async def begin(pilot: Any) -> GameScreen:
    """From the launch to the game screen (through the briefing)."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen), "the briefing")
    await pilot.press("enter")
    await wait_for(pilot, lambda: any(isinstance(s, GameScreen) for s in pilot.app.screen_stack), "the game")
    return next(s for s in pilot.app.screen_stack if isinstance(s, GameScreen))


async def to_simulate(pilot: Any) -> Any:
    """From the menu to the simulate screen, its scenarios listed."""
    from wargame.tui.screens.simulate import SimulateScreen

    await pilot.press("m")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, SimulateScreen), "the simulate screen")
    await wait_for(pilot, lambda: "short" in screen_text(pilot.app), "the scenarios")
    return pilot.app.screen


def card_names(exercise: Any, seat: str) -> list[str]:
    return [exercise.card(cid).name for cid in exercise.state.hands[seat]]


async def test_menu_is_the_first_screen(content: Path) -> None:
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainMenu)
        assert app.theme == "textual-dark"
        assert "New exercise" in screen_text(app)


async def test_whole_hot_seat_game_by_key_presses(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        turns = 0
        for _ in range(300):
            screen = app.screen
            if isinstance(screen, ResultScreen):
                break
            if is_read_out(screen):  # the staged reveal and the quarter report: Enter until they close
                await pilot.press("enter")
                await pilot.pause()
                continue
            if isinstance(screen, HandOverScreen | PlayDialog):
                before = app.screen
                await pilot.press("enter")
                await wait_for(pilot, lambda before=before: app.screen is not before, "the dialog to close")
                continue
            assert isinstance(screen, GameScreen)
            before_len = len(game.exercise.session.entries)

            def moved(n: int = before_len) -> bool:
                return len(game.exercise.session.entries) > n or not isinstance(app.screen, GameScreen)

            # Enter on a card offers its legal uses; o plays it for ops; p passes. All by keys.
            headline = game.exercise.state.phase == "headline"
            key = "enter" if headline else ("enter", "o", "p")[turns % 3]
            turns += 1
            await pilot.press(key)
            try:
                await wait_for(pilot, moved, "a move", limit=25)
            except AssertionError:  # the card could not be used that way (a notice says why): pass
                await pilot.press("p")
                await wait_for(pilot, moved, "a pass")
        assert isinstance(app.screen, ResultScreen), "the game did not reach its end"
        exercise = game.exercise
        assert exercise.over
        text = screen_text(app)
        winner = exercise.state.result["winner"]
        assert f"{ {'us': 'US', 'china': 'CHINA', 'firm': 'FIRM'}[winner]} WINS" in text
        assert "Scores against target" in text
        kinds = {e.action.get("kind") for e in exercise.session.entries}
        assert {"headline", "ops", "pass"} <= kinds
        assert app.errors == []


async def test_hand_over_hides_every_hand(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        exercise = game.exercise
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over to the US")
        us_cards = card_names(exercise, "us")
        china_cards = card_names(exercise, "china")
        text = screen_text(app)
        assert "US to play" in text
        for name in us_cards + china_cards:
            assert name not in text
        assert game.query_one(HandList).option_count == 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game, "the US hand")
        text = screen_text(app)
        assert all(name in text for name in us_cards)
        assert not any(name in text for name in china_cards if name not in us_cards)
        await pilot.press("p")  # the US declines to headline: China is next
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over to China")
        text = screen_text(app)
        assert "China to play" in text
        for name in card_names(exercise, "china") + card_names(exercise, "us"):
            assert name not in text, f"{name} is on screen during the hand-over"
        hand = game.query_one(HandList)
        assert hand.option_count == 0 and hand.seat is None
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game, "the China hand")
        assert game.query_one(HandList).seat == "china"
        assert app.errors == []


async def test_facilitator_override_is_logged_and_saved(content: Path, tmp_path: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game, "the game")
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FacilitatorPanel), "the facilitator panel")
        panel = app.screen
        from textual.widgets import Button, Input, Select, TabbedContent

        await pilot.press("2")  # the Override tab, as soon as the panel is up
        await wait_for(pilot, lambda: panel.query_one(TabbedContent).active == "tab-override" and app.focused is not None
                       and app.focused.id == "override-path", "the Override tab")
        panel.query_one("#override-path", Select).value = "us.export_controls"
        value = panel.query_one("#override-value", Input)
        await wait_for(pilot, lambda: value.value == "0.8", "the value now, filled in")
        # the variable's help grows from nothing to two lines and moves the button down: click it where it is
        await wait_for(pilot, lambda: panel.query_one("#var-help").region.height >= 2, "the variable's help, laid out")
        reason = "white cell: Congress passes the chip security act"
        panel.query_one("#override-reason", Input).value = reason
        await pilot.click("#override")  # the value as it is: nothing to change, nothing logged
        await wait_for(pilot, lambda: any("already 0.80: nothing to change" in n for n in notifications(app)),
                       "the same value refused")
        assert not game.exercise.session.entries
        value.value = "0.95"
        await pilot.pause()
        panel.query_one("#override", Button).press()  # (the toast still lies over the button)
        await wait_for(pilot, lambda: game.exercise.state.values["us.export_controls"] != pytest.approx(0.8),
                       "the override")
        assert game.exercise.state.values["us.export_controls"] == pytest.approx(0.95)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is game, "the game again")
        log = game.query_one(EventLog)
        assert any("US export-control stringency" in line and reason in line for line in log.entries)
        assert not any("us.export_controls" in line for line in log.entries)  # people see names, not paths
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt), "the save prompt")
        app.screen.query_one(Input).value = "override test"
        await pilot.press("enter")
        saved = tmp_path / "saves" / "override-test.wgsave"
        await wait_for(pilot, saved.exists, "the save file")
        doc = json.loads(saved.read_text())
        overrides = [e["action"] for e in doc["log"] if e["action"].get("kind") == "override"]
        assert overrides == [{"seat": "facilitator", "kind": "override", "path": "us.export_controls",
                              "value": 0.95, "text": reason}]
        (autosave,) = (tmp_path / "saves").glob("autosave-*.wgsave")  # the exercise's own autosave
        assert reason in autosave.read_text()
        assert app.errors == []


def _bot_save(path: Path, seats: dict[str, str] | None = None) -> Path:
    from wargame.bots.match import play_match, seat_bots
    from wargame.store import save_match
    from wargame.tui.session import load_game

    game = load_game("short")
    seats = seats or {"us": "bot:greedy", "china": "bot:greedy"}
    match = play_match(game, seat_bots({s: "greedy" for s in seats}, 5), 5)  # recorded as ``seats``
    save_match(path, game, seats, 5, match.actions)
    return path


async def test_replay_seek_shows_the_right_quarter(content: Path, tmp_path: Path) -> None:
    path = _bot_save(tmp_path / "saves" / "bots.wgsave")
    app = WargameApp(Launch(replay=path))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        screen = app.screen
        replay = screen.replay
        assert replay.cursor == replay.length
        await pilot.press("home")
        assert replay.cursor == 0
        assert "2026Q1" in str(screen.query_one("#replay-header").render())
        await pilot.press("right", "right")
        assert replay.cursor == 2
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert replay.cursor == replay.quarter_index(2)
        assert replay.state.quarter == replay.state_at(replay.quarter_index(2)).quarter
        header = str(screen.query_one("#replay-header").render())
        assert "2026Q2" in header and "turn 2" in header
        await pilot.press("left_square_bracket")
        assert replay.cursor == replay.quarter_index(1)
        assert "What changed" in screen_text(app) or True
        assert app.errors == []


async def test_replay_branch_starts_a_new_game(content: Path, tmp_path: Path) -> None:
    path = _bot_save(tmp_path / "saves" / "bots.wgsave", {"us": "human", "china": "bot:greedy"})
    app = WargameApp(Launch(replay=path, bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        await pilot.press("home", "right", "right", "right")
        await pilot.press("b")
        await pilot.press("y")
        await wait_for(pilot, lambda: any(isinstance(s, GameScreen) for s in app.screen_stack), "the branch")
        game = next(s for s in app.screen_stack if isinstance(s, GameScreen))
        assert len(game.exercise.session.entries) >= 3
        assert app.errors == []


async def test_damaged_save_shows_its_reason(content: Path, tmp_path: Path) -> None:
    good = _bot_save(tmp_path / "saves" / "good.wgsave")
    bad = tmp_path / "saves" / "broken.wgsave"
    bad.write_bytes(good.read_bytes()[:-200])  # truncated
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, SavesScreen) and app.screen.saves, "the save list")
        screen = app.screen
        names = [s.name for s in screen.saves]
        assert set(names) == {"good", "broken"}
        await wait_for(pilot, lambda: "DAMAGED" in screen_text(app), "the damaged save's mark on screen")
        from textual.widgets import DataTable

        table = screen.query_one(DataTable)
        table.move_cursor(row=names.index("broken"))
        await pilot.pause()
        reason = screen.saves[names.index("broken")].reason
        assert reason
        assert reason[:30] in screen_text(app).replace("\n", " ") or "Cannot be used" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: any(reason in n for n in notifications(app)), "the reason, told")
        assert isinstance(app.screen, SavesScreen)  # still running, still listing
        table.move_cursor(row=names.index("good"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultScreen), "the finished game")
        assert app.errors == []


async def test_a_save_from_a_newer_version_is_not_called_damaged(content: Path, tmp_path: Path) -> None:
    """A save this program is too old to read is listed as such: nothing is wrong with the file."""
    good = _bot_save(tmp_path / "saves" / "good.wgsave")
    doc = json.loads(good.read_text())
    doc["version"] = 99
    (tmp_path / "saves" / "future.wgsave").write_text(json.dumps(doc))
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, SavesScreen) and len(app.screen.saves) == 2, "the save list")
        await wait_for(pilot, lambda: "NEWER VERSION" in screen_text(app), "the newer save's mark on screen")
        assert "DAMAGED" not in screen_text(app)
        from textual.widgets import DataTable

        app.screen.query_one(DataTable).move_cursor(row=[s.name for s in app.screen.saves].index("future"))
        await wait_for(pilot, lambda: "written by a newer version (format 99; this program reads up to 1)"
                       in screen_text(app), "the reason under the list")
        assert app.errors == []


async def test_bots_move_one_by_one_and_undo(content: Path) -> None:
    app = launch({"us": "human", "china": "bot:greedy"})
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game, "the game")
        await pilot.press("p")  # no headline for the US; the bot picks, the headlines resolve
        await wait_for(pilot, lambda: game.exercise.current_seat == "us" and len(game.exercise.session.entries) >= 2,
                       "the bot's headline")
        seats = [e.seat for e in game.exercise.session.entries]
        assert seats[:2] == ["us", "china"]
        await past_read_outs(pilot, lambda: app.screen is game, "the game after the headline reveal")
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: len(game.exercise.session.entries) == 0, "the undo")
        assert any("Undid 2 actions." in n for n in notifications(app))
        assert app.errors == []


async def test_a_bots_reason_in_the_room_names_no_card_it_still_holds(content: Path) -> None:
    app = launch({"us": "human", "china": "bot:greedy"})
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        exercise = game.exercise
        for _ in range(3):  # the US passes; the bot's headline, then its action-round plays, carry its reasons
            await past_read_outs(pilot, lambda: isinstance(app.screen, HandOverScreen) or (
                app.screen is game and exercise.current_seat == "us"), "the US to move")
            if isinstance(app.screen, HandOverScreen):
                await pilot.press("enter")
                await wait_for(pilot, lambda: app.screen is game, "the game")
            await pilot.press("p")
            await wait_for(pilot, lambda: exercise.current_seat == "us" or exercise.over, "the bot's move")
        reasons = [e["text"] for entry in exercise.session.entries if entry.seat == "china"
                   for e in entry.events if e["kind"] == "rationale" and e.get("private") is None]
        passed_over = [r.split("; vs ", 1)[1] for r in reasons if "; vs " in r]
        assert passed_over, f"the bot gave no reason that weighs another option: {reasons}"
        log = "\n".join(game.query_one(EventLog).entries)
        assert "why:" in log
        for option in passed_over:  # the save keeps the whole reason; the room hears only the move made
            assert option not in log
        for seat, text in (("china", "China uses Golf Grant (2 ops) to lobby: +2 PC"), ("us", "US passes"),
                           ("facilitator", "Facilitator sets China budget 14.2 → 15.0")):
            game._show_last_move([{"kind": "ops", "seat": seat, "text": text}])  # the log's words name the seat
            assert game.query_one("#last-move").render().plain == f"Last: {text}"
        game._show_last_move([{"kind": "event", "seat": "china", "text": "Golf Grant: Golf Grant happens."}])
        assert game.query_one("#last-move").render().plain == "Last: China · Golf Grant: Golf Grant happens."
        assert app.errors == []


async def test_illegal_moves_are_explained_not_fatal(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game, "the game")
        await pilot.press("o")  # ops in the headline phase
        await pilot.pause()
        assert any("headline phase" in n for n in notifications(app))
        await pilot.press("s")  # shelving in the headline phase is not legal either
        await pilot.pause()
        assert len(notifications(app)) >= 2
        assert isinstance(app.screen, GameScreen)
        assert app.errors == []


async def test_decks_screen_filters_and_validates(content: Path) -> None:
    (content / "decks" / "broken.yaml").write_text(
        "deck: broken\ntitle: b\ncards:\n  - {id: bad, name: Bad, faction: us, type: policy, text: x,\n"
        "     effects: [{op: add, target: us.nope, value: 1}]}\n")
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        from textual.widgets import DataTable, Select

        from wargame.tui.screens.decks import DecksScreen

        await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.cards, "the cards")
        screen = app.screen
        assert len(screen.shown) == len(NAMES) + 3  # and the world deck
        screen.query_one("#filter-seat", Select).value = "china"
        await pilot.pause()
        assert screen.shown and all(c.faction == "china" for c in screen.shown)
        screen.query_one("#filter-tag", Select).value = "odd"
        await pilot.pause()
        assert all("odd" in c.tags and c.faction == "china" for c in screen.shown)
        assert screen.query_one(DataTable).row_count == len(screen.shown)
        await pilot.press("v")
        await wait_for(pilot, lambda: "Validation" in screen_text(app), "the validation")
        text = screen_text(app)
        assert "broken.yaml:5 card 'bad' effects[0].target" in text
        assert "unknown variable 'us.nope'" in text
        assert app.errors == []


async def test_rules_help_and_command_palette(content: Path) -> None:
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        from wargame.tui.screens.rules import RulesScreen

        await wait_for(pilot, lambda: isinstance(app.screen, RulesScreen), "the rules")
        assert "Compute Race in short" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu")
        from wargame.tui.commands import ExerciseCommands

        provider = ExerciseCommands(app.screen)
        names = [hit.text async for hit in provider.discover()]
        assert "Menu: new exercise" in names and "Menu: replay a save" in names


async def test_palette_screenshot_goes_to_the_saves_folder(content: Path, tmp_path: Path) -> None:
    """The palette's Screenshot writes an SVG of the screen into the saves folder (created if missing)
    and names it in a plain notification, with no markup showing and no Downloads folder needed."""
    saves = tmp_path / "saves"
    app = WargameApp(Launch(saves=saves))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        from textual.command import CommandPalette

        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        await pilot.press(*"screenshot")
        await wait_for(pilot, lambda: "Save an SVG" in screen_text(app), "the Screenshot command")
        await pilot.press("enter")
        await wait_for(pilot, lambda: any("Saved the screenshot as" in n for n in notifications(app)), "the note")
        shots = list(saves.glob("*.svg"))
        assert len(shots) == 1 and shots[0].read_text(encoding="utf-8").startswith("<svg")
        note = next(n for n in notifications(app) if "Saved the screenshot as" in n)
        assert str(shots[0].name) in note and "[$" not in note


async def to_new_exercise(pilot: Any) -> Any:
    """From the menu to the New exercise form, its seat rows laid out."""
    from wargame.tui.screens.setup import NewExerciseScreen

    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, NewExerciseScreen)
                   and pilot.app.screen.query("#seat-rows Select"), "the seat rows")
    return pilot.app.screen


async def test_new_exercise_form_to_briefing(content: Path) -> None:
    app = WargameApp(Launch(bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        from textual.widgets import Select

        screen = await to_new_exercise(pilot)
        assert screen.query_one("#scenario", Select).value == "short"
        # the open list offers the scenarios, its blank entry no longer says they are loading
        await pilot.click("#scenario")
        await pilot.pause()
        assert "Short Test Exercise" in screen_text(app) and "loading scenarios" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        screen.query_one("#seat-china", Select).value = "bot:greedy"
        await pilot.pause()
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
        text = screen_text(app)
        assert "Short Test Exercise" in text and "bot: greedy" in text and "china wins" in text
        assert app.screen.exercise.seats == {"us": "human", "china": "bot:greedy"}


async def test_leaving_the_form_before_its_scenarios_are_read_is_quiet(content: Path, monkeypatch) -> None:
    """Escape from New exercise while its scenarios are still being read: the read's answer finds the
    form gone and is dropped, not reported as "Something went wrong" (seen in a terminal)."""
    import threading

    from wargame.tui.screens.setup import NewExerciseScreen

    release = threading.Event()
    read = NewExerciseScreen._read_scenarios

    def slow_read():
        release.wait(5)
        return read()

    monkeypatch.setattr(NewExerciseScreen, "_read_scenarios", staticmethod(slow_read))
    app = WargameApp(Launch(bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewExerciseScreen), "the form")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu")
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert not any("went wrong" in n or "No nodes" in n for n in notifications(app)), notifications(app)
        assert isinstance(app.screen, MainMenu)


async def test_continue_without_autosave_is_a_notice(content: Path) -> None:
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await wait_for(pilot, lambda: any("no unfinished exercise" in n for n in notifications(app)), "the notice")
        assert isinstance(app.screen, MainMenu)


async def test_broken_scenario_lists_its_problems(content: Path) -> None:
    (content / "scenarios" / "bad.yaml").write_text(
        (content / "scenarios" / "short.yaml").read_text().replace("tui-world", "no-such-deck"))
    app = WargameApp(Launch(scenario="bad", seats={"us": "human", "china": "human"}))
    async with app.run_test(size=SIZE) as pilot:
        from wargame.tui.screens.dialogs import ProblemsDialog

        await wait_for(pilot, lambda: isinstance(app.screen, ProblemsDialog), "the problems")
        await pilot.pause()
        text = screen_text(app)
        assert "bad.yaml:" in text and "unknown deck 'no-such-deck'" in text
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu")
        assert app.errors == []


async def test_bot_between_two_teams_hides_hands_and_waits_for_n(content: Path) -> None:
    app = WargameApp(Launch(scenario="trio", seats={"us": "human", "china": "bot:greedy", "firm": "human"},
                            seed=2, bot_pace=-1.0))
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over to the US")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game, "the US hand")
        us_cards = card_names(game.exercise, "us")
        await pilot.press("p")
        await wait_for(pilot, lambda: game.exercise.current_seat == "china", "the bot's turn")
        await pilot.pause(0.3)  # one at a time: the bot waits for n
        assert game.exercise.current_seat == "china"
        assert game.query_one(HandList).option_count == 0
        text = screen_text(app)
        assert not any(name in text for name in us_cards)
        assert "bot is playing" in text
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over to the firm")
        assert "Firm to play" in screen_text(app)
        assert app.errors == []


async def test_the_menu_answers_while_the_simulator_is_prepared_and_says_how_it_goes(
        content: Path, monkeypatch: pytest.MonkeyPatch, cold_core: Path, tmp_path: Path) -> None:
    """A fresh install: the menu is up at once; a child process compiles the core while the status
    line says so (and counts the seconds); the menu can be used meanwhile; then the line says ready.
    The child is the stand-in core of the cache tests: a real, small numba compile."""
    from wargame.core.cache import CACHE_ENV, COMPILING
    from wargame.tui import simulator
    from wargame.tui.screens.decks import DecksScreen

    probe = Path(__file__).resolve().parent / "fixtures" / "hostile" / "cache_probe.py"
    monkeypatch.setattr(simulator, "PREPARE", (sys.executable, str(probe)))
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "child-cache"))
    app = WargameApp()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, MainMenu)
        await wait_for(pilot, lambda: COMPILING in screen_text(app), "the preparing status")
        await pilot.press("d")  # the menu still answers
        await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen), "the decks")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu again")
        await wait_for(pilot, lambda: simulator.READY in screen_text(app), "the ready status", limit=3000)
        assert COMPILING not in screen_text(app)
    assert [p.name for p in (tmp_path / "child-cache").iterdir() if p.is_dir()]  # the child compiled into it


#: A stand-in for the child that prepares the core: it holds the cache folder's lock for a while (as
#: a compile does), saying so in the cache's words, then seals the folder.
_HOLDER = ("import sys, time\n"
           "from pathlib import Path\n"
           "from wargame.core import cache\n"
           "folder = Path(sys.argv[1])\n"
           "with cache.locked(folder):\n"
           "    print(cache.COMPILING, file=sys.stderr, flush=True)\n"
           "    time.sleep(float(sys.argv[2]))\n"
           "    cache.seal(folder)\n")


async def test_a_new_exercise_started_while_the_simulator_is_prepared_waits_for_it_and_says_so(
        content: Path, monkeypatch: pytest.MonkeyPatch, cold_core: Path) -> None:
    """Every game runs in the compiled core: an exercise started while the child still compiles it
    waits (in the background: the form keeps answering) with the wait in the status line and a
    notification, and the briefing comes up once the core is ready; the game then plays a bot move."""
    from textual.widgets import Button, Select

    from wargame.core.cache import COMPILING, WAITING
    from wargame.engine import compiled
    from wargame.tui import simulator
    from wargame.tui.screens.setup import NewExerciseScreen

    monkeypatch.setattr(simulator, "PREPARE", (sys.executable, "-c", _HOLDER, str(cold_core), "4"))
    app = WargameApp(Launch(bot_pace=0.0))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: COMPILING in screen_text(app), "the preparing status")
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewExerciseScreen)
                       and app.screen.query("#seat-rows Select"), "the seat rows")
        assert COMPILING in screen_text(app)  # the form shows the status line too
        app.screen.query_one("#seat-us", Select).value = "bot:greedy"
        await pilot.pause()
        app.screen.query_one("#start", Button).press()  # (below the fold at 80x24)
        await wait_for(pilot, lambda: WAITING in screen_text(app), "the wait, said")
        assert isinstance(app.screen, NewExerciseScreen) and not compiled.loaded()
        assert any(WAITING in n for n in notifications(app))
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing", limit=1500)
        assert compiled.loaded() and app.simulator_status == simulator.READY
        exercise = app.screen.exercise
        assert exercise.seats["us"] == "bot:greedy"
        await pilot.press("enter")
        await wait_for(pilot, lambda: exercise.session.length > 0, "the bot's first move")
        assert app.errors == []
    assert (cold_core / "manifest.json").exists()  # sealed by the child; nothing compiled into it here


async def test_simulate_screen_runs_a_batch_and_shows_its_win_rates(content: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    cold_core: Path) -> None:
    """From the menu: the form, Run, the results; and a word while the rules core compiles."""
    from textual.widgets import Input, Static

    from wargame.core.cache import COMPILING

    shown: list[str] = []
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_simulate(pilot)
        screen.query_one("#sim-games", Input).value = "12"
        # A cold cache: the screen says it is compiling before the games start.
        status = screen.query_one("#sim-text", Static)
        original = status.update
        monkeypatch.setattr(status, "update", lambda content="": (shown.append(str(content)), original(content))[1])
        await pilot.click("#sim-run")
        await wait_for(pilot, lambda: "12 games of short" in screen_text(app), "the results")
        text = screen_text(app)
        assert "Win rate" in text and "US" in text and "China" in text
        assert "How the games ended: at the end date" in text  # words, not the records' codes
        assert any(COMPILING in s for s in shown)


async def test_simulate_screen_lists_offer_no_leftover_loading_choice(content: Path) -> None:
    """Once the scenarios and bots are listed, the lists' blank choice says what to do, not "loading…"."""
    from textual.widgets import Select

    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_simulate(pilot)
        screen.query_one("#sim-bots", Select).focus()
        await pilot.press("enter")  # the list of bots, open
        await wait_for(pilot, lambda: "random" in screen_text(app) and "mcts-fast" in screen_text(app), "the bots")
        assert "pick the bots" in screen_text(app) and "loading" not in screen_text(app)
        assert app.errors == []


def test_the_headline_reveal_says_when_a_headline_has_no_effect(game: Any) -> None:
    from types import SimpleNamespace

    from rich.console import Console

    from wargame.tui.screens.situation import reveal_stages

    exercise = SimpleNamespace(scenario=game.rules.scenario, game=game, state=SimpleNamespace(seats=["us", "china"]))
    events = [{"kind": "headline-reveal", "text": "headlines revealed"},
              {"kind": "headline", "seat": "us", "card": "ctrl", "text": "Controls: no effect (its conditions do not hold)"},
              {"kind": "headline", "seat": "china", "card": "c18", "text": "C18: x", "changes": {}}]
    console = Console(width=80, record=True, file=io.StringIO())
    console.print(reveal_stages(exercise, events)[-1])
    lines = [ln.strip() for ln in console.export_text().splitlines() if ln.strip()]
    assert lines[lines.index("US: Controls") + 1] == "no effect (its conditions do not hold)"
    assert lines[lines.index("China: C18") + 1] == "no visible change"


def test_a_headline_whose_conditions_fail_is_offered_with_a_warning(game: Any) -> None:
    from dataclasses import replace

    from wargame.tui.moves import card_choices

    state = game.new_game(1)
    held = replace(state, hands={**state.hands, "us": ["c18", *state.hands["us"][1:]]})  # China's card
    assert card_choices(game, held, "us", "c18", (HEADLINE,))[0].label == "Headline it: its event fires for China"
    unmet = replace(held, values={**held.values, "china.rare_earth_curbs": 1.0})  # C18 needs no curbs in force
    label = card_choices(game, unmet, "us", "c18", (HEADLINE,))[0].label
    assert label.startswith("Headline it: its event fires for China — as things stand, no effect: needs ")
    assert "rare" in label.lower() and "china.rare_earth_curbs" not in label


def test_every_dashboard_track_is_kept_at_each_quarter_close(game: Any) -> None:
    """The dashboard's trend lines and "this quarter" changes, and the situation report, read the
    state's history: a track it does not keep shows flat, with no change, however it moved."""
    from wargame.bots.match import play_match, seat_bots
    from wargame.tui.readout import TRACKS

    match = play_match(game, seat_bots({s: "greedy" for s in game.rules.scenario.seat_ids}, 5), 5)
    history = match.state.history
    assert len(history) >= 2
    for track in TRACKS:
        if track.seat is None or track.seat in match.state.seats:
            assert all(track.path in row for row in history), track.label
    assert len({row["china.fab_capacity"] for row in history}) > 1  # it moves, and the history shows it


def test_words_count_and_scores_read_without_a_signed_zero() -> None:
    from wargame.engine.standing import SeatStanding
    from wargame.engine.wording import counted
    from wargame.tui.widgets.score_track import score_line

    assert [counted(1, "op"), counted(2, "op"), counted(0.5, "step"), counted(1, "action round")] == [
        "1 op", "2 ops", "0.5 steps", "1 action round"]
    rows = [SeatStanding("us", 1.26, 5.0, 1.0), SeatStanding("china", -0.04, 16.5, 0.0)]
    line = score_line(rows, [], 80).plain
    assert line == "★US 1.3/5 +0.3 China 0.0/16.5 ±0", line


def test_a_card_s_era_before_the_game_opens_is_not_news() -> None:
    from wargame.content import load_bundle
    from wargame.engine.wording import era_text

    big_fund = next(c for c in load_bundle("baseline").cards.values() if c.enters and c.enters.from_ == "2024Q2")
    assert era_text(big_fund) == "Joins the deck from 2024 Q2"  # the deck browser: no game
    assert era_text(big_fund, start="2023Q1") == "Joins the deck from 2024 Q2"  # the 2023 prologue
    assert era_text(big_fund, start="2026Q1") == ""  # in the deck from the first quarter


async def test_a_seed_the_game_cannot_hold_is_refused_on_the_form(content: Path) -> None:
    from textual.widgets import Input

    app = WargameApp(Launch(bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_new_exercise(pilot)
        screen.query_one("#seed", Input).value = "18446744073709551616"  # one past the largest seed
        await pilot.pause()
        await pilot.click("#start")
        await wait_for(pilot, lambda: any("is not a seed" in n for n in notifications(app)), "the seed refused")
        assert app.screen is screen and app.errors == []
        screen.query_one("#seed", Input).value = "18446744073709551615"  # the largest
        await pilot.pause()
        screen.action_start()
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
        assert app.screen.exercise.seed == 2**64 - 1


async def test_a_game_of_bots_alone_says_why_no_hand_is_shown(content: Path) -> None:
    app = WargameApp(Launch(scenario="short", seats={"us": "bot:greedy", "china": "bot:random"}, seed=3,
                            bot_pace=1.0))
    async with app.run_test(size=SIZE) as pilot:
        game = await begin(pilot)
        await wait_for(pilot, lambda: "Bots play every seat" in str(game.query_one("#hand-hidden").render()),
                       "the hand pane's note")
        note = str(game.query_one("#hand-hidden").render())
        assert "Space pauses them, n plays the next move" in note
        assert not game.query_one(HandList).display
        assert app.errors == []
