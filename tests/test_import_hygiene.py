"""The headless layers never import the TUI (the pattern of Harlequin's test_import_hygiene).

Each import runs in a fresh interpreter so nothing another test imported can hide a leak.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from conftest import REPO

HEADLESS = ["wargame.model", "wargame.core", "wargame.engine.game", "wargame.bots",
            "wargame.bots.match", "wargame.content", "wargame.store", "wargame.sim", "wargame.net.host",
            "wargame.net.client", "wargame.tui.remote"]
OPTIONAL = {"wargame.content", "wargame.store", "wargame.sim"}  # written separately; tested once they exist


def _exists(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _fresh(code: str) -> str:
    """The last line ``code`` prints in a fresh interpreter that imports the project from src/."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=str(REPO),
                          timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def _imported_after(modules: list[str]) -> list[str]:
    code = ("import importlib, json, sys\n"
            f"for m in {modules!r}:\n"
            "    importlib.import_module(m)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))))\n")
    return json.loads(_fresh(code))


def test_headless_modules_do_not_import_textual():
    present = [m for m in HEADLESS if m not in OPTIONAL or _exists(m)]
    missing = [m for m in HEADLESS if m not in OPTIONAL and not _exists(m)]
    assert not missing, missing
    leaked = _imported_after(present)
    if leaked:  # name the culprits, one fresh interpreter each
        culprits = {m: _imported_after([m])[:3] for m in present}
        pytest.fail(f"textual imported by headless modules: { {m: t for m, t in culprits.items() if t} }")


def test_the_check_itself_sees_textual_when_it_is_imported():
    """The probe works: importing textual is noticed (skipped when textual is not installed)."""
    if not _exists("textual"):
        pytest.skip("textual is not installed")
    assert "textual" in _imported_after(["textual"])


def test_the_cores_cache_is_checked_without_loading_the_compiler():
    """Importing the core's package checks its cache, and the TUI asks whether it is ready before
    anything loads numba: the compiled modules load on first use."""
    code = ("import sys\n"
            "from wargame.core import cache\n"
            "from wargame.engine.compiled import compiled\n"
            "compiled()\n"
            "print('numba' in sys.modules)\n")
    assert _fresh(code) == "False"
