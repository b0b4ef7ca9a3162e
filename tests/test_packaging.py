"""Package hygiene: the licence matches the metadata, and dependency bounds are stated and tested."""

from __future__ import annotations

import tomllib
from importlib.metadata import version
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REQUIREMENTS = [Requirement(r) for r in [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["dev"]]]
#: Every dependency has an upper bound (numba's: the newest release the compiled core and its cache ran on).
UNBOUNDED_ABOVE: set[str] = set()


def test_the_licence_file_is_the_mit_licence_the_metadata_names():
    assert PROJECT["license"] == "MIT"
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text


def test_every_dependency_has_a_lower_and_an_upper_bound():
    for req in REQUIREMENTS:
        operators = {spec.operator for spec in req.specifier}
        assert ">=" in operators, f"{req}: no lower bound"
        if req.name not in UNBOUNDED_ABOVE:
            assert "<" in operators, f"{req}: no upper bound (the next major version we have not run)"


def test_the_suite_runs_inside_the_bounds():
    for req in REQUIREMENTS:
        assert req.specifier.contains(version(req.name), prereleases=True), f"{req.name} {version(req.name)} is outside {req}"


def test_the_oldest_set_pins_every_lower_bound():
    pinned = {}
    for line in (REPO / ".ci" / "oldest.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, pin = line.partition("==")
            pinned[name.strip().lower()] = pin.strip()
    for req in REQUIREMENTS:
        lower = next(spec.version for spec in req.specifier if spec.operator == ">=")
        assert req.name.lower() in pinned, f"{req.name} missing from .ci/oldest.txt"
        assert _release(pinned[req.name.lower()]) == _release(lower), (req.name, pinned[req.name.lower()], lower)
    assert set(pinned) == {req.name.lower() for req in REQUIREMENTS}


def _release(text: str) -> tuple[int, ...]:
    """``6`` and ``6.0.0`` are the same release: compare padded to three parts."""
    parts = tuple(map(int, text.split(".")))
    return parts + (0,) * (3 - len(parts))
