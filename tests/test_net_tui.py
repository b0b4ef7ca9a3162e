"""The seat's screen and the facilitator's console, driven with the pilot against a real host."""

from __future__ import annotations

import pytest

from net_helpers import start_host
from test_tui_helpers import notifications, screen_text, wait_for
from wargame.tui.hosting import HostApp, HostScreen, RoomsPanel
from wargame.tui.screens.dialogs import TextPrompt
from wargame.tui.screens.facilitator import FacilitatorPanel
from wargame.tui.seat import JoinScreen, SeatApp, SeatScreen

SIZE = (160, 48)
BOTS = {"us": "human", "china": "bot:pass", "firm": "bot:pass"}


async def test_a_seat_sees_its_own_hand_and_plays_through_the_host(tmp_path):
    host, codes, url = await start_host(tmp_path, seats=BOTS)
    app = SeatApp(url, codes["us"])
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's game screen")
            ex = app.exercise
            names = [ex.card(c).name for c in host.exercise.state.hands["us"]]
            text = screen_text(app)
            assert "US hand" in text and all(name[:20] in text for name in names)
            hidden = [ex.card(c).name for s in ("china", "firm") for c in host.exercise.state.hands[s]]
            assert not any(name[:20] in text for name in hidden if name not in names)
            assert "Facilitator" not in text  # the facilitator's keys stay at the host
            await wait_for(pilot, lambda: ex.my_turn, "US to act")
            before = host.exercise.session.length
            await pilot.press("p")
            await wait_for(pilot, lambda: host.exercise.session.length > before, "the host to take the pass")
            assert host.exercise.session.entries[before].action == {"seat": "us", "kind": "pass"}
            await wait_for(pilot, lambda: ex.session.length > before, "the new view")
            await pilot.press("f", "ctrl+z", "ctrl+s")  # the facilitator's keys do nothing here
            await pilot.pause()
            # the seat's screen is still there (under the quarter's read-outs, which every room sees),
            # and no facilitator panel or save prompt opened
            assert any(isinstance(s, SeatScreen) for s in app.screen_stack)
            assert not any(isinstance(s, FacilitatorPanel | TextPrompt) for s in app.screen_stack)
            assert host.exercise.session.entries[before].action == {"seat": "us", "kind": "pass"}
    finally:
        await host.stop()


def rendered(renderable) -> str:
    """The whole text of a read-out (scrolled out of view or not)."""
    import io

    from rich.console import Console

    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def hidden_names(host, seat: str) -> set[str]:
    """The names of the cards in other seats' hands now that ``seat`` does not hold or see played."""
    ex = host.exercise
    mine = {ex.card(c).name for c in ex.state.hands[seat]}
    seen = " ".join(str(e.get("text", "")) for e in ex.game.view(ex.state, seat).events)
    return {ex.card(c).name for s, hand in ex.state.hands.items() if s != seat for c in hand} - mine - {
        n for n in (ex.card(c).name for h in ex.state.hands.values() for c in h) if n in seen}


async def test_a_seat_gets_the_headline_reveal_and_the_quarter_report_of_its_own_view(tmp_path):
    from wargame.tui.screens.situation import HeadlineReveal, SituationReport

    host, codes, url = await start_host(tmp_path, seats={"us": "human", "china": "bot:greedy", "firm": "bot:pass"})
    app = SeatApp(url, codes["us"])
    try:
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, SeatScreen), "the seat's game screen")
            ex, screen = app.exercise, app.seat_screen
            await wait_for(pilot, lambda: ex.my_turn, "US to pick its headline")
            await pilot.press("p")  # no headline: China's bot headlines a card
            await wait_for(pilot, lambda: isinstance(app.screen, HeadlineReveal), "the headline reveal")
            picked = [e for e in host.exercise.state.events if e.get("kind") == "headline" and e.get("seat") == "china"]
            assert picked, "China's bot played a headline"
            china_card = host.exercise.card(picked[0]["card"]).name
            stages = [rendered(stage) for stage in app.screen.stages]
            assert "Headlines revealed" in stages[0] and china_card in stages[0]
            assert china_card in screen_text(app)
            assert not any(name in " ".join(stages) for name in hidden_names(host, "us"))
            # behind the reveal, the seat's log stops at it: the resolution is not given away
            assert "headlines revealed" in screen.query_one("#last-move").render().plain
            for _ in stages:
                await pilot.press("enter")
            await wait_for(pilot, lambda: app.screen is screen, "back to the seat's screen")
            seen = []
            for _ in range(600):  # US passes its rounds until the third quarter closes
                if isinstance(app.screen, SituationReport):
                    seen.append(rendered(app.screen.report))
                    if len(seen) == 3:
                        break
                    await pilot.press("enter")
                elif isinstance(app.screen, HeadlineReveal):
                    await pilot.press("enter")
                elif app.screen is screen and ex.my_turn:
                    await pilot.press("p")
                await pilot.pause(0.02)
            assert len(seen) == 3, "a situation report at the close of each quarter"
            first, third = seen[0], seen[2]
            assert "2026Q1 closes" in first and "What moved over the quarter" in first and "The standing" in first
            assert "2026Q3 closes" in third
            # the facilitator's plan (the inference era is scheduled for 2027Q1) stays at the host
            assert "scheduled" not in third and "inference era" not in third
            assert not any(name in third for name in hidden_names(host, "us"))
    finally:
        await host.stop()


async def test_the_console_stages_the_reveal_and_the_report_with_the_facilitator_s_plan(tmp_path):
    from wargame.net.codes import SeatCodes
    from wargame.net.host import Host, open_exercise
    from wargame.tui.screens.situation import HeadlineReveal, SituationReport
    from wargame.tui.session import load_game

    exercise = open_exercise(load_game("baseline"), dict.fromkeys(("us", "china", "firm"), "bot:greedy"), 2,
                             tmp_path / "autosave.wgsave")
    host = Host(exercise, SeatCodes(), codes_file=tmp_path / "autosave.wghost", bot_pace=-1.0)
    app = HostApp(_Plan(host, {}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HostScreen), "the console")
        console = app.screen
        reveals, reports = [], []
        for _ in range(900):  # the facilitator lets the bots move one at a time through three quarters
            if isinstance(app.screen, HeadlineReveal):
                reveals.append(rendered(app.screen.stages[0]))
                await pilot.press("escape")
            elif isinstance(app.screen, SituationReport):
                reports.append(rendered(app.screen.report))
                if len(reports) == 3:
                    break
                await pilot.press("enter")
            elif app.screen is console:
                await pilot.press("n")
            await pilot.pause(0.02)
        assert len(reports) == 3 and len(reveals) >= 3
        picks = [host.exercise.card(e["card"]).name for e in exercise.state.events[:1000]
                 if e.get("kind") == "headline" and e.get("q") == "2026Q1"]
        assert picks and all(name in reveals[0] for name in picks)
        assert "2026Q3 closes" in reports[2] and "scheduled for next quarter — The inference era" in reports[2]


async def test_the_page_asks_for_the_code_and_says_why_one_is_refused(tmp_path):
    host, codes, url = await start_host(tmp_path, seats=BOTS)
    app = SeatApp(url, None)
    try:
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, JoinScreen)
            await pilot.click("#code")
            await pilot.press(*"NOT-A-CODE", "enter")
            await wait_for(pilot, lambda: "opens no seat" in screen_text(app), "the refusal")
            assert host.connected == {}
            await pilot.press(*codes["us"].lower(), "enter")  # case and dashes do not matter
            await wait_for(pilot, lambda: isinstance(app.screen, SeatScreen), "the game screen")
            assert "us" in host.connected
    finally:
        await host.stop()


class _Plan:
    """What ``wargame host`` hands the console, around a host already made."""

    def __init__(self, host, codes):
        self.host, self.new_codes, self.bind, self.port, self.tls, self.web_port = host, codes, "127.0.0.1", 0, None, None

    async def start(self):
        return await self.host.start("127.0.0.1", 0)

    async def stop(self):
        await self.host.stop()

    def announcement(self, address):
        return [f"Hosting on {address}"]


async def test_the_console_shows_rooms_and_hands_an_away_seat_to_a_bot(tmp_path):
    from wargame.net.codes import SeatCodes
    from wargame.net.host import Host, open_exercise
    from wargame.tui.session import load_game

    exercise = open_exercise(load_game("baseline"), {"us": "human", "china": "human", "firm": "bot:pass"}, 2,
                             tmp_path / "autosave.wgsave")
    codes = SeatCodes()
    plain = codes.issue_all(["us", "china"])
    host = Host(exercise, codes, codes_file=tmp_path / "autosave.wghost")
    app = HostApp(_Plan(host, plain))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, RoomsPanel), "the rooms panel")
        text = screen_text(app)
        assert "team, away" in text and plain["us"] in text
        await pilot.press("b")  # the highlighted seat (US) to a bot
        await wait_for(pilot, lambda: exercise.seats["us"] == "bot:greedy", "US handed to a bot")
        assert "bot greedy" in screen_text(app)
        await pilot.press("c")  # a new code for US: the old one stops working
        assert codes.seat_for(plain["us"]) is None and codes.seat_for(app.screen.console.codes["us"]) == "us"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HostScreen), "the console")
        await pilot.press("e")
        assert "Teams play from their rooms" in notifications(app)[-1]


@pytest.mark.parametrize("seat", ["china"])
def test_replay_and_report_as_a_seat_leave_out_what_it_could_not_see(tmp_path, seat):
    from dataclasses import replace

    from wargame.engine.actions import FACILITATOR, NOTE, Action
    from wargame.report import export_report
    from wargame.report.record import record_of
    from wargame.report.seat import seat_record
    from wargame.store import Replay, Session
    from wargame.store.seat_replay import SECRET, SeatReplay
    from wargame.tui.session import load_game

    game = load_game("baseline")
    session = Session.new(game, dict.fromkeys(("us", "china", "firm"), "human"), 5)
    for i in range(40):
        action = game.legal_actions(session.state)[-1]
        if action.seat == "us" and action.kind != "pass":
            action = replace(action, text=f"US-REASON-{i}")
        session.apply(action)
        if i == 10:
            session.apply(Action(FACILITATOR, NOTE, text="WHITE-CELL-NOTE"))
    path = session.save(tmp_path / "g.wgsave")
    seat_replay = SeatReplay(Replay.open(path), seat)
    for i in range(seat_replay.length + 1):
        state = seat_replay.state_at(i)
        assert set(state.hands["us"]) <= {"?"} and set(state.draw_pile) <= {"?"}
    text = str([e.model_dump() for e in seat_replay.entries])
    assert "US-REASON" not in text and "WHITE-CELL-NOTE" not in text
    us_headlines = [e for e in seat_replay.entries if e.seat == "us" and e.action["kind"] == "headline"]
    assert all(e.action.get("card") in (SECRET, None) for e in us_headlines)
    with pytest.raises(ValueError):
        seat_replay.branch(3)
    full = export_report(path, "md", tmp_path / "full.md").read_text()
    mine = export_report(seat_record(record_of(path), seat), "md", tmp_path / "china.md").read_text()
    assert "US-REASON" in full and "WHITE-CELL-NOTE" in full
    assert "US-REASON" not in mine and "WHITE-CELL-NOTE" not in mine


async def test_the_replay_viewer_as_a_seat_hides_the_others_secret_picks(tmp_path):
    from wargame.store import Session
    from wargame.tui.app import Launch, WargameApp
    from wargame.tui.screens.replay import ReplayScreen
    from wargame.tui.session import load_game

    game = load_game("baseline")
    session = Session.new(game, dict.fromkeys(("us", "china", "firm"), "human"), 5)
    first = game.legal_actions(session.state)[0]  # US's headline pick, a card
    assert first.seat == "us" and first.kind == "headline" and first.card
    session.apply(first)
    path = session.save(tmp_path / "g.wgsave")
    secret = game.rules.cards[first.card].name
    for seat, shown in (("china", False), ("us", True)):
        app = WargameApp(Launch(replay=path, extra={"as_seat": seat}))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReplayScreen), "the replay viewer")
            assert (secret[:16] in screen_text(pilot.app)) is shown
