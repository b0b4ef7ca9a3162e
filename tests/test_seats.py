"""Seats are data: every list of seats (what a scenario may seat, a card's faction, an effect's seat or
side, the JSON Schema, the names people read) comes from the seat table, ``engine.seats.SEATS``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from conftest import REPO
from wargame.content.schema import json_schema
from wargame.engine.actions import FACILITATOR, SEAT_NAMES
from wargame.engine.cards import Card
from wargame.engine.conditions import readable_paths
from wargame.engine.seats import REQUIRED, SEAT_IDS, SEATS, SIDED, SIDELESS
from wargame.tui.readout import TRACKS

#: A fresh interpreter adds a fourth row to the seat table before the content models are built, then
#: reports what the content layer makes of a seat it has never heard of.
NEW_SEAT = textwrap.dedent("""
    import dataclasses, json
    from wargame.engine import seats
    seats.SEATS["eu"] = dataclasses.replace(seats.SEATS["firm"], name="EU", required=False)
    seats.SEAT_IDS, seats.SIDELESS = (*seats.SEAT_IDS, "eu"), (*seats.SIDELESS, "eu")
    from pydantic import ValidationError
    from wargame.content.schema import json_schema
    from wargame.engine.actions import SEAT_NAMES
    from wargame.engine.cards import Card
    from wargame.engine.scenario import SeatSpec

    card = dict(id="c", name="C", faction="eu", type="policy", ops=1, text="t", effects=[
        {"op": "draw", "seat": "eu"}, {"op": "shift", "state": "india", "toward": "us"}])
    Card.model_validate(card)
    SeatSpec.model_validate(dict(id="eu", name="EU", goal="g"))
    try:
        Card.model_validate({**card, "effects": [{"op": "shift", "state": "india", "toward": "eu"}]})
        sideless = "accepted"
    except ValidationError as e:
        sideless = e.errors()[0]["msg"]
    defs = json_schema()["$defs"]
    print(json.dumps({"name": SEAT_NAMES["eu"], "toward_eu": sideless,
                      "schema_seat": defs["SeatSpec"]["properties"]["id"]["enum"]}))
""")


def test_the_tables_seats_are_every_seat_the_content_knows() -> None:
    defs = json_schema()["$defs"]
    assert defs["SeatSpec"]["properties"]["id"]["enum"] == list(SEAT_IDS)
    assert defs["Card"]["properties"]["faction"]["enum"] == [*SEAT_IDS, "any", "world"]
    assert defs["Draw"]["properties"]["seat"]["enum"] == ["self", *SEAT_IDS]
    assert defs["Shift"]["properties"]["toward"]["enum"] == ["self", *SIDED]
    assert set(SEAT_NAMES) == {*SEAT_IDS, FACILITATOR} and SEAT_NAMES["us"] == "US"
    assert {f"{s}.vp" for s in SEAT_IDS} <= set(readable_paths())
    assert {t.path for t in TRACKS} >= {f"{s}.{x}" for s in SEAT_IDS for x in ("budget", "pc", "vp")}
    assert SIDED == ("us", "china") and SIDELESS == ("firm",) and REQUIRED == ("us", "china")
    assert {rules.side for rules in SEATS.values()} == {1, -1, 0}


def test_an_unknown_faction_names_the_tables_seats() -> None:
    from pydantic import ValidationError

    try:
        Card.model_validate(dict(id="c", name="C", faction="eu", type="policy", ops=1, text="t", effects=[]))
    except ValidationError as e:
        error = e.errors()[0]
    else:
        raise AssertionError("a faction outside the seat table was accepted")
    assert error["type"] == "literal_error" and error["loc"] == ("faction",)
    assert error["msg"] == "Input should be 'us', 'china', 'firm', 'any' or 'world'"


def test_a_row_added_to_the_seat_table_is_a_seat_everywhere() -> None:
    """A fourth seat (a sideless one, as the EU would be) needs no change to the content models."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", NEW_SEAT], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["name"] == "EU"
    assert seen["schema_seat"] == [*SEAT_IDS, "eu"]
    assert seen["toward_eu"] == "Input should be 'self', 'us' or 'china'"  # a side, and the EU has none
