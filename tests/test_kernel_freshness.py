"""The rules core's cached machine code is dropped when any source it was built from changes.

numba alone would notice an edit to ``game.py`` but not one to ``model.py`` or ``program.py``, whose
code and slot numbers ``game.py``'s machine code has taken in.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from wargame.sim.kernel import freshness


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package with the core's sources and a cache holding compiled code for them."""
    for name in freshness.SOURCES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"# {name}\n", encoding="utf-8")
    cache = tmp_path / "core" / "__pycache__"
    cache.mkdir()
    monkeypatch.setattr(freshness, "_PACKAGE", tmp_path)
    monkeypatch.setattr(freshness, "CACHE", cache)
    monkeypatch.setattr(freshness, "TAG", cache / "kernel-sources.sha256")
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    return tmp_path


def _compiled(cache: Path) -> set[str]:
    """Stand-ins for what numba writes: an index and machine code per function, beside a .pyc."""
    for name in ("game.play_games-1.py311.nbi", "game.play_games-1.py311.1.nbc", "model.advance-2.py311.nbi",
                 "game.cpython-311.pyc"):
        (cache / name).write_bytes(b"x")
    return {p.name for p in cache.iterdir()}


def test_code_cached_before_any_digest_is_dropped_once(tree):
    cache = freshness.CACHE
    _compiled(cache)
    assert freshness.refresh()
    assert {p.name for p in cache.iterdir()} == {"game.cpython-311.pyc", "kernel-sources.sha256"}
    _compiled(cache)  # numba compiles and caches again
    assert not freshness.refresh()
    assert "game.play_games-1.py311.nbi" in {p.name for p in cache.iterdir()}


@pytest.mark.parametrize("source", freshness.SOURCES)
def test_an_edit_to_any_source_drops_the_cached_code(tree, source):
    cache = freshness.CACHE
    freshness.refresh()
    _compiled(cache)
    (tree / source).write_text("# edited\n", encoding="utf-8")
    assert freshness.refresh()
    assert not list(cache.glob("*.nb*"))
    assert (cache / "game.cpython-311.pyc").exists()


def test_a_cache_kept_elsewhere_is_left_alone(tree, monkeypatch):
    cache = freshness.CACHE
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(tree / "elsewhere"))
    before = _compiled(cache)
    assert not freshness.refresh()
    assert {p.name for p in cache.iterdir()} == before


def test_the_digest_covers_the_cores_real_sources():
    """Every module of the core and every module the core's modules import from is in ``SOURCES``
    (``model/*`` modules feed ``model.pack`` at run time: numbers arrive through the packed
    parameters, not compiled code)."""
    import ast

    package = Path(freshness.__file__).parents[2]
    core = sorted((package / "core").glob("*.py"))
    imported = {f"core/{path.name}" for path in core if path.name != "__init__.py"}
    for path in core:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("wargame."):
                module = node.module.removeprefix("wargame.").replace(".", "/")
                imported.add(f"{module}.py" if (package / f"{module}.py").exists() else f"{module}/__init__.py")
    compiled_in = {m for m in imported if (package / m).exists() and not m.startswith("model/")}
    assert compiled_in - {"core/__init__.py"} == set(freshness.SOURCES)
    assert freshness.digest() == freshness.digest()
