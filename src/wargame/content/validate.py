"""Checking a set of content files, as ``wargame deck validate`` does."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from wargame.content.bundle import bundle_from, unique_cards
from wargame.content.document import read_document
from wargame.content.loading import Located, content_kind, deck_from, scenario_from
from wargame.content.problems import ContentError, Problem, unique
from wargame.content.search import deck_folders
from wargame.engine.cards import Deck
from wargame.engine.scenario import Scenario


@dataclass
class FileReport:
    """What checking one file found: its kind, a one-line summary when it loaded, and its problems."""

    path: Path
    kind: str | None = None
    summary: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_files(paths: Iterable[str | Path]) -> list[FileReport]:
    """Check each file as a deck or a scenario (by its top-level key); scenarios also against their decks.

    A scenario's decks are looked up among the deck files given, then beside the scenario, in the
    author's folders and among the built-in decks.
    """
    reports: list[FileReport] = []
    scenarios: list[tuple[FileReport, Located[Scenario]]] = []
    decks: dict[str, tuple[FileReport, Located[Deck]]] = {}
    for path in map(Path, paths):
        report = FileReport(path)
        reports.append(report)
        try:
            doc = read_document(path)
            report.kind = content_kind(doc)
            if report.kind == "deck":
                located_deck = deck_from(doc)
                decks[doc.file] = (report, located_deck)
                report.summary = f"{len(located_deck.model.cards)} cards"
            elif report.kind == "scenario":
                located = scenario_from(doc)
                report.summary = f"scenario {located.model.scenario!r}, {located.model.quarters} quarters"
                scenarios.append((report, located))
            else:
                raise ContentError([Problem(doc.file, doc.line(()), None, "",
                                            "neither a deck ('deck:' at the top level) nor a scenario ('scenario:')")])
        except ContentError as err:
            report.problems = err.problems
    by_file = {file: report for file, (report, _) in decks.items()}
    for problem in unique_cards({file: located for file, (_, located) in decks.items()}):
        by_file[problem.file].problems.append(problem)
    given = [r.path for r in reports if r.kind == "deck"]
    given_files = {_resolved(r.path): r for r in reports}
    for report, located in scenarios:
        try:
            bundle = bundle_from(located, given + [f.path for f in deck_folders(report.path)], report.path)
        except ContentError as err:
            for problem in err.problems:  # a problem in a file given too is that file's (it is not "ok")
                owner = given_files.get(_resolved(problem.file), report)
                if problem not in owner.problems:
                    owner.problems.append(problem)
                if owner is not report:
                    report.problems.append(problem)
        else:
            report.summary += f", {len(bundle.cards)} cards in {len(bundle.decks)} decks"
    return reports


def _resolved(file: str | Path) -> Path:
    return Path(file).resolve()


def validate_files(paths: Iterable[str | Path]) -> list[Problem]:
    """Every problem in ``paths`` (see :func:`check_files`), each reported once."""
    return unique(p for report in check_files(paths) for p in report.problems)


