"""Eras: a card with ``enters`` is held out of its deck until its quarter comes and its condition holds,
then shuffled in, the same way in every process; bots never deal a held card; bad eras are located."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from conftest import build_game, fixture_decks, pass_until, scenario_raw
from wargame.bots.match import play_match, seat_bots
from wargame.content import ContentError, load_deck
from wargame.core import bots as core_bots
from wargame.core import layout
from wargame.engine.actions import OVERRIDE, Action
from wargame.engine.cards import Deck
from wargame.engine.corestate import to_record
from wargame.engine.state import HIDDEN, state_hash

_PLAIN = {"type": "policy", "ops": 2, "text": "a test card", "effects": [{"op": "add", "target": "us.pc", "value": 1}]}


def _deck(deck: str, cards: list[dict]) -> Deck:
    return Deck.model_validate({"deck": deck, "title": deck, "cards": [{**_PLAIN, **c} for c in cards]})


ERAS = _deck("eras", [
    {"id": "era-late", "name": "Late Card", "faction": "us", "enters": {"from": "2026Q3"}},
    {"id": "era-past", "name": "Past Card", "faction": "china", "enters": {"from": "2025Q1"}},
    {"id": "era-commons", "name": "Commons Card", "faction": "firm", "enters": {"when": ["world.commons >= 0.9"]}},
    {"id": "era-both", "name": "Both Card", "faction": "any",
     "enters": {"from": "2026Q4", "when": ["world.commons >= 0.9"]}},
])
NEWS = _deck("era-news", [{"id": "era-news", "name": "Late News", "faction": "world", "type": "event", "ops": 0,
                           "enters": {"from": "2026Q2"}}])


def _game():
    raw = scenario_raw()
    raw["decks"] = {"draw": ["core", "eras"], "world": ["world", "era-news"]}
    return build_game(raw, decks=(*fixture_decks(), ERAS, NEWS))


@pytest.fixture(scope="module")
def game():
    return _game()


def _everywhere(state) -> list[str]:
    return [*state.draw_pile, *state.discard_pile, *(c for h in state.hands.values() for c in h)]


def test_cards_wait_for_their_era_in_plain_sight(game):
    state = game.new_game(3)
    assert state.held_pile == ["era-late", "era-commons", "era-both"]  # deck order
    assert state.held_world == ["era-news"]
    assert "era-past" in _everywhere(state)  # its quarter is before the start: in the deck from the start
    assert not set(state.held_pile) & set(_everywhere(state))
    view = game.view(state, "china")
    assert view.held_pile == state.held_pile and HIDDEN not in view.held_pile


def test_a_card_joins_its_deck_in_the_news_of_its_quarter_and_the_log_says_so(game):
    state = pass_until(game, game.new_game(3), lambda s: s.over)
    entries = [e for e in state.events if e["kind"] == "era"]
    assert [(e["q"], e["cards"]) for e in entries] == [("2026Q2", ["era-news"]), ("2026Q3", ["era-late"])]
    assert "Late Card" in entries[1]["text"] and "draw deck" in entries[1]["text"]
    assert "world deck" in entries[0]["text"]
    # the condition never held: those two never joined
    assert state.held_pile == ["era-commons", "era-both"]
    q2 = pass_until(game, game.new_game(3), lambda s: s.turn == 2)
    assert "era-late" in q2.held_pile and "era-late" not in _everywhere(q2)
    q3 = pass_until(game, q2, lambda s: s.turn == 3)
    assert "era-late" not in q3.held_pile and "era-late" in _everywhere(q3)


def test_a_condition_era_joins_the_first_quarter_it_holds_and_both_must_hold(game):
    state = game.new_game(5)
    state = game.apply(state, Action("facilitator", OVERRIDE, path="world.commons", value=0.95, text="pact"))
    q2 = pass_until(game, state, lambda s: s.turn == 2)
    assert "era-commons" not in q2.held_pile and "era-commons" in _everywhere(q2)
    assert "era-both" in q2.held_pile  # its quarter has not come
    q3 = pass_until(game, q2, lambda s: s.turn == 3)
    assert "era-both" in q3.held_pile
    q3 = game.apply(q3, Action("facilitator", OVERRIDE, path="world.commons", value=0.95, text="pact again"))
    q4 = pass_until(game, q3, lambda s: s.turn == 4)
    assert "era-both" not in q4.held_pile and "era-both" in _everywhere(q4)
    joined = {c: e["q"] for e in q4.events if e["kind"] == "era" for c in e["cards"]}
    assert joined["era-commons"] == "2026Q2" and joined["era-both"] == "2026Q4"


def test_eras_are_deterministic_and_a_game_without_them_holds_nothing():
    a, b = _game(), _game()
    bots = {s: "random" for s in a.rules.scenario.seat_ids}
    one = play_match(a, seat_bots(bots, 11), 11).state
    two = play_match(b, seat_bots(bots, 11), 11).state
    assert state_hash(one) == state_hash(two)
    assert [e for e in one.events if e["kind"] == "era"] == [e for e in two.events if e["kind"] == "era"]
    plain = build_game().new_game(11)
    assert plain.held_pile == [] and plain.held_world == []


def test_a_bots_determinization_never_deals_a_held_card(game):
    state = game.new_game(9)
    low = game.rules.lowered
    view = game.view(state, "us")
    st = to_record(low, view)
    det = to_record(low, view)
    held = {low.card_index[c] for c in state.held_pile}
    for word in range(20):
        core_bots.determinize(st[0], low.rules[0], layout.new_work()[0], 0, np.uint64(word + 1), det[0], True)
        dealt = [*det[0].draw[: det[0].n_draw].tolist(),
                 *(c for s in range(len(low.seats)) for c in det[0].hands[s, : det[0].hand_len[s]].tolist())]
        assert not held & set(dealt)
        assert len(dealt) + det[0].n_discard + det[0].n_held == len(game.rules.draw_deck)


def test_the_look_aheads_determinization_deals_all_but_the_world_pile_alike(game):
    """The greedy look-ahead leaves the world pile undealt (``world=False``): hands, picks and the
    draw pile come out as a full determinization deals them."""
    view = game.view(game.new_game(9), "us")
    low = game.rules.lowered
    st = to_record(low, view)
    for word in range(20):
        full, part = to_record(low, view), to_record(low, view)
        core_bots.determinize(st[0], low.rules[0], layout.new_work()[0], 0, np.uint64(word + 1), full[0], True)
        core_bots.determinize(st[0], low.rules[0], layout.new_work()[0], 0, np.uint64(word + 1), part[0], False)
        for field in ("hands", "hand_len", "pick", "pick_target", "n_draw", "draw", "seed_word"):
            assert np.array_equal(getattr(full[0], field), getattr(part[0], field)), field
        assert part[0].n_world == st[0].n_world


@pytest.mark.parametrize(("enters", "field", "message"), [
    ("{from: 2026Q5}", "enters.from", "is not of the form 2026Q1"),
    ('{when: ["china.domestic_shar >= 0.25"]}', "enters.when[0]", "did you mean 'china.domestic_share'?"),
    ("{}", "enters", "'enters' needs 'from' (a quarter), 'when' (conditions) or both"),
    ("{from: 2026Q1, after: 3}", "enters.after", "unknown field 'after'"),
    ('{when: ["china.domestic_share >= 2"]}', "enters.when[0]", "so the condition is always false"),
])
def test_a_bad_era_names_file_line_card_and_field(tmp_path: Path, enters: str, field: str, message: str):
    path = tmp_path / "deck-era.yaml"
    path.write_text("deck: bad\ntitle: Bad\ncards:\n  - id: one\n    name: One\n    faction: us\n    type: policy\n"
                    "    ops: 1\n    text: t\n    effects: [{op: add, target: us.pc, value: 1}]\n"
                    f"    enters: {enters}\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_deck(path)
    said = [str(p) for p in err.value.problems]
    assert any(s.startswith(f"{path}:11 card 'one' {field}") and message in s for s in said), said
