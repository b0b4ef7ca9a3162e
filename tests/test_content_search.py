"""Content anywhere: an author's deck and scenario kept in their own folder, found as a new author expects.

A scenario finds decks beside it, in ``--decks DIR`` folders and ``WARGAME_DECKS``, then among the
built-in decks; ``deck list`` says where each deck came from; the TUI's decks screen shows them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_tui_helpers import wait_for
from wargame.cli.main import main
from wargame.content import ContentError, load_bundle
from wargame.content.search import DECKS_ENV, deck_folders, find_decks, scenario_ids

GRID = """\
deck: grid
title: Grid Crunch
cards:
  - id: grid-emergency-permits
    name: Emergency Grid Permits
    faction: us
    type: policy
    cost: {pc: 1}
    ops: 2
    text: Fast-track permits for new substations near data centres.
    requires: ["us.pc >= 1"]
    effects:
      - {op: add, target: us.capex, value: 5}
      - {op: chance, p: 0.5, then: [{op: draw, count: 1}]}
    sources: [A]
  - id: grid-coal-boom
    name: Coal-Fired Compute
    faction: china
    type: capex
    cost: {budget: 5}
    ops: 3
    text: New coal plants power western data-centre clusters.
    effects:
      - {op: modify, target: china.capex, add: 3, turns: 4}
      - {op: shift, state: choose, steps: 1}
    sources: [A]
"""

CRUNCH = """\
# yaml-language-server: $schema=wargame.schema.json
scenario: power-crunch
title: Power Crunch
summary: Electricity, not chips, limits the race.
seats:
  - {id: us, name: United States, goal: Keep the lead while the grid strains.}
  - {id: china, name: China, goal: Build power faster than the US.}
start: 2026Q1
end: 2026Q4
board:
  - {id: india, name: India, alignment: 1.5, demand: 0.4}
  - {id: gulf, name: Gulf States, alignment: 0.5, demand: 0.3}
decks: {draw: [grid], world: []}
injects:
  - turn: 2026Q3
    title: Heat wave
    effects: [{op: add, target: us.capex, value: -2}]
victory:
  targets: {us: 5, china: 20}
"""


@pytest.fixture
def author(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new author's folder: a scenario and its deck, outside the checkout; no content settings."""
    folder = tmp_path / "power-crunch"
    folder.mkdir()
    (folder / "grid.yaml").write_text(GRID)
    (folder / "power-crunch.yaml").write_text(CRUNCH)
    monkeypatch.delenv("WARGAME_CONTENT", raising=False)
    monkeypatch.delenv(DECKS_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    return folder


def move_deck(author: Path) -> Path:
    """The deck moved to a folder of its own: the scenario no longer has it beside it."""
    decks = author.parent / "my-decks"
    decks.mkdir()
    (author / "grid.yaml").rename(decks / "grid.yaml")
    return decks


def test_a_scenario_finds_its_deck_beside_it(author):
    bundle = load_bundle(author / "power-crunch.yaml")
    assert list(bundle.decks) == ["grid"]
    assert bundle.files["grid"].resolve() == (author / "grid.yaml").resolve()
    assert [f.origin for f in deck_folders(author / "power-crunch.yaml")] == ["beside the scenario", "built-in"]


def test_a_deck_elsewhere_is_found_through_decks_folders(author, monkeypatch, capsys):
    decks = move_deck(author)
    scenario = "power-crunch/power-crunch.yaml"  # as an author types it, from the folder above
    with pytest.raises(ContentError) as err:
        load_bundle(scenario)
    message = str(err.value)
    assert "unknown deck 'grid'" in message and "power-crunch" in message and "decks" in message  # where it looked
    assert main(["deck", "validate", scenario]) == 1
    capsys.readouterr()
    assert main(["deck", "validate", scenario, "--decks", str(decks)]) == 0
    assert "ok: power-crunch/power-crunch.yaml (scenario 'power-crunch', 4 quarters, 2 cards in 1 decks)" in capsys.readouterr().out
    monkeypatch.setenv(DECKS_ENV, str(decks))
    assert list(load_bundle(scenario).decks) == ["grid"]


def test_play_and_simulate_a_scenario_from_its_folder(author, capsys):
    decks = move_deck(author)
    scenario = "power-crunch/power-crunch.yaml"  # as an author types it, from the folder above
    assert main(["play", "--headless", "--scenario", scenario, "--decks", str(decks), "--json",
                 "--seat", "us=bot:random", "--seat", "china=bot:greedy"]) == 0
    played = json.loads(capsys.readouterr().out)
    assert played["scenario"] == "power-crunch" and [q["quarter"] for q in played["quarters"]][-1] == "2026Q4"
    assert main(["simulate", "--scenario", scenario, "--decks", str(decks), "--games", "4", "--bots", "random",
                 "--workers", "1", "--json"]) == 0
    batch = json.loads(capsys.readouterr().out)
    assert batch["games"] == 4 and set(batch["win_rates"]) == {"us", "china"}


def test_a_scenario_id_is_looked_up_in_the_authors_folders(author, monkeypatch, capsys):
    monkeypatch.setenv(DECKS_ENV, str(author))
    assert scenario_ids()[0] == "baseline" and "power-crunch" in scenario_ids()
    assert load_bundle("power-crunch").scenario.title == "Power Crunch"
    assert main(["play", "--headless", "--scenario", "power-crunch", "--seat", "us=bot:pass",
                 "--seat", "china=bot:pass"]) == 0
    assert "Power Crunch (power-crunch), seed 1" in capsys.readouterr().out


def test_deck_list_says_where_each_deck_came_from(author, capsys):
    (author / "world.yaml").write_text(GRID.replace("deck: grid", "deck: world").replace("grid-", "mine-")
                                       .replace("faction: us", "faction: world").replace("faction: china", "faction: world")
                                       .replace("{op: draw, count: 1}", "{op: draw, seat: us}")
                                       .replace("steps: 1}", "steps: 1, toward: china}").replace("choose", "all"))
    assert main(["deck", "list", "--decks", str(author)]) == 0
    heads = [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]
    assert heads[:2] == ["grid: Grid Crunch (2 cards) - power-crunch/grid.yaml",
                         "world: Grid Crunch (2 cards) - power-crunch/world.yaml"]
    assert "core: Compute Race 2025 (60 cards) - built-in" in heads
    assert any(h.startswith("world: World events (24 cards) - built-in; not used: power-crunch/world.yaml") for h in heads)
    assert main(["deck", "list", "--json", "--decks", str(author)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(d["deck"], d["origin"]) for d in listed][:2] == [("grid", "power-crunch/grid.yaml"),
                                                               ("world", "power-crunch/world.yaml")]
    assert listed[-1]["origin"] == "built-in" and listed[-1]["hidden_by"].endswith("power-crunch/world.yaml")
    assert main(["deck", "list", "--scenario", str(author / "power-crunch.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "grid: Grid Crunch (2 cards) - power-crunch/grid.yaml"


def test_decks_options_must_name_folders(author, capsys):
    with pytest.raises(SystemExit) as info:
        main(["deck", "list", "--decks", "nowhere"])
    assert info.value.code == 2
    assert "wargame deck list: error: argument --decks: no such folder: nowhere" in capsys.readouterr().err


def test_find_decks_reads_the_authors_folders_first(author, monkeypatch):
    monkeypatch.setenv(DECKS_ENV, str(author))
    found, problems = find_decks()
    assert problems == [] and [f.deck.deck for f in found][:1] == ["grid"]
    assert found[0].origin == "power-crunch/grid.yaml" and found[-1].origin == "built-in"


async def test_the_tui_decks_screen_shows_the_authors_deck(author, monkeypatch):
    from textual.widgets import Label

    from wargame.tui.app import WargameApp
    from wargame.tui.screens.decks import DecksScreen

    monkeypatch.setenv(DECKS_ENV, str(author))
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    app = WargameApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, DecksScreen) and app.screen.cards, "the cards")
        names = [card.name for _, card in app.screen.cards]
        assert names[:2] == ["Emergency Grid Permits", "Coal-Fired Compute"] and len(names) == 2 + 60 + 24
        title = str(app.screen.query_one("Label.title", Label).render())
        assert title == "Decks — grid (power-crunch/grid.yaml) · core, world (built-in); v validates"
        await pilot.press("v")
        await wait_for(pilot, lambda: "Validation" in str(app.screen.query_one("#problem-lines").render()), "validation")
        text = str(app.screen.query_one("#problem-lines").render())
        assert "✓ power-crunch.yaml: scenario" in text and "✓ grid.yaml: deck" in text and "✗" not in text
        assert app.errors == []


async def test_the_tui_new_exercise_offers_the_authors_scenario(author, monkeypatch):
    from textual.widgets import Select

    from wargame.tui.app import WargameApp
    from wargame.tui.screens.setup import NewExerciseScreen

    monkeypatch.setenv(DECKS_ENV, str(author))
    monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    app = WargameApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewExerciseScreen) and app.screen.scenarios, "the scenarios")
        assert app.screen.scenarios["power-crunch"].title == "Power Crunch"
        select = app.screen.query_one("#scenario", Select)
        select.value = "power-crunch"
        await pilot.pause()
        assert select.value == "power-crunch" and app.errors == []
