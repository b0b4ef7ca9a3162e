"""The quarter's phases (DESIGN section 2), victory (section 4) and the legality of actions."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import build_game, end_quarter, pass_until, scenario_raw, to_turn_of
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import (
    EVENT,
    FIRE,
    HEADLINE,
    NOTE,
    OPS,
    OVERRIDE,
    PASS,
    SHELVE,
    Action,
    IllegalActionError,
)
from wargame.engine.cards import quarter_index, quarter_label
from wargame.engine.state import HIDDEN, PHASE_ACTION, PHASE_HEADLINE, canonical_json, state_hash
from wargame.model.economy import advance_quarter, calibration
from wargame.model.params import PARAMETERS
from wargame.model.variables import STATE_VARIABLES, VARIABLES


def pass_game(game, seed=5):
    return play_match(game, seat_bots({s: "pass" for s in game.rules.scenario.seat_ids}, seed), seed).state


def random_game(game, seed):
    return play_match(game, seat_bots({s: "random" for s in game.rules.scenario.seat_ids}, seed), seed)


def events(state, kind, **match):
    return [e for e in state.events if e["kind"] == kind and all(e.get(k) == v for k, v in match.items())]


def override(game, state, path, value, text="adjudication"):
    return game.apply(state, Action("facilitator", OVERRIDE, path=path, value=value, text=text))


@pytest.fixture(scope="module")
def passed(game):
    """A whole game of the fixture scenario in which nobody plays a card."""
    return pass_game(game)


# --- Opening -----------------------------------------------------------------------------------------
def test_new_game_opens_at_the_first_decision(game):
    s = game.new_game(seed=1)
    assert s.turn == 1 and s.quarter == quarter_index("2026Q1") and s.phase == PHASE_HEADLINE
    assert game.current_player(s) == "us"
    assert s.seats == ["us", "china", "firm"]
    assert [e["kind"] for e in s.events][:2] == ["start", "quarter"]
    cards = s.draw_pile + [c for h in s.hands.values() for c in h]
    assert Counter(cards) == Counter(game.rules.draw_deck)
    assert sorted(s.world_pile + s.world_discard) == sorted(game.rules.world_deck)
    assert "boost" not in game.rules.draw_deck  # lab cards are known but never dealt


def test_cards_of_factions_without_a_seat_stay_out_of_the_draw_deck():
    raw = scenario_raw()
    raw["seats"] = [s for s in raw["seats"] if s["id"] != "firm"]
    duel = build_game(raw)
    factions = {duel.rules.cards[c].faction for c in duel.rules.draw_deck}
    assert factions == {"us", "china", "any"}
    s = pass_game(duel)
    assert s.over and set(s.vp) == {"us", "china"}


# --- News ----------------------------------------------------------------------------------------------
def test_scheduled_inject_fires_in_its_quarter_and_only_then(passed):
    fired = events(passed, "inject", card="w1")
    assert [e["q"] for e in fired] == ["2026Q2"]
    titled = [e["q"] for e in events(passed, "inject") if "card" not in e and e["text"].startswith("Rubin")]
    assert titled == ["2026Q2"]
    summit = events(passed, "inject-effects", text="Summit")
    assert [e["q"] for e in summit] == ["2026Q4"]
    assert summit[0]["changes"]["world.commons"][1] == pytest.approx(summit[0]["changes"]["world.commons"][0] + 0.05)


def test_conditional_inject_fires_the_first_quarter_its_condition_holds_and_only_once(passed):
    third = [e for e in events(passed, "inject") if e["text"].startswith("Third")]
    assert [e["q"] for e in third] == ["2026Q3"]  # game.turn >= 3 holds from then on, it fires once
    assert passed.fired.count("third-quarter") == 1
    effects = events(passed, "inject-effects", text="Third")
    assert len(effects) == 1 and "firm.pc" in effects[0]["changes"]


def test_conditional_inject_waits_for_its_condition(passed):
    """The alarm fires in the news phase of the first quarter that opens with the lag under 6.9 months.

    Between the close of a quarter and the conditional check of the next one nothing moves the lag
    here (the scheduled injects touch frontier prices and the commons), so it is the closing lag.
    """
    alarm = [e["q"] for e in events(passed, "inject") if e["text"].startswith("Alarm")]
    lags = [h["world.lag"] for h in passed.history]  # the lag at the close of each quarter
    first = next(i for i, lag in enumerate(lags) if lag < 6.9)  # the fixture's world cards get it there
    assert first + 1 < len(lags)
    assert alarm == [quarter_label(quarter_index("2026Q1") + first + 1)]


def test_conditional_inject_never_fires_when_its_condition_never_holds():
    raw = scenario_raw()
    raw["conditional"] = [{"id": "never", "when": "game.turn > 99", "title": "Never"}]
    s = pass_game(build_game(raw))
    assert not [e for e in events(s, "inject") if e["text"].startswith("Never")]
    assert s.fired == []


def test_a_world_card_is_drawn_and_logged_every_quarter(passed, game):
    world = events(passed, "world")
    per_quarter = Counter(e["q"] for e in world)
    quarters = [quarter_label(q) for q in range(quarter_index("2026Q1"), quarter_index("2028Q4") + 1)]
    assert per_quarter == Counter({q: 1 for q in quarters})
    assert all(e["card"] in game.rules.world_deck for e in world)
    # Scheduled inject cards leave the world deck; the rest is reshuffled when it runs out, so every
    # card comes up once before any comes up again.
    deck = game.rules.world_deck
    assert "w1" not in deck and len(deck) == 5
    drawn = [e["card"] for e in world]
    for start in range(0, len(drawn) - len(deck) + 1, len(deck)):
        assert sorted(drawn[start:start + len(deck)]) == sorted(deck)


def test_world_draws_per_quarter_follow_the_scenario():
    s = build_game(world_draws=2).new_game(seed=3)
    assert len(events(s, "world")) == 2
    s = build_game(world_draws=0).new_game(seed=3)
    assert not events(s, "world")


# --- Income and hands ---------------------------------------------------------------------------------
def test_income_follows_the_parameters(plain_game):
    s = plain_game.new_game(seed=2)
    p = plain_game.rules.params
    init = plain_game.rules.scenario.initial
    opening = plain_game.outputs(plain_game.new_game(seed=2))
    assert s.values["us.budget"] == pytest.approx(init["us.budget"] + p["income_share_us"] * opening["us.capex"])
    assert s.values["china.budget"] == pytest.approx(init["china.budget"] + p["income_share_china"] * opening["china.capex"])
    assert s.values["firm.budget"] == pytest.approx(
        init["firm.budget"] + p["income_share_firm"] * p["firm_margin"] * opening["firm.revenue"])
    for seat in ("us", "china", "firm"):
        assert s.values[f"{seat}.pc"] == init[f"{seat}.pc"] + p["pc_income"]


def test_income_of_a_later_quarter_uses_that_quarters_capex(plain_game):
    s = plain_game.new_game(seed=2)
    q1_last = pass_until(plain_game, s, lambda x: x.action_index == len(x.seats) * plain_game.rules.scenario.rounds - 1)
    q2 = plain_game.apply(q1_last, Action(plain_game.current_player(q1_last), PASS))
    assert q2.turn == 2
    p, out = plain_game.rules.params, plain_game.outputs(q2)
    assert q2.values["us.budget"] - q1_last.values["us.budget"] == pytest.approx(p["income_share_us"] * out["us.capex"])
    assert q2.values["china.budget"] - q1_last.values["china.budget"] == pytest.approx(
        p["income_share_china"] * out["china.capex"])
    assert q2.values["us.pc"] - q1_last.values["us.pc"] == p["pc_income"]
    assert events(q2, "income")[-1]["q"] == "2026Q2"


def test_political_capital_is_capped(plain_game):
    s = plain_game.new_game(seed=2)
    s = override(plain_game, s, "us.pc", 29.5)
    s = end_quarter(plain_game, s)
    assert s.values["us.pc"] == VARIABLES["us.pc"].hi


@pytest.mark.parametrize("hand_size", [3, 5, 7])
def test_hands_are_refilled_to_the_hand_size_every_quarter(hand_size):
    g = build_game(hand_size=hand_size)
    match = random_game(g, seed=hand_size)
    s = g.new_game(seed=hand_size)
    assert all(len(h) == hand_size for h in s.hands.values())
    for action in match.actions:  # replay and look at every quarter's opening
        turn = s.turn
        s = g.apply(s, action)
        if s.turn != turn and not s.over:
            assert all(len(h) == hand_size for h in s.hands.values()), (s.turn, s.hands)


def test_draw_events_name_the_cards_drawn(plain_game):
    s = plain_game.new_game(seed=4)
    for seat in s.seats:
        drawn = [c for e in events(s, "draw", seat=seat) for c in e["cards"]]
        assert sorted(drawn) == sorted(s.hands[seat])


# --- Headline ------------------------------------------------------------------------------------------
@pytest.fixture()
def headline_start(game):
    s = game.new_game(seed=8)
    assert s.phase == PHASE_HEADLINE
    s = s.clone()
    s.hands["us"].append("h-us-1")
    s.hands["china"].append("h-china-3")
    s.hands["firm"].append("h-firm-3")
    return s


def test_headline_picks_are_hidden_until_revealed(game, headline_start):
    s = game.apply(headline_start, Action("us", HEADLINE, "h-us-1"))
    assert s.phase == PHASE_HEADLINE and game.current_player(s) == "china"
    for seat in ("china", "firm"):
        v = game.view(s, seat)
        assert v.headline_picks["us"] == {"card": HIDDEN}
        assert "h-us-1" not in canonical_json(v.to_dict())
    assert game.view(s, "us").headline_picks["us"]["card"] == "h-us-1"
    assert "h-us-1" not in s.hands["us"]
    assert not events(s, "headline-reveal")
    s = game.apply(s, Action("china", HEADLINE, "h-china-3"))
    assert "h-china-3" not in canonical_json(game.view(s, "firm").to_dict())
    assert "h-china-3" not in canonical_json(game.view(s, "us").to_dict())


def test_headlines_resolve_by_ops_then_seat_order(game, headline_start):
    s = game.apply(headline_start, Action("us", HEADLINE, "h-us-1"))
    s = game.apply(s, Action("china", HEADLINE, "h-china-3"))
    s = game.apply(s, Action("firm", HEADLINE, "h-firm-3"))
    assert s.phase == PHASE_ACTION and s.action_index == 0
    kinds = [e["kind"] for e in s.events]
    reveal = kinds.index("headline-reveal")
    resolved = [e["card"] for e in s.events[reveal:] if e["kind"] == "headline"]
    # ops 3 (china), ops 3 (firm: after china in seat order), ops 1 (us)
    assert resolved == ["h-china-3", "h-firm-3", "h-us-1"]
    for c in resolved:
        assert c in s.discard_pile
    assert s.values["china.yield"] == pytest.approx(headline_start.values["china.yield"] + 0.01)
    for seat in ("china", "firm", "us"):
        v = game.view(s, seat)
        assert any(e["kind"] == "headline-reveal" for e in v.events)
        assert "h-china-3" in canonical_json([e for e in v.events if e["kind"] == "headline"])


def test_headlining_an_opponents_card_fires_its_event_for_the_opponent(game, headline_start):
    s = headline_start.clone()
    s.hands["us"].append("cn-eff")
    eff = s.values["china.efficiency"]
    s = game.apply(s, Action("us", HEADLINE, "cn-eff"))
    s = game.apply(s, Action("china", PASS))
    s = game.apply(s, Action("firm", PASS))
    ev = events(s, "headline", card="cn-eff")
    assert len(ev) == 1 and ev[0]["seat"] == "us" and ev[0]["owner"] == "china"
    assert s.values["china.efficiency"] == pytest.approx(eff + 0.2)


def test_headline_needs_an_affordable_own_card(game, headline_start):
    s = headline_start.clone()
    s.hands["us"].append("pricey")
    assert Action("us", HEADLINE, "pricey") not in game.legal_actions(s)
    with pytest.raises(IllegalActionError, match="costs"):
        game.apply(s, Action("us", HEADLINE, "pricey"))
    assert Action("us", PASS) in game.legal_actions(s)
    with pytest.raises(IllegalActionError, match="headline"):
        game.apply(s, Action("us", OPS, "h-us-1", use="lobby"))


def test_headline_can_be_turned_off():
    s = build_game(headline=False).new_game(seed=1)
    assert s.phase == PHASE_ACTION
    assert all(a.kind != HEADLINE for a in build_game(headline=False).legal_actions(s))


# --- Action rounds ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("rounds", [1, 2, 3])
def test_each_quarter_has_rounds_times_seats_decisions(rounds):
    g = build_game(rounds=rounds)
    s = pass_game(g)
    per_quarter = Counter(e["q"] for e in s.events if e["kind"] == "pass")
    assert set(per_quarter.values()) == {rounds * 3}
    picks = Counter(e["q"] for e in s.events if e["kind"] == "headline-pick")
    assert set(picks.values()) == {3}
    assert len(per_quarter) == 12


def test_seats_act_in_scenario_order(plain_game):
    s = plain_game.new_game(seed=1)
    order = []
    for _ in range(6):
        seat = plain_game.current_player(s)
        order.append(seat)
        s = plain_game.apply(s, Action(seat, PASS))
    assert order == ["us", "china", "firm", "us", "china", "firm"]
    assert s.turn == 2


def test_event_play_pays_its_cost(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=1), "us").clone()
    s.hands["us"].append("c6")  # costs $5B, us.capex_growth +0.05
    after = plain_game.apply(s, Action("us", EVENT, "c6"))
    assert after.values["us.budget"] == pytest.approx(s.values["us.budget"] - 5)
    assert after.values["us.capex_growth"] == pytest.approx(s.values["us.capex_growth"] + 0.05)


def test_event_play_requires_its_conditions(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=1), "us").clone()
    s.hands["us"].append("gated")  # requires us.export_controls > 0.99
    assert Action("us", EVENT, "gated") not in plain_game.legal_actions(s)
    with pytest.raises(IllegalActionError, match="conditions do not hold"):
        plain_game.apply(s, Action("us", EVENT, "gated"))
    s = override(plain_game, s, "us.export_controls", 1.0)
    assert Action("us", EVENT, "gated") in plain_game.legal_actions(s)


def test_an_unaffordable_event_is_illegal(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=1), "us").clone()
    s.hands["us"].append("pricey")
    with pytest.raises(IllegalActionError, match="costs"):
        plain_game.apply(s, Action("us", EVENT, "pricey"))
    s = override(plain_game, override(plain_game, s, "us.budget", 60), "us.pc", 12)
    after = plain_game.apply(s, Action("us", EVENT, "pricey"))
    assert after.values["us.budget"] == pytest.approx(10) and after.values["us.pc"] == pytest.approx(2)


def test_events_needing_a_target_offer_every_swing_state(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=1), "china").clone()
    s.hands["china"].append("offer")
    targets = {a.target for a in plain_game.legal_actions(s) if a.kind == EVENT and a.card == "offer"}
    assert targets == set(plain_game.rules.board_ids)
    after = plain_game.apply(s, Action("china", EVENT, "offer", target="singapore"))
    assert after.board["singapore"] == pytest.approx(s.board["singapore"] - 1)
    with pytest.raises(IllegalActionError):
        plain_game.apply(s, Action("china", EVENT, "offer"))


# --- Operations --------------------------------------------------------------------------------------
def with_card(game, seed, seat, card):
    s = to_turn_of(game, game.new_game(seed=seed), seat).clone()
    s.hands[seat].append(card)
    return s


@pytest.mark.parametrize(("seat", "card", "state", "expected"), [
    ("us", "us-4", "malaysia", 0.6 + 2),  # 4 ops: two steps toward the US
    ("us", "us-3", "malaysia", 0.6 + 1),  # 3 ops: one step (one per 2 ops)
    ("us", "us-4", "japan", 3.0),  # clamped at +3
    ("china", "h-china-3", "uae", 0.9 - 1),
    ("china", "c11", "india", 1.5 - 1),
    ("firm", "firm-4", "malaysia", 0.0),  # the firm moves a state toward 0, never past it
    ("firm", "firm-4", "india", 0.0),
    ("firm", "h-firm-3", "south-korea", 2.4 - 1),
])
def test_influence_moves_ops_over_two_steps(plain_game, seat, card, state, expected):
    s = with_card(plain_game, 1, seat, card)
    after = plain_game.apply(s, Action(seat, OPS, card, use="influence", target=state))
    assert after.board[state] == pytest.approx(expected)
    assert {k: v for k, v in after.board.items() if k != state} == {k: v for k, v in s.board.items() if k != state}
    ev = events(after, "ops")[-1]
    assert ev["seat"] == seat and ev["use"] == "influence" and ev["target"] == state


def test_influence_needs_two_ops_and_a_movable_state(plain_game):
    s = with_card(plain_game, 1, "us", "h-us-1")  # 1 op
    assert not [a for a in plain_game.legal_actions(s) if a.card == "h-us-1" and a.use == "influence"]
    with pytest.raises(IllegalActionError, match="at least 2 ops"):
        plain_game.apply(s, Action("us", OPS, "h-us-1", use="influence", target="india"))
    s = override(plain_game, with_card(plain_game, 1, "us", "us-4"), "board.japan", 3.0)
    targets = {a.target for a in plain_game.legal_actions(s) if a.card == "us-4" and a.use == "influence"}
    assert "japan" not in targets and "india" in targets
    with pytest.raises(IllegalActionError, match="cannot influence"):
        plain_game.apply(s, Action("us", OPS, "us-4", use="influence", target="japan"))


def test_lobby_adds_ops_political_capital(plain_game):
    s = with_card(plain_game, 1, "china", "h-china-3")
    after = plain_game.apply(s, Action("china", OPS, "h-china-3", use="lobby"))
    assert after.values["china.pc"] == s.values["china.pc"] + 3
    assert after.values["china.yield"] == s.values["china.yield"]  # own card for ops: no event


def test_invest_is_a_one_quarter_capex_modifier(plain_game):
    s = with_card(plain_game, 1, "us", "us-4")
    invested = plain_game.apply(s, Action("us", OPS, "us-4", use="invest"))
    shelved = plain_game.apply(s, Action("us", SHELVE, "us-4"))  # the same quarter without the investment
    amount = min(4 * plain_game.invest_per_op("us"), s.values["us.budget"])
    assert amount > 0
    assert invested.values["us.budget"] == pytest.approx(s.values["us.budget"] - amount)
    assert [(m.target, m.add, m.mul, m.turns) for m in invested.modifiers] == [("us.capex", amount, 1.0, 1)]
    assert invested.values["us.capex"] == s.values["us.capex"]
    assert plain_game.outputs(invested)["us.capex"] == pytest.approx(s.values["us.capex"] + amount)
    a, b = end_quarter(plain_game, invested), end_quarter(plain_game, shelved)
    assert not a.modifiers
    # The extra capex bought compute this quarter: kappa CU per $B at the frontier's price.
    kappa = calibration(plain_game.rules.params)["kappa"]
    extra = kappa * s.values["us.frontier_perf"] * amount
    assert a.values["us.compute"] - b.values["us.compute"] == pytest.approx(extra, rel=1e-9)


def test_invest_leaves_base_capex_as_it_would_have_been(plain_game):
    s = with_card(plain_game, 1, "us", "us-4")
    a = end_quarter(plain_game, plain_game.apply(s, Action("us", OPS, "us-4", use="invest")))
    b = end_quarter(plain_game, plain_game.apply(s, Action("us", SHELVE, "us-4")))
    assert a.values["us.capex"] == pytest.approx(b.values["us.capex"], rel=1e-9)


def test_firm_invest_adds_capacity(plain_game):
    s = with_card(plain_game, 1, "firm", "firm-4")
    after = plain_game.apply(s, Action("firm", OPS, "firm-4", use="invest"))
    p = plain_game.rules.params
    amount = min(4 * plain_game.invest_per_op("firm"), s.values["firm.budget"])
    assert amount > 0
    assert after.values["firm.capacity"] == pytest.approx(s.values["firm.capacity"] + amount / p["firm_capex_base"])


def test_an_op_of_invest_is_scaled_to_the_seats_economy(plain_game):
    p, per_op = plain_game.rules.params, plain_game.rules.scenario.budget_per_op
    assert plain_game.invest_per_op("us") == pytest.approx(per_op)
    assert plain_game.invest_per_op("china") == pytest.approx(per_op * p["china_capex0"] / p["us_capex0"])
    assert plain_game.invest_per_op("firm") == pytest.approx(per_op * p["firm_revenue0"] / p["us_capex0"])
    s = with_card(plain_game, 1, "china", "h-china-3")
    s = override(plain_game, s, "china.budget", 100.0)
    after = plain_game.apply(s, Action("china", OPS, "h-china-3", use="invest"))
    amount = 3 * plain_game.invest_per_op("china")
    assert [(m.target, m.add) for m in after.modifiers] == [("china.capex", pytest.approx(amount))]
    assert after.values["china.budget"] == pytest.approx(100.0 - amount)


def test_invest_spends_no_more_than_the_budget(plain_game):
    s = with_card(plain_game, 1, "us", "us-4")
    short = override(plain_game, s, "us.budget", 1.5)
    after = plain_game.apply(short, Action("us", OPS, "us-4", use="invest"))
    assert [(m.target, m.add) for m in after.modifiers] == [("us.capex", pytest.approx(1.5))]
    assert after.values["us.budget"] == 0.0
    broke = plain_game.apply(override(plain_game, s, "us.budget", 0.0), Action("us", OPS, "us-4", use="invest"))
    assert not broke.modifiers and broke.values["us.capex"] == s.values["us.capex"]


def test_opponents_card_for_ops_fires_the_opponents_event(plain_game):
    s = with_card(plain_game, 1, "us", "cn-eff")
    after = plain_game.apply(s, Action("us", OPS, "cn-eff", use="lobby"))
    fired = events(after, "opponent-event")
    assert len(fired) == 1
    assert fired[0]["seat"] == "us" and fired[0]["owner"] == "china" and fired[0]["card"] == "cn-eff"
    assert after.values["china.efficiency"] == pytest.approx(s.values["china.efficiency"] + 0.2)
    assert after.values["us.pc"] == s.values["us.pc"] + 1
    assert after.values["china.pc"] == s.values["china.pc"]  # the opponent pays nothing
    kinds = [e["kind"] for e in after.events]
    assert kinds.index("opponent-event") < len(kinds) - 1 and kinds[-1] == "ops"
    # As an event it is not the US's to play.
    with pytest.raises(IllegalActionError, match="china's card"):
        plain_game.apply(s, Action("us", EVENT, "cn-eff"))


def test_neutral_card_for_ops_fires_nothing(plain_game):
    s = with_card(plain_game, 1, "china", "c13")  # any: world.commons +0.05
    after = plain_game.apply(s, Action("china", OPS, "c13", use="lobby"))
    assert not events(after, "opponent-event")
    assert after.values["world.commons"] == s.values["world.commons"]


# --- Shelving -----------------------------------------------------------------------------------------
def test_shelving_once_per_quarter(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=6), "us")
    first = s.hands["us"][0]
    s = plain_game.apply(s, Action("us", SHELVE, first))
    assert first in s.discard_pile and first not in s.hands["us"]
    assert events(s, "shelve")[-1]["card"] == first
    assert not events(s, "event") and not events(s, "opponent-event")
    s = to_turn_of(plain_game, plain_game.apply(plain_game.apply(s, Action("china", PASS)), Action("firm", PASS)), "us")
    assert s.turn == 1
    assert not [a for a in plain_game.legal_actions(s) if a.kind == SHELVE]
    before = state_hash(s)
    with pytest.raises(IllegalActionError, match="already shelved"):
        plain_game.apply(s, Action("us", SHELVE, s.hands["us"][0]))
    assert state_hash(s) == before
    s = to_turn_of(plain_game, end_quarter(plain_game, s), "us")
    assert s.turn == 2
    assert [a for a in plain_game.legal_actions(s) if a.kind == SHELVE]


# --- Illegal actions ----------------------------------------------------------------------------------
def illegal_cases(game, s):
    us_card = next(c for c in s.hands["us"])
    not_held = next(c for c in game.rules.draw_deck if c not in s.hands["us"])
    return [
        (Action("china", PASS), "turn"),
        (Action("us", EVENT, not_held), "not in us's hand"),
        (Action("us", OPS, us_card, use="teleport"), "not a legal move"),
        (Action("us", OVERRIDE, path="us.pc", value=1, text="x"), "only the facilitator"),
        (Action("facilitator", OVERRIDE, path="us.pc", value=1), "reason"),
        (Action("facilitator", OVERRIDE, path="us.pc", value=99, text="x"), "must lie in"),
        (Action("facilitator", OVERRIDE, path="world.lag", value=1, text="x"), "cannot override"),
        (Action("facilitator", OVERRIDE, path="board.atlantis", value=1, text="x"), "no swing state"),
        (Action("facilitator", OVERRIDE, path="board.india", value=4, text="x"), "alignment"),
        (Action("facilitator", FIRE, card="no-such-card"), "no card"),
        (Action("facilitator", NOTE), "text"),
        (Action("facilitator", PASS), "facilitator cannot"),
    ]


def test_illegal_actions_raise_with_a_reason_and_leave_the_state_unchanged(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=9), "us")
    before = state_hash(s)
    for action, reason in illegal_cases(plain_game, s):
        assert plain_game.check(s, action) is not None, action
        with pytest.raises(IllegalActionError, match=reason):
            plain_game.apply(s, action)
        assert state_hash(s) == before, action


def test_a_view_cannot_be_played_on(plain_game):
    s = plain_game.new_game(seed=9)
    v = plain_game.view(s, "us")
    with pytest.raises(IllegalActionError, match="view"):
        plain_game.apply(v, Action("us", PASS))


def test_nothing_may_be_done_once_the_game_is_over(passed, game):
    assert game.current_player(passed) is None and game.legal_actions(passed) == []
    with pytest.raises(IllegalActionError, match="over"):
        game.apply(passed, Action("us", PASS))


@pytest.mark.parametrize("seed", [1, 2])
def test_apply_never_mutates_its_input(game, seed):
    match = random_game(game, seed)
    s = game.new_game(seed=seed)
    for action in match.actions:
        before, snapshot = state_hash(s), canonical_json(s.to_dict())
        nxt = game.apply(s, action)
        assert state_hash(s) == before and canonical_json(s.to_dict()) == snapshot
        assert nxt is not s
        s = nxt
    assert s.over


def test_every_legal_action_is_accepted_by_check(game):
    match = random_game(game, 3)
    s = game.new_game(seed=3)
    for action in match.actions[:40]:
        for legal in game.legal_actions(s):
            assert game.check(s, legal) is None, legal
        s = game.apply(s, action)


# --- Facilitator -----------------------------------------------------------------------------------
def test_override_is_logged_with_its_reason_and_keeps_the_turn(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=1), "china")
    after = override(plain_game, s, "us.export_controls", 0.3, "the white cell rules the controls leak")
    assert after.values["us.export_controls"] == 0.3
    ev = events(after, "override")[-1]
    assert ev["seat"] == "facilitator" and "the white cell rules" in ev["text"]
    assert ev["changes"]["us.export_controls"] == [s.values["us.export_controls"], 0.3]
    assert plain_game.current_player(after) == "china" and after.action_index == s.action_index
    after = override(plain_game, after, "board.uae", -2.0)
    assert after.board["uae"] == -2.0


def test_facilitator_fires_a_card_and_notes(plain_game):
    s = plain_game.new_game(seed=1)
    after = plain_game.apply(s, Action("facilitator", FIRE, card="w3"))
    assert after.board["india"] == pytest.approx(s.board["india"] - 1)
    ev = events(after, "fire")[-1]
    assert ev["card"] == "w3" and ev["seat"] == "facilitator"
    after = plain_game.apply(after, Action("facilitator", NOTE, text="break for lunch"))
    assert events(after, "note")[-1]["text"] == "break for lunch"
    assert plain_game.current_player(after) == plain_game.current_player(s)


# --- Economy and scoring ------------------------------------------------------------------------------
def test_economy_advances_the_model_one_quarter(plain_game):
    rules = plain_game.rules
    s = plain_game.new_game(seed=1)
    last = pass_until(plain_game, s, lambda x: x.action_index == 5)
    eff = plain_game.outputs(last)
    board = [last.board[b] for b in rules.board_ids]
    expected, new_board = advance_quarter(eff, board, rules.weights, rules.params, 0)
    after = plain_game.apply(last, Action("firm", PASS))
    assert after.turn == 2
    for k in STATE_VARIABLES:
        if k.endswith((".budget", ".pc")):
            continue  # the next quarter's income has been paid
        if k == "world.tension":  # not the model's: the quarter's escalation rule cools it
            assert after.values[k] == last.values[k] - PARAMETERS["tension_cooling"].value
            continue
        assert after.values[k] == pytest.approx(VARIABLES[k].clamp(expected[k]), rel=1e-12, abs=1e-12), k
    # After the model's drift, a state committed beyond one step hedges back (``core.quarter.swing_states``).
    rate = PARAMETERS["hedge_rate"].value
    hedged = [b - rate * (b - 1.0) if b > 1.0 else b - rate * (b + 1.0) if b < -1.0 else b for b in new_board]
    assert [after.board[b] for b in rules.board_ids] == pytest.approx(hedged)
    assert after.values["us.compute"] > last.values["us.compute"]


def test_modifiers_tick_down_each_quarter(plain_game):
    s = plain_game.new_game(seed=1).clone()
    s.values["us.pc"] = 10
    s.hands["us"].append("ctrl")  # foreign access x0.8 for 2 quarters
    s = plain_game.apply(s, Action("us", EVENT, "ctrl"))
    assert [m.turns for m in s.modifiers] == [2]
    s = end_quarter(plain_game, s)
    assert [m.turns for m in s.modifiers] == [1]
    s = end_quarter(plain_game, s)
    assert s.modifiers == []


def test_scoring_adds_each_quarters_victory_points(plain_game):
    """Each quarter's points are what a projection of the quarter's end gives from its last decision
    (no modifiers in play, so the quarter's end and a projection run the same model)."""
    s = plain_game.new_game(seed=1)
    for q in range(3):
        last = pass_until(plain_game, s, lambda x: x.action_index == 5)
        expected, out = plain_game.projected_close(last)
        s = plain_game.apply(last, Action("firm", PASS))
        for seat in s.seats:
            assert s.vp[seat] == expected[seat], (q, seat)
            assert s.vp[seat] != last.vp[seat]
        assert len(s.history) == q + 1
        assert s.history[-1]["us.vp"] == round(expected["us"], 6)
        assert s.history[-1]["world.lag"] == round(out["world.lag"], 6)
    assert events(s, "economy")


# --- Victory ---------------------------------------------------------------------------------------------
def test_game_ends_at_the_scenarios_end_with_the_best_margin(passed, game):
    assert passed.over and passed.turn == 12
    assert passed.result["quarter"] == "2028Q4" and len(passed.history) == 12
    targets = game.rules.scenario.victory.targets
    margins = {s: passed.vp[s] - targets[s] for s in passed.seats}
    assert passed.result["margins"] == pytest.approx(margins, abs=1e-5) and passed.result["played"] == 1.0
    assert passed.result["winner"] == max(margins, key=margins.get)
    assert game.result(passed) == passed.result
    assert events(passed, "game-over")


def test_targets_decide_the_winner_not_raw_points(plain_game):
    """Raise the leader's target by its lead: the winner changes."""
    s = pass_game(plain_game)
    raw_leader = max(s.vp, key=s.vp.get)
    raw = scenario_raw()
    raw.update(headline=False, world_draws=0, injects=[], conditional=[])
    targets = {seat: 0.0 for seat in s.seats}
    targets[raw_leader] = 1000.0
    raw["victory"] = {"targets": targets}
    again = pass_game(build_game(raw))
    assert again.vp == pytest.approx(s.vp)
    assert again.result["winner"] != raw_leader


def test_china_wins_at_parity_for_two_quarters(plain_game):
    s = override(plain_game, plain_game.new_game(seed=1), "china.efficiency", 10.0)
    assert plain_game.outputs(s)["world.lag"] <= 0
    s = pass_until(plain_game, s, lambda x: x.over)
    assert s.result["winner"] == "china" and s.result["quarter"] == "2026Q2"
    assert "lag <= 0" in s.result["reason"]
    assert all(h["world.lag"] <= 0 for h in s.history)


def test_parity_may_be_a_lag_short_of_zero():
    """A scenario's ``china_parity_months``: China has erased the lead once the lag is that short."""
    victory = {"targets": {"us": 0, "china": 0, "firm": 0}, "china_parity_months": 8, "china_parity_quarters": 1}
    g = build_game(headline=False, world_draws=0, injects=[], conditional=[], victory=victory)
    s = g.new_game(seed=1)
    assert 0 < g.outputs(s)["world.lag"] <= 8
    s = end_quarter(g, s)
    assert s.over and s.result["winner"] == "china" and s.turn == 1
    assert "lag <= 8 months for 1 quarters" in s.result["reason"]
    default = build_game(headline=False, world_draws=0, injects=[], conditional=[])
    assert not end_quarter(default, default.new_game(seed=1)).over  # by default parity is a lag of zero


def test_one_quarter_of_parity_is_not_enough(plain_game):
    s = override(plain_game, plain_game.new_game(seed=1), "china.efficiency", 10.0)
    s = end_quarter(plain_game, s)
    assert not s.over and s.streaks["china_parity"] == 1
    s = override(plain_game, s, "china.efficiency", 1.0)
    s = end_quarter(plain_game, s)
    assert not s.over and s.streaks["china_parity"] == 0


def test_us_wins_with_a_decisive_lead_for_four_quarters(plain_game):
    s = plain_game.new_game(seed=1)
    s = override(plain_game, override(plain_game, s, "china.efficiency", 1.0), "us.alliance", 1.0)
    s = pass_until(plain_game, s, lambda x: x.over)
    v = plain_game.rules.scenario.victory
    assert s.result["winner"] == "us" and s.turn == v.us_lead_quarters
    assert all(h["world.lag"] >= v.us_lead_months for h in s.history)


def test_china_wins_with_a_large_share_of_world_compute(plain_game):
    s = override(plain_game, plain_game.new_game(seed=1), "china.compute_imported", 200.0)
    s = end_quarter(plain_game, s)
    assert s.over and s.result["winner"] == "china" and s.turn == 1
    assert "world compute" in s.result["reason"]


def test_firm_sanctioned_by_both_sides_ends_the_game_without_the_firm_winning(plain_game):
    s = plain_game.new_game(seed=1)
    s = override(plain_game, override(plain_game, s, "firm.sanctioned_us", 1.0), "firm.sanctioned_china", 1.0)
    s = end_quarter(plain_game, s)
    assert s.over and s.turn == 1
    assert s.result["winner"] in ("us", "china")
    assert "sanctioned by both" in s.result["reason"]
    margins = s.result["margins"]
    assert s.result["winner"] == max(("us", "china"), key=margins.get)


def test_a_game_cut_short_is_judged_against_the_share_of_each_target_due():
    """The firm sanctioned by both after one quarter of twelve: the US and China are measured against
    a twelfth of their targets. A target twice the lead's size turns the winner round at the full
    target, not at the twelfth."""

    def sanctioned_after_one_quarter(targets, pace=None):
        g = build_game(headline=False, world_draws=0, injects=[], conditional=[],
                       victory={"targets": targets, "pace": pace or {}})
        s = g.new_game(seed=1)
        s = override(g, override(g, s, "firm.sanctioned_us", 1.0), "firm.sanctioned_china", 1.0)
        return end_quarter(g, s)

    even = sanctioned_after_one_quarter({"us": 0, "china": 0, "firm": 0})
    assert even.over and len(even.history) == 1 and even.result["played"] == pytest.approx(1 / 12)
    leader = even.result["winner"]
    other = "china" if leader == "us" else "us"
    lead = even.vp[leader] - even.vp[other]
    assert lead > 0
    s = sanctioned_after_one_quarter({leader: round(2 * lead, 3), other: 0, "firm": 0})
    due = round(2 * lead, 3) / 12
    assert s.result["margins"][leader] == pytest.approx(s.vp[leader] - due, abs=1e-5)
    assert s.result["margins"][other] == pytest.approx(s.vp[other], abs=1e-5)
    assert s.result["winner"] == leader  # (against the whole target, ``other`` would have won)
    assert s.vp[leader] - 2 * lead < s.vp[other]
    assert "due by then" in s.result["reason"]
    # with a pace of 2 (its points come late) the leader owes (1/12)^2 of its target, not 1/12
    paced = sanctioned_after_one_quarter({leader: 100.0, other: 0, "firm": 0}, pace={leader: 2.0})
    assert paced.result["margins"][leader] == pytest.approx(paced.vp[leader] - 100.0 / 144, abs=1e-5)
    assert paced.result["margins"][other] == pytest.approx(paced.vp[other], abs=1e-5)


def test_a_pace_outside_its_range_is_refused_with_the_seat_named():
    with pytest.raises(ValueError, match="pace china = 9 is outside"):
        build_game(victory={"targets": {"us": 0, "china": 0, "firm": 0}, "pace": {"china": 9}})


def test_one_sanction_does_not_end_the_game(plain_game):
    s = override(plain_game, plain_game.new_game(seed=1), "firm.sanctioned_us", 1.0)
    s = end_quarter(plain_game, s)
    assert not s.over


def test_firm_squeezed_out_loses(plain_game):
    s = override(plain_game, plain_game.new_game(seed=1), "firm.capacity", 0.2)
    s = pass_until(plain_game, s, lambda x: x.over)
    v = plain_game.rules.scenario.victory
    assert s.turn == v.firm_squeeze_quarters and s.result["winner"] != "firm"
    assert "squeezed" in s.result["reason"]


def test_sudden_death_rules_apply_to_the_firm_only_when_it_has_a_seat():
    raw = scenario_raw()
    raw["seats"] = [x for x in raw["seats"] if x["id"] != "firm"]
    raw.update(headline=False, world_draws=0, injects=[], conditional=[])
    g = build_game(raw)
    s = g.new_game(seed=1)
    s = override(g, override(g, s, "firm.sanctioned_us", 1.0), "firm.sanctioned_china", 1.0)
    assert not end_quarter(g, s).over


# --- Bugs found while writing these tests -----------------------------------------------------------
def test_conditional_injects_see_earlier_injects_consistently():
    def fired_by_turn_two(a_when):
        raw = scenario_raw()
        raw.update(headline=False, world_draws=0, injects=[])
        raw["conditional"] = [
            {"id": "a", "when": a_when, "title": "A",
             "effects": [{"op": "set", "target": "us.export_controls", "value": 1.0}]},
            {"id": "b", "when": {"all": ["game.turn >= 2", "us.export_controls < 0.9"]}, "title": "B",
             "effects": [{"op": "add", "target": "china.pc", "value": 1}]},
        ]
        g = build_game(raw)
        s = end_quarter(g, g.new_game(seed=1))
        assert s.turn == 2 and "a" in s.fired
        return s.fired

    # Both forms of A hold from turn 2 on (us.pc is never negative): B must be treated the same.
    assert fired_by_turn_two("game.turn >= 2") == fired_by_turn_two({"all": ["game.turn >= 2", "us.pc >= 0"]})


def test_an_accepted_override_never_crashes_the_engine(plain_game):
    s = plain_game.new_game(seed=1)
    action = Action("facilitator", OVERRIDE, path="us.compute", value=0.0, text="a what-if")
    assert plain_game.check(s, action) is None
    s = plain_game.apply(s, action)
    plain_game.outputs(s)
    s = end_quarter(plain_game, s)
    assert s.turn == 2 or s.over
