"""A whole game over the wire: a host on 127.0.0.1 and three seats, checked against hot-seat play."""

from __future__ import annotations

import asyncio

from net_helpers import SEATS, Recorder, WireSeat, bounded, frames_of, start_host
from wargame.engine.state import HIDDEN
from wargame.tui.session import Exercise, load_game


async def test_three_rooms_play_the_same_game_as_hot_seat(tmp_path):
    host, codes, url = await start_host(tmp_path)
    try:
        seats = [WireSeat(s, Recorder(url, codes[s]), seed=11 + i) for i, s in enumerate(SEATS)]
        for seat in seats:
            await bounded(seat.join(), 10)
        finals = await bounded(asyncio.gather(*(s.play_until() for s in seats)), 300)
    finally:
        for seat in seats:
            await seat.client.close()
        await host.stop()
    ex = host.exercise
    assert ex.state.over
    assert [r for s in seats for r in s.refusals] == []
    assert {f.at for f in finals} == {ex.session.length}
    # The same moves, around one screen, make the same game.
    by_seat = {s.seat: list(s.sent) for s in seats}
    hot = Exercise.start(load_game("baseline"), dict.fromkeys(SEATS, "human"), 3)
    while not hot.over:
        hot.play(by_seat[hot.current_seat].pop(0))
    assert ex.game.hash(hot.state) == ex.game.hash(ex.state)
    assert not any(by_seat.values())
    # What went over the wire to each seat: never another seat's hand, pick, reasons, or the piles' order.
    full_hands = {s: set(ex.session.state_at(i).hands[s]) for i in range(ex.session.length + 1) for s in SEATS}
    for seat in seats:
        views = [f for f in frames_of(seat.client) if f["type"] == "view"]
        assert len(views) > 20
        text = "\n".join(seat.client.frames)
        for other in SEATS:
            if other != seat.seat:
                assert f"SECRET-RATIONALE-{other}" not in text
        assert f"SECRET-RATIONALE-{seat.seat}" in text  # its own reasons come back to it
        for frame in views:
            state = frame["state"]
            assert state["seed"] == 0
            assert set(state["draw_pile"]) <= {HIDDEN} and set(state["world_pile"]) <= {HIDDEN}
            for other, hand in state["hands"].items():
                if other != seat.seat:
                    assert set(hand) <= {HIDDEN}
            for other, pick in state["headline_picks"].items():
                if other != seat.seat:
                    assert pick.get("card") in (HIDDEN, None)
            assert all(e.get("private") in (None, seat.seat) for e in state["events"])
        assert full_hands  # (the real hands existed on the host all along)
