"""An installed wheel (not an editable install) plays from any folder, as a user's ``pip install .`` does.

One slow test: it builds the wheel, installs it into a new virtual environment, and compiles the
core into an empty cache. The environment borrows this one's dependencies (a ``.pth`` line) so the
test needs no downloads; only ``wargame`` itself comes from the wheel.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

from wargame.core import cache

REPO = Path(__file__).resolve().parent.parent


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file()}


def test_a_wheel_installed_elsewhere_has_its_content_and_caches_outside_the_package(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NUMBA_", "WARGAME_"))}
    env |= {"PYTHONDONTWRITEBYTECODE": "1", "WARGAME_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1"}
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(tmp_path / "dist"),
          str(REPO)], tmp_path, env)
    wheel = next((tmp_path / "dist").glob("wargame-*.whl"))
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    python = target / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps", str(wheel)],
         tmp_path, env)
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     tmp_path, env).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    package = site / "wargame"
    before = _tree(package)
    elsewhere = tmp_path / "a-facilitators-folder"
    elsewhere.mkdir()
    wargame = str(target / "bin" / "wargame")

    where = _run([str(python), "-c", "import wargame; print(wargame.__file__)"], elsewhere, env).stdout
    assert where.startswith(str(package))
    decks = _run([wargame, "deck", "list"], elsewhere, env).stdout
    assert "core:" in decks and "H20 Sales Ban" in decks
    bots = ["play", "--headless", "--seat", "us=bot:greedy", "--seat", "china=bot:random", "--seat", "firm=bot:random",
            "--json"]
    played = _run([wargame, *bots], elsewhere, env)  # the first game compiles the core (every rule is in it)
    game = json.loads(played.stdout)
    here = json.loads(_run([sys.executable, "-m", "wargame", *bots], REPO, os.environ.copy()).stdout)
    assert game["scenario"] == "baseline" and game["result"] and game["state_hash"] == here["state_hash"]
    assert cache.COMPILING in played.stderr
    sim = _run([wargame, "simulate", "--games", "4", "--bots", "random", "--workers", "1", "--json"], elsewhere, env)
    assert cache.COMPILING not in sim.stderr and json.loads(sim.stdout)["games"] == 4  # loaded from the cache

    assert _tree(package) == before  # nothing written beside the installed sources, as on a read-only install
    (folder,) = [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]
    assert cache.matches(folder)  # compiled into the user's cache, and sealed
