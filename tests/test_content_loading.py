"""Loading decks and scenarios: every kind of bad content gives a located problem, never a traceback."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml

from wargame.cli.main import main
from wargame.content import (
    DEFAULT_SCENARIO,
    Bundle,
    ContentError,
    Problem,
    builtin_scenarios,
    content_dirs,
    effect_reference,
    json_schema,
    load_bundle,
    load_deck,
    load_scenario,
    validate_files,
)
from wargame.engine.cards import Deck
from wargame.engine.effects import EFFECT_TYPES
from wargame.engine.scenario import Scenario

FIXTURES = Path(__file__).parent / "fixtures" / "content"
CORE = FIXTURES / "decks" / "test-core.yaml"
WORLD = FIXTURES / "decks" / "test-world.yaml"
SCENARIO = FIXTURES / "scenarios" / "test-scenario.yaml"

# Line 1 is "deck: bad-deck"; the card's fields start on line 5 and its effects on line 12.
DECK_HEAD = """\
deck: bad-deck
title: Bad Deck
cards:
  - id: {card_id}
    name: A Card
    faction: {faction}
    type: policy
    cost: {{budget: 0, pc: 1}}
    ops: 2
    text: Something happens.
    sources: [F003_04]
    effects:
"""


def write(tmp_path: Path, text: str, name: str = "deck.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def deck_with(tmp_path: Path, effects: str, card_id: str = "h20-ban", faction: str = "us",
              extra: str = "") -> Path:
    """A one-card deck whose effects (indented list items) start on line 13."""
    body = DECK_HEAD.format(card_id=card_id, faction=faction) + textwrap.indent(textwrap.dedent(effects), "      ")
    return write(tmp_path, body + textwrap.indent(textwrap.dedent(extra), "    "))


def problems_of(path: Path, loader=load_deck) -> list[Problem]:
    with pytest.raises(ContentError) as info:
        loader(path)
    assert info.value.problems, "a ContentError must list its problems"
    return info.value.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def cli_validate(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, str, str]:
    code = main(["deck", "validate", *map(str, paths)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- malformed decks ------------------------------------------------------------------------------


def test_misspelt_target_names_line_card_field_and_suggestion(tmp_path, capsys):
    path = deck_with(tmp_path, """\
        - {op: add, target: us.export_controls, value: 0.1}
        - {op: add, target: china.foriegn_access, value: -0.2}
    """)
    p = only(problems_of(path))
    assert (p.file, p.line, p.card, p.field) == (str(path), 14, "h20-ban", "effects[1].target")
    assert p.message == "unknown variable 'china.foriegn_access' (did you mean 'china.foreign_access'?)"
    assert str(p) == (f"{path}:14 card 'h20-ban' effects[1].target: unknown variable 'china.foriegn_access' "
                      "(did you mean 'china.foreign_access'?)")
    code, out, err = cli_validate(capsys, path)
    assert code == 1 and out == ""
    assert err.strip() == str(p)


def test_design_format_of_a_problem():
    p = Problem("decks/core.yaml", 42, "h20-ban", "effects[1].target",
                "unknown variable 'china.foriegn_access' (did you mean 'china.foreign_access'?)")
    assert str(p) == ("decks/core.yaml:42 card 'h20-ban' effects[1].target: unknown variable "
                      "'china.foriegn_access' (did you mean 'china.foreign_access'?)")
    assert str(Problem("s.yaml", None, "baseline", "end", "bad", kind="scenario")) == "s.yaml scenario 'baseline' end: bad"
    assert str(Problem("d.yaml", 3, None, "", "the file is empty")) == "d.yaml:3: the file is empty"


def test_nested_target_line_inside_block_effects(tmp_path):
    path = deck_with(tmp_path, """\
        - op: chance
          p: 0.5
          then:
            - op: add
              value: 1
              target: us.pcc
    """)
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (18, "h20-ban", "effects[0].then[0].target")
    assert p.message == "unknown variable 'us.pcc' (did you mean 'us.pc'?)"


def test_unknown_op_lists_allowed_ops(tmp_path):
    path = deck_with(tmp_path, """\
        - {op: add, target: us.pc, value: 1}
        - op: multiply
          target: us.capex
          value: 2
    """)
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (14, "h20-ban", "effects[1].op")
    assert p.message.startswith("unknown op 'multiply'")
    ops = p.message.split("allowed ops: ")[1].split(", ")
    assert ops == [m.model_fields["op"].annotation.__args__[0] for m in EFFECT_TYPES]


def test_missing_op_and_missing_field(tmp_path):
    path = deck_with(tmp_path, """\
        - {target: us.pc, value: 1}
        - {op: modify, target: us.capex, add: 5}
    """)
    first, second = problems_of(path)
    assert (first.line, first.field) == (13, "effects[0]")
    assert first.message.startswith("missing 'op'; allowed ops: add, mul")
    assert (second.line, second.card, second.field, second.message) == (14, "h20-ban", "effects[1].turns",
                                                                        "field required")


def test_missing_card_field(tmp_path):
    text = DECK_HEAD.format(card_id="no-name", faction="us").replace("    name: A Card\n", "")
    path = write(tmp_path, text + "      - {op: add, target: us.pc, value: 1}\n")
    p = only(problems_of(path))
    assert (p.line, p.card, p.field, p.message) == (4, "no-name", "name", "field required")


def test_extra_field_suggests_the_real_one(tmp_path):
    path = deck_with(tmp_path, "- {op: add, target: us.pc, value: 1}\n", extra="tagz: [x]\n")
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (14, "h20-ban", "tagz")
    assert p.message == "unknown field 'tagz' (did you mean 'tags'?)"


def test_extra_field_inside_an_effect_uses_that_ops_fields(tmp_path):
    path = deck_with(tmp_path, "- {op: transfer, from: us.pc, to: china.pc, value: 1, amount: 2}\n")
    p = only(problems_of(path))
    assert (p.line, p.field) == (13, "effects[0].amount")
    assert p.message == "unknown field 'amount' (allowed: op, from, to, value)"


def test_out_of_bounds_set_points_at_value(tmp_path):
    path = deck_with(tmp_path, """\
        - op: set
          target: us.export_controls
          value: 3
    """)
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (15, "h20-ban", "effects[0].value")
    assert p.message == "value 3.0 is outside the bounds of us.export_controls [0, 1]"
    assert not p.message.startswith("Value error")


def test_derived_variable_target(tmp_path):
    path = deck_with(tmp_path, "- {op: add, target: world.lag, value: 1}\n")
    p = only(problems_of(path))
    assert (p.line, p.field) == (13, "effects[0].target")
    assert p.message == "variable 'world.lag' is derived from other variables and cannot be changed by a card"


def test_bad_condition_syntax_points_at_the_requires_item(tmp_path):
    path = deck_with(tmp_path, "- {op: add, target: us.pc, value: 1}\n", extra="""\
        requires:
          - us.pc > 1
          - us.pc >> 3
    """)
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (16, "h20-ban", "requires[1]")
    assert p.message.startswith("cannot read condition 'us.pc >> 3': expected '<path> <op> <number or path>'")


def test_every_unreadable_condition_is_reported_at_its_own_line(tmp_path):
    path = deck_with(tmp_path, "- {op: add, target: us.pc, value: 1}\n", extra="""\
        requires:
          - us.capx > 3
          - world.tension >=
    """)
    first, second = problems_of(path)
    assert (first.line, first.field) == (15, "requires[0]")
    assert first.message == "unknown variable 'us.capx' (did you mean 'us.capex'?)"
    assert (second.line, second.field) == (16, "requires[1]")
    assert second.message.startswith("cannot read condition 'world.tension >=': expected '<path> <op> <number or path>'")


def test_a_card_id_a_given_deck_shares_with_a_built_in_one_marks_that_deck_not_ok(tmp_path, capsys):
    root = Path(__file__).resolve().parents[1]
    core = yaml.safe_load((root / "decks" / "core.yaml").read_text())
    card = next(c for c in core["cards"] if c["id"] == "entity-list-expansion")
    (tmp_path / "clash.yaml").write_text(yaml.safe_dump({"deck": "clash", "title": "Clash", "cards": [card]}))
    scenario = yaml.safe_load((root / "scenarios" / "baseline.yaml").read_text())
    scenario["scenario"], scenario["decks"]["draw"] = "clashy", [*scenario["decks"]["draw"], "clash"]
    (tmp_path / "clashy.yaml").write_text(yaml.safe_dump(scenario))
    assert main(["deck", "validate", str(tmp_path / "clash.yaml"), str(tmp_path / "clashy.yaml")]) == 1
    out, err = capsys.readouterr()
    assert "ok:" not in out
    assert err.count("card id 'entity-list-expansion' is also in deck 'core'") == 1
    assert err.startswith(f"{tmp_path / 'clash.yaml'}:")


def test_condition_in_if_effect_with_unknown_variable(tmp_path):
    path = deck_with(tmp_path, """\
        - op: if
          when: "china.domestic_shre > 0.5"
          then: [{op: add, target: us.pc, value: 1}]
    """)
    p = only(problems_of(path))
    assert (p.line, p.field) == (14, "effects[0].when")
    assert "did you mean 'china.domestic_share'?" in p.message


def test_unknown_fact_id(tmp_path):
    path = deck_with(tmp_path, "- {op: add, target: us.pc, value: 1}\n").read_text()
    path = write(tmp_path, path.replace("sources: [F003_04]", "sources: [F003_04, F999_99]"))
    p = only(problems_of(path))
    assert (p.line, p.card, p.field, p.message) == (11, "h20-ban", "sources[1]", "unknown fact id 'F999_99'")


def test_duplicate_card_id(tmp_path):
    text = DECK_HEAD.format(card_id="twice", faction="us") + "      - {op: add, target: us.pc, value: 1}\n"
    card = text.split("cards:\n", 1)[1]
    path = write(tmp_path, text + card)
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (14, "twice", "id")
    assert p.message == "card id 'twice' appears more than once (first at line 4)"


def test_duplicate_yaml_key(tmp_path):
    path = deck_with(tmp_path, "- {op: add, target: us.pc, value: 1}\n", extra="name: Another Name\n")
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (14, "h20-ban", "name")
    assert p.message == "duplicate key 'name' (first at line 5)"


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/apply:subprocess.call"])
def test_python_tag_is_an_error_and_never_runs(tmp_path, capsys, tag):
    marker = tmp_path / "pwned"
    argument = f'["touch {marker}"]' if tag.endswith("system") else f'[["touch", "{marker}"]]'
    path = write(tmp_path, f"deck: evil\ntitle: {tag} {argument}\ncards: []\n")
    p = only(problems_of(path))
    assert (p.line, p.card, p.field) == (2, None, "")
    assert p.message == f"tag {tag!r} is not allowed: content files hold plain data only"
    code, _, err = cli_validate(capsys, path)
    assert code == 1 and f"{path}:2: tag" in err
    assert not marker.exists()


def test_yaml_syntax_error_has_its_line(tmp_path):
    path = write(tmp_path, "deck: x\ntitle: X\ncards:\n  - id: a\n    name: [unclosed\n    faction: us\n")
    p = only(problems_of(path))
    assert p.file == str(path) and p.line is not None and p.line >= 5
    assert p.message.startswith("YAML syntax error: ")


def test_a_tab_in_the_indentation_is_named_as_such(tmp_path):
    path = write(tmp_path, "deck: x\ntitle: X\ncards:\n\t- id: a\n")
    p = only(problems_of(path))
    assert (p.file, p.line, p.message) == (str(path), 4, "a tab character: YAML indents with spaces only")


@pytest.mark.parametrize("text", ["", "\n", "# only a comment\n"])
def test_empty_file(tmp_path, text):
    p = only(problems_of(write(tmp_path, text)))
    assert (p.line, p.message) == (1, "the file is empty")


def test_top_level_not_a_mapping(tmp_path):
    p = only(problems_of(write(tmp_path, "- a\n- b\n")))
    assert (p.line, p.message) == (1, "expected a mapping with 'deck' at the top level, found a list")


def test_non_utf8_bytes(tmp_path, capsys):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("deck: x\ntitle: Caf\u00e9\n".encode("latin-1"))
    p = only(problems_of(path))
    assert p.line == 2 and p.message.startswith("not UTF-8 text (byte 0xe9")
    code, _, err = cli_validate(capsys, path)
    assert code == 1 and f"{path}:2: not UTF-8" in err


def test_scenario_file_passed_as_a_deck(tmp_path):
    p = only(problems_of(SCENARIO))
    assert p.file.endswith("test-scenario.yaml") and p.line == 2
    assert p.message == "this is a scenario file ('scenario' at the top level), not a deck"
    q = only(problems_of(CORE, load_scenario))
    assert q.message == "this is a deck file ('deck' at the top level), not a scenario"


def test_world_card_cannot_refer_to_self(tmp_path):
    path = deck_with(tmp_path, """\
        - {op: shift, state: india, toward: self}
        - {op: shift, state: india}
        - op: chance
          p: 0.5
          then: [{op: draw, count: 1}]
        - {op: discard, seat: self}
        - {op: shift, state: india, toward: china}
    """, card_id="world-event", faction="world")
    problems = problems_of(path)
    assert [(p.line, p.card, p.field) for p in problems] == [
        (13, "world-event", "effects[0].toward"), (14, "world-event", "effects[1].toward"),
        (17, "world-event", "effects[2].then[0].seat"), (18, "world-event", "effects[3].seat")]
    assert problems[0].message == "a world card belongs to no seat: 'toward' must be 'us' or 'china'"
    assert problems[1].message.endswith("('toward' defaults to 'self')")
    assert "'seat' must be us, china or firm" in problems[2].message
    # The same effects are fine on a seat's card, and 'requires' is fine on a world card.
    assert load_deck(deck_with(tmp_path, "- {op: shift, state: india}\n", faction="us"))
    assert load_deck(deck_with(tmp_path, "- {op: shift, state: india, toward: us}\n", faction="world",
                               extra="requires: ['us.pc > 1']\n"))


def test_all_problems_are_reported_and_nothing_half_loads(tmp_path, capsys):
    path = deck_with(tmp_path, """\
        - {op: add, target: us.pcc, value: 1}
        - {op: frob}
        - {op: set, target: us.export_controls, value: 2}
    """, extra="colour: red\n")
    problems = problems_of(path)
    assert [p.line for p in problems] == [13, 14, 15, 16]
    assert {p.field for p in problems} == {"effects[0].target", "effects[1].op", "effects[2].value", "colour"}
    code, out, err = cli_validate(capsys, path)
    assert code == 1 and out == ""
    assert err.splitlines() == [str(p) for p in problems]


def test_wrong_types_read_plainly(tmp_path):
    path = deck_with(tmp_path, "- {op: add, target: us.pc, value: lots}\n", extra="requires: [5]\n")
    first, second = problems_of(path)
    assert (first.field, first.message) == ("effects[0].value",
                                           "should be a number (got 'lots')")
    assert (second.line, second.field) == (14, "requires[0]")
    assert second.message == "should be text or a mapping (got 5)"
    assert "https://" not in first.message + second.message


# --- scenarios and bundles -------------------------------------------------------------------------


def scenario_text(**replace: str) -> str:
    text = SCENARIO.read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    return text


def bundle_problems(path: Path, *decks: Path) -> list[Problem]:
    with pytest.raises(ContentError) as info:
        load_bundle(path, search=list(decks) or [FIXTURES / "decks"])
    return info.value.problems


def test_valid_fixtures_load_and_round_trip(tmp_path):
    deck = load_deck(CORE)
    assert isinstance(deck, Deck) and [c.id for c in deck.cards][:1] == ["entity-list-expansion"]
    scenario = load_scenario(SCENARIO)
    assert isinstance(scenario, Scenario) and scenario.scenario == "test-scenario"
    for model, loader in ((deck, load_deck), (load_deck(WORLD), load_deck), (scenario, load_scenario)):
        dumped = write(tmp_path, yaml.safe_dump(model.model_dump(mode="json", by_alias=True), sort_keys=False),
                       "dumped.yaml")
        assert loader(dumped) == model


def test_bundle_of_valid_fixtures():
    bundle = load_bundle(SCENARIO, search=[FIXTURES / "decks"])
    assert isinstance(bundle, Bundle)
    assert list(bundle.decks) == ["test-core", "test-world"]
    assert set(bundle.cards) == {"entity-list-expansion", "domestic-mandate", "gulf-deal", "rare-earth-curbs",
                                 "smuggling-ring"}
    assert {c.faction for c in bundle.world_cards} == {"world"}
    assert "world" not in {c.faction for c in bundle.draw_cards}


def test_scenario_naming_an_unknown_deck(tmp_path):
    path = write(tmp_path, scenario_text(**{"draw: [test-core]": "draw: [test-core, test-cor]"}), "s.yaml")
    p = only(bundle_problems(path))
    assert (p.file, p.line, p.kind, p.card, p.field) == (str(path), 15, "scenario", "test-scenario", "decks.draw[1]")
    assert p.message.startswith("unknown deck 'test-cor' (did you mean 'test-core'?)")


def test_a_scenario_plays_without_the_cards_it_leaves_out(tmp_path):
    path = write(tmp_path, scenario_text(**{"  world: [test-world]\n": "  world: [test-world]\n  leave_out: [gulf-deal]\n"}),
                 "s.yaml")
    bundle = load_bundle(path, search=[FIXTURES / "decks"])
    assert "gulf-deal" in bundle.cards and "gulf-deal" not in {c.id for c in bundle.draw_cards}
    rules = bundle.game().rules
    assert "gulf-deal" not in rules.draw_deck and "gulf-deal" in rules.cards
    whole = load_bundle(SCENARIO, search=[FIXTURES / "decks"]).game().rules
    assert set(whole.draw_deck) - set(rules.draw_deck) == {"gulf-deal"}


def test_leaving_out_a_card_not_in_the_draw_decks(tmp_path):
    path = write(tmp_path, scenario_text(**{"  world: [test-world]\n":
                                            "  world: [test-world]\n  leave_out: [gulf-dea, smuggling-ring]\n"}),
                 "s.yaml")
    problems = bundle_problems(path)
    assert [(p.line, p.kind, p.card, p.field) for p in problems] == [
        (17, "scenario", "test-scenario", "decks.leave_out[0]"), (17, "scenario", "test-scenario", "decks.leave_out[1]")]
    assert [p.message for p in problems] == [
        "unknown card 'gulf-dea' (did you mean 'gulf-deal'?): not in the draw decks",
        "'smuggling-ring' is a world event: only cards of the draw decks can be left out"]


def test_scenario_naming_an_unknown_card(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, scenario_text(**{"cards: [rare-earth-curbs]": "cards: [rare-earth-curb]"}), "s.yaml")
    p = only(bundle_problems(path))
    assert (p.line, p.kind, p.card, p.field) == (22, "inject", "2026Q2", "cards[0]")
    assert p.message == "unknown card 'rare-earth-curb' (did you mean 'rare-earth-curbs'?)"
    monkeypatch.setenv("WARGAME_CONTENT", str(FIXTURES))
    code, out, err = cli_validate(capsys, path)
    assert code == 1 and out == ""
    assert err.strip() == f"{path}:22 inject '2026Q2' cards[0]: " + p.message


def test_scenario_board_without_a_state_the_cards_shift(tmp_path):
    path = write(tmp_path, scenario_text(**{"{id: india, name: India": "{id: indya, name: India"}), "s.yaml")
    p = only(bundle_problems(path))
    assert p.file.endswith("test-world.yaml") and (p.line, p.card, p.field) == (13, "rare-earth-curbs",
                                                                                  "effects[1].state")
    assert p.message.startswith("unknown swing state 'india' (did you mean 'indya'?)")


def test_board_paths_in_conditions_name_board_states(tmp_path):
    path = write(tmp_path, scenario_text(**{"{id: gulf, name: Gulf States": "{id: gulfs, name: Gulf States",
                                            "board.gulf >= 2": "board.gulfs >= 2"}), "s.yaml")
    problems = bundle_problems(path)
    located = sorted((p.file.rsplit("/", 1)[-1], p.line, p.card, p.field) for p in problems)
    assert located == [("test-core.yaml", 30, "domestic-mandate", "effects[1].when"),
                       ("test-core.yaml", 42, "gulf-deal", "requires[0]"),
                       ("test-core.yaml", 44, "gulf-deal", "effects[0].state")]
    assert all("'gulf'" in p.message or "'board.gulf'" in p.message for p in problems)
    bad_when = write(tmp_path, scenario_text(**{"board.gulf >= 2": "board.gulff >= 2"}), "t.yaml")
    p = only(bundle_problems(bad_when))
    assert (p.line, p.kind, p.card, p.field) == (25, "conditional", "gulf-tilts", "when")
    assert p.message == "'board.gulff' names no swing state on the board of scenario 'test-scenario' " \
                        "(did you mean 'board.gulf'?)"


def test_world_and_draw_decks_hold_the_right_factions(tmp_path):
    path = write(tmp_path, scenario_text(**{"draw: [test-core]": "draw: [test-world]",
                                            "world: [test-world]": "world: [test-core]"}), "s.yaml")
    problems = bundle_problems(path)
    assert len(problems) == 5
    world = [p for p in problems if p.file.endswith("test-world.yaml")]
    assert [(p.line, p.card, p.field) for p in world] == [(7, "rare-earth-curbs", "faction"),
                                                           (18, "smuggling-ring", "faction")]
    assert "is a draw deck in scenario 'test-scenario'" in world[0].message


def test_card_id_in_two_decks(tmp_path):
    other = write(tmp_path, WORLD.read_text().replace("deck: test-world", "deck: test-world-2"), "w2.yaml")
    path = write(tmp_path, scenario_text(**{"world: [test-world]": "world: [test-world, test-world-2]"}), "s.yaml")
    problems = bundle_problems(path, FIXTURES / "decks", other)
    assert [(p.file, p.line, p.card, p.field) for p in problems] == [
        (str(other), 5, "rare-earth-curbs", "id"), (str(other), 16, "smuggling-ring", "id")]
    assert problems[0].message.startswith("card id 'rare-earth-curbs' is also in deck 'test-world' (")


def test_inline_inject_effects_cannot_refer_to_self(tmp_path):
    path = write(tmp_path, scenario_text(**{"{op: add, target: us.alliance, value: 0.1}":
                                            "{op: shift, state: gulf}"}), "s.yaml")
    p = only(problems_of(path, load_scenario))
    assert (p.line, p.kind, p.card, p.field) == (28, "conditional", "gulf-tilts", "effects[0].toward")
    assert p.message.startswith("an inject belongs to no seat")


def test_scenario_model_errors_are_located(tmp_path):
    path = write(tmp_path, scenario_text(**{"end: 2026Q4": "end: 2025Q4", "us.pc: 5": "us.pcc: 5",
                                            "alignment: 1,": "alignment: 9,"}), "s.yaml")
    problems = problems_of(path, load_scenario)
    found = [(p.line, p.kind, p.card, p.field) for p in problems]
    assert (12, "state", "india", "alignment") in found
    assert (18, "scenario", "test-scenario", "initial.us.pcc") in found
    assert any("did you mean 'us.pc'?" in p.message for p in problems)


# --- built-in content, validation of file sets, schema and reference ---------------------------------


def test_content_dirs_default_to_the_repository_and_follow_the_env(monkeypatch):
    monkeypatch.delenv("WARGAME_CONTENT", raising=False)
    root = Path(__file__).resolve().parents[1]
    assert content_dirs() == (root / "decks", root / "scenarios")
    monkeypatch.setenv("WARGAME_CONTENT", str(FIXTURES))
    assert content_dirs().decks == FIXTURES / "decks"
    assert builtin_scenarios() == ["test-scenario"]
    assert load_bundle("test-scenario").scenario.scenario == "test-scenario"
    with pytest.raises(ContentError) as info:
        load_bundle("test-scenaro")
    assert "unknown scenario 'test-scenaro' (did you mean 'test-scenario'?)" in str(info.value)


def test_builtin_scenarios_put_the_default_first(tmp_path, monkeypatch):
    (tmp_path / "scenarios").mkdir()
    for name in ("duel", "baseline", "long-2030", "a-first"):
        (tmp_path / "scenarios" / f"{name}.yaml").write_text("scenario: x\n")
    monkeypatch.setenv("WARGAME_CONTENT", str(tmp_path))
    assert builtin_scenarios() == [DEFAULT_SCENARIO, "a-first", "duel", "long-2030"]


def test_validate_files_detects_kind_and_checks_scenarios_against_given_decks(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WARGAME_CONTENT", str(tmp_path))  # no built-in decks: only the files given
    assert validate_files([CORE, WORLD, SCENARIO]) == []
    problems = validate_files([CORE, SCENARIO])
    assert [p.message.split(" (")[0] for p in problems] == ["unknown deck 'test-world'",
                                                            "unknown card 'rare-earth-curbs'"]
    code, out, _ = cli_validate(capsys, CORE, WORLD, SCENARIO)
    assert code == 0
    assert out.splitlines()[0] == f"ok: {CORE} (3 cards)"
    assert out.splitlines()[2].startswith(f"ok: {SCENARIO} (scenario 'test-scenario'")
    neither = write(tmp_path, "name: x\n", "neither.yaml")
    assert only(validate_files([neither])).message.startswith("neither a deck")


def test_cli_reports_a_broken_deck_once(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("WARGAME_CONTENT", str(tmp_path))
    broken = write(tmp_path, CORE.read_text().replace("china.mandate", "china.mandat"), "core.yaml")
    code, out, err = cli_validate(capsys, broken, WORLD, SCENARIO)
    assert code == 1
    assert out.splitlines() == [f"ok: {WORLD} (2 cards)"]
    assert err.splitlines() == [f"{broken}:28 card 'domestic-mandate' effects[0].target: unknown variable "
                                "'china.mandat' (did you mean 'china.mandate'?)"]


def test_deck_schema_is_json_with_every_op(capsys):
    assert main(["deck", "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == json_schema()
    assert schema["title"] == "wargame content"
    assert (schema["then"]["$ref"], schema["else"]["then"]["$ref"]) == ("#/$defs/Deck", "#/$defs/Scenario")
    ops = schema["$defs"]["Effect"]["properties"]["op"]["enum"]
    assert ops == [model.model_fields["op"].annotation.__args__[0] for model in EFFECT_TYPES]
    for rule in schema["$defs"]["Effect"]["allOf"]:  # the op picks its effect's definition
        assert rule["then"]["$ref"].removeprefix("#/$defs/") in schema["$defs"]


def test_schema_accepts_fixtures_and_rejects_unknown_ops():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json_schema()
    for path in (CORE, WORLD, SCENARIO):
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)
    bad = yaml.safe_load(CORE.read_text())
    bad["cards"][0]["effects"][0]["op"] = "frob"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_reference_documents_ops_and_variables(capsys):
    text = effect_reference()
    for model in EFFECT_TYPES:
        assert f"### `{model.model_fields['op'].annotation.__args__[0]}`" in text
    assert "| `turns` | integer | required | >= 1, <= 40 |" in text
    assert "| `us.export_controls` | index | 0 .. 1 |" in text
    writable = text.split("## Writable variables")[1].split("## Derived variables")[0]
    assert "| `us.export_controls` |" in writable and "world.lag" not in writable  # derived: not writable
    derived = text.split("## Derived variables")[1]
    assert "| `world.lag` | months | -60 .. 60 |" in derived and "| `us.export_controls` |" not in derived


def test_the_cli_reference_adds_parameters_with_ranges_and_facts_with_summaries(capsys):
    from wargame.model.params import PARAMETERS, fact_ids

    assert main(["deck", "reference"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(effect_reference())
    params = out.split("## Model parameters")[1].split("## Fact ids")[0]
    assert "| `frontier_gain` | 1.35 | 1 .. 3 | 1.2 .. 1.6 | A, F001_04 |" in params
    assert {line.split("`")[1] for line in params.splitlines() if line.startswith("| `")} == set(PARAMETERS)
    facts = out.split("## Fact ids")[1]
    assert "| `F000_01` | Huawei Q3-2025 (Ascend) shipments jumped 150% |" in facts
    assert {line.split("`")[1] for line in facts.splitlines() if line.startswith("| `")} == set(fact_ids())


def test_deck_list(monkeypatch, capsys):
    monkeypatch.setenv("WARGAME_CONTENT", str(FIXTURES))
    assert main(["deck", "list", "--scenario", "test-scenario"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "test-core: Test Core Deck (3 cards) - built-in"
    row = next(line.split() for line in out.splitlines() if "entity-list-expansion" in line)
    assert row[:5] == ["entity-list-expansion", "us", "policy", "3", "2PC"]
    assert main(["deck", "list", "--json"]) == 0
    assert [d["deck"] for d in json.loads(capsys.readouterr().out)] == ["test-core", "test-world"]
    assert main(["deck", "list", "--scenario", "nope"]) == 1
    assert capsys.readouterr().err.startswith("wargame deck list: unknown scenario 'nope'; known scenarios: ")


@pytest.mark.parametrize("argv", [["deck"], ["deck", "validate"], ["deck", "frob"], ["deck", "list", "--bogus"]])
def test_bad_usage_exits_2(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
