"""Hostile content: whatever `deck validate` accepts plays; whatever would crash, hang or reach the
terminal raw is refused with its file and line (issue 16, items 3, 4, 5 and 7)."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from wargame.cli.main import main
from wargame.content import ContentError, load_bundle, validate_files
from wargame.content.document import MAX_DEPTH, MAX_FILE_BYTES
from wargame.engine.cards import MAX_DECK_CARDS
from wargame.engine.conditions import ConditionError, parse_condition
from wargame.engine.scenario import MAX_QUARTERS, MAX_SCENARIO_CARDS
from wargame.model.params import PARAMETERS, parameter_problem, params

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
DECKS = HOSTILE / "decks"
SCENARIOS = HOSTILE / "scenarios"
BASE_DECKS = [DECKS / "base.yaml", DECKS / "world.yaml"]


def problems_of(*paths: Path) -> list[str]:
    """Every problem `deck validate` reports for ``paths`` (with the base decks), as printed."""
    return [str(p) for p in validate_files([*paths, *BASE_DECKS])]


def only(problems: list[str], file: str) -> list[str]:
    return [p for p in problems if file in p]


# --- Numbers: finite, and within a stated range ----------------------------------------------------
def test_nan_and_infinity_are_refused_in_every_card_field() -> None:
    problems = only(problems_of(DECKS / "nan-values.yaml"), "nan-values.yaml")
    assert problems == [
        "tests/fixtures/hostile/decks/nan-values.yaml:5 card 'hn-add' effects[0].value: should be a finite number (got nan)",
        "tests/fixtures/hostile/decks/nan-values.yaml:6 card 'hn-set' effects[0].value: should be a finite number (got nan)",
        "tests/fixtures/hostile/decks/nan-values.yaml:7 card 'hn-cost' cost.budget: should be a finite number (got inf)",
        "tests/fixtures/hostile/decks/nan-values.yaml:10 card 'hn-modify' effects[0].add: should be a finite number (got nan)",
        "tests/fixtures/hostile/decks/nan-values.yaml:11 card 'hn-requires' requires[0]: cannot read condition "
        "'us.pc < 1e999': 1e999 is not a finite number",
    ]


@pytest.mark.parametrize(("name", "expected"), [
    ("param-zero", ":12 scenario 'param-zero' parameters.china_growth_tau: china_growth_tau = 0 is outside its bounds [1, 100]"),
    ("param-nan", ":12 scenario 'param-nan' parameters.algo_progress: should be a finite number (got nan)"),
    ("param-inf", ":12 scenario 'param-inf' parameters.compute_ratio0: should be a finite number (got inf)"),
    ("param-huge", ":12 scenario 'param-huge' parameters.us_compute_growth0: us_compute_growth0 = 1e+06 is outside its bounds [1.05, 5]"),
    ("victory-nan", ":12 scenario 'victory-nan' victory.targets.us: should be a finite number (got nan)"),
    ("initial-nan", ":12 scenario 'initial-nan' initial.us.pc: should be a finite number (got nan)"),
    ("year-0001", ":10 scenario 'year-0001' start: quarter '0001Q1' is outside the years 2020-2060"),
    ("endless", ":11 scenario 'endless' end: quarter '9999Q4' is outside the years 2020-2060"),
    ("too-long", ":11 scenario 'too-long' end: end 2040Q4 is 60 quarters after start 2026Q1: "
                 f"a scenario lasts at most {MAX_QUARTERS} quarters"),
])
def test_scenarios_that_crashed_or_never_ended_are_refused(name: str, expected: str) -> None:
    problems = only(problems_of(SCENARIOS / f"{name}.yaml"), f"{name}.yaml")
    assert f"tests/fixtures/hostile/scenarios/{name}.yaml{expected}" in problems


def test_play_refuses_what_validate_refuses(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARGAME_CONTENT", str(HOSTILE))
    for name in ("param-zero", "param-huge", "victory-nan", "year-0001", "endless"):
        assert main(["play", "--headless", "--scenario", name, "--seed", "1"]) == 1
        err = capsys.readouterr().err
        assert f"scenarios/{name}.yaml:" in err and "Traceback" not in err


def test_every_parameter_states_bounds_that_hold_its_value_and_range() -> None:
    for p in PARAMETERS.values():
        lo, hi = p.bounds
        assert lo <= p.value <= hi, p.name
        if p.range is not None:
            assert lo <= p.range[0] <= p.range[1] <= hi, p.name


def test_parameter_bounds_are_checked_in_one_place_for_every_caller(capsys: pytest.CaptureFixture[str]) -> None:
    assert parameter_problem("frontier_gain", 1.35) is None
    assert parameter_problem("china_growth_tau", 0.0) == "china_growth_tau = 0 is outside its bounds [1, 100]"
    assert parameter_problem("lag0", math.nan) == "lag0 = nan is not a finite number"
    with pytest.raises(ValueError, match="outside its bounds"):
        params(depreciation=5.0)
    assert main(["simulate", "--games", "1", "--param", "china_growth_tau=0"]) == 2
    assert "--param 'china_growth_tau=0': china_growth_tau = 0 is outside its bounds [1, 100]" in capsys.readouterr().err


def test_a_number_of_5001_digits_is_refused_with_its_line(tmp_path: Path) -> None:
    deck = (DECKS / "base.yaml").read_text().replace("ops: 2, text: Tighter", f"ops: {'9' * 5001}, text: Tighter", 1)
    path = tmp_path / "huge.yaml"
    path.write_text(deck)
    (problem,) = validate_files([path])
    assert problem.line == 5
    assert problem.message == "a number of 5001 characters: numbers have at most 32"


def test_requires_nested_450_deep_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    nested = "{all: [" * 450 + '"us.pc > 1"' + "]}" * 450
    deck = (DECKS / "base.yaml").read_text().replace("cost: {pc: 1},", f"cost: {{pc: 1}}, requires: [{nested}],", 1)
    path = tmp_path / "deep.yaml"
    path.write_text(deck)
    (problem,) = validate_files([path])
    assert problem.line == 6
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep: flatten the effects or conditions"


def test_conditions_from_elsewhere_than_a_file_are_depth_limited_too() -> None:
    condition: object = "us.pc > 1"
    for _ in range(450):
        condition = {"all": [condition]}
    with pytest.raises(ConditionError, match="nest at most 8"):
        parse_condition(condition)


# --- Size: decks, scenarios, files ---------------------------------------------------------------
def _deck_of(n: int, deck_id: str, prefix: str) -> str:
    cards = "".join(f"  - {{id: {prefix}{i}, name: C{i}, faction: us, type: policy, text: t, "
                    f"effects: [{{op: add, target: us.pc, value: 1}}]}}\n" for i in range(n))
    return f"deck: {deck_id}\ntitle: Big\ncards:\n{cards}"


def test_a_deck_holds_at_most_the_stated_number_of_cards(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(_deck_of(MAX_DECK_CARDS + 1, "big", "c"))
    (problem,) = validate_files([path])
    assert (problem.line, problem.field) == (3, "cards")
    assert problem.message == f"at most {MAX_DECK_CARDS} items (got {MAX_DECK_CARDS + 1})"


def test_a_scenario_plays_with_at_most_the_stated_number_of_cards(tmp_path: Path) -> None:
    paths = []
    for k in range(3):
        path = tmp_path / f"d{k}.yaml"
        path.write_text(_deck_of(MAX_DECK_CARDS, f"d{k}", f"d{k}-"))
        paths.append(path)
    scenario = (SCENARIOS / "base.yaml").read_text().replace("draw: [hostile-base]", "draw: [d0, d1, d2]")
    (tmp_path / "s.yaml").write_text(scenario)
    problems = [p for p in validate_files([tmp_path / "s.yaml", *paths, DECKS / "world.yaml"])
                if p.file.endswith("s.yaml")]
    assert [p.message for p in problems] == [
        f"its decks hold {3 * MAX_DECK_CARDS + 2} cards: a scenario plays with at most {MAX_SCENARIO_CARDS} cards in all"]


def test_deck_validate_refuses_devices_fifos_and_oversized_files(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    assert main(["deck", "validate", "/dev/zero", str(fifo), str(big)]) == 1
    err = capsys.readouterr().err.splitlines()
    device = "not a regular file: a deck or scenario file must be a plain file, not a device, pipe or folder"
    assert err == [f"/dev/zero: {device}", f"{fifo}: {device}",
                   f"{big}: larger than 1024 KiB: a deck or scenario file holds at most 1024 KiB "
                   "(split a large deck into several)"]


# --- Messages that hid the problem ---------------------------------------------------------------
def test_the_nul_byte_error_names_its_line() -> None:
    (problem,) = only(problems_of(DECKS / "nul-byte.yaml"), "nul-byte")
    assert problem == ("tests/fixtures/hostile/decks/nul-byte.yaml:5: the character \\x00 is not allowed in YAML "
                       "(a control character: delete it)")


def test_play_shows_the_parse_error_of_a_deck_it_cannot_find(capsys: pytest.CaptureFixture[str],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WARGAME_CONTENT", str(HOSTILE))
    assert main(["play", "--headless", "--scenario", "broken-deck"]) == 1
    err = capsys.readouterr().err
    assert "unknown deck 'hostile-broken'" in err
    assert "decks/broken-yaml.yaml:6: YAML syntax error: did not find expected ',' or '}'" in err


# --- Control characters --------------------------------------------------------------------------
def test_control_characters_in_content_are_refused_with_file_line_and_field() -> None:
    problems = only(problems_of(DECKS / "control-chars.yaml", SCENARIOS / "control-chars.yaml"), "control-chars")
    why = "a terminal would act on them instead of showing them"
    assert problems == [
        f"tests/fixtures/hostile/decks/control-chars.yaml:3 deck 'hostile-escapes' title: control characters are not allowed (\\x1b): {why}",
        f"tests/fixtures/hostile/decks/control-chars.yaml:5 card 'he-colour' name: control characters are not allowed (\\x1b): {why}",
        f"tests/fixtures/hostile/decks/control-chars.yaml:7 card 'he-clipboard' text: control characters are not allowed (\\x1b, \\x07): {why}",
        f"tests/fixtures/hostile/decks/control-chars.yaml:9 card 'he-title' text: control characters are not allowed (\\x1b, \\x07): {why}",
        f"tests/fixtures/hostile/decks/control-chars.yaml:11 card 'he-bidi' name: control characters are not allowed (\\u202e): {why}",
        f"tests/fixtures/hostile/decks/control-chars.yaml:13 card 'he-c1' name: control characters are not allowed (\\x9b): {why}",
        f"tests/fixtures/hostile/scenarios/control-chars.yaml:3 scenario 'control-chars' title: control characters are not allowed (\\x1b, \\u202e): {why}",
        f"tests/fixtures/hostile/scenarios/control-chars.yaml:12 inject '2026Q2' title: control characters are not allowed (\\x1b, \\x07): {why}",
        f"tests/fixtures/hostile/scenarios/control-chars.yaml:12 inject '2026Q2' text: control characters are not allowed (\\x1b, \\x07): {why}",
    ]


def test_markup_is_valid_content() -> None:
    bundle = load_bundle(SCENARIOS / "markup.yaml", [DECKS / "markup.yaml", DECKS / "world.yaml"])
    assert bundle.cards["hm-close"].name == "[/bold red]"


def test_the_base_fixtures_are_valid() -> None:
    assert problems_of(SCENARIOS / "base.yaml") == []
    with pytest.raises(ContentError):
        load_bundle(SCENARIOS / "broken-deck.yaml", [DECKS])
