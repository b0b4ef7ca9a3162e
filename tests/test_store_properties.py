"""Property tests: every truncation and every byte flip of a valid save is refused cleanly, as a
``SaveError`` (never accepted, never another exception) and without touching the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_store_fixtures import saved_bytes
from wargame.store import SaveError, load_save

VALID = saved_bytes()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mangled")


def assert_refused(folder: Path, data: bytes) -> None:
    path = folder / "mangled.wgsave"
    path.write_bytes(data)
    with pytest.raises(SaveError) as info:
        load_save(path)
    assert info.value.reason and str(info.value).startswith(str(path))
    assert path.read_bytes() == data


def test_the_valid_save_loads(folder: Path) -> None:
    path = folder / "valid.wgsave"
    path.write_bytes(VALID)
    assert load_save(path).current.over


@settings(max_examples=150, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(VALID) - 1))
def test_every_truncation_is_refused(folder: Path, cut: int) -> None:
    assert_refused(folder, VALID[:cut])


@settings(max_examples=300, deadline=None)
@given(flips=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(1, 255)), min_size=1, max_size=3))
def test_every_byte_flip_is_refused(folder: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for pos, mask in flips:
        data[pos] ^= mask
    if bytes(data) == VALID:  # two flips of one byte can cancel out
        return
    assert_refused(folder, bytes(data))


@settings(max_examples=100, deadline=None)
@given(pos=st.integers(0, len(VALID)), junk=st.binary(min_size=1, max_size=8))
def test_every_insertion_is_refused(folder: Path, pos: int, junk: bytes) -> None:
    assert_refused(folder, VALID[:pos] + junk + VALID[pos:])
