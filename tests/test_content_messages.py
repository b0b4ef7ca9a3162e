"""What the validator says about the mistakes a new author makes: located, in plain words, with a way out."""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.cli.main import main
from wargame.content import ContentError, check_files, load_deck, load_scenario

PROBES = Path(__file__).parent / "fixtures" / "probes"


def problems(path: Path) -> list[str]:
    loader = load_deck if path.stem.startswith("deck-") else load_scenario
    with pytest.raises(ContentError) as err:
        loader(path)
    return [str(p) for p in err.value.problems]


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(("probe", "where", "message"), [
    ("deck-ops-text", "card 'probe-card' ops", "should be a whole number (got '3'): write the number without quotes"),
    ("deck-value-text", "card 'probe-card' effects[0].value", "should be a number (got '0.1'): write the number without quotes"),
    ("deck-count-true", "card 'probe-card' effects[0].count", "should be a whole number (got true)"),
    ("deck-count-fraction", "card 'probe-card' effects[0].count", "should be a whole number (got 1.5): a count has no fraction"),
    ("scenario-headline-yes", "scenario 'probe' headline", "should be true or false (got 'yes'): write true or false"),
    ("scenario-initial-text", "scenario 'probe' initial.us.pc", "should be a number (got '10'): write the number without quotes"),
    ("scenario-hand-size-text", "scenario 'probe' hand_size", "should be a whole number (got '5'): write the number without quotes"),
])
def test_no_silent_coercion(probe, where, message):
    assert any(where in p and p.endswith(message) for p in problems(PROBES / f"{probe}.yaml")), problems(PROBES / f"{probe}.yaml")


def test_an_out_of_range_inject_is_reported_at_the_inject():
    path = PROBES / "scenario-inject-outside.yaml"
    assert problems(path) == [f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:"
                              f"{line_of(path, 'turn: 2030Q1')} inject '2030Q1' turn: "
                              "inject at 2030Q1 is outside the game's quarters 2026Q1..2026Q4"]


@pytest.mark.parametrize(("probe", "needle", "message"), [
    ("scenario-state-duplicate", "- {id: india, name: Gulf", "swing state 'india' appears twice in 'board'"),
    ("scenario-seats-duplicate", "- {id: us, name: United States", "seat 'us' appears twice in 'seats'"),
    ("scenario-demand-sum", "board:", "the board's demand shares add up to 1.5"),
    ("scenario-firm-target-no-seat", "targets:", "a victory target for the firm, but the firm has no seat"),
    ("scenario-end-before-start", "end: 2026Q4", "end 2026Q4 is before start 2027Q1"),
])
def test_scenario_checks_point_at_the_field(probe, needle, message):
    path = PROBES / f"{probe}.yaml"
    found = [p for p in problems(path) if message in p]
    assert found, problems(path)
    line = max(i for i, text in enumerate(path.read_text().splitlines(), 1) if needle in text)
    assert f":{line} " in found[0]


def test_plain_words_for_derived_and_unreadable():
    assert problems(PROBES / "scenario-initial-derived.yaml")[0].endswith(
        "variable 'world.lag' is derived from other variables: only writable variables take opening values "
        "(see `wargame deck reference`)")
    hint = "to combine conditions, list them under 'all:' (every one holds) or 'any:' (one holds)"
    assert problems(PROBES / "deck-if-and.yaml")[0].endswith(hint)
    assert problems(PROBES / "deck-condition-beyond-bounds.yaml")[0].endswith(
        "5 is outside what 'us.export_controls' can hold (0 .. 1), so the condition is always false")
    assert problems(PROBES / "deck-effects-empty.yaml")[0].endswith("effects: needs at least 1 item (has 0)")
    assert not any("after validation" in p or "Input should" in p
                   for probe in PROBES.glob("*.yaml") if not probe.read_text().startswith("# accepted")
                   for p in (problems(probe) if "neither" not in probe.stem and "both" not in probe.stem else []))


def test_a_firm_card_must_name_the_side_it_shifts_toward():
    assert problems(PROBES / "deck-firm-shift-default.yaml")[0].endswith(
        "the firm has no side on the board: 'toward' must be 'us' or 'china' on a firm card ('toward' defaults to 'self')")
    assert "effects[0].else[0].toward" in problems(PROBES / "deck-firm-shift-nested-self.yaml")[0]


def test_card_ids_are_unique_across_decks_validated_together(tmp_path, capsys):
    valid = (PROBES / "deck-valid.yaml").read_text()
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(valid)
    second.write_text(valid.replace("deck: probe", "deck: other"))
    reports = check_files([first, second])
    assert reports[0].ok and not reports[1].ok
    assert reports[1].problems[0].message.startswith(f"card id 'probe-card' is also in deck 'probe' ({first}:")
    assert main(["deck", "validate", str(first), str(second)]) == 1
    assert "card ids are unique across decks" in capsys.readouterr().err


def test_parameters_are_checked_against_their_bounds_from_a_scenario_and_from_the_command_line(capsys):
    path = PROBES / "scenario-parameter-out-of-range.yaml"
    assert problems(path) == [f"{path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}:"
                              f"{line_of(path, 'parameters: {frontier_gain: -5}')} scenario 'probe' parameters.frontier_gain: "
                              "frontier_gain = -5 is outside its bounds [1, 3]"]
    assert main(["simulate", "--scenario", "duel", "--param", "frontier_gain=-5", "--games", "2"]) == 2
    assert capsys.readouterr().err == ("wargame simulate: --param 'frontier_gain=-5': "
                                       "frontier_gain = -5 is outside its bounds [1, 3]\n")
