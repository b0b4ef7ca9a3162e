"""Reading records off a finished batch, and the bots' seeds a batch plays under."""

from __future__ import annotations

import numpy as np

from wargame.bots.match import seat_seed
from wargame.engine.cards import quarter_label
from wargame.engine.flow import score_margins, winner_by_margin
from wargame.sim.record import GameRecord, shared_plays
from wargame.sim.spec import bot_seed
from wargame.sim.vector.batch import EMPTY, REASONS, Batch
from wargame.sim.vector.fingerprint import fingerprints


def bot_seeds(seed: int, first: int, count: int, seats: list[str]) -> dict[str, np.ndarray]:
    """Each seat's bot seed in each game, as ``sim.spec.play_game`` and ``bots.match.seat_bots`` derive them."""
    base = bot_seed(seed, np.arange(first, first + count, dtype=np.uint64))
    with np.errstate(over="ignore"):
        return {seat: seat_seed(base, i) for i, seat in enumerate(sorted(seats))}


def records(b: Batch) -> list[GameRecord]:
    """A ``GameRecord`` per row of a finished batch, equal to ``sim.record.record_game``'s for that game."""
    t = b.tables
    r = np.arange(b.n)
    out = b.outputs(r)
    lag, dom, share = (out[k].tolist() for k in ("world.lag", "china.domestic_share", "china.world_share"))
    vps = b.vp.T.tolist()
    targets = t.rules.scenario.victory.targets
    seats = t.seats
    prints = [f"{x:016x}" for x in fingerprints(b).tolist()]
    plays = _plays(b)
    games, reasons, sudden, loser = (a.tolist() for a in (b.games, b.reason, b.sudden, b.loser))
    labels = {q: quarter_label(q) for q in set(b.ended.tolist())}
    ended = b.ended.tolist()
    result: list[GameRecord] = []
    for i in range(b.n):
        vp = vps[i]
        margins = score_margins(seats, dict(zip(seats, vp, strict=True)), targets)
        won, lost = sudden[i], loser[i]
        winner = seats[won] if won != EMPTY else winner_by_margin(seats, margins, seats[lost] if lost != EMPTY else None)
        result.append(GameRecord(
            index=games[i], winner=winner, reason=REASONS[reasons[i]], quarter=labels[ended[i]], margins=margins,
            vp={s: round(vp[k], 6) for k, s in enumerate(seats)},
            lag=round(lag[i], 6), domestic_share=round(dom[i], 6), china_share=round(share[i], 6),
            plays=plays[i], fingerprint=prints[i]))
    return result


def _plays(b: Batch) -> list[tuple[tuple[str, str, str], ...]]:
    """Each game's card plays that took effect (first firing of each), as record triples."""
    if b.plays is None:
        return [()] * b.n
    codes, ends = b.plays
    triples = shared_plays(tuple(b.tables.play_triples))  # one shared tuple per triple, as batches keep them
    flat = codes.tolist()
    bounds = [0, *ends.tolist()]
    get = triples.__getitem__
    return [tuple(map(get, flat[bounds[g]:bounds[g + 1]])) for g in range(b.n)]
