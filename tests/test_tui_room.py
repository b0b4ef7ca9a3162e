"""The exercise room (issue 15), driven through ``App.run_test()``: the bugs a facilitator found, each
pinned by a test, and the tools that keep a three-hour exercise readable at any terminal size."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from textual.widgets import DataTable, Input, OptionList, ProgressBar, Select, TabbedContent, Tabs

from test_tui_helpers import notifications, past_read_outs, screen_text, wait_for
from wargame.tui.app import Launch, WargameApp
from wargame.tui.readout import unsigned_zero
from wargame.tui.screens.briefing import BriefingScreen
from wargame.tui.screens.dialogs import ConfirmDialog
from wargame.tui.screens.facilitator import FacilitatorPanel
from wargame.tui.screens.game import GameScreen
from wargame.tui.screens.handover import HandOverScreen
from wargame.tui.screens.menu import MainMenu
from wargame.tui.screens.replay import ReplayScreen
from wargame.tui.screens.saves import SavesScreen
from wargame.tui.screens.situation import HeadlineReveal, SituationReport
from wargame.tui.widgets.card_view import CardView
from wargame.tui.widgets.event_log import EventLog
from wargame.tui.widgets.game_header import TurnTimer
from wargame.tui.widgets.hand import HandList

pytest_plugins = ("test_tui_helpers",)  # the ``content`` fixture
SIZE = (160, 48)
SMALL = (80, 24)

ODDS = {"deck": "tui-odds", "title": "Odds", "cards": [
    {"id": "x-rubin", "name": "Xray Rubin", "faction": "world", "type": "event", "text": "A launch may slip.",
     "effects": [{"op": "chance", "p": 0.5, "then": [{"op": "add", "target": "us.frontier_perf", "value": 0.1}],
                  "else": [{"op": "add", "target": "firm.shock", "value": 0.05}]}]},
]}


async def to_panel(pilot: Any) -> FacilitatorPanel:
    """The facilitator's panel, opened from the game screen with its key."""
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FacilitatorPanel), "the panel")
    return pilot.app.screen


def launch(seats: dict[str, str] | None = None, scenario: str = "short", **kw: Any) -> WargameApp:
    return WargameApp(Launch(scenario=scenario, seats=seats or {"us": "human", "china": "human"}, seed=3,
                             bot_pace=0.0, **kw))


async def to_game(pilot: Any) -> GameScreen:
    """Through the briefing and the first hand-over to the game screen."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BriefingScreen), "the briefing")
    await pilot.press("enter")
    await wait_for(pilot, lambda: any(isinstance(s, GameScreen) for s in pilot.app.screen_stack), "the game")
    game = next(s for s in pilot.app.screen_stack if isinstance(s, GameScreen))
    if isinstance(pilot.app.screen, HandOverScreen):
        await pilot.press("enter")
    await wait_for(pilot, lambda: pilot.app.screen is game, "the game screen")
    return game


def widget_text(widget: Any) -> str:
    """The whole text a Static holds (scrolled out of view or not), on long lines."""
    from rich.console import Console

    console = Console(width=400, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(widget.render()._renderable)
    return console.export_text()


def bot_save(path: Path, seats: dict[str, str] | None = None) -> Path:
    from wargame.bots.match import play_match, seat_bots
    from wargame.store import save_match
    from wargame.tui.session import load_game

    game = load_game("short")
    seats = seats or {"us": "bot:greedy", "china": "bot:greedy"}
    match = play_match(game, seat_bots({s: "greedy" for s in seats}, 5), 5)
    save_match(path, game, seats, 5, match.actions)
    return path


def with_odds(content: Path, injects: list[dict[str, Any]] | None = None) -> None:
    """A scenario ``odds`` whose world deck holds a card with a chance, and optional injects."""
    (content / "decks" / "odds.yaml").write_text(yaml.safe_dump(ODDS, sort_keys=False))
    short = yaml.safe_load((content / "scenarios" / "short.yaml").read_text())
    short.update(scenario="odds", title="Odds", decks={"draw": ["tui-core"], "world": ["tui-odds"]})
    if injects:
        short["injects"] = injects
    (content / "scenarios" / "odds.yaml").write_text(yaml.safe_dump(short, sort_keys=False))


# --- Item 7: the bugs ------------------------------------------------------------------------------
@pytest.mark.parametrize("key", ["escape", "q"])
async def test_escape_and_q_leave_the_replay_viewer(content: Path, tmp_path: Path, key: str) -> None:
    path = bot_save(tmp_path / "saves" / "bots.wgsave")
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        app.open_replay(path)
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        await pilot.press(key)
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu again")
        assert app.errors == []


async def test_the_saves_list_replays_a_save_as_one_seat_saw_it(content: Path, tmp_path: Path) -> None:
    from wargame.store.seat_replay import SeatReplay
    from wargame.tui.screens.dialogs import ChoiceDialog

    bot_save(tmp_path / "saves" / "bots.wgsave")
    app = WargameApp()
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, SavesScreen) and app.screen.saves, "the saves")
        assert "a to replay as one seat saw it" in screen_text(app)
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the seat picker")
        text = screen_text(app)
        assert "The whole game" in text and "As US" in text and "As China" in text
        await pilot.press("down", "down", "enter")  # as China
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        assert isinstance(app.screen.replay, SeatReplay) and app.screen.replay.seat == "china"
        assert "as China" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, SavesScreen), "the saves again")
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog), "the seat picker")
        await pilot.press("enter")  # the whole game, as the facilitator saw it
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        assert not isinstance(app.screen.replay, SeatReplay)
        assert app.errors == []


async def test_branching_from_the_autosave_replay_writes_a_new_file(content: Path, tmp_path: Path) -> None:
    autosave = bot_save(tmp_path / "saves" / "autosave.wgsave", {"us": "human", "china": "bot:greedy"})
    before = autosave.read_bytes()
    app = WargameApp(Launch(replay=autosave, bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        await pilot.press("home", "right", "right", "right", "b")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the branch question")
        assert "new file" in screen_text(app)
        await pilot.press("y")
        await wait_for(pilot, lambda: any(isinstance(s, GameScreen) for s in app.screen_stack), "the branch")
        game = next(s for s in app.screen_stack if isinstance(s, GameScreen))
        await pilot.pause()
        assert autosave.read_bytes() == before  # the finished game is untouched
        branch = game.exercise.save_path
        assert branch is not None and branch != autosave and branch.exists()
        assert "branch" in branch.name


async def test_report_of_a_game_played_on_is_named_for_its_quarter(content: Path, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        saved = tmp_path / "saves" / "short-2026Q1.wgsave"
        game.exercise.save(saved)
        assert game.exercise.report_name == "short-2026Q1"  # as saved: the save's name
        await pilot.press("p")  # the game moves on past the save
        await wait_for(pilot, lambda: len(game.exercise.session.entries) == 1, "the pass")
        assert game.exercise.report_name == "short-seed3-2026Q1"
        game.exercise.session.entries  # noqa: B018 - the name follows the quarter the game is in
        assert game.exercise.report_name != saved.stem


async def test_saved_column_shows_when_the_file_was_saved(content: Path, tmp_path: Path) -> None:
    path = bot_save(tmp_path / "saves" / "old.wgsave")
    when = time.mktime((2031, 5, 6, 7, 8, 0, 0, 0, -1))
    os.utime(path, (when, when))
    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, SavesScreen) and app.screen.saves, "the saves")
        table = app.screen.query_one(DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert "2031-05-06 07:08" in row


async def test_escape_in_the_decks_filter_leaves_the_filter_not_the_screen(content: Path) -> None:
    from wargame.tui.screens.decks import DecksScreen

    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.cards, "the decks")
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        assert isinstance(app.focused, DataTable)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, MainMenu), "the menu")


async def test_a_chance_is_logged_after_its_card_and_says_what_happened(content: Path) -> None:
    with_odds(content)
    app = launch(scenario="odds")
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        log = game.query_one(EventLog).entries
        card = next(i for i, line in enumerate(log) if "Xray Rubin: A launch may slip" in line)
        roll = log[card + 1]
        assert "Xray Rubin: 50% chance, it " in roll
        assert ("happened: US chip performance per dollar +0.1" in roll
                or "did not happen: Firm revenue shock +5 pts" in roll)
        assert not any("chance 50%: " in line for line in log)


async def test_an_inject_says_what_moved_instead_of_repeating_its_title(content: Path) -> None:
    with_odds(content, [{"turn": "2026Q1", "title": "Grid alarm", "text": "Power runs short.",
                         "effects": [{"op": "add", "target": "world.commons", "value": 0.1}]}])
    app = launch(scenario="odds")
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        log = game.query_one(EventLog).entries
        at = next(i for i, line in enumerate(log) if "Grid alarm: Power runs short." in line)
        assert "→ Compute-commons cooperation 0.00 → 0.10" in log[at + 1]
        assert not any(line.strip().endswith("Grid alarm") for line in log)


async def test_briefing_columns_do_not_run_together(content: Path) -> None:
    app = launch({"us": "human", "china": "bot:greedy"})
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
        text = screen_text(app)
        assert re.search(r"China\s+CHINA\s+·\s+bot: greedy", text)  # seat, its name, who holds it: apart


async def test_the_event_log_rewraps_after_a_resize(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        log = game.query_one(EventLog)
        wide = len(log.lines)
        await pilot.resize_terminal(*SMALL)
        await pilot.press("5")  # the log tab of the compact layout
        await wait_for(pilot, lambda: len(log.lines) != wide and log.size.width < 100, "the log re-wrapped")
        assert all(len(strip.text.rstrip()) <= log.size.width for strip in log.lines)


async def test_replay_shows_every_seat_s_points_at_80x24(content: Path, tmp_path: Path) -> None:
    path = bot_save(tmp_path / "saves" / "bots.wgsave")
    app = WargameApp(Launch(replay=path))
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        await pilot.pause()
        text = screen_text(app)
        state = app.screen.replay.state_at(app.screen.replay.length)
        for seat, name in (("us", "US"), ("china", "China")):
            assert re.search(rf"{name}\s+{unsigned_zero(f'{state.vp[seat]:.1f}')}/0", text), f"{name}'s points are not in view"
        await pilot.press("4")
        assert app.screen.query_one("Dashboard").display


async def test_simulate_has_no_bar_before_a_run_and_stop_says_nothing_runs(content: Path) -> None:
    from wargame.tui.screens.simulate import SimulateScreen

    app = WargameApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(app.screen, SimulateScreen), "the simulate screen")
        assert not app.screen.query_one(ProgressBar).display
        await pilot.click("#sim-stop")
        await wait_for(pilot, lambda: any("Nothing is running" in n for n in notifications(app)), "the notice")


async def test_new_exercise_remembers_the_last_seats(content: Path) -> None:
    from wargame.tui.screens.setup import NewExerciseScreen

    app = WargameApp(Launch(bot_pace=0.0))
    async with app.run_test(size=(160, 42)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewExerciseScreen)
                       and app.screen.query("#seat-rows Select"), "the seat rows")
        app.screen.query_one("#seat-china", Select).value = "bot:greedy"
        await pilot.pause()
        await pilot.click("#start")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
        app.back_to_menu()
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewExerciseScreen)
                       and app.screen.query("#seat-rows Select"), "the seat rows again")
        assert app.screen.query_one("#seat-china", Select).value == "bot:greedy"


@pytest.mark.parametrize("size", [(160, 42), SMALL])
async def test_every_seat_picker_is_on_the_form_at_any_height(content: Path, size: tuple[int, int]) -> None:
    from wargame.tui.screens.setup import NewExerciseScreen

    app = WargameApp(Launch(bot_pace=0.0))
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewExerciseScreen)
                       and app.screen.query("#seat-rows Select"), "the seat rows")
        app.screen.query_one("#scenario", Select).value = "trio"
        await wait_for(pilot, lambda: app.screen.query("#seat-firm"), "the firm's row")
        await pilot.pause()
        for seat in ("us", "china", "firm"):
            picker = app.screen.query_one(f"#seat-{seat}", Select)
            picker.focus()
            await pilot.pause()
            assert picker.region.height >= 3, f"the {seat} picker is squashed"
            assert app.screen.region.contains_region(picker.region)


# --- Items 1-6: the room's tools ---------------------------------------------------------------------
async def test_score_track_shows_each_seat_against_its_target(content: Path) -> None:
    short = yaml.safe_load((content / "scenarios" / "short.yaml").read_text())
    short["victory"] = {"targets": {"us": 16, "china": 43.5}}
    (content / "scenarios" / "short.yaml").write_text(yaml.safe_dump(short, sort_keys=False))
    app = launch()
    async with app.run_test(size=SMALL) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
        assert "Target: 16 VP by 2026Q2" in screen_text(app)
        game = await to_game(pilot)
        text = screen_text(app)
        assert re.search(r"US\s+0\.0/16", text) and re.search(r"China\s+0\.0/43\.5", text)
        assert game.query_one("#score-track").region.y < 3  # always at the top


async def test_game_screen_at_80x24_shows_one_part_at_a_time(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SMALL) as pilot:
        game = await to_game(pilot)
        assert game.has_class("-compact") and game.query_one(Tabs).display
        hand = game.query_one(HandList)
        assert hand.display and hand.region.right <= 80 and hand.option_count == 3
        assert not game.query_one(EventLog).display
        await pilot.press("5")
        assert game.query_one(EventLog).display and not game.query_one("#hand-box").display
        await pilot.resize_terminal(160, 48)
        await wait_for(pilot, lambda: not game.has_class("-compact"), "the wide layout")
        assert game.query_one(EventLog).display and game.query_one("#hand-box").display


async def test_unplayable_card_says_why_in_words(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        ex = game.exercise
        card = ex.card(ex.state.hands["us"][0])
        from wargame.engine.conditions import parse_conditions

        object.__setattr__(card, "requires", ["us.enforcement > 0.99"])  # a condition that fails now
        card._requires = parse_conditions(card.requires)
        game.query_one(HandList).highlighted = 0
        game.query_one(HandList).post_message(HandList.CardHighlighted(card.id))
        await pilot.pause()
        text = widget_text(game.query_one(CardView))
        assert "Not now: US export-control enforcement above 0.99 (now 0.75)" in text
        assert "Playable while: US export-control enforcement above 0.99" in text
        assert "us.enforcement" not in text


async def test_a_card_names_its_sources_in_words_not_fact_ids(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARGAME_SAVES", str(tmp_path))
    monkeypatch.delenv("WARGAME_CONTENT", raising=False)  # the shipped decks, which cite the facts registry
    app = WargameApp(Launch(scenario="baseline", seats={"us": "human", "china": "bot:pass", "firm": "bot:pass"},
                            seed=3, bot_pace=0.0))
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        hand = game.query_one(HandList)
        cited = 0
        for i in range(hand.option_count):
            hand.highlighted = i
            await pilot.pause()
            card = game.exercise.card(hand.highlighted_card)
            text = widget_text(game.query_one(CardView))
            assert not re.search(r"\b[FQ]\d{3}_\d+\b|\bC\d\d\b", text), text
            if set(card.sources) - {"A", "D"}:
                cited += 1
                assert "Sources:" in text and any(w in text.lower() for w in ("blog", "wiki", "op-ed", "opinion"))
        assert cited


async def test_fire_list_filters_shows_effects_and_asks_first(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        panel = await to_panel(pilot)
        fire = panel.query_one("#fire-list", OptionList)
        everything = fire.option_count
        panel.query_one("#fire-filter", Input).value = "quake"
        await wait_for(pilot, lambda: fire.option_count == 1, "the filtered list")
        assert fire.option_count < everything
        await pilot.pause()
        assert "China fab output ceiling -10%" in screen_text(app)
        fire.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog), "the confirmation")
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is panel, "the panel again")
        assert not game.exercise.session.entries  # nothing fired on "no"
        await pilot.press("enter", "y")
        await wait_for(pilot, lambda: len(game.exercise.session.entries) == 1, "the card fired")


async def test_timer_pauses_while_the_panel_is_open(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        timer = game.query_one(TurnTimer)
        assert not timer.paused
        await to_panel(pilot)
        assert timer.paused
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is game, "the game")
        assert not timer.paused


async def test_note_tab_takes_the_keys_when_opened(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        await to_game(pilot)
        await to_panel(pilot)
        await pilot.press("3")  # the facilitator's key for the Note tab
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "note-text", "the note field")
        await pilot.pause(0.2)
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "note-text", "it to stay there")
        assert app.screen.query_one(TabbedContent).active == "tab-note"
        await pilot.press("h", "i")
        assert app.screen.query_one("#note-text", Input).value == "hi", app.focused


async def test_note_tab_clicked_takes_the_keys(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        await to_game(pilot)
        await to_panel(pilot)
        await wait_for(pilot, lambda: app.screen.query_one("#--content-tab-tab-note").region.width > 0, "the tabs")
        await pilot.click("#--content-tab-tab-note")
        await wait_for(pilot, lambda: app.focused is not None and app.focused.id == "note-text", "the note field")
        await pilot.press("h", "i")
        assert app.screen.query_one("#note-text", Input).value == "hi", app.focused


async def test_override_tab_shows_the_new_value(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("f", "2")
        panel = app.screen
        panel.query_one("#override-path", Select).value = "us.export_controls"
        await wait_for(pilot, lambda: panel.query_one("#var-help").region.height >= 2, "the variable's help, laid out")
        assert "now 0.80" in str(panel.query_one("#var-help").render())
        panel.query_one("#override-value", Input).value = "0.95"
        panel.query_one("#override-reason", Input).value = "test"
        await pilot.click("#override")
        await wait_for(pilot, lambda: game.exercise.state.values["us.export_controls"] == pytest.approx(0.95), "it")
        await pilot.pause()
        assert "now 0.95" in str(panel.query_one("#var-help").render())
        labels = [str(o[0]) for o in panel._variables()]
        assert "US export-control stringency" in labels and not any("us." in label for label in labels)


async def test_in_hot_seat_only_the_facilitator_undoes_another_team_s_move(content: Path) -> None:
    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("p")  # the US declines to headline; China takes the keyboard
        await wait_for(pilot, lambda: isinstance(app.screen, HandOverScreen), "the hand-over to China")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game and game.shown_seat == "china", "China's hand")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert len(game.exercise.session.entries) == 1  # China cannot undo the US's move
        assert any("Only the facilitator can undo US's move" in n for n in notifications(app))
        await to_panel(pilot)
        await pilot.press("ctrl+z")
        await wait_for(pilot, lambda: not game.exercise.session.entries, "the facilitator's undo")


async def test_a_hard_timer_ends_the_turn_as_a_pass(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("wargame.tui.widgets.game_header.monotonic", lambda: clock[0])
    app = launch()
    app.turn_hard, app.turn_minutes = True, 2.0
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        clock[0] += 65  # 55 s left: the warning
        await wait_for(pilot, lambda: any("one minute left" in n for n in notifications(app)), "the warning")
        clock[0] += 60
        await wait_for(pilot, lambda: len(game.exercise.session.entries) == 1, "the pass")
        assert game.exercise.session.entries[0].action == {"seat": "us", "kind": "pass"}
        assert any("Time is up: US passes" in n for n in notifications(app))


async def test_headlines_are_revealed_together_then_resolved_in_order(content: Path) -> None:
    app = launch({"us": "human", "china": "bot:greedy"})
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("e")  # the US headlines its first card
        await wait_for(pilot, lambda: isinstance(app.screen, HeadlineReveal), "the reveal")
        reveal = app.screen
        assert "Headlines revealed" in screen_text(app)
        names = [game.exercise.card(e["card"]).name for e in game.exercise.state.events if e.get("kind") == "headline"]
        assert names and all(name in screen_text(app) for name in names)
        for _ in range(len(reveal.stages) - 1):
            await pilot.press("enter")
        assert "Headlines resolved, in order" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is game, "the game")


async def test_nothing_behind_the_reveal_spoils_it(content: Path) -> None:
    """While the headlines are staged, the "Last:" line and the log stop at the reveal; the resolution
    shows behind it only once the reveal is closed."""
    app = launch({"us": "human", "china": "bot:greedy"})
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, HeadlineReveal), "the reveal")
        resolved = [e for e in game.exercise.public_events() if e.get("kind") == "headline"]
        assert resolved
        effect = str(resolved[-1]["text"])[:30]
        last = game.query_one("#last-move").render().plain
        logged = "\n".join(game.query_one(EventLog).entries)
        assert "headlines revealed" in last and effect not in last
        assert "headlines revealed" in logged and not any(effect in line for line in logged.splitlines()
                                                           if "headlines revealed" not in line)
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is game, "the game")
        await wait_for(pilot, lambda: any(effect in line for line in game.query_one(EventLog).entries),
                       "the resolution in the log")


async def test_quarter_end_report_says_what_moved_and_what_comes_next(content: Path) -> None:
    app = launch({"us": "bot:greedy", "china": "bot:greedy"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen), "the briefing")
        await pilot.press("enter")
        await past_read_outs(pilot, lambda: isinstance(app.screen, SituationReport), "the quarter report")
        await wait_for(pilot, lambda: "closes" in screen_text(app), "the report drawn")  # pushed before painted
        text = screen_text(app)
        assert "2026Q1 closes" in text and "What moved over the quarter" in text
        assert "Capability lag" in text and "The standing" in text and "2026Q2, turn 2 of 2" in text
        assert not re.search(r"[-−+]0\.0+(?![0-9])", text)  # no signed zeros


async def test_a_dialog_closed_twice_at_once_leaves_the_game_screen_open(content: Path) -> None:
    """Two Enters on a dialog before the first is processed (a quick double press in tmux) must not
    pop the game screen under it: the second dismissal is ignored."""
    from wargame.tui.screens.dialogs import PlayDialog

    app = launch()
    async with app.run_test(size=SIZE) as pilot:
        game = await to_game(pilot)
        await pilot.press("o")  # in the headline phase ops are refused; e opens nothing either: use Enter
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlayDialog), "the play menu")
        dialog = app.screen
        dialog.dismiss(None)
        dialog.dismiss(None)  # the second press, before the first dismissal is processed
        await pilot.pause()
        await pilot.pause()
        assert app.screen is game
