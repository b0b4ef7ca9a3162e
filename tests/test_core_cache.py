"""The compiled core's cache: in the user's cache directory, keyed by its sources, checked before loading.

A damaged cache (a flipped or truncated file, a file added or missing) is dropped and compiled
again with a word to the user; an edit to any source the machine code is built from picks a new
folder; nothing is written in the source tree.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wargame.core import cache

REPO = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "fixtures" / "hostile" / "cache_probe.py"


@pytest.fixture
def base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty user cache directory."""
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _filled(path: Path) -> Path:
    """A folder of stand-ins for what numba writes (an index and machine code per function), sealed."""
    sub = path / "kernel_0123"
    sub.mkdir(parents=True)
    for name in ("game.play_games-1389.py311.nbi", "game.play_games-1389.py311.1.nbc", "model.derive-390.py311.nbi",
                 "model.derive-390.py311.1.nbc"):
        (sub / name).write_bytes(bytes(range(256)) * 8)
    cache.seal(path)
    return sub


def _flip(path: Path, at: int = 100) -> None:
    data = bytearray(path.read_bytes())
    data[at % len(data)] ^= 0x10
    path.write_bytes(bytes(data))


DAMAGES = {
    "a flipped bit": lambda sub: _flip(sub / "game.play_games-1389.py311.1.nbc"),
    "a truncated index": lambda sub: (sub / "model.derive-390.py311.nbi").write_bytes(b"\x80"),
    "an emptied file": lambda sub: (sub / "model.derive-390.py311.1.nbc").write_bytes(b""),
    "a missing file": lambda sub: (sub / "game.play_games-1389.py311.1.nbc").unlink(),
    "a file slipped in": lambda sub: (sub / "game.play_games-1389.py311.2.nbc").write_bytes(b"\x7fELF"),
    "a garbled manifest": lambda sub: (sub.parent / cache.MANIFEST).write_text("{not json", encoding="utf-8"),
}


def test_a_sealed_folder_is_ready_and_left_as_it_is(base: Path) -> None:
    sub = _filled(cache.folder())
    before = {p: p.read_bytes() for p in sub.iterdir()}
    assert cache.verify(cache.folder()) is cache.State.READY
    assert {p: p.read_bytes() for p in sub.iterdir()} == before


@pytest.mark.parametrize("damage", DAMAGES)
def test_a_damaged_folder_is_dropped_before_anything_loads_it(base: Path, damage: str) -> None:
    sub = _filled(cache.folder())
    DAMAGES[damage](sub)
    assert cache.verify(cache.folder()) is cache.State.DAMAGED
    assert not cache.folder().exists()


def test_an_unfinished_compile_is_cleared_without_calling_it_damage(base: Path) -> None:
    sub = _filled(cache.folder())
    (cache.folder() / cache.MANIFEST).unlink()  # killed before it sealed
    assert cache.verify(cache.folder()) is cache.State.EMPTY
    assert not sub.exists()


def test_prepare_compiles_seals_then_loads_quietly(base: Path) -> None:
    said: list[str] = []

    def warm() -> None:  # stands in for numba compiling into the folder
        cache.folder().joinpath("kernel_0123").mkdir(parents=True, exist_ok=True)
        cache.folder().joinpath("kernel_0123", "f-1.py311.nbi").write_bytes(b"index")

    assert cache.prepare(warm, said.append) is cache.State.EMPTY
    assert said == [cache.COMPILING] and cache.matches(cache.folder())
    said.clear()
    assert cache.prepare(warm, said.append) is cache.State.READY
    assert said == []


def test_a_cache_that_matches_but_fails_to_load_is_dropped_and_rebuilt(base: Path) -> None:
    _filled(cache.folder())
    said: list[str] = []
    calls: list[bool] = []

    def warm() -> None:  # numba refuses the first time (say, a format it no longer reads)
        calls.append(True)
        if len(calls) == 1:
            raise ValueError("unreadable cache")

    assert cache.prepare(warm, said.append) is cache.State.DAMAGED
    assert said == [cache.DAMAGED] and len(calls) == 2 and cache.matches(cache.folder())


def test_another_process_preparing_is_waited_for_and_said(base: Path) -> None:
    cache.folder()
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\n"
        "from wargame.core import cache\n"
        "with cache.locked(cache.folder()):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(1.5)\n")], stdout=subprocess.PIPE, text=True, env=_env(base))
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    said: list[str] = []
    cache.prepare(lambda: None, said.append)
    holder.wait(timeout=30)
    assert said[0] == cache.WAITING


def test_new_signatures_compiled_after_prepare_are_sealed_at_exit(base: Path) -> None:
    sub = _filled(cache.folder())
    sealed = cache._manifest(cache.folder())
    assert sealed is not None
    (sub / "model.derive-390.py311.2.nbc").write_bytes(b"new machine code")
    _flip(sub / "model.derive-390.py311.nbi")  # the index now lists it
    cache._reseal_grown(cache.folder(), sealed)
    assert cache.matches(cache.folder()) and "kernel_0123/model.derive-390.py311.2.nbc" in (
        cache._manifest(cache.folder()) or {})


def test_damage_during_a_run_is_not_sealed_at_exit(base: Path) -> None:
    sub = _filled(cache.folder())
    sealed = cache._manifest(cache.folder())
    assert sealed is not None
    (sub / "model.derive-390.py311.2.nbc").write_bytes(b"new machine code")
    _flip(sub / "model.derive-390.py311.1.nbc")
    cache._reseal_grown(cache.folder(), sealed)
    assert not cache.matches(cache.folder())


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the core's sources, standing for the package."""
    for name in cache.SOURCES:
        (tmp_path / "pkg" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / name).write_text(f"# {name}\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", tmp_path / "pkg")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "pkg"


@pytest.mark.parametrize("source", cache.SOURCES)
def test_an_edit_to_any_source_picks_a_new_folder_and_touches_no_source(package: Path, source: str) -> None:
    before = cache.folder()
    cache.seal(before)
    files = sorted(package.rglob("*"))
    (package / source).write_text("# edited\n", encoding="utf-8")
    assert cache.folder() != before and cache.folder().parent == before.parent
    assert sorted(package.rglob("*")) == files


def test_two_checkouts_of_the_same_sources_get_a_folder_each(package: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """numba files its entries under each source's path: a shared folder would grow with the other
    checkout's entries after it was sealed, and each would drop the other's as damaged."""
    here = cache.folder()
    other = tmp_path / "clone" / "pkg"
    shutil.copytree(package, other)
    monkeypatch.setattr(cache, "_PACKAGE", other)
    assert cache.folder() != here and cache.folder().parent == here.parent


def test_the_compilers_version_is_part_of_the_key(package: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = cache.folder()
    real = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda dist: "9.9" if dist == "numba" else real(dist))
    assert cache.folder() != before


def test_the_digest_covers_the_cores_real_sources() -> None:
    """Every module of the core (but the cache and the package file, which compile nothing) and
    every project module the core's modules import from are in ``SOURCES``; no module outside the
    core compiles anything (so nothing else can reach machine code the digest does not cover)."""
    package = Path(cache.__file__).parents[1]
    core = sorted((package / "core").glob("*.py"))
    wanted = {f"core/{path.name}" for path in core if path.name not in ("__init__.py", "cache.py")}
    for path in core:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wargame."):
                module = node.module.removeprefix("wargame.").replace(".", "/")
                if not module.startswith("core"):
                    wanted.add(f"{module}.py" if (package / f"{module}.py").exists() else f"{module}/__init__.py")
    assert wanted == set(cache.SOURCES)
    assert {"core/quarter.py", "core/model.py", "core/bots.py", "model/economy.py"} <= set(cache.SOURCES)
    compiling = [path.relative_to(package).as_posix() for path in package.rglob("*.py")
                 if "core" not in path.relative_to(package).parts[:1]
                 and any(word in path.read_text(encoding="utf-8") for word in ("@njit", "@jit", "@batch", "@small",
                                                                                "from numba import njit"))]
    assert compiling == []


def _env(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NUMBA_", "WARGAME_"))}
    env |= {cache.CACHE_ENV: str(base), "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONPATH": str(REPO / "src") + os.pathsep + env.get("PYTHONPATH", "")}
    return env


def _probe(base: Path) -> tuple[str, str]:
    """Run the stand-in core in a fresh process: (what it printed, what it said on stderr)."""
    done = subprocess.run([sys.executable, str(PROBE)], env=_env(base), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr  # a crash (a segfault is -11) fails here
    return done.stdout.strip(), done.stderr


CORRUPTIONS = {
    "flip in machine code": lambda files: [_flip(p, at) for p in files if p.suffix == ".nbc" for at in (17, 400, -9)],
    "truncated machine code": lambda files: [p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2])
                                             for p in files if p.suffix == ".nbc"],
    "flip in index": lambda files: [_flip(p, -30) for p in files if p.suffix == ".nbi"],
    "truncated index": lambda files: [p.write_bytes(p.read_bytes()[:5]) for p in files if p.suffix == ".nbi"],
}


@pytest.mark.parametrize("corruption", CORRUPTIONS)
def test_real_numba_code_damaged_on_disk_is_rebuilt_and_runs(base: Path, corruption: str) -> None:
    """numba itself loads whatever a damaged file holds (a flipped bit can crash it); the check stops it."""
    assert _probe(base) == ("empty 5050", cache.COMPILING + "\n")
    assert _probe(base) == ("ready 5050", "")
    (folder,) = (p for p in base.iterdir() if p.is_dir())
    files = [p for p in folder.rglob("*") if p.suffix in (".nbi", ".nbc")]
    assert files
    CORRUPTIONS[corruption](files)
    assert _probe(base) == ("damaged 5050", cache.DAMAGED + "\n")
    assert _probe(base) == ("ready 5050", "")


def test_a_cache_that_passes_its_checksums_but_numba_cannot_read_is_rebuilt(base: Path) -> None:
    _probe(base)
    (folder,) = (p for p in base.iterdir() if p.is_dir())
    for index in folder.rglob("*.nbi"):
        index.write_bytes(index.read_bytes()[:40])
    cache.seal(folder)  # as if the damage had been sealed: only numba's own reading finds it
    assert _probe(base) == ("damaged 5050", cache.DAMAGED + "\n")
    assert _probe(base) == ("ready 5050", "")


def test_the_real_core_recompiles_after_a_flipped_byte_and_simulate_works(tmp_path: Path) -> None:
    """The user's case: a bit flips in the cached rules core; the next ``simulate`` says so, rebuilds, plays."""
    from wargame.sim.kernel import ready

    ready()  # this process's core is compiled and sealed in the user's cache
    base = tmp_path / "cache"
    shutil.copytree(cache.folder(), base / cache.folder().name)
    biggest = max((base / cache.folder().name).rglob("*.nbc"), key=lambda p: p.stat().st_size)
    _flip(biggest, len(biggest.read_bytes()) // 2)
    done = subprocess.run([sys.executable, "-m", "wargame", "simulate", "--games", "3", "--bots", "random",
                           "--workers", "1", "--json"], env=_env(base), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert cache.DAMAGED in done.stderr and json.loads(done.stdout)["games"] == 3
    assert cache.matches(base / cache.folder().name)


_WORKLOAD = """
import importlib, json, pkgutil
from numba.core.registry import CPUDispatcher
import wargame.core
from wargame.sim.kernel import ready, shipped_game

def signatures():
    found = {}
    for info in pkgutil.iter_modules(wargame.core.__path__):
        module = importlib.import_module(f"wargame.core.{info.name}")
        for name, value in vars(module).items():
            if isinstance(value, CPUDispatcher):
                found[f"{info.name}.{name}"] = len(value.signatures)
    return found

ready()
before = signatures()
from wargame.engine.actions import FACILITATOR, OVERRIDE, Action
from wargame.model.calibration import baseline_rows
from wargame.sim import BatchSpec, run_batch
from wargame.bots.mcts import MctsBot
for bots in ("random", "greedy", "pass", {"*": "random", "us": "greedy"}, {"*": "greedy", "us": "mcts-fast"}):
    run_batch(BatchSpec.of("duel", bots), 6, 3, workers=1)
game = shipped_game()
state = game.new_game(7)
while (seat := game.current_player(state)) is not None:
    view = game.view(state, seat)
    if seat == "china" and state.turn == 1:
        MctsBot(7, iterations=6).decide(game, view)
        MctsBot(7, iterations=1_000, seconds=0.05).decide(game, view)
    game.projected_close(state)
    game.lookup(state)("china.capability")
    state = game.apply(state, game.bot_move(view, "greedy" if seat == "us" else "random", 7, 0)[0])
game.apply(state, Action(FACILITATOR, OVERRIDE, path="board." + game.rules.board_ids[0], value=1.0, text="late"))
rules = game.rules
baseline_rows(rules.params, [s.alignment for s in rules.scenario.board], rules.weights)
print(json.dumps({name: [before.get(name), count] for name, count in signatures().items() if before.get(name) != count}))
"""


def test_the_warm_up_leaves_nothing_to_compile_for_games_batches_and_the_model(tmp_path: Path) -> None:
    """After ``ready`` (what the TUI's child and ``make`` run), whole games of every core bot (the
    searches too), a game played to its end through the facade (with mcts decisions), a facilitator's late override and the model's calibration
    compile no new signature: nothing a user does afterwards waits for the compiler."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    done = subprocess.run([sys.executable, "-c", _WORKLOAD], env=env, capture_output=True, text=True, timeout=900,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {}
