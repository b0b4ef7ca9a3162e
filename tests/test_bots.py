"""Bots: pass, random and greedy play legal moves from their seat's view only."""

from __future__ import annotations

import pytest

from conftest import build_game, to_turn_of
from wargame.bots import BOTS, make_bot
from wargame.bots.base import bot_names
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import EVENT, HEADLINE, OPS, PASS, SHELVE, Action
from wargame.engine.game import Game
from wargame.engine.state import HIDDEN, PHASE_HEADLINE, GameState

CARD_PLAYS = ("event", "ops", "headline", "opponent-event", "shelve")


def bots_for(game, name, seed):
    return seat_bots({s: name for s in game.rules.scenario.seat_ids}, seed)


class SpyGame(Game):
    """A Game that fails if a bot, inside ``choose``, touches a real (unmasked) game state."""

    def __init__(self, ruleset):
        super().__init__(ruleset)
        self.real: dict[int, GameState] = {}  # strong references keep the ids unique
        self.in_choose = False

    def _guard(self, state: GameState) -> None:
        if self.in_choose:
            assert id(state) not in self.real, "a bot looked at the real state"

    def new_game(self, seed, game_index=0):
        s = super().new_game(seed, game_index)
        self.real[id(s)] = s
        return s

    def apply(self, state, action):
        nxt = super().apply(state, action)
        self.real[id(nxt)] = nxt
        return nxt

    def legal_actions(self, state):
        self._guard(state)
        return super().legal_actions(state)

    def apply_legal(self, state, action, **kw):
        self._guard(state)
        return super().apply_legal(state, action, **kw)

    def current_player(self, state):
        self._guard(state)
        return super().current_player(state)

    def outputs(self, state):
        self._guard(state)
        return super().outputs(state)


class SpyBot:
    """Wraps a bot: checks each ``choose`` gets its own seat's view and answers legally."""

    def __init__(self, bot, seat, game: SpyGame, real_state):
        self.bot, self.seat, self.game, self.real_state = bot, seat, game, real_state
        self.name = bot.name
        self.calls = 0

    def choose(self, game, view):
        real = self.real_state()
        assert view.viewer == self.seat
        assert view is not real
        for other, hand in view.hands.items():
            if other != self.seat:
                assert set(hand) <= {HIDDEN}
        assert set(view.draw_pile) <= {HIDDEN}
        self.game.in_choose = True
        try:
            action = self.bot.choose(game, view)
        finally:
            self.game.in_choose = False
        assert action in game.legal_actions(real) or action.text  # a rationale never makes a move illegal
        self.calls += 1
        return action


def spy_match(name, seed, scenario_changes=None):
    base = build_game(**(scenario_changes or {}))
    game = SpyGame(base.rules)
    holder = {}

    def on_action(state, action, nxt):
        holder["state"] = nxt

    first = game.new_game(seed)
    holder["state"] = first
    bots = {seat: SpyBot(bot, seat, game, lambda: holder["state"]) for seat, bot in bots_for(game, name, seed).items()}
    match = play_match(game, bots, seed, on_action=on_action, state=first)
    return game, bots, match


# --- The registry ----------------------------------------------------------------------------------------
def test_registry_knows_the_builtin_bots():
    assert {"pass", "random", "greedy"} <= set(bot_names())
    assert {"pass", "random", "greedy"} <= set(BOTS)
    for name in ("pass", "random", "greedy"):
        assert make_bot(name, seed=1).name == name
    with pytest.raises(ValueError, match="known bots"):
        make_bot("clever")


# --- Pass --------------------------------------------------------------------------------------------
def test_pass_bot_never_plays_a_card():
    game, bots, match = spy_match("pass", 3)
    s = match.state
    assert s.over and s.result is not None
    plays = [e for e in s.events if e["kind"] in CARD_PLAYS and e.get("seat") in s.seats]
    assert plays == []
    assert all(a.kind == PASS for a in match.actions)
    assert all(b.calls > 0 for b in bots.values())


# --- Random ------------------------------------------------------------------------------------------
def test_random_bot_picks_only_legal_actions_and_plays_cards():
    game, bots, match = spy_match("random", 4)  # SpyBot checks legality of every choice
    kinds = {a.kind for a in match.actions}
    assert {EVENT, OPS, HEADLINE, SHELVE, PASS} <= kinds
    assert match.state.over


def test_random_bot_is_reproducible_from_its_seed(game):
    s = game.new_game(2)
    view = game.view(s, game.current_player(s))
    a, b = make_bot("random", seed=9), make_bot("random", seed=9)
    assert [a.choose(game, view) for _ in range(20)] == [b.choose(game, view) for _ in range(20)]
    c = make_bot("random", seed=10)
    d = make_bot("random", seed=9)
    assert [c.choose(game, view) for _ in range(20)] != [d.choose(game, view) for _ in range(20)]


def test_random_bot_is_roughly_uniform(game):
    s = game.new_game(2)
    view = game.view(s, game.current_player(s))
    legal = game.legal_actions(view)
    bot = make_bot("random", seed=1)
    counts = {a: 0 for a in legal}
    n = 200 * len(legal)
    for _ in range(n):
        counts[bot.choose(game, view)] += 1
    assert min(counts.values()) > 100 and max(counts.values()) < 300


# --- Greedy ----------------------------------------------------------------------------------------------
def test_greedy_returns_a_legal_action_from_a_view(game):
    bot = make_bot("greedy", seed=1)
    for seed in (1, 2):
        s = game.new_game(seed)
        for _ in range(8):
            seat = game.current_player(s)
            action = bot.choose(game, game.view(s, seat))
            assert action in game.legal_actions(s)
            s = game.apply(s, action)


def test_greedy_picks_the_card_that_obviously_helps_it():
    g = build_game(headline=False, world_draws=0, injects=[], conditional=[])
    s = g.new_game(1).clone()
    assert g.current_player(s) == "us"
    s.hands["us"] = ["dud-a", "boost", "dud-b"]  # boost sets China's efficiency to its floor
    choice = make_bot("greedy", seed=1).choose(g, g.view(s, "us"))
    assert choice == Action("us", EVENT, "boost")
    # It is the score that decides: the chosen play projects the best score for the US.
    scores = {a: g.projected_scores(g.apply_legal(s, a, within_quarter=True))["us"] for a in g.legal_actions(s)}
    assert max(scores, key=scores.get) == choice


def test_greedy_for_china_avoids_helping_the_us():
    g = build_game(headline=False, world_draws=0, injects=[], conditional=[])
    s = g.new_game(1)
    s = g.apply(s, Action("us", PASS)).clone()
    assert g.current_player(s) == "china"
    s.hands["china"] = ["cn-eff", "boost"]  # its own efficiency card, or the US's card that would crush it
    choice = make_bot("greedy", seed=1).choose(g, g.view(s, "china"))
    assert choice == Action("china", EVENT, "cn-eff")  # +0.2 efficiency beats investing its one op


def test_greedy_weighs_a_headline_pick_before_the_others_pick():
    """The first seat to pick a headline cannot see the later picks; it weighs each pick as the
    headline would resolve with it (the later seats declining), so it neither takes the first card in
    hand nor fires an opponent's event for them when its own card helps it."""
    g = build_game(world_draws=0, injects=[], conditional=[])
    s = g.new_game(1).clone()
    assert g.current_player(s) == "us" and s.phase == PHASE_HEADLINE
    s.hands["us"] = ["cn-eff", "dud-a", "boost"]  # China's card (it would fire for China) comes first
    choice, _, scored = g.bot_move(g.view(s, "us"), "greedy", 1, 0, scores=True)
    assert choice == Action("us", HEADLINE, "boost")
    scores = {a.card: v for a, v in scored}
    assert scores["boost"] > scores[None] > scores["cn-eff"]  # the decline between: it fires nothing


def test_greedy_three_bot_game_finishes():
    game, bots, match = spy_match("greedy", 2)
    assert match.state.over and match.state.result["winner"] in match.state.seats
    assert all(b.calls > 0 for b in bots.values())


def test_mixed_bots_finish():
    g = build_game()
    bots = seat_bots({"us": "greedy", "china": "random", "firm": "pass"}, 5)
    match = play_match(g, bots, 5)
    assert match.state.over


def _event_share(records, card: str, seat: str) -> float:
    """Of the games in which ``seat`` played ``card`` at all, the share in which it fired it for its event."""
    held = fired = 0
    for r in records:
        uses = {kind for name, who, kind in r.plays if name == card and who == seat}
        held += bool(uses)
        fired += bool(uses & {"event", "headline"})
    return fired / held if held else 0.0


def test_greedy_looks_past_the_quarter_for_an_event_whose_worth_comes_later():
    """The Huawei coalition grows China's fabs and memory for two years: little shows at the
    quarter's close, so a look-ahead that stops there always spends the card's three ops instead.
    Looking a year on (the shipped ``bot_horizon``), greedy China plays it for its event in many games."""
    from wargame.sim import BatchSpec, run_batch

    spec = BatchSpec.of("baseline", "greedy")
    assert spec.game().rules.params["bot_horizon"] == 4
    far = run_batch(spec, 120, 7, workers=1).records
    near = run_batch(spec.with_params(bot_horizon=1), 120, 7, workers=1).records
    assert _event_share(near, "huawei-coalition", "china") < 0.05
    assert _event_share(far, "huawei-coalition", "china") > 0.2


def test_greedy_scores_only_the_moves_it_weighed_last(game):
    """Its reasons list the options of the second look (its best by the quarter's close and its own
    events), each with the points projected a year ahead, the chosen one best."""
    bot = make_bot("greedy", seed=3)
    s = to_turn_of(game, game.new_game(3), "china")
    decision = bot.decide(game, game.view(s, "china"))
    legal = game.legal_actions(s)
    assert decision.unit == "VP projected a year ahead"
    assert 1 < len(decision.scores) < len(legal)
    assert all(a in legal for a, _ in decision.scores)
    assert decision.scores[0][1] == max(v for _, v in decision.scores) == decision.score_of(decision.action)
    events = [a for a in legal if a.kind == EVENT]
    assert all(decision.score_of(a) is not None for a in events)
