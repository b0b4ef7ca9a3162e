"""The debrief's numbers and words: the opening as the scenario sets it, effects and discards named
for people, and an opponent's event that fires with no effect said once."""

from __future__ import annotations

import re

from conftest import build_game, to_turn_of
from wargame.engine.actions import EVENT, OPS, Action
from wargame.engine.game import Game
from wargame.engine.state import GameState
from wargame.model.economy import derive, initial_values
from wargame.report import GameRecord, build_debrief
from wargame.report.html import render_html
from wargame.report.timeline import Play

#: A variable path such as ``us.capex`` or ``china.foreign_access``: never shown to a reader.
PATH = re.compile(r"\b(?:us|china|firm|world)\.[a-z_]+\b")
QUIET = {"headline": False, "world_draws": 0, "injects": [], "conditional": []}


def scenario_opening(game: Game) -> dict[str, float]:
    """The model's values at the scenario's opening, before any news, straight from the model."""
    rules = game.rules
    board = [s.alignment for s in rules.scenario.board]
    values = initial_values(rules.params, board, rules.weights, rules.scenario.initial)
    return {k: float(v) for k, v in derive(values, board, rules.weights, rules.params).items()}


def test_start_row_and_opening_alignments_are_the_scenarios_not_after_the_first_news() -> None:
    shock = {"turn": "2026Q1", "title": "Shock", "effects": [
        {"op": "add", "target": "china.efficiency", "value": 0.5},
        {"op": "shift", "state": "india", "steps": 1, "toward": "china"}]}
    game = build_game(world_draws=0, conditional=[], injects=[shock])
    record = GameRecord.fold(game, 3, [])
    after_news = game.outputs(record.opening)
    expected = scenario_opening(game)["world.lag"]
    assert abs(after_news["world.lag"] - expected) > 0.1  # the news moved the lag: the test can tell
    d = build_debrief(record)
    assert d.tracks.series["world.lag"][0] == expected
    india = next(row for row in d.board if row[0] == "India")
    assert india[1] == 1.5 and record.opening.board["india"] == 0.5


def _record_of_plays(game: Game, hands: dict[str, list[str]], plays: list[Action], seat: str) -> GameRecord:
    """A record whose first state is ``seat``'s first action round with ``hands`` dealt; then ``plays``."""
    first = to_turn_of(game, game.new_game(1), seat).clone()
    first.hands.update({s: list(h) for s, h in hands.items()})
    states: list[GameState] = [first]
    for action in plays:
        states.append(game.apply(states[-1], action))
    return GameRecord(game=game, seed=1, actions=plays, states=states, seats={s: "human" for s in first.seats})


def _play(record: GameRecord, number: int) -> Play:
    return next(p for p in build_debrief(record).plays if p.index == number)


def test_effects_read_in_player_facing_names() -> None:
    game = build_game(**QUIET)
    record = _record_of_plays(game, {"us": ["ctrl", "c6"]}, [Action("us", EVENT, "ctrl")], "us")
    play = _play(record, 1)
    temporary = next(c for c in play.changes if "(temporary)" in c.path)
    assert not PATH.search(temporary.label) and "(temporary)" not in temporary.label
    assert "foreign" in temporary.label.lower() and temporary.text == "x0.8 for 2 quarters"
    assert all(not PATH.search(c.label) for c in play.changes)


def test_the_html_report_shows_no_variable_path() -> None:
    game = build_game(**QUIET)
    record = _record_of_plays(game, {"us": ["ctrl", "c6"]}, [Action("us", EVENT, "ctrl")], "us")
    text = re.sub(r"<[^>]+>", " ", render_html(build_debrief(record)))
    assert PATH.findall(text) == []


def test_discards_show_card_names() -> None:
    game = build_game(**QUIET)
    record = _record_of_plays(game, {"us": ["c21", "c6"], "china": ["fab"]}, [Action("us", EVENT, "c21")], "us")
    play = _play(record, 1)
    assert any("Fab" in o for o in play.outcomes), play.outcomes
    assert not any(re.search(r"\bfab\b", o) for o in play.outcomes), play.outcomes
    assert "China discards Fab" in play.outcomes


def test_an_opponents_event_without_effect_is_said_once() -> None:
    game = build_game(**{**QUIET, "initial": {"us.export_controls": 0.97}})
    record = _record_of_plays(game, {"china": ["ctrl", "fab"]}, [Action("china", OPS, "ctrl", use="invest")], "china")
    play = _play(record, 1)
    said = " / ".join([play.summary, *play.outcomes])
    assert said.count("no effect") == 1, said
    assert "fires" not in said and "fired" not in said, said


def test_an_opponents_event_that_fires_is_said_once() -> None:
    game = build_game(**QUIET)
    record = _record_of_plays(game, {"china": ["ctrl", "fab"]}, [Action("china", OPS, "ctrl", use="invest")], "china")
    play = _play(record, 1)
    said = " / ".join([play.summary, *play.outcomes])
    assert len(re.findall(r"event fire", said)) == 1, said
    assert play.changes, "the US's event changed something"


def test_a_comparison_names_measures_and_seats_for_people() -> None:
    from wargame.report.compare import compare_records, outcome_rows

    game = build_game(**QUIET)
    record = _record_of_plays(game, {"us": ["ctrl", "c6"]}, [Action("us", EVENT, "ctrl")], "us")
    rows = outcome_rows(compare_records(record, record))
    assert all(not PATH.search(what) for what, _, _ in rows), rows
    assert ("US margin (VP less target)" in [w for w, _, _ in rows])
