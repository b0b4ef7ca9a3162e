"""Text from a save received from someone else never reaches a terminal or a report raw: ESC, OSC 52,
window titles, BiDi overrides and other control characters are shown as escapes (issue 16, item 3);
and JSON output is JSON (item 7)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from test_tui_helpers import screen_text, wait_for
from wargame.cli.common import print_json
from wargame.cli.main import main
from wargame.engine.text import printable, unsafe_characters

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
#: What a forged save carries: a colour change and screen clear, a clipboard write, a window title,
#: a BiDi override and a C1 control sequence introducer.
ESCAPES = ["\x1b[2J\x1b[31m", "\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07", "\x1b]0;pwned\x07", "\u202e", "\x9b31m"]
RAW = ["\x1b", "\x07", "\u202e", "\x9b"]


def forged_save(path: Path) -> Path:
    """A save whose embedded cards, scenario and notes hold terminal escapes, as someone else's program
    could write it (the deck and scenario are built from data, past the file validator)."""
    from wargame.bots.match import play_match, seat_bots
    from wargame.engine.cards import Deck
    from wargame.engine.game import Game, Ruleset
    from wargame.engine.scenario import Scenario
    from wargame.store import Session

    draw = yaml.safe_load((HOSTILE / "decks" / "base.yaml").read_text())
    for card, escape in zip(draw["cards"], ESCAPES, strict=False):
        card["name"] = f"{escape}{card['name']}"
        card["text"] = f"{card['text']} {escape}"
    world = yaml.safe_load((HOSTILE / "decks" / "world.yaml").read_text())
    scenario = yaml.safe_load((HOSTILE / "scenarios" / "base.yaml").read_text())
    scenario["title"] = f"{ESCAPES[2]}Forged {ESCAPES[3]}title"
    scenario["summary"] = ESCAPES[1]
    decks = [Deck.model_validate(draw), Deck.model_validate(world)]
    game = Game(Ruleset.build(Scenario.model_validate(scenario), decks))
    seats = {s: "bot:random" for s in game.rules.scenario.seat_ids}
    match = play_match(game, seat_bots({s: "random" for s in seats}, 4), 4)
    session = Session.new(game, seats, 4, decks=decks)
    session.note(f"note {ESCAPES[0]}{ESCAPES[3]}")
    for action in match.actions:
        session.apply(action)
    session.save(path)
    return path


def assert_neutralised(text: str) -> None:
    assert not [c for c in RAW if c in text]
    assert "\\x1b" in text  # what was there is visible


def test_printable_shows_every_terminal_control_as_an_escape() -> None:
    assert printable("a\x1b]52;c;x\x07b\u202ec\x9bd\te\nf") == "a\\x1b]52;c;x\\x07b\\u202ec\\x9bd\te\nf"
    assert unsafe_characters("ok [/] ünïcödé 中文 tab\there") == []
    assert unsafe_characters("\x1b\x1b\u2066") == ["\\x1b", "\\u2066"]


def test_replay_headless_neutralises_a_forged_save(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    save = forged_save(tmp_path / "forged.wgsave")
    assert main(["replay", str(save), "--headless"]) == 0
    out = capsys.readouterr().out
    assert "Forged" in out
    assert_neutralised(out)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_of_a_forged_save_hold_no_control_characters(tmp_path: Path, fmt: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    save = forged_save(tmp_path / "forged.wgsave")
    out = tmp_path / f"report.{fmt}"
    assert main(["report", str(save), "--format", fmt, "-o", str(out)]) == 0
    capsys.readouterr()
    text = out.read_text(encoding="utf-8")
    assert "Forged" in text
    assert_neutralised(text)


def test_deck_list_and_play_refuse_content_with_control_characters(capsys: pytest.CaptureFixture[str],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARGAME_CONTENT", str(HOSTILE))
    assert main(["deck", "list"]) == 1
    captured = capsys.readouterr()
    assert "control-chars.yaml:5 card 'he-colour' name: control characters are not allowed (\\x1b)" in captured.err
    assert not [c for c in RAW if c in captured.out + captured.err]
    assert main(["play", "--headless", "--scenario", "control-chars"]) == 1
    captured = capsys.readouterr()
    assert "scenarios/control-chars.yaml:3 scenario 'control-chars' title: control characters" in captured.err
    assert not [c for c in RAW if c in captured.out + captured.err]


async def test_the_tui_replays_a_forged_save_with_its_escapes_visible(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from wargame.tui.app import Launch, WargameApp
    from wargame.tui.screens.replay import ReplayScreen

    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    save = forged_save(tmp_path / "forged.wgsave")
    app = WargameApp(Launch(replay=save))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ReplayScreen), "the replay viewer")
        await pilot.press("home", "right")
        await pilot.pause()
        text = screen_text(app)
        assert "note \\x1b[2J\\x1b[31m\\u202e" in text
        assert app.errors == []


def test_json_output_has_no_nan_or_infinity(capsys: pytest.CaptureFixture[str]) -> None:
    doc: dict[str, Any] = {"z": float("nan"), "rows": [1.0, float("inf"), {"x": float("-inf")}], "ok": 0.5}
    print_json(doc, indent=2)
    out = capsys.readouterr().out
    assert json.loads(out, parse_constant=lambda c: pytest.fail(f"bare {c} in JSON")) == {
        "z": None, "rows": [1.0, None, {"x": None}], "ok": 0.5}
