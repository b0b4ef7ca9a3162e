"""The JSON Schema and the validator give the same verdict on every probe in tests/fixtures/probes/.

Each probe is one small deck or scenario whose first line says what it is and who refuses it:
``accepted`` (both accept), ``refused`` (both refuse) or ``validator-only`` (a check no JSON Schema
can express, with the reason). Probes are read with the loader's YAML (1.2 core scalars), as an
editor reads them.
"""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest
from jsonschema.exceptions import best_match

from wargame.content import ContentError, json_schema
from wargame.content.document import read_document
from wargame.content.loading import content_kind, deck_from, scenario_from
from wargame.content.locate import problem_at

PROBES = Path(__file__).parent / "fixtures" / "probes"
VERDICT = re.compile(r"^# (accepted|refused|validator-only): (.+)$")
SCHEMA = jsonschema.Draft202012Validator(json_schema())


def probes() -> list[Path]:
    return sorted(PROBES.glob("*.yaml"))


def verdict(path: Path) -> str:
    m = VERDICT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert m, f"{path.name} does not start with '# accepted|refused|validator-only: what it probes'"
    return m.group(1)


def validator_accepts(path: Path) -> bool:
    doc = read_document(path)
    kind = content_kind(doc)
    try:
        if kind == "deck":
            deck_from(doc)
        elif kind == "scenario":
            scenario_from(doc)
        else:
            return False
    except ContentError:
        return False
    return True


def test_the_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_there_are_probes_of_every_verdict():
    counts = {v: sum(verdict(p) == v for p in probes()) for v in ("accepted", "refused", "validator-only")}
    assert counts["refused"] >= 85 and counts["accepted"] >= 8 and counts["validator-only"] >= 5, counts


@pytest.mark.parametrize("path", probes(), ids=lambda p: p.stem)
def test_schema_and_validator_agree(path):
    expected = verdict(path)
    schema_ok = SCHEMA.is_valid(read_document(path).data)
    validator_ok = validator_accepts(path)
    if expected == "accepted":
        assert (schema_ok, validator_ok) == (True, True), [e.message for e in SCHEMA.iter_errors(read_document(path).data)]
    elif expected == "refused":
        assert (schema_ok, validator_ok) == (False, False)
    else:  # a documented limit of JSON Schema: only the validator can refuse it
        assert (schema_ok, validator_ok) == (True, False)


#: Refused probes whose schema error can only name the enclosing list (``contains`` counts items).
POINTS_AT_THE_LIST = {"scenario-seats-duplicate"}


@pytest.mark.parametrize("path", [p for p in probes() if verdict(p) == "refused" and p.stem not in POINTS_AT_THE_LIST],
                         ids=lambda p: p.stem)
def test_an_editor_points_where_the_validator_points(path):
    """The schema's most relevant error lies on the path of (or inside) a field the validator names."""
    doc = read_document(path)
    error = best_match(SCHEMA.iter_errors(doc.data))
    assert error is not None
    schema_at = problem_at(doc, list(error.absolute_path), "")
    try:
        deck_from(doc) if content_kind(doc) == "deck" else scenario_from(doc)
    except ContentError as err:
        validator_at = {(p.card, p.field) for p in err.problems}
    else:
        pytest.skip("neither a deck nor a scenario")  # checked by test_schema_and_validator_agree
    assert any(card == schema_at.card and (schema_at.field.startswith(field) or field.startswith(schema_at.field))
               for card, field in validator_at), (error.message, list(error.absolute_path), validator_at)
