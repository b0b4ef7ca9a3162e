"""Loading decks and scenarios from YAML: safe, located problems, and cross-checked bundles.

Bad content never crashes and never half-loads: every loader either returns a fully validated
model or raises :class:`ContentError` listing every problem, each with its file, line, card id and
field. Importing this package needs no TUI.
"""

from wargame.content.bundle import Bundle, load_bundle
from wargame.content.loading import load_deck, load_scenario
from wargame.content.paths import DEFAULT_SCENARIO, ContentDirs, builtin_scenarios, content_dirs
from wargame.content.problems import ContentError, Problem
from wargame.content.reference import effect_reference
from wargame.content.schema import json_schema
from wargame.content.validate import FileReport, check_files, validate_files

__all__ = [
    "DEFAULT_SCENARIO", "Bundle", "ContentDirs", "ContentError", "FileReport", "Problem", "builtin_scenarios",
    "check_files", "content_dirs", "effect_reference", "json_schema", "load_bundle", "load_deck",
    "load_scenario", "validate_files",
]
