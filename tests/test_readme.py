"""The README's authoring reference is the one `wargame deck reference` generates, and its commands work."""

from __future__ import annotations

import re
from pathlib import Path

from wargame.content import effect_reference

README = Path(__file__).resolve().parents[1] / "README.md"


def _reference_block() -> str:
    text = README.read_text(encoding="utf-8")
    m = re.search(r"<!-- BEGIN REFERENCE[^\n]*-->\n(.*?)\n<!-- END REFERENCE -->", text, re.S)
    assert m, "README has no generated reference block"
    return m.group(1)


def test_readme_reference_matches_the_effect_registry():
    generated = "\n".join(("#" + line if line.startswith("#") else line)
                          for line in effect_reference().rstrip("\n").splitlines())
    assert _reference_block() == generated, (
        "README's reference is stale: regenerate the block between the REFERENCE markers "
        "from `wargame deck reference` (headings one level deeper)")


def test_readme_opens_with_the_two_commands():
    head = README.read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert "make play" in head and "make test" in head
