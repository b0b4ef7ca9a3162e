"""Pydantic validation errors, rewritten as located problems an author can act on.

Pydantic's locations walk the data *and* the types: a discriminated union adds its tag (``add``)
and a plain union adds the member's type (``str``). Walking the YAML data and the model's types
side by side tells those apart from real keys, so the problem points at the line of the field.
"""

from __future__ import annotations

import re
import types
from collections.abc import Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from wargame.content.document import Document, Loc
from wargame.content.locate import problem_at
from wargame.content.problems import Problem
from wargame.engine.fields import FieldErrors
from wargame.engine.naming import did_you_mean

_QUOTED = re.compile(r"'([^']+)'")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def validation_problems(doc: Document, err: ValidationError, model: type[BaseModel]) -> list[Problem]:
    """Every error of ``err`` (raised validating ``doc.data`` as ``model``) as a located problem."""
    out: list[Problem] = []
    branches: dict[tuple[Any, ...], list[str]] = {}
    for error in _expand(err.errors(include_url=False)):
        loc, tp, parent, branch = _normalise(doc, model, error["loc"])
        loc, message = _explain(doc, error, loc, tp, parent)
        problem = problem_at(doc, loc, message)
        if branch:  # one error per member of a plain union: merge them into one problem
            key = (problem.file, problem.line, problem.card, problem.field, problem.kind)
            if key not in branches:
                branches[key] = []
                out.append(problem)
            branches[key].append(message)
        else:
            out.append(problem)
    return [_merge(p, branches.get((p.file, p.line, p.card, p.field, p.kind))) for p in out]


def _expand(errors: list[Any]) -> list[Any]:
    """A model check's :class:`FieldErrors` as one error per field, each at its own path."""
    out = []
    for error in errors:
        raised = (error.get("ctx") or {}).get("error")
        if error["type"] == "value_error" and isinstance(raised, FieldErrors):
            out += [{**error, "loc": (*error["loc"], *loc), "msg": message, "ctx": {}} for loc, message in raised.errors]
        else:
            out.append(error)
    return out


def _merge(problem: Problem, messages: list[str] | None) -> Problem:
    if not messages or len(messages) == 1:
        return problem
    got = messages[0].rpartition(" (got ")[2] if " (got " in messages[0] else ""
    parts = list(dict.fromkeys(m.removeprefix("should be ").partition(" (got ")[0] for m in messages))
    message = "should be " + " or ".join(parts) + (f" (got {got}" if got else "")
    return Problem(problem.file, problem.line, problem.card, problem.field, message, problem.kind)


def _normalise(doc: Document, model: type[BaseModel], loc: Sequence[str | int]) -> tuple[Loc, Any, Any, bool]:
    """Pydantic's ``loc`` as a path in the YAML data, the types at its end and one step before, and
    whether a plain-union branch was dropped."""
    node: Any = doc.data
    tp: Any = model
    parent: Any = None
    out: list[str | int] = []
    branch = False
    for index, part in enumerate(loc):
        members = _union_members(tp)
        if members is not None and isinstance(part, str):
            tagged = _tagged_member(members, part)
            if tagged is not None or not (isinstance(node, dict) and part in node):
                branch = branch or tagged is None
                tp = tagged
                continue
        if isinstance(node, dict) and part not in node and part == node.get("op") and index < len(loc) - 1:
            continue  # a discriminator tag met where the type walk lost track
        out.append(part)
        parent, tp = tp, _step(tp, part)
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
    return tuple(out), tp, parent, branch


def _unwrap(tp: Any) -> Any:
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    return tp


def _union_members(tp: Any) -> tuple[Any, ...] | None:
    tp = _unwrap(tp)
    return get_args(tp) if get_origin(tp) in (Union, types.UnionType) else None


def _tagged_member(members: tuple[Any, ...], tag: str) -> Any:
    for member in members:
        if tag in _op_values(member):
            return member
    return None


def _op_values(tp: Any) -> tuple[Any, ...]:
    if isinstance(tp, type) and issubclass(tp, BaseModel) and "op" in tp.model_fields:
        annotation = tp.model_fields["op"].annotation
        if get_origin(annotation) is Literal:
            return get_args(annotation)
    return ()


def _step(tp: Any, part: str | int) -> Any:
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        for name, info in tp.model_fields.items():
            if part in (name, info.alias):
                return info.annotation
        return None
    origin = get_origin(tp)
    if origin in (list, tuple) and isinstance(part, int):
        return get_args(tp)[0]
    if origin is dict:
        return get_args(tp)[1]
    return None


def field_names(tp: Any) -> list[str]:
    """The names an author may write for ``tp``'s fields (aliases where they have them)."""
    tp = _unwrap(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [info.alias or name for name, info in tp.model_fields.items()]
    return []


def _explain(doc: Document, error: Any, loc: Loc, tp: Any, parent: Any) -> tuple[Loc, str]:
    """A plain-words message for one pydantic error, and the path refined to the culprit where possible."""
    kind, msg, ctx = error["type"], error["msg"], error.get("ctx") or {}
    if kind == "missing":
        return loc, "field required"
    if kind == "extra_forbidden":
        allowed = field_names(parent)
        hint = did_you_mean(str(loc[-1]), allowed) or (f" (allowed: {', '.join(allowed)})" if allowed else "")
        return loc, f"unknown field {loc[-1]!r}{hint}"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        allowed = [str(v) for m in _union_members(tp) or () for v in _op_values(m)]
        field = str(ctx.get("discriminator", "'op'")).strip("'")
        listed = f"allowed {field}s: {', '.join(allowed)}"
        if kind == "union_tag_not_found":
            return loc, f"missing {field!r}; {listed}"
        tag = str(ctx.get("tag"))
        return (*loc, field), f"unknown {field} {tag!r}{did_you_mean(tag, allowed)}; {listed}"
    if kind in ("value_error", "assertion_error"):
        message = re.sub(r"^(Value error|Assertion failed), ", "", msg)
        return _refine(doc, loc, message), message
    if kind == "too_long":
        return loc, f"at most {ctx.get('max_length')} items (got {ctx.get('actual_length')})"
    if kind == "literal_error":
        return loc, f"expected {ctx.get('expected', '?')}, got {_short(error.get('input'))}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern", "").startswith("^[a-z"):
        return loc, f"should be lower-case letters, digits and dashes (got {_short(error.get('input'))})"
    if kind in _TYPE_WORDS:
        return loc, _type_message(kind, error.get("input"))
    if kind in ("too_short", "too_long"):
        bound = ctx.get("min_length" if kind == "too_short" else "max_length")
        items = "item" if bound == 1 else "items"
        return loc, f"needs {'at least' if kind == 'too_short' else 'at most'} {bound} {items} (has {ctx.get('actual_length')})"
    message = re.sub(r"^Input should", "should", msg)
    if message != msg and not isinstance(error.get("input"), dict | list):
        message += f" (got {_short(error.get('input'))})"
    return loc, message


#: pydantic's type errors -> what the field should be, in an author's words
_TYPE_WORDS = {"float_type": "a number", "int_type": "a whole number", "bool_type": "true or false",
               "string_type": "text", "dict_type": "a mapping", "list_type": "a list", "model_type": "a mapping",
               "model_attributes_type": "a mapping"}


def _type_message(kind: str, value: Any) -> str:
    """``should be a number (got '0.1')``, with a hint when the value is a number or a boolean in disguise."""
    message = f"should be {_TYPE_WORDS[kind]}"
    if isinstance(value, dict | list):
        return message + f" (got a {'mapping' if isinstance(value, dict) else 'list'})"
    message += f" (got {_short(value)})"
    if isinstance(value, str) and kind in ("float_type", "int_type") and _NUMBER.fullmatch(value.strip()):
        message += ": write the number without quotes"
    elif isinstance(value, str) and kind == "bool_type":
        message += ": write true or false"
    elif isinstance(value, float) and kind == "int_type":
        message += ": a count has no fraction"
    return message


def _refine(doc: Document, loc: Loc, message: str) -> Loc:
    """Point a model-level message at the key or list item it names, when it names one."""
    node = doc.value(loc)
    words = message.split()
    first = words[0].strip("'\":,") if words else ""
    quoted = _QUOTED.findall(message)
    if isinstance(node, dict):
        for key in (first, *quoted):
            if key in node:
                return (*loc, key)
    elif isinstance(node, list):
        items = [(i, v) for i, v in enumerate(node) if isinstance(v, str | int | float)]
        for token in quoted:
            for i, value in items:
                if token == str(value):
                    return (*loc, i)
            for i, value in items:
                if token in str(value):
                    return (*loc, i)
    return loc


def _short(value: Any) -> str:
    text = "null" if value is None else str(value).lower() if isinstance(value, bool) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
