"""Batches of simulated games: independence from batching, records, sensitivity, export and the CLI.

They play the engine's fixture decks (tests/fixtures/engine) through scenarios written here, set
as the content root with ``WARGAME_CONTENT`` (worker processes inherit it).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import write_short_content
from wargame.cli.main import main
from wargame.core.codes import RECORDED_PLAYS
from wargame.sim import BatchSpec, play_game, run_batch, run_batches, summarize
from wargame.sim.batch import chunks
from wargame.sim.record import PLAY_KINDS, WORLD, fired_plays, state_fingerprint
from wargame.sim.sensitivity import sweep


@pytest.fixture(scope="module")
def content_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fixture decks with three scenarios: the full fixture, a four-quarter one and a four-quarter duel."""
    root = tmp_path_factory.mktemp("content")
    raw = write_short_content(root)
    (root / "scenarios" / "baseline.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    short = {**raw, "scenario": "short", "end": "2026Q4"}
    duel = {**short, "scenario": "duel-short", "seats": [s for s in raw["seats"] if s["id"] != "firm"],
            "victory": {"targets": {"us": 4.0, "china": 10.0}}}
    (root / "scenarios" / "duel-short.yaml").write_text(yaml.safe_dump(duel), encoding="utf-8")
    return root


@pytest.fixture
def content(content_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARGAME_CONTENT", str(content_root))
    return content_root


# --- Independence: a game's outcome depends only on (seed, index) ---------------------------------------
def test_game_alone_equals_game_in_a_batch_of_50_on_two_workers(content):
    spec = BatchSpec.of("short", {"*": "random", "china": "greedy"})
    batch = run_batch(spec, 50, seed=11, workers=2)
    assert batch.workers == 2
    assert [r.index for r in batch.records] == list(range(50))
    game = spec.game()
    for k in range(50):
        alone = play_game(spec, 11, k).state
        assert state_fingerprint(game, alone) == batch.record(k).fingerprint, f"game {k} differs alone and in the batch"


def test_chunking_and_offset_do_not_change_games(content):
    spec = BatchSpec.of("short", "random")
    whole = run_batch(spec, 30, seed=5, workers=1)
    part = run_batch(spec, 10, seed=5, workers=2, first=20)
    assert part.records == whole.records[20:]


def test_games_differ_by_index_and_by_seed(content):
    spec = BatchSpec.of("short", "random")
    a = run_batch(spec, 8, seed=1, workers=1)
    b = run_batch(spec, 8, seed=2, workers=1)
    assert len({r.fingerprint for r in a.records}) == 8
    assert not {r.fingerprint for r in a.records} & {r.fingerprint for r in b.records}


def test_a_pool_starts_when_stderr_is_captured_as_in_the_tui(tmp_path):
    """The TUI captures stderr (no file descriptor); multiprocessing's resource tracker wants one.
    (A bot outside the rules core is played move by move, in worker processes; core batches use threads.)"""
    import subprocess
    import sys

    script = tmp_path / "captured.py"
    script.write_text(
        "import io, sys\n"
        "class Captured(io.StringIO):\n"
        "    def fileno(self):\n"
        "        return -1\n"
        "from wargame.bots.base import register\n"
        "from wargame.bots.simple import RandomBot\n"
        "register('outside')(type('Outside', (RandomBot,), {'name': 'outside'}))\n"
        "if __name__ == '__main__':\n"
        "    sys.stderr = Captured()\n"
        "    from wargame.sim import BatchSpec, run_batch\n"
        "    from wargame.sim.batch import in_core\n"
        "    spec = BatchSpec.of('duel', {'*': 'random', 'us': 'outside'})\n"
        "    assert not in_core(spec)\n"
        "    result = run_batch(spec, 2, seed=3, workers=2)\n"
        "    print(result.workers, len(result.records))\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "2"]


def test_chunks_cover_every_index_once():
    for backend in ("engine", "core", "lookahead", "search"):
        for start, stop, workers in [(0, 1, 2), (0, 1000, 2), (7, 93, 3), (0, 100_000, 2)]:
            covered = [k for a, b in chunks(start, stop, workers, backend) for k in range(a, b)]
            assert covered == list(range(start, stop))
    assert len(chunks(0, 1000, 1, "engine", size=100)) == 10


def test_responsive_chunks_are_smaller_for_look_ahead_bots():
    from wargame.sim.batch import responsive_chunk

    assert responsive_chunk(BatchSpec.of("baseline", "greedy")) < responsive_chunk(BatchSpec.of("baseline", "random"))
    assert responsive_chunk(BatchSpec.of("baseline", "mcts-fast")) < responsive_chunk(BatchSpec.of("baseline", "greedy"))


def test_batch_simulator_chunks_are_equal_and_shared_evenly():
    from wargame.sim.batch import CORE_CHUNK

    parts = chunks(0, 4 * CORE_CHUNK, 2, "core")
    assert len(parts) == 4 and {b - a for a, b in parts} == {CORE_CHUNK}
    parts = chunks(0, 3 * CORE_CHUNK + 2, 2, "core")  # as many for each worker, none over the size
    sizes = [b - a for a, b in parts]
    assert len(parts) == 4 and max(sizes) <= CORE_CHUNK and max(sizes) - min(sizes) <= 2 and sum(sizes) == 3 * CORE_CHUNK + 2


def test_common_random_numbers_across_specs(content):
    low, high = BatchSpec.of("short", "random"), BatchSpec.of("short", "random").with_params(compute_ratio0=12.0)
    res_low, res_high = run_batches([low, high], 4, seed=3, workers=1)
    alone = run_batch(high, 4, seed=3, workers=1)
    assert res_high.records == alone.records
    assert [r.lag for r in res_low.records] != [r.lag for r in res_high.records]


# --- What a record keeps ------------------------------------------------------------------------------
def test_record_reads_the_final_state(content):
    spec = BatchSpec.of("baseline", "random")
    batch = run_batch(spec, 3, seed=9, workers=1)
    game = spec.game()
    for record in batch.records:
        state = play_game(spec, 9, record.index).state
        out = game.outputs(state)
        assert record.winner == state.result["winner"] and record.winner in batch.seats
        assert record.margins == state.result["margins"]
        assert record.vp == pytest.approx(state.vp, abs=1e-5)  # records keep five decimals
        assert record.margins["china"] == pytest.approx(record.vp["china"] - 10.0, abs=1e-5)
        assert record.lag == pytest.approx(out["world.lag"], abs=1e-5)
        assert record.domestic_share == pytest.approx(out["china.domestic_share"], abs=1e-5)
        assert record.china_share == pytest.approx(out["china.world_share"], abs=1e-5)
        fired = {(e["card"], e.get("seat", WORLD), PLAY_KINDS[e["kind"]]) for e in state.events
                 if e["kind"] in PLAY_KINDS and "changes" in e}
        fired = {(c, s, "opponent" if k == "headline" and game.rules.cards[c].faction not in ("any", s) else k)
                 for c, s, k in fired}
        used = {(e["card"], e["seat"], e["kind"]) for e in state.events if e["kind"] == "shelve"
                or (e["kind"] == "ops" and game.rules.cards[e["card"]].faction in ("any", e["seat"]))}
        assert set(record.plays) == fired | used and fired and used
        assert any(kind == "world" for _, seat, kind in record.plays)
        assert {kind for _, _, kind in record.plays} <= set(RECORDED_PLAYS)


def test_fizzled_events_are_not_counted_as_fired(content):
    state = play_game(BatchSpec.of("baseline", "random"), 9, 0).state
    fizzled = {"kind": "event", "q": "2026Q1", "text": "no effect", "seat": "us", "card": "never-fired"}
    state.events.append(fizzled)
    assert all(card != "never-fired" for card, _, _ in fired_plays(state))


def test_bad_bot_or_seat_fails_before_playing(content):
    with pytest.raises(ValueError, match="unknown bot"):
        run_batch(BatchSpec.of("short", "nope"), 2)
    with pytest.raises(ValueError, match="no seat"):
        run_batch(BatchSpec.of("short", {"*": "random", "mars": "random"}), 2)
    with pytest.raises(ValueError, match="unknown model parameter"):
        BatchSpec.of("short", "random", params={"lagg0": 1.0})


def test_targets_override_changes_margins_not_play(content):
    base = run_batch(BatchSpec.of("short", "random"), 4, seed=2, workers=1)
    moved = run_batch(BatchSpec.of("short", "random", targets={"us": -100.0}), 4, seed=2, workers=1)
    for a, b in zip(base.records, moved.records, strict=True):
        assert a.vp == b.vp
        assert b.margins["us"] == pytest.approx(a.margins["us"] + 104.0, abs=1e-5)
        assert b.winner == "us" or b.reason != "end"


# --- Summary ------------------------------------------------------------------------------------------
def test_summary_is_json_ready_with_the_expected_parts(content):
    batch = run_batch(BatchSpec.of("short", "random"), 12, seed=4, workers=1)
    doc = json.loads(json.dumps(summarize(batch)))
    assert set(doc["win_rates"]) == {"us", "china", "firm"}
    assert sum(w["wins"] for w in doc["win_rates"].values()) == 12
    for w in doc["win_rates"].values():
        assert 0 <= w["ci95"][0] <= w["rate"] <= w["ci95"][1] <= 1
    assert set(doc["distributions"]) == {"lag", "domestic_share", "china_world_share", "margin", "vp"}
    assert doc["distributions"]["lag"]["p5"] <= doc["distributions"]["lag"]["p95"]


# --- Sensitivity --------------------------------------------------------------------------------------
def test_sensitivity_ranks_a_parameter_without_effect_last(content):
    # firm_capex_base only prices the firm's investments: in a duel there is no firm seat to invest.
    spec = BatchSpec.of("duel-short", "random")
    result = sweep(spec, 30, seed=2, workers=1,
                   parameters={"firm_capex_base": (5.0, 40.0), "compute_ratio0": (3.0, 20.0),
                               "lag0": (4.0, 10.0)})
    names = [r.name for r in result.rows]
    assert names[-1] == "firm_capex_base"
    last = result.rows[-1]
    assert last.swing == 0.0 and last.lag_swing == 0.0
    assert result.rows[0].swing > 0.0
    doc = json.loads(json.dumps(result.to_dict()))
    assert [p["parameter"] for p in doc["parameters"]] == names


# --- The command line ---------------------------------------------------------------------------------
def test_cli_json_is_one_document(content, capsys):
    status = main(["simulate", "--scenario", "short", "--games", "6", "--bots", "random", "--bot", "china=greedy",
                   "--workers", "1", "--json"])
    out = capsys.readouterr().out
    assert status == 0
    doc = json.loads(out)  # the whole of stdout is one JSON document
    assert {"scenario", "games", "seed", "bots", "win_rates", "reasons", "distributions", "card_impact"} <= set(doc)
    assert doc["bots"] == {"us": "random", "china": "greedy", "firm": "random"}
    assert doc["games"] == 6


def test_cli_text_output_has_tables(content, capsys):
    assert main(["simulate", "--scenario", "short", "--games", "4", "--bots", "random", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "Win rates" in out and "lag (months)" in out


def test_cli_says_so_while_the_rules_core_compiles(content, capsys, cold_core):
    """A cold cache means a minute of compiling before the first game: the user is told, on stderr,
    and the JSON on stdout stays one document; with the core ready nothing is said."""
    from wargame.core import cache

    argv = ["simulate", "--scenario", "short", "--games", "3", "--bots", "random", "--workers", "1", "--json"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert cache.COMPILING in err and json.loads(out)["games"] == 3
    assert cache.matches(cold_core)
    assert main(argv) == 0
    assert cache.COMPILING not in capsys.readouterr().err


def test_cli_sensitivity_json(content, capsys):
    status = main(["simulate", "--scenario", "duel-short", "--bots", "random", "--sensitivity",
                   "--games-per-point", "2", "--workers", "1", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert len(doc["parameters"]) >= 10
    swings = [p["swing"] for p in doc["parameters"]]
    assert swings == sorted(swings, reverse=True)


def test_cli_balance_json(content, capsys):
    status = main(["simulate", "--scenario", "short", "--bots", "random", "--balance", "--games", "20",
                   "--workers", "1", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert set(doc["targets"]) == {"us", "china", "firm"}
    assert doc["yaml"].startswith("victory:\n  targets: {us: ")


def test_cli_balance_over_several_levels_of_play(content, capsys):
    """``--bots random,greedy --balance``: one batch per level of play, one set of targets for both."""
    status = main(["simulate", "--scenario", "short", "--bots", "random,greedy", "--balance", "--games", "20",
                   "--workers", "1", "--json"])
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [set(level["bots"].values()) for level in doc["levels"]] == [{"random"}, {"greedy"}]
    assert all(sum(w["wins"] for w in level["verified"].values()) <= 20 for level in doc["levels"])
    assert doc["band"] == [0.2, 0.5]


@pytest.mark.parametrize(("argv", "status", "message"), [
    (["--bots", "nope"], 2, "unknown bot"),
    (["--bots", "random,greedy"], 2, "go with --balance"),
    (["--bots", "random,nope", "--balance"], 2, "unknown bot"),
    (["--bot", "mars=random"], 2, "no seat mars"),
    (["--bot", "china"], 2, "SEAT=NAME"),
    (["--param", "lag0=x"], 2, "NAME=NUMBER"),
    (["--games", "-1"], 2, "--games -1: "),
    (["--games", "99999999999999999999"], 2, "--games 99999999999999999999: expected 1 to 10,000,000 games"),
    (["--balance", "--games", "10000001"], 2, "--games 10000001: expected 1 to 10,000,000 games"),
    (["--sensitivity", "--games-per-point", "99999999999999999999"], 2, "--games-per-point 99999999999999999999: "),
    (["--games", "3", "--export-game", "7", "f.wgsave"], 2, "--export-game 7: game 7 is not in a batch of 3 "
                                                            "(its games are 0 to 2)"),
    (["--games", "3", "--export-game", "3", "f.wgsave"], 2, "game 3 is not in a batch of 3"),
    (["--export-game", "x", "f.wgsave"], 2, "game index"),
    (["--export-game", "1", "f.wgsave", "--balance"], 2, "plain batch"),
    (["--scenario", "no-such-scenario"], 1, "wargame simulate: unknown scenario 'no-such-scenario'"),
])
def test_cli_errors_go_to_stderr(content, capsys, argv, status, message):
    assert main(["simulate", "--games", "1", *argv]) == status
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_a_batch_too_large_to_hold_is_refused_before_anything_is_played(content):
    """The chunk list and the tally grow with the games asked for: past ``MAX_GAMES`` nothing is built."""
    from wargame.sim.batch import MAX_GAMES, plan_batches
    from wargame.sim.tally import tally_batch

    spec = BatchSpec.of("short", "random")
    for games in (MAX_GAMES + 1, 99999999999999999999):
        for run in (plan_batches, run_batch, tally_batch):
            with pytest.raises(ValueError, match=f"expected 0 to {MAX_GAMES:,} games"):
                run([spec] if run is plan_batches else spec, games)
    assert len(plan_batches([spec], MAX_GAMES, workers=1).chunks) == MAX_GAMES // 5_000


# --- Export -------------------------------------------------------------------------------------------
def test_export_writes_a_save_that_replays_to_the_batch_state(content, tmp_path, capsys):
    from wargame.store import read_verified

    path = tmp_path / "g3.wgsave"
    status = main(["simulate", "--scenario", "short", "--games", "4", "--bots", "random", "--workers", "1",
                   "--json", "--export-game", "3", str(path)])
    doc = json.loads(capsys.readouterr().out)
    assert status == 0 and path.exists()
    batch = run_batch(BatchSpec.of("short", "random"), 4, seed=1, workers=1)
    assert doc["export"]["fingerprint"] == batch.record(3).fingerprint
    loaded = read_verified(path)  # every check a load makes, the log refolded from seed and game index
    assert loaded.save.game_index == 3 and loaded.save.seed == 1
    assert loaded.game.hash(loaded.states[-1]) == doc["export"]["state_hash"]
    assert state_fingerprint(loaded.game, loaded.states[-1]) == batch.record(3).fingerprint


def test_sim_imports_without_the_tui():
    import subprocess
    import sys

    code = "import sys, wargame.sim, wargame.bots.mcts; assert 'textual' not in sys.modules, 'textual imported'"
    src = str(Path(__file__).resolve().parent.parent / "src")
    done = subprocess.run([sys.executable, "-c", code], env={"PYTHONPATH": src}, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
