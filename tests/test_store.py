"""Sessions, saving and loading: the log, autosave, undo, notes, and every way a file is refused."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from test_store_fixtures import SHORT, bot_actions, fixture_game, played, saved_bytes, seats_of
from wargame.engine.actions import FACILITATOR, NOTE, Action, IllegalActionError
from wargame.engine.state import state_hash
from wargame.store import (
    AUTOSAVE_PREFIX,
    FORMAT,
    FORMAT_VERSION,
    SaveError,
    SaveFile,
    Session,
    autosave_path,
    encode_document,
    list_saves,
    load_save,
    load_session,
    save_match,
    saves_dir,
)

HEX = set("0123456789abcdef")


def write(tmp_path: Path, data: bytes, name: str = "game.wgsave") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def document() -> dict[str, Any]:
    return json.loads(saved_bytes())


# --- The log ---------------------------------------------------------------------------------------
def test_each_entry_records_seat_quarter_action_events_and_the_state_hash_after_it() -> None:
    session = played(upto=12)
    assert session.length == 12
    for i, entry in enumerate(session.entries, 1):
        before, after = session.state_at(i - 1), session.state_at(i)
        assert entry.index == i
        assert entry.seat == entry.action["seat"]
        assert entry.turn == before.turn and entry.quarter == f"{before.quarter // 4}Q{before.quarter % 4 + 1}"
        assert Action.from_dict(entry.action) == bot_actions()[i - 1]
        assert entry.events == after.events[len(before.events):]
        assert entry.state_hash == state_hash(after) and set(entry.state_hash) <= HEX


def test_the_log_carries_the_chance_outcomes() -> None:
    kinds = {e["kind"] for entry in played().entries for e in entry.events}
    assert {"draw", "chance"} <= kinds, kinds
    rolls = [e["roll"] for entry in played().entries for e in entry.events if e["kind"] == "chance"]
    assert rolls and all(0 <= r < 1 for r in rolls)


def test_a_session_needs_every_seat_held_by_a_human_or_a_bot() -> None:
    game = fixture_game()
    with pytest.raises(ValueError, match="not the scenario's"):
        Session.new(game, {"us": "human", "china": "human"}, 1)
    with pytest.raises(ValueError, match="seat firm is held by 'robot'"):
        Session.new(game, {**seats_of(game), "firm": "robot"}, 1)


def test_an_illegal_action_is_refused_and_not_logged() -> None:
    session = played(upto=3)
    seat = session.game.current_player(session.state)
    with pytest.raises(IllegalActionError):
        session.apply(Action(seat, "event", card="no-such-card"))
    assert session.length == 3


def test_a_saved_game_loads_and_continues_as_the_original_would() -> None:
    session = played(upto=20)
    doc = session.to_document()
    assert doc["format"] == FORMAT and doc["version"] == FORMAT_VERSION
    resumed = Session.from_document(json.loads(encode_document(doc)))
    assert resumed.length == 20 and state_hash(resumed.state) == state_hash(session.state)
    for action in bot_actions()[20:]:
        session.apply(action)
        resumed.apply(action)
    assert resumed.to_bytes() == session.to_bytes()


def test_save_match_writes_what_load_save_reads(tmp_path: Path) -> None:
    game = fixture_game()
    path = save_match(tmp_path / "m.wgsave", game, seats_of(game), 5, bot_actions())
    save = load_save(path)
    assert isinstance(save, SaveFile)
    assert save.current.over and save.current.index == len(bot_actions())
    assert save.seats == seats_of(game) and save.seed == 5 and save.scenario_id == "baseline"
    assert [cp.index for cp in save.checkpoints][0] == 0 and len(save.checkpoints) == 4  # one per quarter
    assert save.current.state_hash == played().entries[-1].state_hash


# --- Autosave, undo, notes -------------------------------------------------------------------------
def test_saves_dir_defaults_to_saves_and_follows_wargame_saves(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    monkeypatch.delenv("WARGAME_SAVES", raising=False)
    assert saves_dir() == Path("saves") and autosave_path("baseline").parent == Path("saves")
    monkeypatch.setenv("WARGAME_SAVES", str(tmp_path / "elsewhere"))
    path = autosave_path("baseline")
    assert path.parent == tmp_path / "elsewhere" and path.name.startswith(f"{AUTOSAVE_PREFIX}-baseline-")


def test_an_autosave_is_written_after_every_action(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("WARGAME_SAVES", str(tmp_path / "saves"))
    game = fixture_game()
    autosave = autosave_path("baseline")
    session = Session.new(game, seats_of(game), 5, autosave=autosave)
    assert load_save(autosave).current.index == 0
    for i, action in enumerate(bot_actions()[:10], 1):
        session.apply(action)
        save = load_save(autosave)
        assert save.current.index == i and save.current.state_hash == state_hash(session.state)
    session.note("pause for questions")
    assert load_save(autosave).log[-1].action["kind"] == NOTE
    session.undo()
    assert load_save(autosave).current.index == session.length == 10
    assert session.autosave_error is None


def test_a_failing_autosave_does_not_stop_the_game(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    game = fixture_game()
    session = Session.new(game, seats_of(game), 5, autosave=blocker / "autosave.wgsave")
    session.apply(bot_actions()[0])
    assert session.length == 1 and isinstance(session.autosave_error, OSError)


def test_undo_takes_back_the_last_action_and_keeps_later_notes() -> None:
    session = played(upto=15)
    before = state_hash(session.state_at(14))
    session.note("the US hesitates")
    session.undo()
    assert session.length == 15
    assert session.entries[-1].seat == FACILITATOR and session.entries[-1].action["text"] == "the US hesitates"
    assert session.entries[-1].index == 15 and session.entries[-2].state_hash == before
    assert [e.action for e in session.entries[:14]] == [a.to_dict() for a in bot_actions()[:14]]
    assert Session.from_document(session.to_document()).length == 15  # the refolded log still verifies


def test_undo_to_the_opening_and_beyond() -> None:
    session = played(upto=2)
    opening = state_hash(session.state_at(0))
    session.undo()
    session.undo()
    assert state_hash(session.state) == opening and session.length == 0
    with pytest.raises(ValueError, match="nothing to undo"):
        session.undo()


def test_notes_are_logged_facilitator_actions() -> None:
    session = played(upto=4)
    session.note("China's team asks about the stockpile")
    entry = session.entries[-1]
    assert entry.action == {"seat": FACILITATOR, "kind": NOTE, "text": "China's team asks about the stockpile"}
    assert entry.events[-1]["kind"] == "note"
    notes = SaveFile.model_validate(session.to_document()).notes
    assert [e.action["text"] for e in notes] == ["China's team asks about the stockpile"]
    assert session.replay().notes == notes


# --- Refusals ----------------------------------------------------------------------------------------
def reseal(doc: dict[str, Any]) -> bytes:
    return encode_document(doc)


def refused(path: Path) -> SaveError:
    before = path.read_bytes()
    with pytest.raises(SaveError) as info:
        load_save(path)
    assert path.read_bytes() == before, "a refused file must be left untouched"
    assert info.value.path == path and str(info.value).startswith(f"{path}: ")
    return info.value


def edited(edit: Callable[[dict[str, Any]], Any], seal: bool = True) -> bytes:
    doc = document()
    edit(doc)
    return reseal(doc) if seal else json.dumps(doc, sort_keys=True, indent=1).encode() + b"\n"


def test_a_file_that_is_not_a_whole_save_says_what_it_is(tmp_path: Path) -> None:
    assert refused(write(tmp_path, b"ab\xffcd")).reason == "not a save: not UTF-8 text (byte 0xff at offset 2)"
    assert refused(write(tmp_path, json.dumps({"format": "wargame-save", "version": 1}).encode())).reason == (
        "damaged: 'app', 'created', 'checksum' and 8 more parts are missing")
    doc = document()
    del doc["current"]
    assert refused(write(tmp_path, json.dumps(doc).encode())).reason.startswith("damaged: 'current' is missing")


def test_a_truncated_file_is_refused_with_where_it_breaks_off(tmp_path: Path) -> None:
    raw = saved_bytes()
    err = refused(write(tmp_path, raw[: len(raw) // 2]))
    assert err.reason.startswith("truncated or not JSON: ") and "line" in err.reason and "column" in err.reason
    assert refused(write(tmp_path, b"")).reason == "truncated or not JSON: the file is empty"
    assert "not UTF-8" in refused(write(tmp_path, b"\xff\xfe{}")).reason
    assert refused(write(tmp_path, b'{"format": "wargame-save", "ver')).reason == (
        "truncated or not JSON: Unterminated string starting at line 1 column 28")


@pytest.mark.parametrize(("data", "reason"), [
    ({"hello": "world"}, "not a wargame save (no format tag)"),
    ({"format": "foo", "version": 1}, "not a wargame save (format tag 'foo')"),
    ([1, 2, 3], "not a wargame save (a JSON list, not an object)"),
    ({"format": FORMAT, "version": "one"}, "damaged: format version 'one' is not a version number"),
])
def test_a_foreign_file_is_refused(tmp_path: Path, data: Any, reason: str) -> None:
    assert refused(write(tmp_path, json.dumps(data).encode())).reason == reason


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    err = refused(write(tmp_path, edited(lambda d: d.update(version=3))))
    assert err.reason == "written by a newer version (format 3; this program reads up to 1)"


def test_a_changed_state_hash_is_found_at_its_action(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["log"][16]["state_hash"] = "0" * 64

    err = refused(write(tmp_path, edited(edit)))
    assert err.reason.startswith("tampered: state hash mismatch at action 17 (quarter 2026Q2)")
    assert refused(write(tmp_path, edited(edit, seal=False))).reason == err.reason  # no checksum needed to say where


def test_a_different_action_is_found_at_its_index(tmp_path: Path) -> None:
    session = played()
    n = next(i for i in range(10, session.length)
             if len(session.game.legal_actions(session.state_at(i))) > 1)  # a decision with a choice
    other = next(a for a in session.game.legal_actions(session.state_at(n)) if a != bot_actions()[n])

    def swap_action(doc: dict[str, Any]) -> None:
        doc["log"][n]["action"] = other.to_dict()

    err = refused(write(tmp_path, edited(swap_action)))
    assert f"at action {n + 1} (quarter" in err.reason and err.reason.startswith("tampered: ")

    # a forger who also rewrites that entry's events and hash is caught at the next action
    forged = Session.new(session.game, session.seats, session.seed)
    for action in [*bot_actions()[:n], other]:
        forged.apply(action)

    def forge(doc: dict[str, Any]) -> None:
        doc["log"][n] = forged.entries[n].model_dump()

    err = refused(write(tmp_path, edited(forge)))
    assert err.reason.startswith("tampered: ") or err.reason.startswith("illegal action")
    assert f"at action {n + 2} (quarter" in err.reason


def test_an_illegal_action_in_the_log_is_refused_with_its_index(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["log"][4]["action"] = {**doc["log"][4]["action"], "card": "not-a-card", "kind": "event"}

    err = refused(write(tmp_path, edited(edit)))
    assert err.reason.startswith("illegal action at action 5 (quarter 2026Q1): ")


def test_altered_embedded_content_is_refused(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["content"]["decks"]["core"]["cards"][2]["text"] = "something else"

    assert refused(write(tmp_path, edited(edit))).reason == "embedded content altered: content hash mismatch"


@pytest.mark.parametrize(("edit", "reason"), [
    (lambda d: d.update(created="2001-01-01T00:00:00Z"), "damaged: checksum mismatch"),
    (lambda d: d["seats"].update(us="human"), "damaged: checksum mismatch"),
    (lambda d: d.update(app="wargame 9.9"), "damaged: checksum mismatch"),
])
def test_changes_no_state_hash_covers_fail_the_checksum(tmp_path: Path, edit: Any, reason: str) -> None:
    assert refused(write(tmp_path, edited(edit, seal=False))).reason.startswith(reason)


def test_a_reformatted_file_is_refused(tmp_path: Path) -> None:
    doc = document()
    err = refused(write(tmp_path, json.dumps(doc, sort_keys=True, indent=2).encode()))
    assert err.reason.startswith("damaged: the bytes are not as written")
    assert refused(write(tmp_path, saved_bytes().rstrip(b"\n"))).reason == err.reason


@pytest.mark.parametrize(("edit", "reason"), [
    (lambda d: d["checkpoints"][2]["state"]["values"].update({"us.budget": 99.0}),
     "tampered: the checkpoint at action"),
    (lambda d: d["checkpoints"].pop(), "damaged: checkpoints at the wrong places"),
    (lambda d: d["current"].update(turn=1), "tampered: the summary of the current state differs"),
    (lambda d: d["opening_events"].pop(), "tampered: the opening events differ"),
    (lambda d: d.update(seed=6), "tampered: the opening events differ"),
    (lambda d: d["log"][3]["events"].append({"kind": "chance", "roll": 0.5}), "tampered: events"),
    (lambda d: d["log"][3].update(quarter="2027Q1"), "tampered: seat or quarter recorded for action 4"),
    (lambda d: d["log"][3].update(state_hash="xyz"), "damaged: log[3].state_hash: String should match pattern"),
    (lambda d: d["log"][3].update(index=9), "damaged: log entry 4 is numbered 9"),
    (lambda d: d.update(seed="5"), "damaged: seed: Input should be a valid integer"),
    (lambda d: d["seats"].update(us="robot"), "damaged: seat us is held by 'robot'"),
    (lambda d: d["seats"].pop("firm"), "damaged: seats china, us are not the scenario's (us, china, firm)"),
])
def test_each_check_names_what_failed(tmp_path: Path, edit: Any, reason: str) -> None:
    assert refused(write(tmp_path, edited(edit))).reason.startswith(reason)


def test_a_missing_file_is_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="cannot read"):
        load_save(tmp_path / "nowhere.wgsave")
    with pytest.raises(SaveError, match="cannot read"):
        load_session(tmp_path / "nowhere.wgsave")


def test_a_game_of_another_program_version_says_its_rules_may_differ(tmp_path: Path) -> None:
    def edit(doc: dict[str, Any]) -> None:
        doc["app"] = "wargame 0.0.1"
        doc["log"][7]["state_hash"] = "1" * 64

    reason = refused(write(tmp_path, edited(edit))).reason
    assert reason.startswith("written by wargame 0.0.1, whose rules differ from wargame "), reason
    assert "state hash mismatch at action 8" in reason and "tampered" not in reason


# --- The saves folder --------------------------------------------------------------------------------
def test_list_saves_shows_good_and_damaged_saves_and_never_raises(tmp_path: Path) -> None:
    good = write(tmp_path, saved_bytes(), "good.wgsave")
    bad = write(tmp_path, saved_bytes()[:-40], "bad.wgsave")
    foreign = write(tmp_path, b"[]", "foreign.wgsave")
    write(tmp_path, b"notes", "readme.txt")
    write(tmp_path, saved_bytes(), ".good.wgsave.123.abcd.tmp")
    (tmp_path / "folder.wgsave").mkdir()
    for path, moment in ((good, 1), (bad, 3), (foreign, 3)):
        os.utime(path, (moment, moment))
    infos = list_saves(tmp_path)
    assert [i.name for i in infos] == ["bad", "foreign", "good"]  # newest first, then by name
    by_name = {i.name: i for i in infos}
    assert by_name["good"].ok and by_name["good"].reason is None and by_name["good"].over
    assert by_name["good"].scenario == "baseline" and by_name["good"].turn == 4 and by_name["good"].quarter == SHORT
    assert by_name["good"].seats == seats_of(fixture_game())
    assert not by_name["bad"].ok and by_name["bad"].reason.startswith("truncated or not JSON")
    assert by_name["bad"].path == bad
    assert not by_name["foreign"].ok and by_name["foreign"].scenario is None
    assert list_saves(tmp_path / "missing") == []
