"""Escalation and the swing states' own moves (``core.quarter.escalate``, ``swing_states``): the
tension track, the retaliation ladder, sanctions that persist until lifted, the Taiwan Strait risk,
open conflict as a mutual loss, hedging states and Diffusion tiers that touch only tier-2 states."""

from __future__ import annotations

import pytest

from conftest import build_game, card, end_quarter, scenario_raw, shipped_rules
from wargame.engine.actions import FACILITATOR, FIRE, OVERRIDE, Action
from wargame.engine.cards import Deck
from wargame.engine.game import Game, Ruleset
from wargame.engine.wording import sanctions_words, tension_words
from wargame.model.params import PARAMETERS


def quiet(**changes):
    """The fixture scenario without news or headline (nothing but the seats' passes moves the state)."""
    return build_game(headline=False, world_draws=0, injects=[], conditional=[], **changes)


def with_card(game, c):
    rules = game.rules
    return Game(Ruleset.build(rules.scenario, [*rules.decks, Deck(deck="inline", title="inline", cards=[c])]))


def override(game, state, path, value):
    return game.apply(state, Action(FACILITATOR, OVERRIDE, path=path, value=value, text="test"))


def fire(game, state, card_id, target=None):
    return game.apply(state, Action(FACILITATOR, FIRE, card_id, target=target))


def p(name):
    return PARAMETERS[name].value


# --- The tension track --------------------------------------------------------------------------------
def test_tension_opens_strained_and_cools_each_quiet_quarter():
    game = quiet()
    state = game.new_game(seed=5)
    assert state.values["world.tension"] == 2.0 and tension_words(2.0) == "strained"
    after = end_quarter(game, state)
    assert after.values["world.tension"] == pytest.approx(2.0 - p("tension_cooling"))
    assert not [e for e in after.events if e["kind"] == "crisis"]


def test_a_hostile_card_raises_tension_and_a_ladder_rung_needs_tension_first():
    rules = shipped_rules()
    game = Game(rules)
    state = game.new_game(seed=2)
    state = override(game, state, "world.tension", 2.0)
    fizzled = fire(game, state, "foundry-sanctions")  # the top rung needs tension 2.25
    assert fizzled.values["world.tension"] == 2.0 and fizzled.values["firm.sanctioned_us"] == 0
    assert "its conditions do not hold" in fizzled.events[-1]["text"]
    state = fire(game, state, "entity-list-expansion")  # entity lists and rare-earth curbs: open at 2
    assert state.values["world.tension"] == pytest.approx(2.5)
    state = fire(game, state, "rare-earth-curbs")
    assert state.values["world.tension"] == pytest.approx(3.0)
    calmer = fire(game, state, "strait-crisis-hotline")
    assert calmer.values["world.tension"] == pytest.approx(2.0)


def test_tension_words_name_every_level():
    assert [tension_words(x) for x in (0, 0.9, 1, 2.5, 3, 4.2, 5)] == [
        "calm", "calm", "wary", "strained", "crisis", "brink", "conflict"]


# --- Sanctions ------------------------------------------------------------------------------------------
def test_sanctions_persist_until_lifted_and_both_sides_end_the_game():
    rules = shipped_rules()
    game = Game(rules)
    state = override(game, game.new_game(seed=4), "world.tension", 4.0)
    state = override(game, state, "firm.us_fab", 1.0)
    state = fire(game, state, "unreliable-entity-list")  # China's top rung: a ban on a firm with a US fab
    assert state.values["firm.sanctioned_china"] == 1.0
    for _ in range(3):  # held just below the crisis footing, so no Strait crisis can end the game meanwhile
        state = end_quarter(game, override(game, state, "world.tension", p("crisis_from") - 0.1))
        assert state.values["firm.sanctioned_china"] == 1.0 and not state.over
    assert sanctions_words(state.values) == "China"
    lifted = fire(game, state, "sanctions-relief-deal")
    assert lifted.values["firm.sanctioned_china"] == 0.0 and sanctions_words(lifted.values) == "none"
    both = fire(game, override(game, state, "world.tension", 4.0), "foundry-sanctions")  # Washington's top rung
    assert sanctions_words(both.values) == "both sides"
    over = end_quarter(game, both)
    assert over.over and over.result["end"] == "firm-sanctioned"


# --- The Taiwan Strait risk and open conflict -------------------------------------------------------------
def test_at_crisis_footing_the_strait_risk_is_rolled_and_a_crisis_hits_the_foundries():
    game = quiet()
    hits, quiets = [], []
    for seed in range(60):
        start = override(game, game.new_game(seed=seed), "world.tension", 3.5)
        after = end_quarter(game, start)
        rolled = [e for e in after.events if e.get("p") is not None and "Strait" in e["text"]]
        assert len(rolled) == 1
        risk = p("crisis_p") * (1 + 3.5 - p("crisis_from"))
        assert rolled[0]["p"] == pytest.approx(risk)
        (hits if rolled[0]["kind"] == "crisis" else quiets).append((start, after))
    assert hits and quiets  # a 9% risk over 60 games
    start, after = hits[0]
    assert after.values["world.tension"] == pytest.approx(3.5 + p("crisis_tension"))
    assert after.values["firm.capacity"] == pytest.approx(start.values["firm.capacity"] * p("crisis_capacity"))
    assert after.values["firm.shock"] == pytest.approx(p("crisis_shock"))
    assert after.values["china.foreign_access"] == pytest.approx(
        start.values["china.foreign_access"] * p("crisis_access"))
    assert not after.over
    start, after = quiets[0]
    assert after.values["world.tension"] == pytest.approx(3.5 - p("tension_cooling"))
    again = end_quarter(game, start)
    assert again.values == after.values  # the roll is the game's own: the same seed, the same outcome


def test_open_conflict_is_a_mutual_loss_with_no_winner():
    game = quiet()
    c = card(effects=[{"op": "add", "target": "world.tension", "value": 3}])
    game = with_card(game, c)
    state = fire(game, game.new_game(seed=1), c.id)
    assert state.values["world.tension"] == 5.0
    over = end_quarter(game, state)
    assert over.over and over.result["winner"] is None and over.result["end"] == "conflict"
    assert over.events[-1]["text"].startswith("no one wins - open conflict over Taiwan")


# --- The board ----------------------------------------------------------------------------------------------
def _board_after(raw_changes, quarters=1, **params):
    raw = scenario_raw()
    raw.update(headline=False, world_draws=0, injects=[], conditional=[], **raw_changes)
    if params:
        raw["parameters"] = {**raw.get("parameters", {}), **params}
    game = build_game(raw)
    state = game.new_game(seed=3)
    for _ in range(quarters):
        state = end_quarter(game, state)
    return state.board


def test_a_committed_state_hedges_back_toward_neutral():
    raw = scenario_raw()
    board = [dict(s) for s in raw["board"]]
    board[0]["alignment"], board[1]["alignment"] = 2.5, -2.5
    board[2]["alignment"], board[2]["hedge"] = 2.5, 0.0  # never hedges
    still = _board_after({"board": board}, hedge_rate=0.0)
    hedged = _board_after({"board": board})
    rate = p("hedge_rate")
    first, second, third = (s["id"] for s in board[:3])
    assert hedged[first] == pytest.approx(still[first] - rate * (still[first] - 1.0))
    assert hedged[second] == pytest.approx(still[second] - rate * (still[second] + 1.0))
    assert hedged[third] == still[third]


def test_diffusion_tiers_push_only_the_tier2_states_and_only_while_in_force():
    rules = shipped_rules()
    tier2 = {s.id for s in rules.scenario.board if s.tier2}
    assert tier2 == {"india", "malaysia", "singapore", "uae"}  # F004_03 names these four

    def board_after(quarters, push):
        sc = rules.scenario.model_copy(update={"parameters": {**rules.scenario.parameters, "align_tier_push": push},
                                               "headline": False, "world_draws": 0, "injects": [], "conditional": []})
        game = Game(Ruleset.build(sc, rules.decks))
        state = fire(game, game.new_game(seed=8), "ai-diffusion-tiers")
        for _ in range(quarters):
            state = end_quarter(game, state)
        return state.board

    push = p("align_tier_push")
    for quarters, pushes in ((1, 1), (4, 4), (6, 4)):
        with_push, without = board_after(quarters, push), board_after(quarters, 0.0)
        for state_id in with_push:
            expected = push * pushes if state_id in tier2 else 0.0
            assert without[state_id] - with_push[state_id] == pytest.approx(expected, abs=1e-9), (state_id, quarters)


def test_the_shipped_board_starts_contestable():
    """No tier-2 state starts aligned, and one influence step aligns at least two of them for either side."""
    rules = shipped_rules()
    tier2 = [s.alignment for s in rules.scenario.board if s.tier2]
    assert all(-1.0 < a < 1.0 for a in tier2)
    assert sum(a + 1 >= 1.0 for a in tier2) >= 2 and sum(a - 1 <= -1.0 for a in tier2) >= 2
