"""Older formats: a version-0 save (``tests/fixtures/saves/v0-baseline.wgsave``) is migrated on load.

Regenerate the fixture after a change of the rules (its final hash then changes) with
``PYTHONPATH=src python3 tests/test_store_migrate.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from test_store_fixtures import FIXTURES, SHORT, fixture_decks, fixture_game, seats_of
from wargame.bots.match import play_match, seat_bots
from wargame.engine.actions import FACILITATOR, NOTE, Action
from wargame.store import Replay, SaveError, encode_document, load_save, load_session, migrate_v0_to_v1
from wargame.store.content import dump_deck, dump_scenario
from wargame.store.verify import verify_document

V0 = FIXTURES / "v0-baseline.wgsave"


def v0_document() -> dict[str, Any]:
    """A format-0 save as the first prototype wrote it: the greedy game of seed 3, with one note."""
    game = fixture_game(SHORT)
    actions = [a.to_dict() for a in play_match(game, seat_bots({s: "greedy" for s in seats_of(game)}, 3), 3).actions]
    actions.insert(9, {"seat": FACILITATOR, "kind": NOTE, "text": "end of the first quarter"})
    state = game.new_game(3)
    for data in actions:
        state = game.apply(state, Action.from_dict(data))
    return {"format": "wargame-save", "version": 0, "app": "wargame 0.0.3", "created": "2026-10-01T09:30:00Z",
            "scenario": dump_scenario(game.rules.scenario), "decks": [dump_deck(d) for d in fixture_decks()],
            "seed": 3, "seats": {**seats_of(game), "us": "human"}, "actions": actions,
            "final_hash": game.hash(state)}


def write(tmp_path: Path, doc: Any) -> Path:
    path = tmp_path / "old.wgsave"
    path.write_text(json.dumps(doc, indent=2, sort_keys=True))
    return path


def fixture_doc() -> dict[str, Any]:
    return json.loads(V0.read_text())


def test_a_version_0_save_is_migrated_on_load() -> None:
    before = V0.read_bytes()
    old = fixture_doc()
    save = load_save(V0)
    assert V0.read_bytes() == before  # migrated in memory only
    assert save.version == 1 and save.migrated_from == 0
    assert save.current.state_hash == old["final_hash"] and save.current.over
    assert [e.action for e in save.log] == old["actions"]
    assert (save.seed, save.seats, save.created, save.app) == (3, old["seats"], old["created"], "wargame 0.0.3")
    assert [n.action["text"] for n in save.notes] == ["end of the first quarter"]
    assert len(save.checkpoints) == 4 and save.content.decks["core"] == old["decks"][0]


def test_a_migrated_save_replays_and_saves_as_version_1(tmp_path: Path) -> None:
    replay = Replay.open(V0)
    assert replay.game.hash(replay.state_at(replay.length)) == fixture_doc()["final_hash"]
    session = load_session(V0)
    path = session.save(tmp_path / "new.wgsave")
    resaved = load_save(path)
    assert resaved.migrated_from is None and json.loads(path.read_bytes())["version"] == 1
    assert resaved.current.state_hash == fixture_doc()["final_hash"]


def test_the_migration_gives_a_document_that_verifies_as_version_1() -> None:
    doc = migrate_v0_to_v1(fixture_doc())
    assert doc["version"] == 1 and "actions" not in doc
    assert verify_document(json.loads(encode_document(doc))).save.current.index == len(fixture_doc()["actions"])


@pytest.mark.parametrize(("edit", "reason"), [
    (lambda d: d.update(final_hash="0" * 64), "tampered: final state hash mismatch"),
    (lambda d: d["actions"][5].update(card="nothing"), "illegal action at action 6 (quarter 2026Q1): "),
    (lambda d: d.pop("actions"), "damaged (format 0): 'actions' is missing"),
    (lambda d: d["actions"][2].update(colour="red"), "damaged (format 0): unreadable action 3"),
    (lambda d: d["scenario"].update(title="Other"), "tampered: final state hash mismatch"),
    (lambda d: d["decks"][0]["cards"][0].update(ops=9), "embedded content is not valid for this version: cards[0].ops"),
])
def test_a_bad_version_0_save_is_refused(tmp_path: Path, edit: Any, reason: str) -> None:
    doc = fixture_doc()
    edit(doc)
    path = write(tmp_path, doc)
    before = path.read_bytes()
    with pytest.raises(SaveError) as info:
        load_save(path)
    assert info.value.reason.startswith(reason), info.value.reason
    assert path.read_bytes() == before


def test_a_save_written_under_older_rules_is_refolded_under_todays(tmp_path: Path) -> None:
    """Rules 3 hashed some states otherwise (``migrate.migrate_rules``): such a save loads, its
    actions refolded and its hashes worked out anew; an action no longer legal is refused."""
    from wargame.store.document import checksum
    from wargame.store.verify import APP

    doc = load_save(V0).model_dump(mode="json")
    doc["app"] = APP.replace(APP[APP.index("(rules"):], "(rules 3)")
    for entry in doc["log"]:
        entry["state_hash"] = "0" * 64  # as if other rules had hashed these states
    doc["current"]["state_hash"] = "0" * 64
    doc["content"]["scenario"]["firm_profile"] = "foundry"  # a field rules 3 wrote and today's retired
    doc["checksum"] = checksum(doc)
    path = tmp_path / "rules3.wgsave"
    path.write_bytes(encode_document(doc))
    save = load_save(path)
    assert save.app == doc["app"] and save.migrated_from == 1
    assert save.current.state_hash == load_save(V0).current.state_hash
    doc["log"][3]["action"]["target"] = "nowhere"
    doc["checksum"] = checksum(doc)
    path.write_bytes(encode_document(doc))
    with pytest.raises(SaveError, match="under today's rules"):
        load_save(path)


def test_the_fixture_is_what_the_generator_writes() -> None:
    # Fails when the rules change the game: regenerate the fixture (see the module docstring).
    assert fixture_doc() == json.loads(json.dumps(v0_document()))


if __name__ == "__main__":
    V0.write_text(json.dumps(v0_document(), indent=2, sort_keys=True) + "\n")
    print(f"wrote {V0}")
