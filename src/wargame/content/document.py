"""Safe YAML reading that remembers where every value was written.

Only plain YAML data is accepted (``yaml.SafeLoader``): a ``!!python/...`` tag is an error and is
never constructed. Composing the node tree first gives each value's path (a tuple of keys and list
indices) its 1-based line, and lets duplicate mapping keys be reported rather than silently merged.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wargame.content.problems import ContentError, Problem
from wargame.engine.text import unsafe_characters

Loc = tuple[str | int, ...]

#: The largest content file read (a deck of 1,000 cards is about 300 KB).
MAX_FILE_BYTES = 1024 * 1024
#: How deep mappings and lists may nest (a card's effects sit at depth 4; each ``if``, ``chance``,
#: ``all`` or ``any`` adds two levels).
MAX_DEPTH = 24
#: The longest number literal: more digits than a float can hold are a typo or an attack.
MAX_NUMBER_CHARS = 32


@dataclass(frozen=True)
class Duplicate:
    """A mapping key written twice: where the repeat is and where the key first appeared."""

    loc: Loc
    line: int
    first_line: int


@dataclass(frozen=True)
class Unsafe:
    """A key or value holding characters a terminal would obey (ESC, other controls, BiDi overrides)."""

    loc: Loc
    line: int
    characters: list[str]


@dataclass(frozen=True)
class Document:
    """One parsed YAML file: its plain data, the line of each value path and any duplicate keys."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    unsafe: list[Unsafe] = field(default_factory=list)

    def line(self, loc: Sequence[str | int]) -> int | None:
        """The line of ``loc``, or of its nearest ancestor that has one."""
        path = tuple(loc)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)

    def value(self, loc: Sequence[str | int]) -> Any:
        """The raw value at ``loc`` (``None`` when the path does not exist)."""
        node = self.data
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                return None
        return node


_SafeLoader = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
_CORE = "tag:yaml.org,2002:"
#: YAML 1.2 core-schema plain scalars, as editors and JSON Schema tools read them: only true/false are
#: booleans (``yes``, ``on`` are text), ``1e3`` is a number, ``010`` and ``1:20`` and dates are text.
_SCALARS = [
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?(?:0|[1-9][0-9]*)$", "-+0123456789"),
    ("float", r"^[-+]?(?:(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?|[0-9]+[eE][-+]?[0-9]+)$"
              r"|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$", "-+0123456789."),
]


class _Loader(_SafeLoader):  # type: ignore[misc,valid-type]
    """The safe loader (in C, libyaml, when PyYAML has it) with YAML 1.2 core scalars."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag[len(_CORE):] not in ("bool", "int", "float", "timestamp")]
        for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
    }


for _name, _pattern, _first in _SCALARS:
    _Loader.add_implicit_resolver(_CORE + _name, re.compile(_pattern), list(_first))


def display_path(path: Path) -> str:
    """``path`` as a user reads it: relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def read_document(path: Path) -> Document:
    """Read ``path`` as safe YAML; raise :class:`ContentError` for files that hold no usable data.

    Only a regular file of at most ``MAX_FILE_BYTES`` is read: a device, a FIFO or a directory is
    refused before a byte is read from it (opening without blocking, then asking the open file).
    """
    file = display_path(path)
    try:
        raw = read_regular_file(path, MAX_FILE_BYTES, "a deck or scenario file", " (split a large deck into several)")
    except OSError as exc:
        raise ContentError([Problem(file, None, None, "", f"cannot read file: {exc.strerror or exc}")]) from None
    except ValueError as exc:
        raise ContentError([Problem(file, None, None, "", str(exc))]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        message = f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save the file as UTF-8"
        raise ContentError([Problem(file, line, None, "", message)]) from None
    return parse_document(text, file)


def read_regular_file(path: str | os.PathLike[str], limit: int, what: str, advice: str = "") -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes; ``ValueError`` (naming
    ``what`` such files are) for a device, a FIFO, a directory or a larger file, which are never read
    (opened without blocking, then asked); ``OSError`` when it cannot be opened."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise ValueError(f"not a regular file: {what} must be a plain file, not a device, pipe or folder")
        data = handle.read(limit + 1)
    if len(data) > limit:
        size = f"{limit // 1024} KiB" if limit < 1024 * 1024 * 4 else f"{limit // (1024 * 1024)} MiB"
        raise ValueError(f"larger than {size}: {what} holds at most {size}{advice}")
    return data


def parse_document(text: str, file: str) -> Document:
    """Parse YAML ``text`` (named ``file`` in problems) into a :class:`Document`."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ContentError([Problem(file, 1, None, "", "the file is empty")])
        found = _Found()
        _walk(loader, node, (), found, set())
        data = loader.construct_document(node)
    except _TooMuch as exc:
        raise ContentError([Problem(file, exc.line, None, "", str(exc))]) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentError([_yaml_problem(file, exc, text)]) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        what = f"\\x{exc.character:02x}" if isinstance(exc.character, int) else repr(exc.character)
        raise ContentError([Problem(file, line, None, "", f"the character {what} is not allowed in YAML "
                                    "(a control character: delete it)")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(file, None, None, "", f"YAML error: {exc}")]) from None
    except RecursionError:
        raise ContentError([Problem(file, None, None, "", "YAML nesting too deep")]) from None
    finally:
        loader.dispose()
    return Document(file, data, found.lines, found.duplicates, found.unsafe)


class _TooMuch(ValueError):
    """A node past a hard limit (nesting, number length): reading on would crash or never end."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class _Found:
    """What walking the node tree collects: each path's line, duplicate keys and unsafe text."""

    lines: dict[Loc, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    unsafe: list[Unsafe] = field(default_factory=list)


_NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


def _walk(loader: yaml.SafeLoader | yaml.CSafeLoader, node: yaml.Node, loc: Loc, found: _Found, seen: set[int]) -> None:
    # An aliased node is walked once only, so anchors cannot make this exponential or endless.
    line = node.start_mark.line + 1
    found.lines.setdefault(loc, line)
    if id(node) in seen:
        return
    seen.add(id(node))
    if len(loc) > MAX_DEPTH:
        raise _TooMuch(f"nested more than {MAX_DEPTH} levels deep: flatten the effects or conditions", line)
    if isinstance(node, yaml.ScalarNode):
        _check_scalar(node, loc, found)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(loader, item, (*loc, index), found, seen)
    elif isinstance(node, yaml.MappingNode):
        first: dict[Any, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
                continue
            _check_scalar(key_node, loc, found)
            key = loader.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if key in first:
                found.duplicates.append(Duplicate((*loc, key), line, first[key]))
                continue
            first[key] = line
            found.lines[(*loc, key)] = line  # a field's line is where its key is written
            _walk(loader, value_node, (*loc, key), found, seen)


def _check_scalar(node: yaml.ScalarNode, loc: Loc, found: _Found) -> None:
    line = node.start_mark.line + 1
    if node.tag in _NUMBER_TAGS and len(node.value) > MAX_NUMBER_CHARS:
        raise _TooMuch(f"a number of {len(node.value)} characters: numbers have at most {MAX_NUMBER_CHARS}", line)
    if chars := unsafe_characters(node.value):
        found.unsafe.append(Unsafe(loc, line, chars))


def _yaml_problem(file: str, exc: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else None
    problem = exc.problem or "invalid YAML"
    rows = text.splitlines()
    if line is not None and 0 < line <= len(rows) and "\t" in rows[line - 1] and "cannot start any token" in problem:
        return Problem(file, line, None, "", "a tab character: YAML indents with spaces only")
    if isinstance(exc, yaml.constructor.ConstructorError) and "could not determine a constructor" in problem:
        tag = problem.split("tag", 1)[1].strip(" '").replace("tag:yaml.org,2002:", "!!")
        return Problem(file, line, None, "", f"tag {tag!r} is not allowed: content files hold plain data only")
    context = f" ({exc.context})" if exc.context else ""
    return Problem(file, line, None, "", f"YAML syntax error: {problem}{context}")
