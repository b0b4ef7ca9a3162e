"""Card effects and conditions, through the engine: a card made inline fired by the facilitator
(its event for its seat, no cost paid), or played by a seat."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from conftest import card, end_quarter, to_turn_of
from wargame.engine.actions import EVENT, FIRE, Action
from wargame.engine.cards import Deck
from wargame.engine.conditions import AllOf, AnyOf, Compare, ConditionError, parse_condition
from wargame.engine.effects import named_states, needs_state_choice
from wargame.engine.game import Game, Ruleset
from wargame.engine.state import state_hash
from wargame.model.variables import VARIABLES


@pytest.fixture()
def start(plain_game):
    return plain_game.new_game(seed=11)


def with_card(game, c):
    """``game`` with the card ``c`` in a deck of its own (fired only, never drawn)."""
    rules = game.rules
    return Game(Ruleset.build(rules.scenario, [*rules.decks, Deck(deck="inline", title="inline", cards=[c])]))


def play(game, state, effects, actor="us", target=None, **fields):
    """``state`` after ``effects`` fire for ``actor`` (no cost paid)."""
    c = card(effects=effects, faction=fields.pop("faction", actor), **fields)
    return with_card(game, c).apply(state, Action("facilitator", FIRE, c.id, target=target))


def last(state, kind):
    return [e for e in state.events if e["kind"] == kind][-1]


# --- add / mul / set -------------------------------------------------------------------------------
def test_add(plain_game, start):
    after = play(plain_game, start, [{"op": "add", "target": "us.export_controls", "value": 0.1}])
    assert after.values["us.export_controls"] == pytest.approx(start.values["us.export_controls"] + 0.1)
    changes = last(after, "fire")["changes"]
    assert changes["us.export_controls"] == [round(start.values["us.export_controls"], 6),
                                             round(after.values["us.export_controls"], 6)]


def test_add_beyond_the_upper_bound_stays_at_the_bound(plain_game, start):
    after = play(plain_game, start, [{"op": "add", "target": "us.export_controls", "value": 0.9}])
    assert after.values["us.export_controls"] == VARIABLES["us.export_controls"].hi
    after = play(plain_game, start, [{"op": "add", "target": "us.pc", "value": -30}])
    assert after.values["us.pc"] == VARIABLES["us.pc"].lo


def test_mul(plain_game, start):
    after = play(plain_game, start, [{"op": "mul", "target": "china.fab_capacity", "value": 1.5}])
    assert after.values["china.fab_capacity"] == pytest.approx(1.5 * start.values["china.fab_capacity"])
    after = play(plain_game, start, [{"op": "mul", "target": "us.export_controls", "value": 3}])
    assert after.values["us.export_controls"] == 1.0  # clamped


def test_set(plain_game, start):
    assert start.values["firm.jv"] == 0
    after = play(plain_game, start, [{"op": "set", "target": "firm.jv", "value": 1}])
    assert after.values["firm.jv"] == 1


def test_set_outside_bounds_is_rejected_at_validation():
    with pytest.raises(ValidationError, match="outside the bounds"):
        card(effects=[{"op": "set", "target": "us.export_controls", "value": 1.5}])
    with pytest.raises(ValidationError):
        card(effects=[{"op": "add", "target": "us.export_controls", "value": 5}])


def test_effects_leave_the_input_state_alone(plain_game, start):
    before = state_hash(start)
    play(plain_game, start, [{"op": "add", "target": "us.pc", "value": 1}])
    assert state_hash(start) == before


# --- modify ----------------------------------------------------------------------------------------
def test_modify_is_temporary_and_leaves_the_base_value(plain_game, start):
    base = start.values["china.foreign_access"]
    after = play(plain_game, start, [{"op": "modify", "target": "china.foreign_access", "mul": 0.5, "turns": 2}])
    assert after.values["china.foreign_access"] == base  # the base is unchanged
    assert plain_game.outputs(after)["china.foreign_access"] == pytest.approx(0.5 * base)  # applies while active
    q1 = end_quarter(plain_game, after)
    assert [m.turns for m in q1.modifiers if m.target == "china.foreign_access"] == [1]
    assert plain_game.outputs(q1)["china.foreign_access"] == pytest.approx(0.5 * base)
    q2 = end_quarter(plain_game, q1)
    assert not [m for m in q2.modifiers if m.target == "china.foreign_access"]
    assert plain_game.outputs(q2)["china.foreign_access"] == pytest.approx(base)  # gone after 2 quarters
    assert q2.values["china.foreign_access"] == base


def test_modify_add_and_clamp(plain_game, start):
    after = play(plain_game, start, [{"op": "modify", "target": "us.export_controls", "add": 0.5, "turns": 1}])
    assert plain_game.outputs(after)["us.export_controls"] == 1.0  # effective value clamped to bounds
    assert after.modifiers[-1].source == "t-card"


def test_modify_changes_the_economy_while_active(plain_game, start):
    """A temporary cut of China's foreign access cuts the chips it imports that quarter."""
    cut = end_quarter(plain_game, play(plain_game, start, [
        {"op": "modify", "target": "china.foreign_access", "mul": 0.5, "turns": 1}]))
    same = end_quarter(plain_game, start.clone())
    assert cut.values["china.compute_imported"] < same.values["china.compute_imported"]


def test_expired_modifier_leaves_no_trace_on_a_mean_reverting_variable(plain_game, start):
    boosted = end_quarter(plain_game, play(plain_game, start, [
        {"op": "modify", "target": "china.efficiency", "add": 1.0, "turns": 1}], actor="china"))
    same = end_quarter(plain_game, start.clone())
    assert not boosted.modifiers
    assert boosted.values["china.efficiency"] == pytest.approx(same.values["china.efficiency"], abs=1e-6)


# --- transfer --------------------------------------------------------------------------------------
def test_transfer_moves_the_value(plain_game, start):
    after = play(plain_game, start, [{"op": "transfer", "from": "us.budget", "to": "firm.budget", "value": 3}])
    assert after.values["us.budget"] == pytest.approx(start.values["us.budget"] - 3)
    assert after.values["firm.budget"] == pytest.approx(start.values["firm.budget"] + 3)


def test_transfer_is_limited_by_what_the_source_has(plain_game, start):
    s = start.clone()
    s.values["us.pc"] = 2.0
    after = play(plain_game, s, [{"op": "transfer", "from": "us.pc", "to": "china.pc", "value": 5}])
    assert after.values["us.pc"] == 0.0
    assert after.values["china.pc"] == pytest.approx(s.values["china.pc"] + 2.0)


def test_transfer_is_limited_by_the_room_at_the_destination(plain_game, start):
    s = start.clone()
    s.values["china.pc"] = VARIABLES["china.pc"].hi - 1.5
    s.values["us.pc"] = 10.0
    after = play(plain_game, s, [{"op": "transfer", "from": "us.pc", "to": "china.pc", "value": 5}])
    assert after.values["china.pc"] == VARIABLES["china.pc"].hi
    assert after.values["us.pc"] == pytest.approx(8.5)  # only what fitted left the source


# --- draw / discard --------------------------------------------------------------------------------
def test_draw_for_self_and_for_another_seat(plain_game, start):
    after = play(plain_game, start, [{"op": "draw", "count": 2}], actor="china")
    assert len(after.hands["china"]) == len(start.hands["china"]) + 2
    assert after.hands["china"][-2:] == list(reversed(start.draw_pile[-2:]))  # from the top of the draw pile
    assert len(after.draw_pile) == len(start.draw_pile) - 2
    draw = last(after, "draw")
    assert draw["private"] == "china" and draw["cards"] == after.hands["china"][-2:]
    after = play(plain_game, start, [{"op": "draw", "seat": "firm", "count": 1}], actor="us")
    assert len(after.hands["firm"]) == len(start.hands["firm"]) + 1
    assert len(after.hands["us"]) == len(start.hands["us"])


def test_draw_reshuffles_the_discard_when_the_draw_pile_runs_out(plain_game, start):
    s = start.clone()
    s.discard_pile, s.draw_pile = s.draw_pile[:-1], s.draw_pile[-1:]
    after = play(plain_game, s, [{"op": "draw", "count": 3}])
    assert len(after.hands["us"]) == len(s.hands["us"]) + 3
    assert any(e["kind"] == "reshuffle" for e in after.events)
    assert not after.discard_pile
    cards = sorted(after.draw_pile + after.hands["us"] + after.hands["china"] + after.hands["firm"])
    assert cards == sorted(s.draw_pile + s.discard_pile + s.hands["us"] + s.hands["china"] + s.hands["firm"])


def test_discard_moves_random_cards_to_the_discard_pile(plain_game, start):
    after = play(plain_game, start, [{"op": "discard", "seat": "china", "count": 2}])
    assert len(after.hands["china"]) == len(start.hands["china"]) - 2
    gone = after.discard_pile[-2:]
    assert all(c in start.hands["china"] for c in gone)
    assert sorted(after.hands["china"] + gone) == sorted(start.hands["china"])
    assert [e["card"] for e in after.events if e["kind"] == "discard"][-2:] == gone


def test_discard_of_more_cards_than_the_hand_holds_empties_it(plain_game, start):
    s = start.clone()
    s.hands["china"] = s.hands["china"][:1]
    after = play(plain_game, s, [{"op": "discard", "seat": "china", "count": 5}])
    assert after.hands["china"] == []


# --- shift -----------------------------------------------------------------------------------------
def test_shift_named_state_toward_china(plain_game, start):
    after = play(plain_game, start, [{"op": "shift", "state": "india", "steps": 1, "toward": "china"}])
    assert after.board["india"] == pytest.approx(start.board["india"] - 1)
    assert {k: v for k, v in after.board.items() if k != "india"} == {
        k: v for k, v in start.board.items() if k != "india"}


def test_shift_choose_uses_the_players_target(plain_game, start):
    effects = [{"op": "shift", "state": "choose", "steps": 1}]
    assert card(effects=effects).needs_target
    after = play(plain_game, start, effects, actor="china", target="uae")
    assert after.board["uae"] == pytest.approx(start.board["uae"] - 1)  # toward self = china
    assert last(after, "fire")["target"] == "uae"
    after = play(plain_game, start, effects, actor="us", target="malaysia")
    assert after.board["malaysia"] == pytest.approx(start.board["malaysia"] + 1)


def test_shift_choose_without_a_target_picks_the_largest_market(plain_game, start):
    after = play(plain_game, start, [{"op": "shift", "state": "choose", "steps": 1}], actor="china")
    assert after.board["india"] == pytest.approx(start.board["india"] - 1)  # India has the largest demand


def test_shift_all(plain_game, start):
    after = play(plain_game, start, [{"op": "shift", "state": "all", "steps": 0.5, "toward": "us"}], actor="china")
    for sid, a in start.board.items():
        assert after.board[sid] == pytest.approx(min(a + 0.5, 3.0))


def test_shift_toward_self_for_the_firm_does_nothing(plain_game, start):
    after = play(plain_game, start, [{"op": "shift", "state": "all", "steps": 1}], actor="firm")
    assert after.board == start.board


def test_shift_is_clamped_at_plus_and_minus_three(plain_game, start):
    after = play(plain_game, start, [{"op": "shift", "state": "japan", "steps": 6, "toward": "us"}])
    assert after.board["japan"] == 3.0
    after = play(plain_game, start, [{"op": "shift", "state": "all", "steps": 6, "toward": "china"}])
    assert set(after.board.values()) == {-3.0}


def test_named_states_and_needs_target_look_inside_chance_and_if():
    effects = card(effects=[{"op": "chance", "p": 0.5, "then": [{"op": "shift", "state": "uae"}],
                             "else": [{"op": "if", "when": "us.pc > 1", "then": [{"op": "shift", "state": "choose"}]}]}]
                   ).effects
    assert named_states(effects) == {"uae"}
    assert needs_state_choice(effects)


# --- chance / if -----------------------------------------------------------------------------------
def chance_effects(p):
    return [{"op": "chance", "p": p, "then": [{"op": "add", "target": "us.pc", "value": 5}],
             "else": [{"op": "add", "target": "china.pc", "value": 5}]}]


@pytest.mark.parametrize("seed", range(5))
def test_chance_p0_and_p1_are_deterministic(plain_game, seed):
    start = plain_game.new_game(seed=seed)
    never = play(plain_game, start, chance_effects(0.0))
    always = play(plain_game, start, chance_effects(1.0))
    assert never.values["us.pc"] == start.values["us.pc"] and never.values["china.pc"] == start.values["china.pc"] + 5
    assert always.values["us.pc"] == start.values["us.pc"] + 5 and always.values["china.pc"] == start.values["china.pc"]


def test_chance_roll_is_logged_and_consumes_one_draw(plain_game, start):
    after = play(plain_game, start, chance_effects(0.5))
    roll = last(after, "chance")
    assert roll["p"] == 0.5 and 0.0 <= roll["roll"] < 1.0 and roll["card"] == "t-card"
    assert after.rng_counter == start.rng_counter + 1
    hit = roll["roll"] < 0.5
    assert after.values["us.pc"] == start.values["us.pc"] + (5 if hit else 0)
    assert after.values["china.pc"] == start.values["china.pc"] + (0 if hit else 5)


def test_chance_frequency_follows_p(plain_game):
    hits = 0
    start = plain_game.new_game(seed=3)
    s = start
    for _ in range(400):
        s = play(plain_game, s, [{"op": "chance", "p": 0.3, "then": [{"op": "add", "target": "us.pc", "value": 0}]}])
        hits += last(s, "chance")["roll"] < 0.3
    assert 0.2 < hits / 400 < 0.4


def test_if_takes_both_branches(plain_game, start):
    effects = [{"op": "if", "when": "us.export_controls > 0.5", "then": [{"op": "add", "target": "us.pc", "value": 1}],
                "else": [{"op": "add", "target": "china.pc", "value": 1}]}]
    yes = play(plain_game, start, effects)
    assert yes.values["us.pc"] == start.values["us.pc"] + 1 and yes.values["china.pc"] == start.values["china.pc"]
    s = start.clone()
    s.values["us.export_controls"] = 0.3
    no = play(plain_game, s, effects)
    assert no.values["us.pc"] == s.values["us.pc"] and no.values["china.pc"] == s.values["china.pc"] + 1


def test_if_sees_changes_made_earlier_by_the_same_card(plain_game, start):
    effects = [{"op": "set", "target": "us.export_controls", "value": 0.2},
               {"op": "if", "when": "us.export_controls < 0.5", "then": [{"op": "add", "target": "us.pc", "value": 1}]}]
    assert play(plain_game, start, effects).values["us.pc"] == start.values["us.pc"] + 1


def test_if_reads_derived_outputs_and_modifiers(plain_game, start):
    lag = plain_game.outputs(start)["world.lag"]
    effects = [{"op": "if", "when": f"world.lag > {lag - 1}", "then": [{"op": "add", "target": "us.pc", "value": 1}]}]
    assert play(plain_game, start, effects).values["us.pc"] == start.values["us.pc"] + 1
    effects = [{"op": "modify", "target": "us.export_controls", "mul": 0.1, "turns": 1},
               {"op": "if", "when": "us.export_controls < 0.5", "then": [{"op": "add", "target": "us.pc", "value": 1}]}]
    assert play(plain_game, start, effects).values["us.pc"] == start.values["us.pc"] + 1


# --- validation ------------------------------------------------------------------------------------
def test_unknown_target_is_rejected_with_did_you_mean():
    with pytest.raises(ValidationError, match=r"unknown variable 'china.foriegn_access'.*did you mean "
                                              r"'china.foreign_access'"):
        card(effects=[{"op": "add", "target": "china.foriegn_access", "value": 1}])


def test_derived_and_internal_targets_are_rejected():
    with pytest.raises(ValidationError, match="derived"):
        card(effects=[{"op": "add", "target": "world.lag", "value": 1}])
    with pytest.raises(ValidationError, match="internal"):
        card(effects=[{"op": "add", "target": "us.compute_ago1", "value": 1}])
    with pytest.raises(ValidationError, match="derived"):
        card(effects=[{"op": "transfer", "from": "us.pc", "to": "china.domestic_share", "value": 1}])


def test_unknown_op_and_bad_fields_are_rejected():
    for bad in ({"op": "eval", "target": "us.pc", "value": 1},
                {"op": "add", "target": "us.pc", "value": 1, "extra": 2},
                {"op": "modify", "target": "us.pc", "turns": 2},  # neither add nor mul
                {"op": "modify", "target": "us.pc", "add": 1, "turns": 0},
                {"op": "chance", "p": 1.5},
                {"op": "shift", "state": "india", "toward": "firm"},
                {"op": "if", "when": "us.pc >< 1"},
                {"op": "draw", "count": 0}):
        with pytest.raises(ValidationError):
            card(effects=[bad])
    with pytest.raises(ValidationError):
        card(effects=[])


def test_nested_effects_are_validated():
    with pytest.raises(ValidationError, match="did you mean"):
        card(effects=[{"op": "chance", "p": 0.5, "then": [{"op": "add", "target": "us.exportcontrols", "value": 1}]}])


def test_every_effect_describes_itself():
    c = card(effects=[{"op": "add", "target": "us.pc", "value": 1}, {"op": "mul", "target": "us.capex", "value": 2},
                      {"op": "set", "target": "firm.jv", "value": 1},
                      {"op": "modify", "target": "us.capex", "add": 5, "turns": 2},
                      {"op": "transfer", "from": "us.pc", "to": "firm.pc", "value": 1}, {"op": "draw"},
                      {"op": "discard", "seat": "china"}, {"op": "shift", "state": "all"},
                      {"op": "chance", "p": 0.5, "then": [{"op": "draw"}], "else": [{"op": "draw"}]},
                      {"op": "if", "when": "us.pc > 1", "then": [{"op": "draw"}], "else": [{"op": "draw"}]}])
    texts = [e.describe() for e in c.effects]
    assert all(isinstance(t, str) and t for t in texts)
    assert "50%" in texts[8] and "quarter" in texts[3]


# --- conditions ------------------------------------------------------------------------------------
def core_holds(game, state, when, values=None):
    """Whether ``when`` holds in the rules core on ``state`` with ``values`` set (an ``if`` fires)."""
    s = state.clone()
    s.values.update(values or {})
    after = play(game, s, [{"op": "if", "when": when, "then": [{"op": "add", "target": "world.commons", "value": 0.01}]}])
    return after.values["world.commons"] != s.values["world.commons"]


@pytest.mark.parametrize(("op", "expected"), [("<", [True, False, False]), ("<=", [True, True, False]),
                                              (">", [False, False, True]), (">=", [False, True, True]),
                                              ("==", [False, True, False]), ("!=", [True, False, True])])
def test_all_six_operators(op, expected, plain_game, start):
    assert [core_holds(plain_game, start, f"us.pc {op} 3", {"us.pc": v}) for v in (2.0, 3.0, 4.0)] == expected


def test_path_on_the_right(plain_game, start):
    cond = parse_condition("us.export_controls < us.enforcement")
    assert cond == Compare("us.export_controls", "<", "us.enforcement")
    values = {"us.export_controls": 0.5, "us.enforcement": 0.7}
    assert core_holds(plain_game, start, "us.export_controls < us.enforcement", values)
    assert not core_holds(plain_game, start, "us.export_controls < us.enforcement", {**values, "us.enforcement": 0.4})


def test_numbers_in_every_form():
    for text, value in (("-1", -1.0), ("+2.5", 2.5), (".5", 0.5), ("1e-2", 0.01), ("3.", 3.0)):
        assert parse_condition(f"us.vp>{text}").right == value


def test_all_and_any_nesting(plain_game, start):
    when = {"all": ["us.pc > 1", {"any": ["china.pc > 5", "firm.pc > 5"]}]}
    cond = parse_condition(when)
    assert isinstance(cond, AllOf) and isinstance(cond.parts[1], AnyOf)
    look = {"us.pc": 2, "china.pc": 0, "firm.pc": 6}
    assert core_holds(plain_game, start, when, look)
    assert not core_holds(plain_game, start, when, {**look, "firm.pc": 0})
    assert not core_holds(plain_game, start, when, {**look, "us.pc": 0})
    assert core_holds(plain_game, start, {"all": []}, look)
    assert not core_holds(plain_game, start, {"any": []}, look)


@pytest.mark.parametrize("bad", ["us.pc", "us.pc <> 3", "3 < us.pc", "us.pc < 3 4", "us.pc => 3", "", "us.pc < ",
                                 {"all": "us.pc > 1"}, {"most": ["us.pc > 1"]}, {"all": [], "any": []}, 42, None])
def test_bad_syntax_is_rejected(bad):
    with pytest.raises(ConditionError):
        parse_condition(bad)


def test_unknown_paths_are_rejected_with_did_you_mean():
    with pytest.raises(ConditionError, match=r"did you mean 'world.lag'"):
        parse_condition("world.lagg < 3")
    with pytest.raises(ConditionError, match="unknown variable"):
        parse_condition("us.pc < china.nothing")
    with pytest.raises(ConditionError):
        parse_condition("game.quarter > 2")
    with pytest.raises(ValidationError):
        card(effects=[{"op": "draw"}], requires=["us.pcc > 1"])


def test_board_vp_and_turn_are_readable(plain_game, start):
    for text in ("board.india > 1", "us.vp >= 0", "firm.vp < 1", "game.turn == 1", "china.domestic_share < 1"):
        parse_condition(text)
    s = start.clone()
    s.vp["us"] = 4.0

    def holds(state, when):
        after = play(plain_game, state, [{"op": "if", "when": when, "then": [{"op": "add", "target": "us.pc", "value": 1}]}])
        return after.values["us.pc"] == state.values["us.pc"] + 1

    assert holds(s, f"board.india == {s.board['india']}") and holds(s, "us.vp == 4") and holds(s, "game.turn == 1")
    assert holds(s, "us.vp > china.vp") and holds(s, "world.lag > 6") and not holds(s, "us.vp < 4")
    later = end_quarter(plain_game, s)
    assert holds(later, "game.turn == 2") and not holds(later, "game.turn == 1")


# --- effects played by a seat, through actions -------------------------------------------------------
def test_event_action_applies_effects_and_pays(plain_game, start):
    s = to_turn_of(plain_game, start, "us")
    s.hands["us"].append("ctrl")  # costs 1 PC; +0.1 controls; foreign access x0.8 for 2 quarters
    before = s.values["us.pc"]
    after = plain_game.apply(s, Action("us", EVENT, "ctrl"))
    assert after.values["us.pc"] == before - 1
    assert after.values["us.export_controls"] == pytest.approx(s.values["us.export_controls"] + 0.1)
    assert [(m.target, m.mul, m.turns, m.source) for m in after.modifiers] == [("china.foreign_access", 0.8, 2, "ctrl")]
    assert "ctrl" in after.discard_pile and "ctrl" not in after.hands["us"]
    ev = last(after, "event")
    assert ev["seat"] == "us" and ev["card"] == "ctrl" and "us.export_controls" in ev["changes"]


def test_unmet_requirement_makes_a_resolved_card_fizzle(plain_game, start):
    s = start.clone()
    s.values["us.export_controls"] = 0.99
    c = card(effects=[{"op": "add", "target": "us.pc", "value": 1}], requires=["us.export_controls < 0.95"],
             cost={"pc": 2})
    s = with_card(plain_game, c).apply(s, Action("facilitator", FIRE, c.id))
    assert s.values["us.pc"] == start.values["us.pc"]  # no effect
    assert "no effect" in last(s, "fire")["text"]
