"""How the economy plays: what an ops use is worth to each seat, how bots spend, what they end with.

Prints figures; asserts nothing. Three measurements on a scenario:

- **ops value**: the points a seat gains over the whole game from one use of a 3-ops card in the
  first action round (invest, influence on each state, lobby) against shelving the card (so that
  the draws which follow are the same), every seat a pass bot otherwise; the mean over ``--seeds``
  games (each seat's first own card played for its ops).
- **action mix**: how often bots of ``--bots`` play events, invest, influence, lobby, shelve or pass
  in the action rounds, per seat, over ``--games`` games.
- **what is left**: each seat's budget and political capital at the end (median and share of games
  in which it ran below what one card costs at some point is not tracked: the end values only).

Run: .venv/bin/python benchmarks/economy.py [--scenario ID] [--bots greedy] [--games 300]
"""

from __future__ import annotations

import argparse
from collections import Counter

import numpy as np

from wargame.core import api, layout
from wargame.core import codes as C
from wargame.engine.corestate import seed_word
from wargame.sim import BatchSpec

KIND_NAMES = {C.PASS: "pass", C.EVENT: "event", C.INFLUENCE: "influence", C.INVEST: "invest", C.LOBBY: "lobby",
              C.SHELVE: "shelve"}


def _current(st, R) -> int:  # type: ignore[no-untyped-def]
    """``quarter.current_player`` in Python."""
    if st.over:
        return -1
    if st.headline:
        for s in range(R.n_seats):
            if st.picked[s] == 0:
                return s
        return -1
    return int(st.action % R.n_seats)


class Runner:
    """One scenario's game in the core, step by step."""

    def __init__(self, scenario: str) -> None:
        self.game = BatchSpec.of(scenario, "pass").game()
        self.low = self.game.low
        from wargame.engine.compiled import ready

        ready(self.game)
        self.work, self.events = layout.new_work(), layout.records(layout.EVENT, 4096)
        self.scratch = layout.records(layout.STATE, 3)
        self.seats = list(self.low.seats)

    def new(self, seed: int, index: int):  # type: ignore[no-untyped-def]
        states = layout.records(layout.STATE, 1)
        self.work[0].log_events = 0
        api.new_game(self.low.rules, self.low.code, self.work, self.events, states, seed_word(seed), index)
        return states

    def step(self, states, seat, kind, card, target):  # type: ignore[no-untyped-def]
        api.step(self.low.rules, self.low.code, self.work, self.events, states, seat, kind, card, target, False)

    def choose(self, states, seat, bot, bot_seed):  # type: ignore[no-untyped-def]
        return api.choose(self.low.rules, self.low.code, self.work, self.events, self.scratch, states, seat, bot,
                          np.uint64(bot_seed))

    def play_out(self, states, bots, seeds, mix=None):  # type: ignore[no-untyped-def]
        R = self.low.rules[0]
        while True:
            seat = _current(states[0], R)
            if seat < 0:
                return
            headline = bool(states[0].headline)
            kind, card, target = self.choose(states, seat, bots[seat], seeds[seat])
            if mix is not None and not headline:
                mix[self.seats[seat]][KIND_NAMES.get(int(kind), "?")] += 1
            self.step(states, seat, kind, card, target)


def ops_value(run: Runner, seeds: int) -> None:
    R = run.low.rules[0]
    col = run.low.columns
    print("ops value: points over the game from one 3-ops use in the first action round, vs shelving the card (pass bots)")
    bots = [C.PASS_BOT] * R.n_seats
    for s, seat in enumerate(run.seats):
        gains: dict[str, list[float]] = {}
        for g in range(seeds):
            base = run.new(11, g)
            while base[0].headline or _current(base[0], R) != s:  # pass bots to this seat's first action
                seat_now = _current(base[0], R)
                run.step(base, seat_now, *run.choose(base, seat_now, C.PASS_BOT, 0))
            own = [c for c in range(R.n_cards) if R.faction[c] in (s, C.ANY) and R.ops[c] == 3]
            base[0].hands[s, 0] = own[0]
            # Against shelving the same card: the card leaves the hand either way, so the draws that
            # follow (and the world's cards, whose seeds count them) are the same in both games.
            ref = base.copy()
            run.step(ref, s, C.SHELVE, own[0], -1)
            run.play_out(ref, bots, [0] * R.n_seats)
            uses = [("invest", C.INVEST, -1), ("lobby", C.LOBBY, -1)]
            uses += [(f"influence {b}", C.INFLUENCE, k) for k, b in enumerate(run.low.board_ids)]
            for name, kind, target in uses:
                trial = base.copy()
                run.step(trial, s, kind, own[0], target)
                run.play_out(trial, bots, [0] * R.n_seats)
                gains.setdefault(name, []).append(float(trial[0].vp[s] - ref[0].vp[s]))
        budget = float(base[0].values[col[f"{seat}.budget"]])
        print(f"  {seat:6s} " + ", ".join(f"{k} {np.mean(v):+.2f}" for k, v in gains.items())
              + f"  (budget then {budget:.1f})")


def card_values(run: Runner, samples: int) -> None:
    """Each card's event fired (by the facilitator's path: no cost paid) at the start of the action
    rounds of a random quarter of a random-bot game, then every seat passing to the end: the mean
    points it gains its owner (for a neutral card, each seat), with the cost beside it."""
    R = run.low.rules[0]
    cards = run.game.rules.cards
    ids = run.low.card_ids
    starts = []
    rng = np.random.default_rng(3)
    for g in range(samples):
        st = run.new(21, g)
        stop = int(R.start) + int(rng.integers(0, max(1, int(R.end - R.start))))
        seeds = [7 * g + s + 1 for s in range(R.n_seats)]
        while not st[0].over and (st[0].quarter < stop or st[0].headline):
            seat = _current(st[0], R)
            run.step(st, seat, *run.choose(st, seat, C.RANDOM_BOT, seeds[seat]))
        if not st[0].over:
            starts.append(st)
    passing = [C.PASS_BOT] * R.n_seats
    print(f"card events: mean points to the seat that plays them over {len(starts)} mid-game states "
          "(pass bots after; cost not counted)")
    rows = []
    for k, card_id in enumerate(ids):
        faction = int(R.faction[k])
        if faction == C.ABSENT:
            continue
        gains = {s: [] for s in range(R.n_seats)}
        for st in starts:
            ref = st.copy()
            run.play_out(ref, passing, [0] * R.n_seats)
            trial = st.copy()
            target = 0 if R.needs_target[k] else -1
            api.fire(run.low.rules, run.low.code, run.work, run.events, trial, k, target)
            run.play_out(trial, passing, [0] * R.n_seats)
            for s in range(R.n_seats):
                gains[s].append(float(trial[0].vp[s] - ref[0].vp[s]))
        who = range(R.n_seats) if faction == C.ANY else [faction]
        for s in who:
            card = cards[card_id]
            rows.append((float(np.mean(gains[s])), card_id, run.seats[s], card.cost.budget, card.cost.pc))
    for mean, card_id, seat, budget, pc in sorted(rows):
        print(f"  {mean:+7.2f}  {card_id:32s} {seat:6s} cost ${budget:g}B {pc:g} PC")


def action_mix(run: Runner, bot: str, games: int) -> None:
    R = run.low.rules[0]
    col = run.low.columns
    code = C.BOT_NAMES.index(bot)
    mix = {seat: Counter() for seat in run.seats}
    ends = {seat: ([], []) for seat in run.seats}
    lobbied = {seat: 0 for seat in run.seats}
    shelved = {seat: 0 for seat in run.seats}
    for g in range(games):
        st = run.new(5, g)
        before = {seat: (mix[seat]["lobby"], mix[seat]["shelve"]) for seat in run.seats}
        run.play_out(st, [code] * R.n_seats, [1000 * g + s + 1 for s in range(R.n_seats)], mix)
        for seat in run.seats:
            ends[seat][0].append(float(st[0].values[col[f"{seat}.budget"]]))
            ends[seat][1].append(float(st[0].values[col[f"{seat}.pc"]]))
            lobbied[seat] += mix[seat]["lobby"] > before[seat][0]
            shelved[seat] += mix[seat]["shelve"] > before[seat][1]
    print(f"action mix of {bot} bots over {games} games (action rounds), and what each seat ends with")
    for seat in run.seats:
        total = sum(mix[seat].values()) or 1
        shares = ", ".join(f"{k} {100 * mix[seat][k] / total:.0f}%" for k in
                           ("event", "invest", "influence", "lobby", "shelve", "pass"))
        b, p = ends[seat]
        print(f"  {seat:6s} {shares}; lobbied in {100 * lobbied[seat] / games:.0f}% of games, shelved in "
              f"{100 * shelved[seat] / games:.0f}%; end budget median {np.median(b):.1f}, PC median {np.median(p):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--bots", default="greedy", choices=["random", "greedy"])
    parser.add_argument("--games", type=int, default=300)
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--cards", type=int, default=0, metavar="N", help="also value every card's event over N states")
    args = parser.parse_args()
    run = Runner(args.scenario)
    print(f"scenario {args.scenario}")
    ops_value(run, args.seeds)
    action_mix(run, args.bots, args.games)
    if args.cards:
        card_values(run, args.cards)


if __name__ == "__main__":
    main()
