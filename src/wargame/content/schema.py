"""One JSON Schema for both content formats (decks and scenarios), as strict as the validator.

The shapes come from the pydantic models; the registries then tighten them so that an editor refuses
what ``wargame deck validate`` refuses: writable variables and their bounds, condition paths, quarters,
fact ids, parameters, the seats a scenario must have. Effects are chosen by their ``op`` (``if``/``then``
on the op rather than ``oneOf``), and files by their top-level key, so an editor names the bad field.
What a schema cannot say (a number compared outside a variable's bounds, ids repeated, sums, dates in
order, references to other files) is left to the validator; tests/test_content_schema.py lists it.
"""

from __future__ import annotations

import re
from typing import Any, get_args

from pydantic.json_schema import models_json_schema

from wargame.engine.cards import FIRST_YEAR, LAST_YEAR, Deck
from wargame.engine.conditions import readable_paths
from wargame.engine.effects import EFFECT_TYPES, STATE_ID
from wargame.engine.scenario import MAX_TARGET, Scenario
from wargame.engine.seats import SEAT_IDS, SEATS, SIDED, SIDELESS
from wargame.model.params import PARAMETERS, fact_ids
from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: A quarter such as 2026Q1, in the years a scenario may use.
QUARTER = "^(?:" + "|".join(str(year) for year in range(FIRST_YEAR, LAST_YEAR + 1)) + ")Q[1-4]$"
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_REF = "#/$defs/{}"


def json_schema() -> dict[str, Any]:
    """A JSON Schema accepting a deck file or a scenario file, for editors and linters."""
    # One generation pass over both models, so shared definitions (the effects) appear once.
    _, top = models_json_schema([(Deck, "validation"), (Scenario, "validation")], ref_template="#/$defs/{model}")
    defs: dict[str, Any] = _replace_unions(top.get("$defs", {}))
    defs.update(_effect_defs(), Condition=_condition())
    _tighten_effects(defs)
    _tighten_deck(defs)
    _tighten_scenario(defs)
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "wargame content",
        "description": "A deck file (top-level 'deck:') or a scenario file (top-level 'scenario:').",
        "type": "object",
        "if": {"required": ["deck"]},
        "then": {"$ref": _REF.format("Deck")},
        "else": {"if": {"required": ["scenario"]}, "then": {"$ref": _REF.format("Scenario")},
                 "else": {"required": ["deck"], "description": "a deck file starts with 'deck:', a scenario with 'scenario:'"}},
        "$defs": defs,
    }


def _replace_unions(node: Any) -> Any:
    """Every discriminated effect union (``oneOf`` + ``discriminator``) becomes a reference to ``Effect``."""
    if isinstance(node, dict):
        if "discriminator" in node:
            return {"$ref": _REF.format("Effect")}
        return {key: _replace_unions(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_replace_unions(value) for value in node]
    return node


def _when(field: str, value: Any) -> dict[str, Any]:
    """The ``if`` of a rule that applies when ``field`` holds ``value`` (one value or a list of them)."""
    test = {"enum": value} if isinstance(value, list) else {"const": value}
    return {"properties": {field: test}, "required": [field]}


def _effect_defs() -> dict[str, Any]:
    ops = [_op(model) for model in EFFECT_TYPES]
    no_self_shift = {"if": _when("op", "shift"), "then": {
        "required": ["toward"], "properties": {"toward": {"enum": list(SIDED)}}}}
    named_seat = {"if": _when("op", ["draw", "discard"]), "then": {
        "required": ["seat"], "properties": {"seat": {"enum": list(SEAT_IDS)}}}}

    def nested(name: str) -> dict[str, Any]:
        return {"if": _when("op", ["chance", "if"]),
                "then": {"properties": {k: {"items": {"$ref": _REF.format(name)}} for k in ("then", "else")}}}

    return {
        "Effect": {
            "type": "object", "required": ["op"],
            "properties": {"op": {"enum": ops, "description": "what the effect does; see `wargame deck reference`"}},
            "allOf": [{"if": _when("op", op), "then": {"$ref": _REF.format(model.__name__)}}
                      for op, model in zip(ops, EFFECT_TYPES, strict=True)],
        },
        # A sideless seat's card (the firm's): it has no side on the board, so a shift names the side it helps.
        "SidelessEffect": {"allOf": [no_self_shift, nested("SidelessEffect")]},
        # A world card or an inject belongs to no seat: shifts name a side, draws and discards a seat.
        "SeatlessEffect": {"allOf": [no_self_shift, named_seat, nested("SeatlessEffect")]},
    }


def _op(model: Any) -> str:
    return str(get_args(model.model_fields["op"].annotation)[0])


def _condition() -> dict[str, Any]:
    path = "(?:" + "|".join(re.escape(p) for p in readable_paths()) + r"|board\.[a-z][a-z0-9_-]*)"
    compare = rf"^\s*{path}\s*(?:<=|>=|==|!=|<|>)\s*(?:{_NUMBER}|{path})\s*$"
    lists = [{"type": "object", "required": [key], "additionalProperties": False,
              "properties": {key: {"type": "array", "items": {"$ref": _REF.format("Condition")}}}}
             for key in ("all", "any")]
    return {"description": "'<path> <op> <number or path>', or {all: [...]} / {any: [...]}",
            "anyOf": [{"type": "string", "pattern": compare}, *lists]}


def _bounded(field: str, bounds: dict[str, tuple[float, float]]) -> list[dict[str, Any]]:
    """Per-target limits on ``field`` (an effect's number must suit the variable it writes)."""
    return [{"if": _when("target", name), "then": {"properties": {field: {"minimum": lo, "maximum": hi}}}}
            for name, (lo, hi) in bounds.items()]


def _tighten_effects(defs: dict[str, Any]) -> None:
    writable = {"enum": list(WRITABLE_VARIABLES), "description": "a writable model variable"}
    span = {n: (-(VARIABLES[n].hi - VARIABLES[n].lo), VARIABLES[n].hi - VARIABLES[n].lo) for n in WRITABLE_VARIABLES}
    bounds = {n: (VARIABLES[n].lo, VARIABLES[n].hi) for n in WRITABLE_VARIABLES}
    for name in ("Add", "Mul", "Set", "Modify"):
        defs[name]["properties"]["target"].update(writable)
    for key in ("from", "to"):
        defs["Transfer"]["properties"][key].update(writable)
    defs["Add"]["allOf"] = _bounded("value", span)
    defs["Set"]["allOf"] = _bounded("value", bounds)
    defs["Modify"]["allOf"] = _bounded("add", span)
    defs["Modify"]["not"] = {"properties": {"add": {"const": 0}, "mul": {"const": 1}}}  # it must change something
    defs["Shift"]["properties"]["state"]["pattern"] = STATE_ID
    defs["If"]["properties"]["when"] = {"$ref": _REF.format("Condition")}


def _tighten_deck(defs: dict[str, Any]) -> None:
    card = defs["Card"]
    card["properties"]["requires"]["items"] = {"$ref": _REF.format("Condition")}
    card["properties"]["sources"]["items"] = {"enum": sorted(fact_ids())}
    card["allOf"] = [
        {"if": _when("faction", "world"), "then": {"properties": {"effects": {"items": {"$ref": _REF.format("SeatlessEffect")}}}}},
        {"if": _when("faction", list(SIDELESS)), "then": {"properties": {"effects": {"items": {"$ref": _REF.format("SidelessEffect")}}}}},
    ]


def _tighten_scenario(defs: dict[str, Any]) -> None:
    sc = defs["Scenario"]["properties"]
    for key in ("start", "end"):
        sc[key]["pattern"] = QUARTER
    sc["initial"].update(additionalProperties=False, properties={
        n: {"type": "number", "minimum": VARIABLES[n].lo, "maximum": VARIABLES[n].hi, "description": VARIABLES[n].description}
        for n in WRITABLE_VARIABLES})
    sc["parameters"].update(additionalProperties=False, properties={
        name: {"type": "number", "minimum": p.bounds[0], "maximum": p.bounds[1], "description": p.note}
        for name, p in PARAMETERS.items()})
    targets = defs["Victory"]["properties"]["targets"]
    targets["additionalProperties"].update(minimum=-MAX_TARGET, maximum=MAX_TARGET)
    targets["propertyNames"] = {"enum": list(SEAT_IDS)}  # older pydantic leaves the keys free
    defs["SwingState"]["properties"]["sources"]["items"] = {"enum": sorted(fact_ids())}
    defs["Inject"]["properties"]["turn"]["pattern"] = QUARTER
    defs["ConditionalInject"]["properties"]["when"] = {"$ref": _REF.format("Condition")}
    for name in ("Inject", "ConditionalInject"):
        defs[name]["properties"]["effects"]["items"] = {"allOf": [{"$ref": _REF.format("Effect")},
                                                                  {"$ref": _REF.format("SeatlessEffect")}]}
    sc["seats"]["allOf"] = [{"contains": {"properties": {"id": {"const": s}}, "required": ["id"]},
                             "minContains": int(rules.required), "maxContains": 1} for s, rules in SEATS.items()]
    # A seat a scenario may leave out has a victory target only where it is seated.
    defs["Scenario"]["allOf"] = [
        {"if": {"not": {"properties": {"seats": {"contains": {"properties": {"id": {"const": s}}, "required": ["id"]}}}}},
         "then": {"properties": {"victory": {"properties": {"targets": {"not": {"required": [s]}}}}}}}
        for s, rules in SEATS.items() if not rules.required]
