"""Where the compiled core's machine code is kept between runs, and why it can be trusted when loaded.

numba would cache each compiled function beside its source: that fails on a read-only install,
notices an edit to a function's own file only, and loads whatever bytes it finds there (one flipped
bit in a cached file can crash the process). So the core's cache lives in the user's cache
directory, in a folder named by a digest of every source its machine code is built from (and of
the compiler's and Python's versions, and of where the package is installed): an edit to any of
them picks a new folder, and nothing in the source tree is touched. numba files its entries under
the source's own path, so two checkouts of the same sources get a folder each: one never finds the
other's entries in its sealed folder (and drops it as damaged) while both run. Once the core is compiled, a manifest of the SHA-256 of every file in
the folder is written (``seal``); before numba reads the folder, the manifest is checked
(``verify``), and a folder that does not match it is dropped so that the core is compiled again.

Only this module knows the layout. The core's package runs ``configure`` and ``check`` when it is
first imported, so before any of its compiled modules is (and so before numba reads or writes
anything). Nothing here imports numba. ``engine.compiled`` loads the core through ``prepare``.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from enum import Enum
from importlib import metadata
from pathlib import Path

from filelock import FileLock, Timeout

_PACKAGE = Path(__file__).resolve().parents[1]  # src/wargame, or site-packages/wargame
#: Every file whose code or constants the compiled core takes in (relative to the package): the
#: one list the cache's digest is made of. Every module of the core but this one and its package
#: file, and what they import from outside it (the model's aligned-at constant and variable
#: order are compiled in); ``tests/test_kernel_cache.py`` checks that the list covers them.
SOURCES = (*sorted(f"core/{p.name}" for p in (_PACKAGE / "core").glob("*.py")
                   if p.name not in ("__init__.py", "cache.py")),
           "model/economy.py", "model/variables.py")
#: Libraries whose version changes the machine code.
COMPILERS = ("numba", "llvmlite", "numpy")
#: Set to a directory to keep the cache there instead of the user's cache directory.
CACHE_ENV = "WARGAME_CACHE_DIR"
MANIFEST = "manifest.json"
#: A folder of an older digest unused for this long is removed when a new one is sealed.
STALE_DAYS = 30
_PREFIX = "core-"

#: What a person is told (the CLI prints these; the TUI shows them in its status line).
#: (Each fits an 80-column status line with a count of seconds after it.)
COMPILING = "Preparing the simulator (about a minute, once per install)…"
DAMAGED = "The simulator's saved files were damaged: rebuilding them (about a minute)…"
WAITING = "Waiting for the simulator to be prepared…"


class State(Enum):
    """What ``verify`` found in the cache folder."""

    READY = "ready"  # sealed, and every file matches its checksum
    EMPTY = "empty"  # nothing compiled yet (or an unfinished compile, now cleared)
    DAMAGED = "damaged"  # did not match its manifest: dropped


def base_dir() -> Path:
    """``$WARGAME_CACHE_DIR``, else the user's cache directory for wargame."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("wargame", appauthor=False))


def digest() -> str:
    """SHA-256 over the core's sources, the compiler's and interpreter's versions and the package's place."""
    h = hashlib.sha256()
    h.update(str(_PACKAGE).encode() + b"\0")
    for name in SOURCES:
        h.update(name.encode() + b"\0")
        h.update((_PACKAGE / name).read_bytes())
    for dist in COMPILERS:
        try:
            h.update(f"{dist}={metadata.version(dist)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{dist}=?\0".encode())
    h.update(f"{sys.implementation.cache_tag} {sys.version} {platform.machine()}".encode())
    return h.hexdigest()


def folder() -> Path:
    """This build's cache folder (it need not exist yet)."""
    return _base() / f"{_PREFIX}{digest()[:20]}"


def _base() -> Path:
    """``base_dir()`` if it can be written, else a folder under the system's temporary directory."""
    base = base_dir()
    try:
        base.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=base):
            pass
        return base
    except OSError:  # a read-only home: cache for this machine's session only
        fallback = Path(tempfile.gettempdir()) / f"wargame-cache-{os.getuid() if hasattr(os, 'getuid') else 0}"
        fallback.mkdir(parents=True, exist_ok=True)
        return fallback


def configure() -> Path:
    """Point numba's cache at this build's folder; call before any compiled module is imported."""
    path = folder()
    os.environ["NUMBA_CACHE_DIR"] = str(path)  # numba rereads its environment before each compile
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba already loaded: its functions decorated from now on use the folder too
        config.CACHE_DIR = str(path)  # type: ignore[attr-defined]
    return path


def _lock(path: Path) -> FileLock:
    return FileLock(str(path.with_name(path.name + ".lock")))


@contextlib.contextmanager
def locked(path: Path, waiting: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the folder's lock: one process at a time checks, compiles into or seals it.

    ``waiting`` is called once if another process holds it (say, compiling the core right now).
    """
    lock = _lock(path)
    try:
        lock.acquire(timeout=0.2)
    except Timeout:
        if waiting is not None:
            waiting()
        lock.acquire()
    try:
        yield
    finally:
        lock.release()


def _files(path: Path) -> dict[str, Path]:
    """Every file under ``path`` but the manifest, by its path relative to ``path``."""
    if not path.is_dir():
        return {}
    return {p.relative_to(path).as_posix(): p for p in path.rglob("*") if p.is_file() and p.name != MANIFEST}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest(path: Path) -> dict[str, str] | None:
    """The sealed checksums of ``path``, or None when it has no readable manifest."""
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return None
    return files


def matches(path: Path) -> bool:
    """Whether ``path`` is sealed and every file in it is the one its manifest names."""
    sums = _manifest(path)
    if sums is None:
        return False
    files = _files(path)
    try:
        return files.keys() == sums.keys() and all(_sha256(files[name]) == sums[name] for name in files)
    except OSError:
        return False


def verify(path: Path) -> State:
    """Check ``path`` against its manifest (hold ``locked``); drop it unless every file matches."""
    if matches(path):
        with contextlib.suppress(OSError):
            os.utime(path / MANIFEST)  # in use: keeps it from being pruned as stale
        return State.READY
    had_manifest = (path / MANIFEST).exists()
    if not _files(path) and not had_manifest:
        return State.EMPTY
    drop(path)
    return State.DAMAGED if had_manifest else State.EMPTY


def drop(path: Path) -> None:
    """Remove a cache folder (renamed first, so that no one loads from it half removed)."""
    trash = path.with_name(f"{path.name}.dropped-{os.getpid()}-{time.monotonic_ns()}")
    try:
        path.rename(trash)
    except OSError:
        trash = path
    shutil.rmtree(trash, ignore_errors=True)


def seal(path: Path) -> dict[str, str]:
    """Write the manifest of ``path``: the SHA-256 of each of its files (hold ``locked``)."""
    sums = {name: _sha256(p) for name, p in sorted(_files(path).items())}
    path.mkdir(parents=True, exist_ok=True)
    temp = path / f"{MANIFEST}.{os.getpid()}.tmp"
    temp.write_text(json.dumps({"format": 1, "files": sums}, indent=0), encoding="utf-8")
    temp.replace(path / MANIFEST)
    _prune(path)
    return sums


def _prune(keep: Path) -> None:
    """Remove other builds' folders that no process has used for ``STALE_DAYS``."""
    cutoff = time.time() - STALE_DAYS * 86_400
    for other in keep.parent.glob(f"{_PREFIX}*"):
        if other == keep or other.suffix == ".lock" or not other.is_dir():
            continue
        stamp = other / MANIFEST
        try:
            used = stamp.stat().st_mtime if stamp.exists() else other.stat().st_mtime
        except OSError:
            continue
        if used < cutoff:
            drop(other)
            other.with_name(other.name + ".lock").unlink(missing_ok=True)


#: What ``check`` found when the core was imported (a folder it dropped is no longer there to see).
found: State | None = None


def check() -> State | None:
    """Verify this build's folder before numba reads it (the core's package runs this on import).

    Skipped (None) while another process holds the folder: ``prepare`` verifies it then, before
    the first compiled call.
    """
    global found
    path = folder()
    lock = _lock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return None
    try:
        found = verify(path)
        if found is State.READY:  # code compiled later in this process, even without ``prepare``, is sealed at exit
            _watch(path, _manifest(path) or {})
    finally:
        lock.release()
    return found


def prepare(warm: Callable[[], None], say: Callable[[str], None]) -> State:
    """Load the core through ``warm`` from a verified cache, or compile and seal it first.

    ``say`` hears what a person should know (the compile's minute, a damaged cache being rebuilt).
    A cache whose code fails to load is dropped and compiled again. Returns what the cache held.
    """
    if _jit_disabled():  # plain Python (``NUMBA_DISABLE_JIT=1``, for a debugger): nothing to cache
        warm()
        return State.READY
    path = folder()
    with locked(path, lambda: say(WAITING)):
        state = verify(path)
        if state is State.EMPTY and found is State.DAMAGED:
            state = State.DAMAGED  # dropped on import: still worth saying why it compiles
        if state is State.DAMAGED:
            say(DAMAGED)
        elif state is State.EMPTY:
            say(COMPILING)
        try:
            warm()
        except Exception:
            if state is not State.READY:
                raise  # the compile itself failed: nothing cached to blame
            say(DAMAGED)  # checksums matched but numba could not load it (say, a newer format)
            drop(path)
            state = State.DAMAGED
            warm()
        sums = seal(path) if state is not State.READY else _manifest(path) or {}
    _watch(path, sums)
    return state


_watched: dict[Path, dict[str, str]] = {}


def _watch(path: Path, sums: dict[str, str]) -> None:
    """Reseal ``path`` at exit if this process compiled more into it (once, with the latest checksums)."""
    if path not in _watched:
        atexit.register(lambda: _reseal_grown(path, _watched[path]))
    _watched[path] = sums


def _jit_disabled() -> bool:
    config = sys.modules.get("numba.core.config")
    if config is not None:
        return bool(getattr(config, "DISABLE_JIT", False))
    return os.environ.get("NUMBA_DISABLE_JIT", "0") not in ("", "0")


def _reseal_grown(path: Path, sealed: dict[str, str]) -> None:
    """At exit: seal the functions this process compiled after ``prepare`` (new signatures).

    Only when no one resealed or dropped the folder meanwhile, and every file sealed before (bar
    numba's indexes, which list the new entries) is unchanged; otherwise the next start drops it.
    """
    try:
        with locked(path):
            if _manifest(path) != sealed:
                return
            files = _files(path)
            if files.keys() <= sealed.keys():
                return
            if any(name not in files or (not name.endswith(".nbi") and _sha256(files[name]) != sum_)
                   for name, sum_ in sealed.items()):
                return
            seal(path)
    except OSError:
        pass
