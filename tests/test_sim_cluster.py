"""Batches on a real Dask cluster (``sim.cluster``): the same games as local threads, faults, scale.

One cluster of two worker processes serves the module. Its workers start with an empty content
root, so every game they play comes from the rules the client sends, never from their own files.
The client plays the engine's fixture decks through scenarios written here (``WARGAME_CONTENT``).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from wargame.cli.main import main
from wargame.sim import BatchSpec, run_batch, summarize, sweep
from wargame.sim.balance import suggest_targets
from wargame.sim.cluster import Cluster, ClusterError, VersionMismatch, connect
from wargame.sim.tally import MEASURES, tally_batch

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "engine"
#: What the client may hold for a million streamed games: the per-game measures of a three-seat
#: scenario (8 bytes each: ``tally.measures``), plus a fixed allowance for the client and the
#: scheduler (which ``local:N`` runs in the client's process). Holding the records would take
#: several times this (about 1.4 KB a record).
MILLION = 1_000_000
MEASURE_BYTES = 8 * (len(MEASURES) + 2 * 3)
ALLOWANCE = 16 * 2**20


@pytest.fixture(scope="module")
def content_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Fixture decks with a four-quarter scenario and a one-quarter one (the cheapest games there are)."""
    root = tmp_path_factory.mktemp("content")
    (root / "decks").mkdir()
    for deck in (FIXTURES / "decks").iterdir():
        (root / "decks" / deck.name).write_bytes(deck.read_bytes())
    (root / "scenarios").mkdir()
    raw = yaml.safe_load((FIXTURES / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
    for name, end, injects in (("short", "2026Q4", raw["injects"]), ("blitz", "2026Q1", [])):
        scenario = {**raw, "scenario": name, "end": end, "injects": injects}
        (root / "scenarios" / f"{name}.yaml").write_text(yaml.safe_dump(scenario), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """``local:2``, its worker processes started with a content root that holds nothing."""
    empty = tmp_path_factory.mktemp("no-content")
    saved = os.environ.get("WARGAME_CONTENT")
    os.environ["WARGAME_CONTENT"] = str(empty)  # the worker processes inherit it as they start
    try:
        c = connect("local:2")
    finally:
        if saved is None:
            del os.environ["WARGAME_CONTENT"]
        else:
            os.environ["WARGAME_CONTENT"] = saved
    with c:
        yield c


@pytest.fixture
def content(content_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WARGAME_CONTENT", str(content_root))
    return content_root


def _wargame_tasks(c: Cluster) -> list[str]:
    keys = c.client.run_on_scheduler(lambda dask_scheduler: [str(k) for k in dask_scheduler.tasks])
    return [k for k in keys if k.startswith("wargame-")]


def _without_timing(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("seconds", "games_per_second", "workers")}


# --- Same answers anywhere ---------------------------------------------------------------------------
@pytest.mark.parametrize("chunk", [1, 7, None])
def test_a_cluster_plays_the_games_of_local_threads_whatever_the_chunks(cluster, content, chunk):
    spec = BatchSpec.of("short", "random")
    on_cluster = run_batch(spec, 60, seed=4, chunk=chunk, cluster=cluster)
    assert on_cluster.workers == 2
    assert [r.index for r in on_cluster.records] == list(range(60))
    assert on_cluster.records == run_batch(spec, 60, seed=4, workers=1).records  # fingerprints, winners, all
    assert on_cluster.records == run_batch(spec, 60, seed=4, workers=2, chunk=11).records


def test_look_ahead_and_engine_bots_play_the_same_on_a_cluster(cluster, content):
    for bots, games in (({"*": "greedy"}, 12), ({"*": "random", "us": "mcts-fast"}, 2)):
        spec = BatchSpec.of("short", bots)
        assert run_batch(spec, games, seed=2, chunk=1, cluster=cluster).records == \
            run_batch(spec, games, seed=2, workers=1).records, bots


def test_a_streamed_run_summarises_as_its_records_do(cluster, content):
    spec = BatchSpec.of("short", {"*": "random", "china": "greedy"}, params={"lag0": 7.5})
    streamed = tally_batch(spec, 120, seed=6, chunk=13, cluster=cluster)
    assert streamed.tally.played == 120
    local = summarize(run_batch(spec, 120, seed=6, workers=1))
    assert _without_timing(summarize(streamed)) == _without_timing(local)
    assert len(local["fingerprint"]) == 32


def test_sensitivity_and_balance_run_on_a_cluster(cluster, content):
    spec = BatchSpec.of("short", "random")
    ranges = {"lag0": (6.0, 8.0)}
    there = sweep(spec, 40, seed=3, parameters=ranges, cluster=cluster)
    here = sweep(spec, 40, seed=3, parameters=ranges, workers=1)
    assert there.base == here.base and there.rows == here.rows
    report = suggest_targets(spec, games=60, seed=3, cluster=cluster)
    assert report.to_dict() == suggest_targets(spec, games=60, seed=3, workers=1).to_dict()


def test_workers_refuse_a_client_of_another_version(cluster, content, monkeypatch):
    monkeypatch.setattr("wargame.sim.cluster.VERSION", "wargame 0.0.1 (rules 1)")
    with pytest.raises(VersionMismatch) as err:
        run_batch(BatchSpec.of("short", "random"), 10, cluster=cluster)
    assert "this client runs wargame 0.0.1 (rules 1)" in str(err.value)
    assert "install the same version" in str(err.value)
    assert not _wargame_tasks(cluster)  # the run's other tasks were cancelled


def test_workers_refuse_rules_altered_on_the_way(cluster, content, monkeypatch):
    sealed = BatchSpec.sealed

    def tampered(self: BatchSpec) -> BatchSpec:
        spec = sealed(self)
        doc = json.loads(spec.content or "")
        doc["scenario"]["end"] = "2026Q2"
        return spec.__class__(**{**spec.__dict__, "content": json.dumps(doc)})

    monkeypatch.setattr(BatchSpec, "sealed", tampered)
    with pytest.raises(ClusterError, match="content hash mismatch"):
        run_batch(BatchSpec.of("short", "random"), 10, cluster=cluster)


# --- Faults ------------------------------------------------------------------------------------------
def test_an_unreachable_scheduler_fails_in_one_line(content, capsys):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    status = main(["simulate", "--scenario", "short", "--games", "10", "--scheduler", f"tcp://127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.splitlines() == [f"wargame simulate: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: connection refused"]


def test_scheduler_and_workers_do_not_go_together(content, capsys):
    assert main(["simulate", "--scheduler", "local:2", "--workers", "2"]) == 2
    assert main(["simulate", "--scheduler", "local:0"]) == 2
    assert "local:N" in capsys.readouterr().err


def test_ctrl_c_cancels_the_clusters_work(cluster, content):
    env = {**os.environ, "WARGAME_CONTENT": str(content)}
    cmd = [sys.executable, "-m", "wargame", "simulate", "--scenario", "short", "--bots", "random",
           "--games", str(MILLION), "--scheduler", cluster.address]
    # Started as from a terminal, with Ctrl-C's default action: a child inherits an ignored SIGINT, and
    # under the whole suite something before this test leaves it ignored (the run then went on to the
    # end, exit 0, in fresh-clone runs).
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 120
        while not _wargame_tasks(cluster):
            assert proc.poll() is None and time.monotonic() < deadline, "the run never reached the cluster"
            time.sleep(0.2)
        time.sleep(2)  # mid-run, every chunk submitted
        assert proc.poll() is None, "the run ended before the interrupt"
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "interrupted"
    deadline = time.monotonic() + 60
    while _wargame_tasks(cluster):
        assert time.monotonic() < deadline, f"tasks left on the cluster: {_wargame_tasks(cluster)[:3]}"
        time.sleep(0.2)


def test_runs_on_this_machine_do_not_load_dask():
    """Dask loads only for ``--scheduler``: importing the simulator and its command leaves it out."""
    code = ("import sys, wargame.sim, wargame.sim.tally, wargame.cli.simulate\n"
            "print(sorted(m for m in ('dask', 'distributed') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert proc.stdout.strip() == "[]"


# --- Scale -------------------------------------------------------------------------------------------
def test_a_million_games_stream_through_a_client_of_bounded_memory(cluster, content):
    spec = BatchSpec.of("blitz", "pass")
    tracemalloc.start()
    try:
        result = tally_batch(spec, MILLION, seed=1, cluster=cluster)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.games == MILLION and sum(result.tally.wins.values()) == MILLION
    assert result.tally.values.shape == (len(MEASURES) + 6, MILLION)
    assert peak < MEASURE_BYTES * MILLION + ALLOWANCE, f"the client held {peak / 2**20:.0f} MiB"


def test_a_worker_killed_mid_run_has_its_chunks_rerun(cluster, content):
    """Last: the module's cluster loses a worker here (its nanny starts another)."""
    spec = BatchSpec.of("short", "random")
    pids = cluster.client.run(os.getpid)
    killed: list[str] = []

    def kill_a_busy_worker(done: int, total: int) -> None:
        if done and not killed:
            busy = [w for w, keys in cluster.client.processing().items() if keys and w in pids]
            if busy:
                os.kill(pids[busy[0]], signal.SIGKILL)
                killed.append(busy[0])

    result = run_batch(spec, 1500, seed=9, chunk=30, cluster=cluster, progress=kill_a_busy_worker)
    assert killed, "no worker was busy to kill"
    assert result.records == run_batch(spec, 1500, seed=9, workers=2).records

