"""Rules that used to be wrong (issue 14, item 1), each checked where a player or reader meets it:
temporary modifiers logged and described as they were, counted in the quarters they last; the
lag's frontier growth with no echo of a shock; the inference share kept where a card puts it; and
no command named in the docs that does not exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_game, card, end_quarter
from wargame.engine.actions import EVENT, FIRE, PASS, Action
from wargame.engine.cards import Deck
from wargame.engine.game import Game, Ruleset
from wargame.model.economy import advance_quarter, derive, initial_values
from wargame.report import GameRecord, build_debrief

QUIET = {"headline": False, "world_draws": 0, "injects": [], "conditional": []}


def with_cards(game: Game, *cards) -> Game:
    rules = game.rules
    return Game(Ruleset.build(rules.scenario, [*rules.decks, Deck(deck="inline", title="inline", cards=list(cards))]))


def fire(game: Game, state, effects, actor="us", **fields):
    """``state`` after a card with ``effects`` fires for ``actor`` (no cost paid)."""
    c = card(effects=effects, faction=fields.pop("faction", actor), **fields)
    return with_cards(game, c).apply(state, Action("facilitator", FIRE, c.id))


def last(state, kind):
    return [e for e in state.events if e["kind"] == kind][-1]


# --- a. a temporary modifier is logged with its real before and after ----------------------------------
def test_a_temporary_modifier_logs_the_effective_value_before_and_after(plain_game):
    start = plain_game.new_game(seed=11)
    base = start.values["china.foreign_access"]
    after = fire(plain_game, start, [{"op": "modify", "target": "china.foreign_access", "mul": 0.5, "turns": 2}])
    entry = last(after, "fire")
    assert entry["changes"]["china.foreign_access (temporary)"] == [round(base, 6), round(0.5 * base, 6)]
    assert entry["modifiers"]["china.foreign_access"] == {"add": 0.0, "mul": 0.5, "turns": 2}


def test_a_temporary_modifier_on_a_modified_variable_starts_from_its_effective_value(plain_game):
    start = plain_game.new_game(seed=11)
    once = fire(plain_game, start, [{"op": "modify", "target": "us.export_controls", "add": -0.2, "turns": 2}])
    twice = fire(plain_game, once, [{"op": "modify", "target": "us.export_controls", "add": -0.1, "turns": 1}])
    before = plain_game.outputs(once)["us.export_controls"]
    assert last(twice, "fire")["changes"]["us.export_controls (temporary)"] == [round(before, 6),
                                                                                round(before - 0.1, 6)]


# --- b. the report describes the branch of a chance card that fired -----------------------------------
def test_the_debrief_describes_the_chance_branch_that_fired():
    gamble = card(id="gamble", name="Gamble", effects=[{"op": "chance", "p": 0.5,
                  "then": [{"op": "modify", "target": "china.foreign_access", "mul": 0.8, "turns": 2}],
                  "else": [{"op": "modify", "target": "china.foreign_access", "mul": 0.5, "turns": 3}]}])
    game = with_cards(build_game(**QUIET), gamble)
    seen = set()
    for seed in range(1, 40):
        first = game.new_game(seed)
        while game.current_player(first) != "us":
            first = game.apply(first, Action(game.current_player(first), PASS))
        first = first.clone()
        first.hands["us"].append("gamble")
        after = game.apply(first, Action("us", EVENT, "gamble"))
        fired = last(after, "chance")["text"].endswith("yes")
        record = GameRecord(game=game, seed=seed, actions=[Action("us", EVENT, "gamble")], states=[first, after],
                            seats={s: "human" for s in first.seats})
        play = next(p for p in build_debrief(record).plays if p.index == 1)
        text = next(c.text for c in play.changes if "(temporary)" in c.path)
        assert text == ("x0.8 for 2 quarters" if fired else "x0.5 for 3 quarters"), seed
        seen.add(fired)
        if len(seen) == 2:
            break
    assert seen == {True, False}


# --- c. a modifier counts in the scoring of every quarter it lasts ---------------------------------------
@pytest.mark.parametrize("turns", [1, 2])
def test_a_sanction_costs_the_firm_its_points_in_every_quarter_it_lasts(plain_game, turns):
    """A US sanction lasting ``turns`` quarters costs the firm at least ``vp_sanction`` in each of them
    (its revenue falls too), and nothing of the sanction's points once it has gone."""
    penalty = plain_game.rules.params["vp_sanction"]
    start = plain_game.new_game(seed=3)
    sanctioned = fire(plain_game, start, [{"op": "modify", "target": "firm.sanctioned_us", "add": 1, "turns": turns}])
    same = start.clone()
    lost = []
    for _ in range(turns + 1):
        gained_s, gained = sanctioned.vp["firm"], same.vp["firm"]
        sanctioned, same = end_quarter(plain_game, sanctioned), end_quarter(plain_game, same)
        lost.append((sanctioned.vp["firm"] - gained_s) - (same.vp["firm"] - gained))
    assert all(x <= -penalty for x in lost[:turns]), lost
    assert lost[turns] > -penalty / 2, lost  # the sanction is over: what is left is its lost revenue's echo


def test_a_capex_modifier_counts_in_the_quarter_it_lasts(plain_game):
    """The US vendors' share the US scores reads this quarter's capex with its one-quarter boost."""
    start = plain_game.new_game(seed=3)
    boosted = fire(plain_game, start, [{"op": "modify", "target": "us.capex", "add": 30.0, "turns": 1}])
    b, s = end_quarter(plain_game, boosted), end_quarter(plain_game, start.clone())
    assert b.history[-1]["us.capex"] == pytest.approx(s.history[-1]["us.capex"] + 30.0)
    assert not b.modifiers


# --- d. a one-off shock is not replayed four quarters later ---------------------------------------------
def _lags(shock: float, quarters: int = 10) -> list[float]:
    from wargame.content import load_bundle
    from wargame.model.params import params

    sc = load_bundle("baseline").scenario
    board, weights = [s.alignment for s in sc.board], [s.demand for s in sc.board]
    p = params(**dict(sc.parameters))
    v, b = initial_values(p, board, weights, dict(sc.initial)), list(board)
    lags = []
    for q in range(quarters):
        if q == 1:
            v = {**v, "us.compute": v["us.compute"] + shock}
        lags.append(derive(v, b, weights, p)["world.lag"])
        v, b = advance_quarter(v, b, weights, p, q)
    return lags


def test_a_one_off_compute_shock_fades_and_is_not_echoed_a_year_later():
    plain, shocked = _lags(0.0), _lags(10.0)
    effect = [s - p for s, p in zip(shocked, plain, strict=True)][1:]
    assert effect[0] > 0.1  # the shock moves the lag
    assert all(later <= earlier + 1e-9 for earlier, later in zip(effect, effect[1:], strict=False)), effect


# --- e. the inference share stays where a card puts it ------------------------------------------------
def test_the_inference_share_keeps_a_cards_rise_past_its_trend(plain_game):
    start = plain_game.new_game(seed=3)
    target = plain_game.rules.params["inference_target"]
    raised = fire(plain_game, start, [{"op": "add", "target": "world.inference_share", "value": 0.3}], actor="firm")
    assert raised.values["world.inference_share"] > target
    q1 = end_quarter(plain_game, raised)
    assert q1.values["world.inference_share"] == pytest.approx(raised.values["world.inference_share"])
    same = end_quarter(plain_game, start.clone())  # below its trend it still rises by the step
    step = plain_game.rules.params["inference_step"]
    assert same.values["world.inference_share"] == pytest.approx(start.values["world.inference_share"] + step)


# --- f. the docs name only commands that exist -------------------------------------------------------
def test_every_wargame_command_named_in_the_sources_and_readme_exists():
    from wargame.cli.main import SUBCOMMANDS

    root = Path(__file__).resolve().parent.parent
    files = [root / "README.md", *sorted((root / "docs").glob("*.md")), *sorted((root / "src").rglob("*.py"))]
    named = {(f.name, m) for f in files for m in re.findall(r"`wargame ([a-z][a-z-]*)", f.read_text())}
    assert named, "the pattern finds the commands the README names"
    missing = sorted((f, m) for f, m in named if m not in SUBCOMMANDS)
    assert not missing, missing
