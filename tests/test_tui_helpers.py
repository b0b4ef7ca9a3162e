"""Shared pieces of the TUI tests: a short two-quarter exercise, and waiting for the app.

Pytest collects this module but it holds no tests; the TUI test modules import from it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

NAMES = ["Alpha Accord", "Bravo Buildout", "Charlie Cluster", "Delta Deal", "Echo Embargo", "Foxtrot Fab",
         "Golf Grant", "Hotel Hub", "Indigo Initiative", "Juliet Joint", "Kilo Kernel", "Lima Lobby",
         "Mike Mandate", "November Node", "Oscar Order", "Papa Pact", "Quartz Quota", "Rubble Rule"]

_EFFECTS: list[list[dict[str, Any]]] = [
    [{"op": "add", "target": "us.export_controls", "value": 0.05}],
    [{"op": "add", "target": "china.efficiency", "value": 0.1}],
    [{"op": "shift", "state": "choose", "steps": 1}],
    [{"op": "add", "target": "us.enforcement", "value": 0.05}],
    [{"op": "modify", "target": "china.foreign_access", "mul": 0.9, "turns": 2}],
    [{"op": "add", "target": "china.capex", "value": 2}],
]


def _deck() -> dict[str, Any]:
    cards = []
    for i, name in enumerate(NAMES):
        faction = ("us", "china", "any")[i % 3]
        cards.append({"id": f"c{i:02d}", "name": name, "faction": faction, "type": "policy",
                      "cost": {"pc": 1} if i % 4 == 0 else {}, "ops": 2 + i % 3, "text": f"{name} happens.",
                      "effects": _EFFECTS[i % len(_EFFECTS)], "tags": ["even" if i % 2 == 0 else "odd"]})
    return {"deck": "tui-core", "title": "TUI test deck", "cards": cards}


WORLD = {"deck": "tui-world", "title": "TUI world", "cards": [
    {"id": "w-quake", "name": "Quebec Quake", "faction": "world", "type": "event", "text": "A quake.",
     "effects": [{"op": "mul", "target": "china.fab_capacity", "value": 0.9}]},
    {"id": "w-rally", "name": "Romeo Rally", "faction": "world", "type": "event", "text": "Markets rally.",
     "effects": [{"op": "add", "target": "us.capex", "value": 5}]},
    {"id": "w-surge", "name": "Sierra Surge", "faction": "world", "type": "event", "text": "Demand surges.",
     "effects": [{"op": "shift", "state": "india", "steps": 1, "toward": "china"}]},
]}


def scenario(seats: tuple[str, ...] = ("us", "china"), end: str = "2026Q2") -> dict[str, Any]:
    return {
        "scenario": "short", "title": "Short Test Exercise", "summary": "Two quarters to test the screens.",
        "seats": [{"id": s, "name": s.upper(), "goal": f"{s} wins"} for s in seats],
        "start": "2026Q1", "end": end,
        "board": [{"id": "india", "name": "India", "alignment": 1.5, "demand": 0.4},
                  {"id": "malaysia", "name": "Malaysia", "alignment": 0.5, "demand": 0.3},
                  {"id": "japan", "name": "Japan", "alignment": 2.5, "demand": 0.3}],
        "decks": {"draw": ["tui-core"], "world": ["tui-world"]},
        "initial": {"us.budget": 10, "china.budget": 8, "us.pc": 3, "china.pc": 3, "firm.budget": 5, "firm.pc": 3},
        "hand_size": 3, "rounds": 2,
    }


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content directory with the short scenario, its decks and an empty saves folder (env set)."""
    root = tmp_path / "content"
    (root / "decks").mkdir(parents=True)
    (root / "scenarios").mkdir()
    (root / "decks" / "core.yaml").write_text(yaml.safe_dump(_deck(), sort_keys=False))
    (root / "decks" / "world.yaml").write_text(yaml.safe_dump(WORLD, sort_keys=False))
    (root / "scenarios" / "short.yaml").write_text(yaml.safe_dump(scenario(), sort_keys=False))
    three = scenario(("us", "china", "firm"), end="2026Q1") | {"scenario": "trio", "title": "Trio"}
    (root / "scenarios" / "trio.yaml").write_text(yaml.safe_dump(three, sort_keys=False))
    saves = tmp_path / "saves"
    saves.mkdir()
    monkeypatch.setenv("WARGAME_CONTENT", str(root))
    monkeypatch.setenv("WARGAME_SAVES", str(saves))
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    return root


async def wait_for(pilot: Any, condition: Callable[[], Any], what: str = "condition", limit: int = 400) -> None:
    """Let the app run until ``condition()`` holds (workers and timers included); fail after a while."""
    for _ in range(limit):
        if condition():
            await pilot.pause()  # and let the screen paint what the condition saw
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}; screen is {type(pilot.app.screen).__name__}")


def screen_text(app: Any) -> str:
    """The text of what is on the terminal now (from the SVG screenshot), spaces normalised."""
    svg = app.export_screenshot()
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S)
    return " ".join(html.unescape(t).replace("\xa0", " ") for t in texts)


def notifications(app: Any) -> list[str]:
    """The messages of the notifications shown so far."""
    return [n.message for n in app._notifications]


def is_read_out(screen: Any) -> bool:
    """The headline reveal or the quarter-end report: read out, then Enter goes on."""
    from wargame.tui.screens.situation import HeadlineReveal, SituationReport

    return isinstance(screen, HeadlineReveal | SituationReport)


async def past_read_outs(pilot: Any, until: Callable[[], bool], what: str) -> None:
    """Wait for ``until``, pressing Enter through any headline reveal or quarter report on the way."""
    for _ in range(400):
        if until():
            return
        if is_read_out(pilot.app.screen):
            await pilot.press("enter")
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for {what}")
