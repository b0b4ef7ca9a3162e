"""Who may play a card for its event: a neutral card's ``players``, checked on load and enforced by the core."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_game, card, fixture_decks, pass_until, to_turn_of
from wargame.content import ContentError, load_deck
from wargame.engine.actions import EVENT, HEADLINE, OPS, Action
from wargame.engine.cards import Deck
from wargame.engine.state import PHASE_HEADLINE

#: Two neutral cards: one for governments only, one for every seat. No ops for the second, so every
#: move with it is its event or the shelf.
GOVERNMENTS = {"id": "gov-deal", "name": "Government Deal", "faction": "any", "type": "policy", "ops": 2,
               "text": "x", "players": ["us", "china"], "effects": [{"op": "add", "target": "world.commons",
                                                                     "value": 0.1}]}


def _game():
    core, *rest = fixture_decks()
    deck = Deck.model_validate({**core.model_dump(), "cards": [*core.model_dump()["cards"], GOVERNMENTS]})
    return build_game(decks=[deck, *rest], headline=True)


def _hand(game, state, seat, cards):
    state = state.clone()
    state.hands[seat] = list(cards)
    return state


def test_event_seats_default_to_the_cards_seat_or_every_seat():
    assert card(faction="us", effects=[{"op": "add", "target": "us.pc", "value": 1}]).event_seats == ("us",)
    neutral = card(faction="any", effects=[{"op": "add", "target": "us.pc", "value": 1}])
    assert set(neutral.event_seats) == {"us", "china", "firm"}
    named = card(faction="any", players=["china", "us"], effects=[{"op": "add", "target": "us.pc", "value": 1}])
    assert named.event_seats == ("us", "china")  # in seat order
    assert named.silenced().event_seats == ()


def test_a_seat_not_among_the_players_may_play_the_card_for_ops_only():
    game = _game()
    state = to_turn_of(game, game.new_game(seed=4), "firm")
    state = _hand(game, state, "firm", ["gov-deal"])
    kinds = {a.kind for a in game.legal_actions(state) if a.card == "gov-deal"}
    assert EVENT not in kinds and OPS in kinds
    reason = game.check(state, Action("firm", EVENT, "gov-deal"))
    assert reason is not None and "only us and china may play Government Deal for its event" in reason
    # played for ops it sets nothing off: the commons stay where they were
    before = state.values["world.commons"]
    after = game.apply(state, Action("firm", OPS, "gov-deal", use="invest"))
    assert after.values["world.commons"] == before
    us = _hand(game, to_turn_of(game, game.new_game(seed=4), "us"), "us", ["gov-deal"])
    assert any(a.kind == EVENT for a in game.legal_actions(us) if a.card == "gov-deal")


def test_a_seat_not_among_the_players_cannot_headline_the_card():
    game = _game()
    state = pass_until(game, game.new_game(seed=4), lambda s: game.current_player(s) == "firm")
    assert state.phase == PHASE_HEADLINE
    picks = {a.card for a in game.legal_actions(_hand(game, state, "firm", ["gov-deal", "c8"])) if a.kind == HEADLINE}
    assert "gov-deal" not in picks and "c8" in picks
    state = game.new_game(seed=4)
    seat = game.current_player(state)
    assert seat != "firm"
    assert "gov-deal" in {a.card for a in game.legal_actions(_hand(game, state, seat, ["gov-deal"])) if a.kind == HEADLINE}


@pytest.mark.parametrize(("players", "faction", "message"), [
    ("[us, chna]", "any", "card 'p' players[1]: expected 'us', 'china' or 'firm', got 'chna'"),
    ("[us]", "us", "only a neutral card (faction 'any') names its players"),
    ("[]", "any", "name at least one of 'us', 'china' or 'firm', or leave 'players' out"),
    ("[us, us]", "any", "'us' named more than once"),
])
def test_a_bad_players_list_is_explained_at_its_line(tmp_path: Path, players, faction, message):
    path = tmp_path / "deck.yaml"
    path.write_text(f"deck: probe\ntitle: Probe\ncards:\n  - id: p\n    name: P\n    faction: {faction}\n"
                    f"    type: policy\n    ops: 2\n    text: x\n    players: {players}\n"
                    "    effects: [{op: add, target: world.commons, value: 0.1}]\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_deck(path)
    (problem,) = [str(p) for p in err.value.problems]
    assert problem.startswith(f"{path}:10 card 'p' players") and message in problem


# --- A decision only its own seat can take (``set_off: false``) -------------------------------------
LISTING = {"id": "cn-listing", "name": "Listing", "faction": "china", "type": "policy", "ops": 2, "text": "x",
           "set_off": False, "effects": [{"op": "add", "target": "china.efficiency", "value": 0.2}]}


def _listing_game():
    core, *rest = fixture_decks()
    deck = Deck.model_validate({**core.model_dump(), "cards": [*core.model_dump()["cards"], LISTING]})
    return build_game(decks=[deck, *rest], headline=True)


def test_a_card_that_is_not_set_off_fires_nothing_when_an_opponent_plays_it_for_ops():
    game = _listing_game()
    state = _hand(game, to_turn_of(game, game.new_game(seed=4), "us"), "us", ["cn-listing"])
    after = game.apply(state, Action("us", OPS, "cn-listing", use="lobby"))
    assert after.values["china.efficiency"] == state.values["china.efficiency"]
    assert not [e for e in after.events[len(state.events):] if e["kind"] == "opponent-event"]
    assert after.values["us.pc"] == state.values["us.pc"] + 2  # the ops still count
    reason = game.explain_illegal(state, Action("us", EVENT, "cn-listing"))
    assert "its event does not fire" in reason
    # China plays it for its event as any seat plays its own card
    china = _hand(game, to_turn_of(game, game.new_game(seed=4), "china"), "china", ["cn-listing"])
    fired = game.apply(china, Action("china", EVENT, "cn-listing"))
    assert fired.values["china.efficiency"] == pytest.approx(china.values["china.efficiency"] + 0.2)


def test_a_card_that_is_not_set_off_cannot_be_headlined_by_an_opponent():
    game = _listing_game()
    state = game.new_game(seed=4)
    seat = game.current_player(state)
    assert state.phase == PHASE_HEADLINE and seat != "china"
    picks = {a.card for a in game.legal_actions(_hand(game, state, seat, ["cn-listing", "c8"])) if a.kind == HEADLINE}
    assert "cn-listing" not in picks and "c8" in picks
    reason = game.explain_illegal(_hand(game, state, seat, ["cn-listing"]), Action(seat, HEADLINE, "cn-listing"))
    assert "china's decision alone" in reason


def test_set_off_dumps_only_when_false():
    listing = Deck.model_validate({"deck": "p", "title": "P", "cards": [LISTING]}).cards[0]
    assert listing.model_dump()["set_off"] is False and listing.sets_off("us") is None
    plain_card = Deck.model_validate({"deck": "p", "title": "P", "cards": [{**LISTING, "set_off": True}]}).cards[0]
    assert "set_off" not in plain_card.model_dump() and plain_card.sets_off("us") == "china"
    assert plain_card.sets_off("china") is None


def test_set_off_false_on_a_card_without_a_seat_is_explained_at_its_line(tmp_path: Path):
    path = tmp_path / "deck.yaml"
    path.write_text("deck: probe\ntitle: Probe\ncards:\n  - id: p\n    name: P\n    faction: any\n"
                    "    type: policy\n    ops: 2\n    text: x\n    set_off: false\n"
                    "    effects: [{op: add, target: world.commons, value: 0.1}]\n", encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_deck(path)
    (problem,) = [str(p) for p in err.value.problems]
    assert problem.startswith(f"{path}:10 card 'p' set_off") and "only a seat's card" in problem
    assert "a neutral card ('any') never is" in problem


def test_the_card_view_says_when_a_card_is_its_seats_decision_alone():
    from rich.console import Console

    from wargame.tui.widgets.card_view import card_details

    def shown(raw):
        console = Console(width=80, record=True)
        console.print(card_details(Deck.model_validate({"deck": "p", "title": "P", "cards": [raw]}).cards[0]))
        return " ".join(console.export_text().split())

    assert "Only China can take this decision: another seat may play it for ops" in shown(LISTING)
    assert "can take this decision" not in shown({**LISTING, "set_off": True})


def test_the_move_menu_warns_of_an_opponents_event_only_where_it_fires():
    from wargame.tui.moves import card_choices

    core, *rest = fixture_decks()
    settable = {**LISTING, "id": "cn-settable", "name": "Settable", "set_off": True}
    deck = Deck.model_validate({**core.model_dump(), "cards": [*core.model_dump()["cards"], LISTING, settable]})
    game = build_game(decks=[deck, *rest], headline=True)
    state = _hand(game, to_turn_of(game, game.new_game(seed=4), "us"), "us", ["cn-listing", "cn-settable"])
    listing = [c.label for c in card_choices(game, state, "us", "cn-listing")]
    other = [c.label for c in card_choices(game, state, "us", "cn-settable")]
    assert listing and not any("event fires" in label for label in listing)
    assert any("China's event fires too" in label for label in other)
