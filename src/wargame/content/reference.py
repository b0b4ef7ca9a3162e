"""The authoring reference, in Markdown, generated from the effect registry and the variable registry."""

from __future__ import annotations

import inspect
import types
from importlib.resources import files
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from wargame.engine.cards import Era
from wargame.engine.effects import EFFECT_TYPES
from wargame.engine.fields import OneOf
from wargame.engine.seats import SEAT_IDS
from wargame.model.params import PARAMETERS
from wargame.model.variables import VARIABLES, WRITABLE_VARIABLES

_BOUNDS = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<", "min_length": "at least {} item(s)",
           "max_length": "at most {} item(s)"}


def effect_reference() -> str:
    """Markdown: every effect ``op`` with its fields, the condition syntax and the writable variables."""
    lines = ["## Effects", "",
             "Each effect is a mapping with an `op` and that op's fields. Unknown ops and fields are errors.", ""]
    for model in EFFECT_TYPES:
        lines += _effect_section(model)
    lines += _conditions_section()
    lines += _eras_section()
    lines += ["## Writable variables", "",
              "Targets of `add`, `mul`, `set`, `modify` and `transfer`. Values are clamped to the bounds.", "",
              "| variable | unit | bounds | description |", "|---|---|---|---|"]
    for name in WRITABLE_VARIABLES:
        var = VARIABLES[name]
        lines.append(f"| `{name}` | {var.unit} | {var.lo:g} .. {var.hi:g} | {_cell(var.description)} |")
    lines += ["", "## Derived variables", "",
              "Computed by the model each quarter: conditions may read them, effects and `initial:` cannot write them.", "",
              "| variable | unit | bounds | description |", "|---|---|---|---|"]
    for name, var in VARIABLES.items():
        if var.derived:
            lines.append(f"| `{name}` | {var.unit} | {var.lo:g} .. {var.hi:g} | {_cell(var.description)} |")
    return "\n".join(lines) + "\n"


def authoring_reference() -> str:
    """What ``wargame deck reference`` prints: :func:`effect_reference`, the model parameters and the fact ids."""
    return effect_reference() + "\n" + parameters_reference() + "\n" + facts_reference()


def parameters_reference() -> str:
    """Markdown: the model parameters a scenario's ``parameters:`` or ``--param`` may set."""
    lines = ["## Model parameters", "",
             "Set in a scenario's `parameters:` or with `wargame simulate --param NAME=VALUE`, within 'bounds'. "
             "'sweep' is the range `--sensitivity` explores; a parameter without one is held fixed there.", "",
             "| parameter | value | bounds | sweep | sources | note |", "|---|---|---|---|---|---|"]
    for name, p in PARAMETERS.items():
        sweep = f"{p.range[0]:g} .. {p.range[1]:g}" if p.range else ""
        lines.append(f"| `{name}` | {p.value:g} | {p.bounds[0]:g} .. {p.bounds[1]:g} | {sweep} | "
                     f"{', '.join(p.facts)} | {_cell(p.note)} |")
    return "\n".join(lines) + "\n"


def facts_reference() -> str:
    """Markdown: every fact id a card's or swing state's ``sources`` may cite, with its one-line summary."""
    lines = ["## Fact ids", "",
             "For `sources:` lists. `A` marks an assumption (in no article), `D` a number derived from facts.", "",
             "| id | summary |", "|---|---|", "| `A` | an assumption, not in any article |",
             "| `D` | derived arithmetically from facts |"]
    raw = yaml.safe_load(files("wargame.model").joinpath("facts.yaml").read_text(encoding="utf-8"))
    for section, key in (("facts", "claim"), ("qualitative", "claim"), ("contradictions", "topic")):
        for entry in raw.get(section, []):
            lines.append(f"| `{entry['id']}` | {_cell(str(entry.get(key, '')))} |")
    return "\n".join(lines) + "\n"


def _effect_section(model: type[BaseModel]) -> list[str]:
    op = get_args(model.model_fields["op"].annotation)[0]
    return [f"### `{op}`", "", inspect.cleandoc(model.__doc__ or "").replace("``", "`"), "", *_field_table(model)]


def _field_table(model: type[BaseModel]) -> list[str]:
    """A model's fields (but ``op``) as a Markdown table, then a blank line."""
    lines = ["| field | type | default | notes |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        if name == "op":
            continue
        notes = "; ".join(filter(None, [_constraints(info), info.description or ""]))
        lines.append(f"| `{info.alias or name}` | {_field_type(info)} | {_default(info)} | {_cell(notes)} |")
    return [*lines, ""]


def _eras_section() -> list[str]:
    return ["## Eras", "",
            "A card's optional `enters` gives its era, as Twilight Struggle's early, mid and late war do. A card "
            "without it is in its deck from the start. A card with it is held out of its deck (draw or world) when "
            "the game starts, in plain sight, and is shuffled into it in the news phase (after the injects, before "
            "the world card) of the first quarter from `from` on in which every `when` condition holds; it joins "
            "once and stays. A `from` at or before the scenario's start puts the card in its deck from the start.",
            "", "```yaml", "enters: {from: 2026Q3}                            # Rubin ships in H2 2026",
            'enters: {when: ["china.domestic_share >= 0.25"]}  # once domestic chips carry a quarter',
            'enters: {from: 2027Q1, when: ["firm.jv >= 1"]}    # both must hold', "```", "",
            *_field_table(Era)]


def _conditions_section() -> list[str]:
    seats = ", ".join(f"`{s}.vp`" for s in SEAT_IDS)
    return ["## Conditions", "",
            "Used by a card's `requires`, the `if` effect's `when` and a scenario's conditional injects: "
            "`<path> <op> <number or path>` with op one of `<`, `<=`, `>`, `>=`, `==`, `!=`, "
            "combined with `{all: [...]}` or `{any: [...]}`.",
            f"A path is any model variable (derived ones included), `board.<state id>` (an alignment, "
            f"-3 China .. +3 US), a seat's victory points ({seats}) or `game.turn` (1 in the first quarter).", ""]


def _choices(values: tuple[Any, ...]) -> str:
    return " \\| ".join(f"`{a}`" for a in values)


def _field_type(info: FieldInfo) -> str:
    """A field's type; the choices of a ``one_of`` field (pydantic keeps its marker with the field)."""
    choices = [m.values for m in info.metadata if isinstance(m, OneOf)]
    return _choices(choices[0]) if choices else _type(info.annotation)


def _type(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Annotated:
        return _type(get_args(tp)[0])
    if origin is Literal:
        return _choices(get_args(tp))
    if origin in (Union, types.UnionType):
        members = tuple(m for m in get_args(tp) if m is not type(None))
        if len(members) == 1:
            return f"{_type(members[0])} (optional)"
        if all(isinstance(m, type) and m in EFFECT_TYPES for m in members):
            return "effect"
        return " or ".join(_type(m) for m in members)
    if origin is list:
        return f"list of {_type(get_args(tp)[0])}s"
    if origin is dict:
        return "mapping"
    return {float: "number", int: "integer", str: "text", bool: "true/false"}.get(tp, getattr(tp, "__name__", str(tp)))


def _default(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    value = info.default_factory() if info.default_factory is not None else info.default  # type: ignore[call-arg]
    return f"`{value!r}`" if not isinstance(value, str) else f"`{value}`"


def _constraints(info: FieldInfo) -> str:
    parts = []
    for meta in info.metadata:
        for attr, template in _BOUNDS.items():
            value = getattr(meta, attr, None)
            if value is not None:
                parts.append(template.format(value) if "{}" in template else f"{template} {value:g}")
    return ", ".join(parts)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
