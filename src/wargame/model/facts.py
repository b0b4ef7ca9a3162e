"""The facts registry (``facts.yaml``): each fact's one-line claim and the article it comes from.

Decks and analysts cite facts by id; players read them in words (``source_lines``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

_HERE = Path(__file__).parent
#: The two markers a ``sources`` list may hold besides fact ids, in words.
MARKERS = {"A": "the size of the effect is a design assumption", "D": "figures derived from these facts"}


@dataclass(frozen=True, slots=True)
class Fact:
    """One entry of the registry: a claim (or, for a contradiction, its topic) and its article's title."""

    id: str
    claim: str
    article: str  # empty for a contradiction between articles


@cache
def facts() -> dict[str, Fact]:
    """Every fact, qualitative fact and contradiction of the registry, by id."""
    raw = yaml.safe_load((_HERE / "facts.yaml").read_text(encoding="utf-8"))
    titles = {s["source_file"]: str(s.get("title", "")) for s in raw.get("sources", [])}
    out = {}
    for key in ("facts", "qualitative"):
        for entry in raw.get(key, []):
            out[entry["id"]] = Fact(entry["id"], str(entry["claim"]), titles.get(entry.get("source_file", ""), ""))
    for entry in raw.get("contradictions", []):
        out[entry["id"]] = Fact(entry["id"], f"conflicting reports reconciled: {entry['topic']}", "")
    return out


def fact_ids() -> frozenset[str]:
    """Ids a ``sources`` list may cite: every fact of the registry, and the markers ``A`` and ``D``."""
    return frozenset(facts()) | frozenset(MARKERS)


def source_lines(ids: Iterable[str]) -> list[str]:
    """``ids`` in words, one line per article (``its title: claim; claim``), then the markers' words."""
    by_article: dict[str, list[str]] = {}
    notes = []
    for fid in ids:
        fact = facts().get(fid)
        if fact is None:
            notes.append(MARKERS.get(fid, "an unnamed source"))
        elif fact.claim not in by_article.setdefault(fact.article, []):
            by_article[fact.article].append(fact.claim)
    lines = [f"{article}: {'; '.join(claims)}" if article else "; ".join(claims)
             for article, claims in by_article.items()]
    return [line[:1].upper() + line[1:] for line in [*lines, *(f"{n}." for n in dict.fromkeys(notes))]]
