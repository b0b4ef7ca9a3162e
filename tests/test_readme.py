"""The README's authoring reference is the one `wargame deck reference` generates, and its commands work."""

from __future__ import annotations

import re
from pathlib import Path

from wargame.content import effect_reference

README = Path(__file__).resolve().parents[1] / "README.md"


def _reference_block() -> str:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- BEGIN REFERENCE[^\n]*-->\n(.*?)\n<!-- END REFERENCE -->", text, re.S)
    assert m, "README has no generated reference block"
    return m.group(1)


def test_readme_reference_matches_the_effect_registry():
    generated = "\n".join(("#" + line if line.startswith("#") else line)
                          for line in effect_reference().rstrip("\n").splitlines())
    assert _reference_block() == generated, (
        "README's reference is stale: regenerate the block between the REFERENCE markers "
        "from `wargame deck reference` (headings one level deeper)")


def test_readme_opens_with_the_two_commands():
    head = README.read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "make play" in head and "make test" in head


def test_the_authors_walk_through_works_from_a_folder_of_its_own(tmp_path, monkeypatch, capsys):
    """The deck and scenario of "Your own decks and scenarios", kept outside the checkout, validate,
    play and simulate with the commands the README gives."""
    from wargame.cli.main import main

    section = README.read_text(encoding="utf-8").split("## Your own decks and scenarios", 1)[1].split("\n## ", 1)[0]
    deck_text, scenario_text = re.findall(r"```yaml\n(.*?)```", section, re.S)[:2]
    folder = tmp_path / "power-crunch"
    folder.mkdir()
    (folder / "grid.yaml").write_text(deck_text, encoding="utf-8")
    (folder / "power-crunch.yaml").write_text(scenario_text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WARGAME_CONTENT", raising=False)
    monkeypatch.delenv("WARGAME_DECKS", raising=False)
    scenario = str(folder / "power-crunch.yaml")
    assert main(["deck", "validate", str(folder / "grid.yaml"), scenario]) == 0
    assert main(["play", "--headless", "--scenario", scenario, "--seat", "us=bot:greedy", "--seat", "china=bot:random"]) == 0
    assert main(["simulate", "--scenario", scenario, "--games", "10", "--bots", "random", "--workers", "1", "--json"]) == 0
    capsys.readouterr()
    assert main(["deck", "list", "--scenario", scenario]) == 0
    assert "grid: Grid Crunch (1 cards) - power-crunch/grid.yaml" in capsys.readouterr().out
    for text in (deck_text, scenario_text):
        assert text.startswith("# yaml-language-server: $schema=wargame.schema.json\n")
