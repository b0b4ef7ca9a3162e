"""The hawk and dove variants of the baseline: they differ from it only where facts.yaml's contradictions
let the articles be read two ways, each difference cites its facts, and the readings open apart."""

from __future__ import annotations

import re

import pytest

from conftest import SHIPPED
from wargame.content import load_bundle
from wargame.model.economy import derive, initial_values
from wargame.model.params import fact_ids, params


def _differences(variant: str) -> dict[str, object]:
    base, other = load_bundle("baseline").scenario, load_bundle(variant).scenario
    out: dict[str, object] = {}
    for section in ("initial", "parameters"):
        mine, theirs = getattr(other, section), getattr(base, section)
        out |= {k: v for k, v in mine.items() if theirs.get(k) != v}
    out |= {k: v for k, v in other.victory.model_dump().items() if base.victory.model_dump()[k] != v}
    return out


@pytest.mark.parametrize("variant", ["baseline-hawk", "baseline-dove"])
def test_each_difference_from_the_baseline_cites_facts_in_the_file(variant):
    text = (SHIPPED / "scenarios" / f"{variant}.yaml").read_text(encoding="utf-8")
    header = text.split("\nscenario:", 1)[0]
    known = fact_ids()
    diffs = _differences(variant)
    assert diffs, "a reading that changes nothing"
    for key in diffs:
        name = key.split(".", 1)[-1] if key.startswith(("china.", "us.")) else key
        block = re.search(rf"^#\s+{re.escape(key if '.' in key else name)}\b.*?(?=^#\s{{3}}\S|\Z)", header, re.M | re.S)
        assert block, f"{variant}: {key} differs from the baseline but its header does not explain it"
        cited = set(re.findall(r"\b[FCQ]\d{3}_\d{2}\b|\bC\d{2}\b", block.group(0)))
        assert cited and cited <= known, f"{variant}: {key} cites {cited or 'nothing'}"


def _opening(variant: str) -> dict[str, float]:
    sc = load_bundle(variant).scenario
    p = params(**sc.parameters)
    board, weights = [s.alignment for s in sc.board], [s.demand for s in sc.board]
    v = initial_values(p, board, weights, sc.initial)
    return {**v, **derive(v, board, weights, p)}


def test_the_readings_open_where_their_facts_put_them():
    hawk, base, dove = _opening("baseline-hawk"), _opening("baseline"), _opening("baseline-dove")
    assert hawk["world.lag"] == pytest.approx(8.0, abs=0.05) and dove["world.lag"] == pytest.approx(6.0, abs=0.05)
    for v in (hawk, base, dove):  # 8x raw in every reading (a raw 2:1 is infeasible: C02, C03)
        assert v["world.compute_ratio"] == pytest.approx(8.0, abs=0.05)
    # the dove's 2:1 is the effective ratio (F000_09)
    assert dove["us.effective_compute"] / dove["china.effective_compute"] == pytest.approx(2.0, abs=0.05)
    assert hawk["china.chip_perf"] < base["china.chip_perf"] < dove["china.chip_perf"]
