"""The baseline with no card played tracks the articles; prologue-2025 arrives near the end-2025 snapshot."""

from __future__ import annotations

import pytest

from wargame.model.calibration import backtest_rows, baseline_rows, markdown_table
from wargame.model.params import params


def _board(scenario: str) -> tuple[list[float], list[float], dict[str, float], dict[str, float]]:
    from wargame.content import load_bundle

    sc = load_bundle(scenario).scenario
    return [s.alignment for s in sc.board], [s.demand for s in sc.board], dict(sc.initial), dict(sc.parameters)


@pytest.mark.parametrize("row", baseline_rows(params(), *_board("baseline")[:2]), ids=lambda r: r.what)
def test_baseline_row_within_tolerance(row):
    assert row.ok, f"{row.what}: model {row.model} outside [{row.lo}, {row.hi}] ({row.article}, {row.facts})"


def test_prologue_backtest_arrives_near_snapshot():
    from wargame.content import load_bundle
    from wargame.engine.cards import quarter_index

    sc = load_bundle("prologue-2025").scenario
    board, weights, initial, overrides = _board("prologue-2025")
    quarters = quarter_index(sc.end) - quarter_index(sc.start) + 1
    rows = backtest_rows(params(**overrides), board, weights, initial, quarters)
    bad = [f"{r.what}: {r.model:.3f} not in [{r.lo}, {r.hi}]" for r in rows if not r.ok]
    assert not bad, bad


def test_prologue_is_a_real_backtest():
    """The prologue must start away from the snapshot, or arriving there proves nothing."""
    from wargame.content import load_bundle

    board, weights, initial, overrides = _board("prologue-2025")
    start = backtest_rows(params(**overrides), board, weights, initial, 0)
    assert start[0].model < 0.65 or start[3].model < 0.15, "prologue opens at the end-2025 snapshot already"
    assert load_bundle("prologue-2025").scenario.start == "2025Q1"


def test_table_renders_every_row():
    rows = baseline_rows(params(), *_board("baseline")[:2])
    table = markdown_table(rows)
    assert table.count("\n") == len(rows) + 1
    assert all(r.facts in table for r in rows)


def _prologue_2023_rows(quarters_checked: bool = True):
    from wargame.content import load_bundle
    from wargame.engine.cards import quarter_index
    from wargame.model.calibration import backtest_2023_rows

    sc = load_bundle("prologue-2023").scenario
    if quarters_checked:
        assert quarter_index(sc.end) - quarter_index(sc.start) + 1 == 12
    board, weights, initial, overrides = _board("prologue-2023")
    return backtest_2023_rows(params(**overrides), board, weights, initial)


@pytest.mark.parametrize("row", _prologue_2023_rows(False), ids=lambda r: r.what)
def test_prologue_2023_row_within_tolerance(row):
    assert row.ok, f"{row.what}: model {row.model} outside [{row.lo}, {row.hi}] ({row.article}, {row.facts})"


def test_prologue_2023_widens_the_gap_rather_than_starting_wide():
    """From 3x to about 8x: the ratio rises, and the end-2025 ratio is well past the opening one."""
    rows = {r.what: r.model for r in _prologue_2023_rows()}
    start = rows["Backtest 2023: US:China ratio, start of 2023"]
    end = rows["Backtest 2023: US:China ratio, end-2025"]
    assert start < 3.5 and end > 2 * start
