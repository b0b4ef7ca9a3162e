"""How content models read their fields: strictly, as the JSON Schema does.

A number written as text (``ops: "3"``), ``true`` where a count belongs or ``"1"`` for a version is
an error, never silently coerced: an author's editor (driven by the JSON Schema) and the validator
must give the same verdict on the same file. Whole numbers accept ``3.0``, which JSON Schema counts
as an integer too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

#: The configuration of every content model: unknown fields refused, no coercion, finite numbers, immutable.
CONTENT = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value  # anything else meets the strict integer check and its error


#: A whole number: an integer, or a float with no fraction (``3.0``); never text or true/false.
Whole = Annotated[int, BeforeValidator(_whole), Field(strict=True)]


def listed(values: tuple[str, ...] | list[str], quote: bool = False, last: str = "or") -> str:
    """``us, china or firm`` (``'us', 'china' or 'firm'`` quoted): choices for a message."""
    words = [repr(v) if quote else v for v in values]
    return ", ".join(words[:-1]) + f" {last} {words[-1]}" if len(words) > 1 else "".join(words)


@dataclass(frozen=True)
class OneOf:
    """The choices of a ``one_of`` field (the authoring reference lists them)."""

    values: tuple[str, ...]


def one_of(values: tuple[str, ...]) -> Any:
    """Text that must be one of ``values``, a set read from a table (the seats): the same error and
    JSON Schema as a ``Literal`` of them, so a deck author reads ``expected 'us', 'china' or 'firm'``."""
    expected = listed(values, quote=True)

    def check(value: Any) -> Any:
        if isinstance(value, str) and value in values:
            return value
        raise PydanticCustomError("literal_error", "Input should be {expected}", {"expected": expected})

    return Annotated[str, BeforeValidator(check), WithJsonSchema({"enum": list(values), "type": "string"}),
                     OneOf(values)]


class FieldErrors(ValueError):
    """Problems a model-level check found, each at the path (inside the model) of the field it is about.

    Raised from a model validator, so the loader can point each problem at its own line rather than
    at the top of the file.
    """

    def __init__(self, errors: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(message for _, message in errors))
