"""End reasons are one table (``engine.outcome.ENDINGS``): the core runs its sudden deaths from the
lowered table, and every word about an ending comes from it."""

from __future__ import annotations

import pytest

from conftest import build_game, end_quarter, shipped_content
from wargame.core.codes import END_FIRM_SQUEEZED, T_ALIGNED, T_OUTPUT, T_VALUE
from wargame.engine import lowering
from wargame.engine.outcome import END_REASONS, ENDINGS, SUDDEN_DEATHS, Ending, Term, reason_text, seat_rules
from wargame.engine.standing import clocks, how_to_win


def test_the_core_holds_every_sudden_death_of_the_table(plain_game):
    R = plain_game.low.rules[0]
    assert R.n_endings == len(SUDDEN_DEATHS)
    for k, ending in enumerate(SUDDEN_DEATHS):
        assert R.end_reason[k] == ending.code and R.end_terms[k] == len(ending.terms)
        assert R.end_quarters[k] == (getattr(plain_game.rules.scenario.victory, ending.quarters) if ending.quarters
                                     else 0)
    assert {t.reads for e in SUDDEN_DEATHS for t in e.terms} == {T_OUTPUT, T_VALUE, T_ALIGNED}


def test_a_row_added_to_the_table_ends_games_without_a_change_to_the_core(monkeypatch):
    """A sudden death is data: a new row (the firm out of the running once it holds almost no
    capacity, checked first) is lowered and run by the compiled core as it stands."""
    tiny = Ending(END_FIRM_SQUEEZED, "firm-squeezed", "firm squeezed out", "the firm is squeezed out of both markets",
                  loser="firm",
                  terms=(Term(T_VALUE, "firm.capacity", ">=", lambda v, p: -1.0),))
    monkeypatch.setattr(lowering, "SUDDEN_DEATHS", (tiny, *SUDDEN_DEATHS))
    game = build_game(headline=False, world_draws=0, injects=[], conditional=[])
    s = end_quarter(game, game.new_game(seed=1))
    assert s.over and s.turn == 1 and s.result["end"] == "firm-squeezed"
    assert s.result["winner"] != "firm" and "squeezed out" in s.result["reason"]
    monkeypatch.undo()
    game = build_game(headline=False, world_draws=0, injects=[], conditional=[])
    assert not end_quarter(game, game.new_game(seed=1)).over


def test_streaks_are_named_by_the_table(plain_game):
    s = plain_game.new_game(seed=1)
    assert set(s.streaks) == {e.streak for e in SUDDEN_DEATHS if e.streak}
    assert clocks(plain_game.rules.scenario, s) == []


def test_every_ending_has_words_in_every_shipped_scenario():
    shipped = shipped_content()
    if shipped is None:
        pytest.skip("no shipped content")
    scenario, _ = shipped
    assert END_REASONS == tuple(e.name for e in ENDINGS)
    for e in ENDINGS:
        assert reason_text(e.code, scenario.victory, scenario.end, 0.25)
    for seat in scenario.seat_ids:
        rules = seat_rules(scenario.victory, seat)
        assert rules and all("{" not in line for line in rules)
        assert set(rules) <= set(how_to_win(scenario, seat))
