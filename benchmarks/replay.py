"""Saves and replays of a long-2030 game played by greedy bots: save, load, verify and seek times.

Prints figures; asserts nothing (the seek bound is asserted in tests/test_store_replay.py).
Run: .venv/bin/python benchmarks/replay.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from wargame.bots.match import play_match, seat_bots
from wargame.engine.cards import Deck
from wargame.engine.game import Game, Ruleset
from wargame.engine.scenario import Scenario
from wargame.store import Replay, Session, atomic_write, decode_document, load_save
from wargame.store.document import validate_schema

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "saves" / "content"
SEED = 5


def long_game() -> tuple[Game, list[Deck] | None]:
    """The shipped long-2030 scenario, or the test fixture stretched to 2030Q4 while it is not there."""
    try:
        from wargame.content import load_bundle

        bundle = load_bundle("long-2030")
        return Game(Ruleset.build(bundle.scenario, bundle.decks.values())), list(bundle.decks.values())
    except Exception:
        raw = yaml.safe_load((FIXTURE / "scenario.yaml").read_text())
        raw.update(scenario="long-2030", end="2030Q4")
        decks = [Deck.model_validate(yaml.safe_load((FIXTURE / f"{n}.yaml").read_text())) for n in ("core", "world")]
        return Game(Ruleset.build(Scenario.model_validate(raw), decks)), decks


def best_of(n: int, fn: Callable[[], Any]) -> float:
    """The fastest of ``n`` runs, in milliseconds."""
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    game, decks = long_game()
    seats = {s: "bot:greedy" for s in game.rules.scenario.seat_ids}
    actions = play_match(game, seat_bots({s: "greedy" for s in seats}, SEED), SEED).actions
    start = time.perf_counter()
    session = Session.new(game, seats, SEED, decks=decks)
    for action in actions:
        session.apply(action)
    record_ms = (time.perf_counter() - start) * 1000
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.wgsave"
        save_ms = best_of(5, lambda: session.save(path))
        data = path.read_bytes()
        write_ms = best_of(5, lambda: atomic_write(path, data))
        load_ms = best_of(5, lambda: validate_schema(decode_document(path.read_bytes())))
        verify_ms = best_of(3, lambda: load_save(path))
        save = load_save(path)
    seeks = []
    for turn in range(1, session.state.turn + 1):
        replay = Replay(save)  # cold: only the checkpoints
        start = time.perf_counter()
        replay.seek(replay.end_of_turn(turn) - 1)  # the last decision of the turn, farthest from its checkpoint
        seeks.append((time.perf_counter() - start) * 1000)
    warm = Replay(save)
    list(warm)
    warm_ms = best_of(5, lambda: [warm.state_at(i) for i in range(0, warm.length + 1, 10)]) / (warm.length // 10 + 1)
    sc = game.rules.scenario
    print(f"{sc.scenario} ({sc.start}..{sc.end}), greedy bots, seed {SEED}: {len(actions)} actions, "
          f"{len(save.checkpoints)} checkpoints, save file {len(data) / 1024:.0f} KiB")
    print(f"record  {record_ms:8.1f} ms  (apply + log + state hash, all actions; {record_ms / len(actions):.2f} ms each)")
    print(f"save    {save_ms:8.1f} ms  (document, checksum, atomic write with fsync; of which write {write_ms:.1f} ms)")
    print(f"load    {load_ms:8.1f} ms  (read, parse, schema)")
    print(f"verify  {verify_ms:8.1f} ms  (load_save: all of load, content hash, refold with every state hash, checksum)")
    print(f"seek    {statistics.mean(seeks):8.2f} ms mean, {max(seeks):.2f} ms max over {len(seeks)} quarters "
          f"(cold, from the nearest checkpoint); {warm_ms:.4f} ms cached")


if __name__ == "__main__":
    main()
