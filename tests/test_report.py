"""After-action reports: every play of the log in the report, charts, rationale notes, turning points."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import build_game, card, fixture_decks
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import EVENT, FACILITATOR, HEADLINE, NOTE, OPS, OVERRIDE, PASS, SHELVE, Action
from wargame.engine.cards import Deck
from wargame.engine.game import Game
from wargame.report import GameRecord, build_debrief, export_report, rationale_note
from wargame.report.charts import Chart, Line, nice_ticks, render_svg
from wargame.report.labels import seat_name
from wargame.store import Session, load_save

SEATS = {"us": "bot:greedy", "china": "bot:greedy", "firm": "bot:random"}
CARD_KINDS = (HEADLINE, EVENT, OPS, SHELVE)
WHY_OPS = "we need the fabs before the controls bite"
WHY_HEADLINE = "signal resolve before the summit"
WHY_FACILITATOR = "the white cell thought this was the pivotal bet"
OVERRIDE_REASON = "Congress passes a supplemental"


def play_annotated(game: Game, seed: int = 7, decks: tuple[Deck, ...] | None = None) -> Session:
    """A bots-only game recorded in a session, with rationale on two plays, a note on a third and an override."""
    match = play_match(game, seat_bots({s: w.removeprefix("bot:") for s, w in SEATS.items()}, seed), seed)
    session = Session.new(game, SEATS, seed, decks=decks or fixture_decks())
    marked: set[str] = set()
    for action in match.actions:
        if action.kind == OPS and "ops" not in marked:
            action, _ = dataclasses.replace(action, text=WHY_OPS), marked.add("ops")
        elif action.kind == HEADLINE and "headline" not in marked:
            action, _ = dataclasses.replace(action, text=WHY_HEADLINE), marked.add("headline")
        session.apply(action)
        if action.kind == EVENT and "note" not in marked:
            marked.add("note")
            session.apply(rationale_note(session.length, WHY_FACILITATOR))
            session.note("a general observation about the quarter")
            session.apply(Action(FACILITATOR, OVERRIDE, path="us.pc", value=9.0, text=OVERRIDE_REASON))
    assert marked == {"ops", "headline", "note"}
    return session


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("saves") / "exercise.wgsave"
    play_annotated(build_game()).save(path)
    return path


@pytest.fixture(scope="module")
def reports(saved: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("reports")
    return {fmt: export_report(saved, fmt, out / f"exercise.{fmt}") for fmt in ("md", "html")}


def logged_actions(saved: Path) -> list[Action]:
    return [Action.from_dict(e.action) for e in load_save(saved).log]


def card_name(card_id: str) -> str:
    return next(c.name for d in fixture_decks() for c in d.cards if c.id == card_id)


def test_markdown_has_every_card_play_of_the_log(saved: Path, reports: dict[str, Path]) -> None:
    text = reports["md"].read_text()
    plays = [(n, a) for n, a in enumerate(logged_actions(saved), 1) if a.kind in CARD_KINDS]
    assert len(plays) > 40
    for number, action in plays:
        line = next((ln for ln in text.splitlines() if ln.startswith(f"- **#{number}** ")), None)
        assert line is not None, f"entry #{number} ({action.describe()}) is missing"
        assert seat_name(action.seat) in line and card_name(action.card or "") in line, line


def test_html_has_every_card_play_of_the_log(saved: Path, reports: dict[str, Path]) -> None:
    html = reports["html"].read_text()
    for number, action in enumerate(logged_actions(saved), 1):
        if action.kind not in CARD_KINDS:
            continue
        row = re.search(rf'<tr><td class="num">{number}</td><td class="seat-{action.seat}">(.*?)</tr>', html)
        assert row is not None, f"entry #{number} ({action.describe()}) is missing"
        assert card_name(action.card or "") in row.group(1)


def test_report_names_scenario_seats_outcome_and_sections(reports: dict[str, Path]) -> None:
    text = reports["md"].read_text()
    for needed in ("Engine test baseline", "bot:greedy", "bot:random", "## Outcome", "wins", "## Turning points",
                   "### Quarter by quarter", "## Timeline", "### 2026Q1", "### 2028Q4", "World event", "Inject",
                   "| Seat | Victory points | Target | Margin |"):
        assert needed in text, needed


def test_html_is_self_contained_with_inline_charts(reports: dict[str, Path]) -> None:
    html = reports["html"].read_text()
    assert html.count("<svg") >= 4 and html.count("</svg>") == html.count("<svg")
    assert "<path d=\"M" in html  # the series are drawn
    for banned in ("http://", "https://", "<script", "<link", "<img", "@import", "url("):
        assert banned not in html, banned
    assert "@media print" in html


def test_markdown_links_existing_svg_charts(reports: dict[str, Path]) -> None:
    text = reports["md"].read_text()
    links = re.findall(r"!\[[^\]]*\]\(([^)]+\.svg)\)", text)
    assert len(links) == 5  # standing against target, lag, domestic share, compute, raw points
    for link in links:
        svg = (reports["md"].parent / link).read_text()
        assert svg.startswith("<svg xmlns=") and "<path d=\"M" in svg and "2026Q1" in svg


def test_rationale_round_trips_through_the_save_into_the_report(saved: Path, reports: dict[str, Path]) -> None:
    actions = logged_actions(saved)
    texts = {a.text for a in actions}
    assert {WHY_OPS, WHY_HEADLINE} <= texts  # the save keeps the seats' notes on their plays
    md = reports["md"].read_text().splitlines()
    for why, kind in ((WHY_OPS, OPS), (WHY_HEADLINE, HEADLINE)):
        number = next(n for n, a in enumerate(actions, 1) if a.text == why and a.kind == kind)
        start = md.index(next(ln for ln in md if ln.startswith(f"- **#{number}** ")))
        block = md[start:start + 5]
        assert any(f"*why:* {why}" in ln for ln in block), block
    html = reports["html"].read_text()
    assert WHY_OPS in html and WHY_HEADLINE in html


def test_facilitator_note_on_a_play_is_shown_with_that_play(saved: Path, reports: dict[str, Path]) -> None:
    actions = logged_actions(saved)
    note_at = next(n for n, a in enumerate(actions, 1) if a.kind == NOTE and a.text and WHY_FACILITATOR in a.text)
    target = note_at - 1
    assert actions[target - 1].kind == EVENT
    md = reports["md"].read_text()
    block = md[md.index(f"- **#{target}** "):].split("\n- ", 1)[0]
    assert f"facilitator: {WHY_FACILITATOR}" in block
    facilitator = md[md.index("## Facilitator: overrides and notes"):]
    assert OVERRIDE_REASON in facilitator and "a general observation about the quarter" in facilitator
    assert f"(about #{target})" in facilitator


def test_turning_points_find_the_decisive_play_quickly() -> None:
    leap = card(id="leap", name="Great Leap", faction="any", ops=0, effects=[
        {"op": "add", "target": "china.efficiency", "value": 2.0}])
    fillers = [card(id=f"f{k}", name=f"Filler {k}", faction="any", ops=0,
                    effects=[{"op": "add", "target": "world.commons", "value": 0.0}]) for k in range(20)]
    core = Deck(deck="core", title="turning", cards=[leap, *fillers])
    game = build_game(decks=[core, *fixture_decks()[1:]], headline=False)
    state = game.new_game(seed=2)
    actions: list[Action] = []
    while (seat := game.current_player(state)) is not None:
        action = Action(seat, EVENT, "leap") if Action(seat, EVENT, "leap") in game.legal_actions(state) else Action(seat, PASS)
        actions.append(action)
        state = game.apply(state, action)
    assert any(a.card == "leap" for a in actions)
    start = time.perf_counter()
    debrief = build_debrief(GameRecord.fold(game, 2, actions))
    assert time.perf_counter() - start < 2.0
    top = debrief.turning["lag"][0]
    assert top.card == "leap" and top.impact is not None and top.impact.lag < -0.1
    assert all(p.card == "leap" for p in debrief.turning["overall"])
    assert all(p.impact is None for p in debrief.plays if p.kind == PASS)
    shift = next(q for q in debrief.shifts if q.label == top.quarter)
    assert shift.plays_lag == pytest.approx(sum(p.impact.lag for p in debrief.plays
                                                if p.quarter == top.quarter and p.impact))


def test_report_of_a_game_in_progress(tmp_path: Path) -> None:
    game = build_game()
    session = Session.new(game, SEATS, 4, decks=fixture_decks())
    for _ in range(14):
        session.apply(game.legal_actions(session.state)[-1])
    path = export_report(session, "md", tmp_path / "live.md")
    text = path.read_text()
    assert "**In progress**" in text and "- **#14** " in text


def test_chart_ticks_and_series() -> None:
    assert nice_ticks(0.0, 9.3) == [0.0, 2.0, 4.0, 6.0, 8.0, 10.0]
    assert nice_ticks(3.0, 3.0)[0] <= 2.0
    chart = Chart("x", "Lag", "months", ["start", "2026Q1", "2026Q2"],
                  [Line("a", [1.0, 2.0, None], "#000"), Line("b", [2.0, 1.0, 0.5], "#111", 1)])
    svg = render_svg(chart)
    assert svg.count("<path d=\"M") >= 3 and "stroke-dasharray=\"6 3\"" in svg and "xmlns" not in svg
    assert render_svg(chart, standalone=True).startswith('<svg xmlns="http://www.w3.org/2000/svg"')


def test_report_package_does_not_import_the_tui() -> None:
    code = "import sys, wargame.report, wargame.cli.report; print(any(m.startswith('textual') for m in sys.modules))"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0 and proc.stdout.strip() == "False", proc.stderr
