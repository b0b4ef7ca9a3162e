"""What a card's event is worth to each seat: a batch with the event against the same batch without it.

Prints figures; asserts nothing. ``wargame simulate``'s card impact compares the games in which a
seat played an event with those in which it held the card and did not; a card played where it is
needed (Lobby Beijing after a ban, a rung of retaliation once relations are sour) is played in worse
games, so that comparison reads it as harmful. This one is a controlled experiment: the same batch
(scenario, bots, seeds) is played twice, once as shipped and once with the card's event never
playable (its ``requires`` never hold, so it is still dealt, played for ops or shelved, and an
opponent's ops no longer set it off), and each seat's mean final points and win rate are compared.
The difference is what having the event in the game is worth to each seat, with a 95% interval
(Welch's standard error; the two batches share seeds but diverge once the card is drawn).

Run: .venv/bin/python benchmarks/card_value.py [CARD ...] [--scenario baseline] [--bots greedy]
     [--games 4000] [--seed 7]   (no CARD: the cards whose card-impact comparison is confounded)
"""

from __future__ import annotations

import argparse
import math
import os
import tempfile
from pathlib import Path

import yaml

from wargame.content.search import DECKS_ENV
from wargame.sim import BatchSpec
from wargame.sim.tally import tally_batch

#: Cards played where they are needed, whose card-impact comparison reads them as harmful.
CONFOUNDED = ("lobby-beijing", "compliance-programme", "sanctions-relief-deal", "unreliable-entity-list",
              "rare-earth-curbs")
#: A condition no state meets (each half alone is one a state can meet, so validation accepts it).
NEVER = ["world.tension > 4.99", "world.tension < 0.01"]


def batch(scenario: str, bots: str, games: int, seed: int) -> dict[str, tuple[float, float, float]]:
    """Each seat's (mean final points, its standard error, win rate) over a batch."""
    tally = tally_batch(BatchSpec.of(scenario, bots), games, seed).tally
    out = {}
    for seat, rate in tally.win_rates().items():
        d = tally.distribution(f"vp:{seat}")
        out[seat] = (d["mean"], d["std"] / math.sqrt(d["n"]), rate.rate)
    return out


def without(card: str, folder: Path) -> None:
    """Write into ``folder`` the shipped deck that holds ``card``, with its event never playable."""
    decks = Path(__file__).resolve().parent.parent / "decks"
    for path in sorted(decks.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        for entry in doc.get("cards", []):
            if entry["id"] == card:
                entry["requires"] = NEVER
                (folder / path.name).write_text(yaml.safe_dump(doc, sort_keys=False))
                return
    raise SystemExit(f"no shipped card {card!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cards", nargs="*", default=list(CONFOUNDED))
    ap.add_argument("--scenario", default="baseline")
    ap.add_argument("--bots", default="greedy")
    ap.add_argument("--games", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    shipped = batch(args.scenario, args.bots, args.games, args.seed)
    print(f"{args.scenario}, {args.bots} bots, {args.games} games, seed {args.seed}: each seat's final points "
          "with the card's event minus without it (95% interval), and its win rate with / without")
    for card in args.cards:
        with tempfile.TemporaryDirectory() as folder:
            without(card, Path(folder))
            os.environ[DECKS_ENV] = folder
            try:
                other = batch(args.scenario, args.bots, args.games, args.seed)
            finally:
                del os.environ[DECKS_ENV]
        cells = []
        for seat, (mean, se, rate) in shipped.items():
            m0, se0, r0 = other[seat]
            cells.append(f"{seat} {mean - m0:+.2f} ±{1.96 * math.hypot(se, se0):.2f} ({rate:.1%} / {r0:.1%})")
        print(f"  {card:30} " + "   ".join(cells))


if __name__ == "__main__":
    main()
