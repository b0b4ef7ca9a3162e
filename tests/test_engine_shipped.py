"""Property tests: the engine plays every card of the shipped content, and any seeded game ends well.

The shipped decks are loaded the plain way (``yaml.safe_load`` + ``model_validate``) so these tests
do not depend on the content loader. They skip while ``decks/core.yaml`` does not exist.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import end_quarter, shipped_content, shipped_rules, to_turn_of
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import EVENT, FIRE, OPS, Action
from wargame.engine.game import Game
from wargame.engine.state import HIDDEN, PHASE_ACTION
from wargame.model.variables import VARIABLES


def out_of_bounds(game: Game, state) -> list[str]:
    """Every value (base, effective and derived) and alignment outside its declared bounds."""
    bad = []
    for name, value in state.values.items():
        var = VARIABLES[name]
        if not (var.lo <= value <= var.hi) or math.isnan(value):
            bad.append(f"{name}={value}")
    for name, value in game.outputs(state).items():
        var = VARIABLES[name]
        if not (var.lo - 1e-9 <= value <= var.hi + 1e-9) or math.isnan(value):
            bad.append(f"{name}={value} (output)")
    bad += [f"board.{k}={a}" for k, a in state.board.items() if not -3 <= a <= 3]
    return bad


def check_finished(game: Game, state) -> None:
    assert state.over and state.result is not None
    if state.result["end"] == "conflict":  # open conflict: a mutual loss
        assert state.result["winner"] is None
    else:
        assert state.result["winner"] in state.seats
    assert set(state.result["margins"]) == set(state.seats)
    assert not out_of_bounds(game, state)
    for entry in state.history:
        assert all(math.isfinite(v) for v in entry.values())


def random_match(game: Game, seed: int):
    return play_match(game, seat_bots({s: "random" for s in game.rules.scenario.seat_ids}, seed), seed)


# --- Any seeded game, fixture content ------------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6))
def test_random_games_of_the_fixture_end_with_values_in_bounds(game, seed):
    match = random_match(game, seed)
    check_finished(game, match.state)
    assert len(match.state.history) == match.state.turn


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_values_stay_in_bounds_after_every_decision(game, seed):
    bots = seat_bots({s: "random" for s in game.rules.scenario.seat_ids}, seed)
    s = game.new_game(seed)
    while not s.over:
        who = game.current_player(s)
        s = game.apply(s, bots[who].choose(game, game.view(s, who)))
        assert not out_of_bounds(game, s)
        assert all(c != HIDDEN for h in s.hands.values() for c in h)


# --- Shipped content ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shipped() -> Game:
    return Game(shipped_rules())


def test_shipped_content_has_the_promised_size(shipped):
    content = shipped_content()
    assert content is not None
    scenario, decks = content
    by_id = {d.deck: d for d in decks}
    draw = [c for name in scenario.decks.draw for c in by_id[name].cards]
    world = [c for name in scenario.decks.world for c in by_id[name].cards]
    assert len(draw) >= 40 and len(world) >= 15  # DESIGN section 5
    assert all(c.faction != "world" for c in draw)
    assert all(c.faction == "world" for c in world)


@pytest.mark.parametrize("seed", range(30))
def test_random_games_of_the_shipped_baseline_finish(shipped, seed):
    match = random_match(shipped, seed)
    check_finished(shipped, match.state)


def test_a_greedy_game_of_the_shipped_baseline_finishes(shipped):
    match = play_match(shipped, seat_bots({s: "greedy" for s in shipped.rules.scenario.seat_ids}, 1), 1)
    check_finished(shipped, match.state)


def _all_cards(game: Game):
    content = shipped_content()
    assert content is not None
    return [c for d in content[1] for c in d.cards]


def _rich(state, seat):
    s = state.clone()
    s.values[f"{seat}.budget"] = 500.0
    s.values[f"{seat}.pc"] = VARIABLES[f"{seat}.pc"].hi
    return s


def _openings(game: Game):
    """Action-round states to try cards in: the first quarter, and later quarters of a random game."""
    states = []
    s = game.new_game(101)
    bots = seat_bots({x: "random" for x in game.rules.scenario.seat_ids}, 101)
    while not s.over and len(states) < 6:
        if s.phase == PHASE_ACTION and s.action_index == 0:
            states.append(s)
        who = game.current_player(s)
        s = game.apply(s, bots[who].choose(game, game.view(s, who)))
    return states


@pytest.fixture(scope="module")
def openings(shipped):
    return _openings(shipped)


def test_every_card_plays_as_its_owners_event(shipped, openings):
    seats = shipped.rules.scenario.seat_ids
    never = []
    for card in _all_cards(shipped):
        if card.faction == "world":
            continue
        owners = seats if card.faction == "any" else [card.faction] if card.faction in seats else []
        for owner in owners:
            played = False
            for opening in openings:
                s = _rich(to_turn_of(shipped, opening, owner), owner)
                s.hands[owner].append(card.id)
                events = [a for a in shipped.legal_actions(s) if a.kind == EVENT and a.card == card.id]
                if not events:
                    continue
                after = shipped.apply(s, events[0])
                # The card leaves the hand for the discard pile (a card that draws may deal the
                # deck's own copy of itself: the test put a second one in the hand).
                draws = any(e.op == "draw" for e in card.effects) and card.id in s.draw_pile
                assert card.id not in after.hands[owner] or s.hands[owner].count(card.id) > 1 or draws
                assert card.id in after.discard_pile
                assert not out_of_bounds(shipped, after), card.id
                closed = end_quarter(shipped, after)
                assert not out_of_bounds(shipped, closed), card.id
                played = True
                break
            if not played:
                never.append((card.id, owner))
    # Cards whose conditions hold in none of the sampled quarters cannot be tried here; they must stay rare.
    assert len(never) <= max(3, len(_all_cards(shipped)) // 10), never


def test_every_card_plays_for_ops_by_an_opponent(shipped, openings):
    seats = shipped.rules.scenario.seat_ids
    opening = openings[0]
    for card in _all_cards(shipped):
        if card.faction == "world" or card.ops == 0:
            continue
        player = next(s for s in seats if s != card.faction)
        s = to_turn_of(shipped, opening, player).clone()
        s.hands[player].append(card.id)
        uses = [a for a in shipped.legal_actions(s) if a.kind == OPS and a.card == card.id]
        assert {a.use for a in uses} >= {"invest", "lobby"}, card.id
        if card.ops >= 2:
            assert any(a.use == "influence" for a in uses), card.id
        for action in (uses[0], uses[-1]):
            after = shipped.apply(s, action)
            fired = [e for e in after.events[len(s.events):] if e["kind"] == "opponent-event"]
            assert len(fired) == (1 if card.sets_off(player) in seats else 0), card.id
            assert not out_of_bounds(shipped, after), card.id
        assert not out_of_bounds(shipped, end_quarter(shipped, after)), card.id


def test_every_card_can_be_fired_by_the_facilitator(shipped, openings):
    for opening in openings[:2]:
        for card in _all_cards(shipped):
            after = shipped.apply(opening, Action("facilitator", FIRE, card=card.id))
            ev = [e for e in after.events[len(opening.events):] if e["kind"] == "fire"]
            assert len(ev) == 1 and ev[0]["card"] == card.id
            assert shipped.current_player(after) == shipped.current_player(opening)
            assert not out_of_bounds(shipped, after), card.id
            assert not out_of_bounds(shipped, end_quarter(shipped, after)), card.id


def test_every_scheduled_inject_of_the_shipped_baseline_fires(shipped):
    match = random_match(shipped, 7)
    scenario = shipped.rules.scenario
    for inject in scenario.injects:
        if inject.cards:
            fired = [e for e in match.state.events if e["kind"] == "inject" and e.get("card") in inject.cards]
            quarters = {e["q"] for e in fired}
            assert quarters <= {inject.turn}
            if match.state.result["quarter"] >= inject.turn:  # the game may end early
                assert quarters == {inject.turn}
