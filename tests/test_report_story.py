"""The debrief tells the story: the opening paragraphs, the look-ahead's alternatives, the standing
chart and its marks, the report laid out for a room, the bots' reasons and a seat's own version."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import build_game, to_turn_of
from test_report import play_annotated
from wargame.engine.actions import EVENT, Action
from wargame.report import GameRecord, build_debrief, export_report, record_of
from wargame.report.charts import render_svg
from wargame.report.figures import debrief_charts, standing
from wargame.report.html import render_html
from wargame.tui.session import Exercise

QUIET = {"headline": False, "world_draws": 0, "injects": [], "conditional": []}


@pytest.fixture(scope="module")
def annotated() -> GameRecord:
    """The annotated bots' game of test_report: notes, an override, a scheduled inject."""
    return record_of(play_annotated(build_game()))


@pytest.fixture(scope="module")
def bots_game(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A game the bots played through the exercise, as in the room, saved."""
    path = tmp_path_factory.mktemp("story") / "bots.wgsave"
    ex = Exercise.start(build_game(), {"us": "bot:greedy", "china": "bot:greedy", "firm": "bot:random"}, seed=5)
    while (seat := ex.current_seat) is not None:
        ex.play(ex.bot_choice(seat))
    ex.save(path)
    return path


# --- The story ----------------------------------------------------------------------------------
def test_the_story_says_who_won_by_how_much_against_target(annotated: GameRecord) -> None:
    d = build_debrief(annotated)
    result, drivers, turns = d.story[:3]
    final = annotated.final
    for _seat, vp, target, margin in d.outcome.rows:
        assert f"{margin:+.1f} ({vp:.1f} VP against a target of {target:.1f})" in result
    winner = final.result["winner"]
    assert result.startswith({"us": "US", "china": "China", "firm": "Firm"}[winner] + " finished")
    opening, end = d.tracks.series["china.domestic_share"][0], d.tracks.series["china.domestic_share"][-1]
    assert f"from {opening:.0%} to {end:.0%}" in drivers
    assert all(f"#{p.index} in {p.quarter}" in turns for p in d.turns) and 1 <= len(d.turns) <= 3


def test_a_worse_play_gets_the_look_aheads_better_option() -> None:
    """The US plays a dud when Boost (China's efficiency to its floor) was in hand."""
    game = build_game(**QUIET)
    first = to_turn_of(game, game.new_game(1), "us").clone()
    first.hands["us"] = ["dud-a", "boost"]
    states = [first, game.apply(first, Action("us", EVENT, "dud-a"))]
    record = GameRecord(game=game, seed=1, actions=[Action("us", EVENT, "dud-a")], states=states,
                        seats={s: "human" for s in first.seats})
    alt = build_debrief(record).alternatives[1]
    assert alt.better and alt.best == "Boost as its event" and alt.gain > 0.1
    assert alt.text().startswith("US could have played Boost as its event instead of #1")


def test_the_best_play_is_said_to_be_the_best(annotated: GameRecord) -> None:
    """Greedy bots' plays are the greedy look-ahead's best, or close to it."""
    d = build_debrief(annotated)
    greedy = [a for a in d.alternatives.values() if annotated.seats[a.seat] == "bot:greedy"]
    assert greedy and sum(not a.better for a in greedy) >= len(greedy) / 2


# --- Charts -------------------------------------------------------------------------------------
def test_the_standing_chart_ends_at_the_deciding_margins(annotated: GameRecord) -> None:
    d = build_debrief(annotated)
    chart = debrief_charts(d)[0]
    assert chart.slug == "standing" and [line.name for line in chart.lines] == ["US", "China", "Firm"]
    for line, (_seat, _, _, margin) in zip(chart.lines, d.outcome.rows, strict=True):
        assert line.values[0] == 0.0 and line.values[-1] == pytest.approx(margin)
    assert standing(d.tracks, "us", 4.0, 12)[6] == pytest.approx(d.tracks.series["us.vp"][6] - 2.0)
    # a seat whose points come late (pace 2) owes a quarter of its target half-way through, not half
    assert standing(d.tracks, "us", 4.0, 12, pace=2.0)[6] == pytest.approx(d.tracks.series["us.vp"][6] - 1.0)


def test_every_chart_marks_turning_points_injects_and_overrides(annotated: GameRecord) -> None:
    d = build_debrief(annotated)
    override = next(p for p in d.facilitator if p.kind == "override")
    for chart in debrief_charts(d):
        svg = render_svg(chart)
        glyphs = re.findall(r'font-weight="bold" fill="[^"]+">([^<]+)</text></g>', svg)
        assert any("T1" in g for g in glyphs) and any("I" in g.split() for g in glyphs)
        assert any("O" in g.split() for g in glyphs), chart.slug
        assert override.summary.split(":")[0] in svg  # the override's tooltip
        assert "Marks: T turning point" in svg


# --- A report for a room --------------------------------------------------------------------------
def test_the_summary_comes_first_and_the_rest_folds(annotated: GameRecord) -> None:
    html = render_html(build_debrief(annotated))
    summary, rest = html.split('<details class="section"', 1)
    assert "</svg>" in summary and "Margin" in summary and 'class="verdict' in summary
    assert summary.count("<table") == 1  # only the outcome: the timeline and tables fold
    sections = re.findall(r'<details class="section" id="([a-z]+)"( open)?>', html)
    assert [s for s, _ in sections] == ["turning", "charts", "timeline", "why", "board", "tracks", "method"]
    assert [s for s, o in sections if o] == ["turning"]
    assert "details::details-content" in html and "@media print" in html


def test_a_seats_version_keeps_only_its_own_reasons(annotated: GameRecord) -> None:
    full = build_debrief(annotated)
    mine = build_debrief(annotated, viewer="china")
    def own(plays: list) -> list[str]:  # a seat's own reasons (the white cell's notes are everyone's)
        return [r for p in plays if p.seat not in ("china", "facilitator") for r in p.rationale
                if not r.startswith("facilitator:")]

    assert own(full.plays)  # the reasons China's version must drop
    assert not own(mine.plays)
    assert {a.seat for a in mine.alternatives.values()} <= {"china"}
    assert "China's version" in html.unescape(render_html(mine))


def test_a_seats_report_names_no_other_seats_options(annotated: GameRecord, tmp_path: Path) -> None:
    """A team's own report (``report --as``) never shows the look-ahead's options for another seat:
    they would name cards from that seat's hand."""
    from wargame.report.seat import seat_record

    full = build_debrief(annotated)
    assert {a.seat for a in full.alternatives.values()} == {"us", "china", "firm"}
    text = export_report(seat_record(annotated, "china"), "html", tmp_path / "china.html").read_text()
    assert "China's version" in html.unescape(text)
    others = [a.text() for a in full.alternatives.values() if a.seat != "china" and a.better]
    assert others and not any(html.escape(t) in text for t in others)


# --- Bots say why ---------------------------------------------------------------------------------
def test_a_game_with_bots_has_a_why_column(bots_game: Path, tmp_path: Path) -> None:
    text = html.unescape(export_report(bots_game, "html", tmp_path / "bots.html").read_text())
    whys = re.findall(r'<td class="why">([^<]+)</td>', text)
    assert len(whys) > 20 and all("VP projected a year ahead" in w for w in whys)
    assert any(re.search(r"[+-]\d+\.\d\d VP projected a year ahead; vs .+ [+-]\d+\.\d\d$", w) for w in whys)


