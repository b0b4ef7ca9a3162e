"""Seats' views hide what a seat may not know; determinization fills it in without peeking."""

from __future__ import annotations

from collections import Counter

import pytest

from conftest import to_turn_of
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import HEADLINE, PASS, Action
from wargame.engine.state import HIDDEN, PHASE_HEADLINE, canonical_json, state_hash

SEEDS = (1, 2, 3, 4)


def game_states(game, seed):
    """Every decision state of a random-bot game (the states the bots were asked about)."""
    match = play_match(game, seat_bots({s: "random" for s in game.rules.scenario.seat_ids}, seed), seed)
    states, s = [], game.new_game(seed)
    for action in match.actions:
        states.append(s)
        s = game.apply(s, action)
    return states


@pytest.fixture(scope="module")
def states(game):
    return [s for seed in SEEDS for s in game_states(game, seed)]


def hidden_from(state, seat):
    """Card ids ``seat`` must not see: other hands, the draw pile, others' pending headline picks."""
    cards = set(state.draw_pile) | set(state.world_pile)
    for other, hand in state.hands.items():
        if other != seat:
            cards |= set(hand)
    if state.phase == PHASE_HEADLINE:
        cards |= {p["card"] for s, p in state.headline_picks.items() if s != seat and p.get("card")}
    return cards - set(state.discard_pile) - set(state.hands[seat])


# --- Views ---------------------------------------------------------------------------------------------
def test_views_mask_other_hands_piles_and_picks(game, states):
    for s in states:
        for seat in s.seats:
            v = game.view(s, seat)
            assert v.viewer == seat
            assert v.hands[seat] == s.hands[seat]
            for other in s.seats:
                if other != seat:
                    assert v.hands[other] == [HIDDEN] * len(s.hands[other])
                    if other in s.headline_picks:
                        declined = s.headline_picks[other]["card"] is None  # public: the log says so
                        expected = s.headline_picks[other] if declined else {"card": HIDDEN}
                        assert v.headline_picks[other] == expected
            assert v.draw_pile == [HIDDEN] * len(s.draw_pile)
            assert v.world_pile == [HIDDEN] * len(s.world_pile)
            assert v.discard_pile == s.discard_pile and v.world_discard == s.world_discard
            assert v.values == s.values and v.board == s.board and v.vp == s.vp
            assert all(e.get("private") in (None, seat) for e in v.events)
            assert v.seed != s.seed  # the seed would let a seat replay the shuffles


def test_views_never_contain_hidden_card_ids(game, states):
    for s in states[::3]:
        for seat in s.seats:
            v = game.view(s, seat)
            secret = hidden_from(s, seat)
            visible = canonical_json({"hands": v.hands, "picks": v.headline_picks, "draw": v.draw_pile,
                                      "world": v.world_pile})
            assert not [c for c in secret if f'"{c}"' in visible]
            private = [e for e in v.events if e.get("private")]
            assert all(e["private"] == seat for e in private)
            # Private draws in the view are this seat's own.
            assert all(e["seat"] == seat for e in v.events if e["kind"] == "draw")


def test_a_view_depends_only_on_what_the_seat_may_know(game, states):
    """Reshuffle what ``us`` cannot see (other hands, the draw pile, the world pile): its view is unchanged."""
    checked = 0
    for s in states[::5]:
        t = s.clone()
        pool = t.hands["china"] + t.hands["firm"] + t.draw_pile
        pool = pool[::-1]
        n_cn, n_firm = len(t.hands["china"]), len(t.hands["firm"])
        t.hands["china"], t.hands["firm"], t.draw_pile = pool[:n_cn], pool[n_cn:n_cn + n_firm], pool[n_cn + n_firm:]
        t.world_pile = t.world_pile[::-1]
        t.seed = s.seed + 1
        t.events = [e for e in s.events if e.get("private") in (None, "us")]
        if canonical_json(t.to_dict()) == canonical_json(s.to_dict()):
            continue
        assert canonical_json(game.view(t, "us").to_dict()) == canonical_json(game.view(s, "us").to_dict())
        checked += 1
    assert checked > 10


def test_legal_actions_of_a_view_are_those_of_the_state(game, states):
    for s in states[::2]:
        seat = game.current_player(s)
        assert game.legal_actions(game.view(s, seat)) == game.legal_actions(s)


def test_a_headline_rationale_stays_private(game):
    s = game.new_game(seed=3)
    pick = s.hands["us"][0]
    s = game.apply(s, Action("us", HEADLINE, pick, text="it reads well in the papers"))
    assert any(e["kind"] == "rationale" for e in s.events)
    for seat in ("china", "firm"):
        v = game.view(s, seat)
        assert not [e for e in v.events if e["kind"] == "rationale"]
        if pick not in s.discard_pile:
            assert pick not in canonical_json(v.to_dict())
    assert [e for e in game.view(s, "us").events if e["kind"] == "rationale"][0]["card"] == pick


def test_a_view_is_not_a_playable_state(game):
    s = game.new_game(seed=3)
    v = game.view(s, "us")
    assert game.check(v, Action("us", PASS)) is not None


# --- Determinization ------------------------------------------------------------------------------------
def test_determinize_gives_a_full_state_consistent_with_the_view(game, states):
    for s in states[::4]:
        seat = game.current_player(s)
        v = game.view(s, seat)
        d = game.determinize(v, seed=17)
        assert d.viewer is None
        blob = canonical_json({"hands": d.hands, "draw": d.draw_pile, "world": d.world_pile,
                               "picks": d.headline_picks})
        assert f'"{HIDDEN}"' not in blob
        assert d.hands[seat] == s.hands[seat]
        assert {k: len(h) for k, h in d.hands.items()} == {k: len(h) for k, h in s.hands.items()}
        for name in ("values", "board", "vp", "discard_pile", "world_discard", "phase", "turn", "quarter",
                     "action_index", "shelved", "streaks", "fired", "history"):
            assert getattr(d, name) == getattr(s, name), name
        assert [m.to_dict() for m in d.modifiers] == [m.to_dict() for m in s.modifiers]
        assert sorted(d.world_pile) == sorted(s.world_pile)
        # Cards the seat has seen (its hand, the discard pile) are never dealt to hidden places.
        seen = set(s.hands[seat]) | set(s.discard_pile)
        dealt = [c for o, h in d.hands.items() if o != seat for c in h] + d.draw_pile
        assert not seen & set(dealt)
        assert all(c in game.rules.draw_deck for c in dealt)
        # No card is in two places at once.
        assert max(Counter(dealt + list(s.hands[seat])).values(), default=0) <= 1
        # The seat may act in it exactly as in the real state.
        assert game.legal_actions(d) == game.legal_actions(s)


def test_determinized_states_can_be_played_on(game, states):
    bots = seat_bots({seat: "random" for seat in game.rules.scenario.seat_ids}, 5)
    for s in states[::25]:
        seat = game.current_player(s)
        d = game.determinize(game.view(s, seat), seed=5)
        for _ in range(12):
            if d.over:
                break
            who = game.current_player(d)
            d = game.apply(d, bots[who].choose(game, game.view(d, who)))


def test_determinize_does_not_deal_the_real_hidden_cards(game, states):
    differs = 0
    for s in states[::6]:
        seat = game.current_player(s)
        v = game.view(s, seat)
        others = [o for o in s.seats if o != seat and s.hands[o]]
        if not others:
            continue
        dealt = {seed: {o: tuple(game.determinize(v, seed=seed).hands[o]) for o in others}
                 for seed in range(6)}
        assert len({canonical_json(list(h.values())) for h in dealt.values()}) > 1, "every seed dealt the same"
        real = {o: tuple(s.hands[o]) for o in others}
        differs += sum(h != real for h in dealt.values())
    assert differs > 0


def test_determinize_is_reproducible_from_its_seed(game, states):
    s = states[10]
    v = game.view(s, game.current_player(s))
    assert state_hash(game.determinize(v, seed=3)) == state_hash(game.determinize(v, seed=3))


def test_determinize_of_a_full_state_is_a_copy(game, states):
    s = states[7]
    d = game.determinize(s, seed=99)
    assert state_hash(d) == state_hash(s) and d is not s


def test_determinize_keeps_the_size_of_the_draw_pile(game, states):
    for s in states:
        seat = game.current_player(s)
        d = game.determinize(game.view(s, seat), seed=1)
        assert len(d.draw_pile) == len(s.draw_pile), (s.turn, s.phase, s.action_index)


def test_determinize_keeps_the_draw_pile_before_any_pick(game):
    """The one moment nothing is pending: the quarter's first headline decision."""
    s = game.new_game(seed=4)
    assert s.phase == PHASE_HEADLINE and not s.headline_picks
    d = game.determinize(game.view(s, "us"), seed=1)
    assert len(d.draw_pile) == len(s.draw_pile)
    assert Counter(d.draw_pile + [c for h in d.hands.values() for c in h]) == Counter(game.rules.draw_deck)


def test_determinize_in_an_action_round_without_headline(plain_game):
    s = to_turn_of(plain_game, plain_game.new_game(seed=4), "china")
    d = plain_game.determinize(plain_game.view(s, "china"), seed=2)
    assert len(d.draw_pile) == len(s.draw_pile)
    cards = d.draw_pile + d.discard_pile + [c for h in d.hands.values() for c in h]
    assert Counter(cards) == Counter(plain_game.rules.draw_deck)


def test_determinize_keeps_a_declined_headline_declined(game):
    s = game.new_game(seed=4)
    s = game.apply(s, Action("us", PASS))  # declines to headline
    s = game.apply(s, Action("china", HEADLINE, s.hands["china"][0]))
    v = game.view(s, "firm")
    assert any(e["kind"] == "headline-pick" and e["seat"] == "us" and "declines" in e["text"] for e in v.events)
    d = game.determinize(v, seed=1)
    assert d.headline_picks["us"].get("card") is None
    assert d.headline_picks["china"]["card"] not in (None, HIDDEN)
