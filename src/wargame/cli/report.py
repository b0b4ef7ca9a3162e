"""``wargame report``: the after-action report of a saved game, or how a branch differs from its original."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from wargame.cli.common import fail, output_problem


def add_parser(sub: Any) -> None:
    p = sub.add_parser("report", help="write the debrief of a saved game (Markdown or HTML)",
                       description="Write the after-action report of a saved game: scenario and seats, a timeline "
                                   "of every play, the facilitator's overrides and notes, charts of the tracks, "
                                   "turning points and the outcome. With --compare, show where a branched game "
                                   "left the original and how the outcome differed.")
    p.add_argument("file", metavar="FILE", help="a save file (.wgsave)")
    p.add_argument("--format", choices=("md", "html"), default=None,
                   help="md (charts as SVG files beside it) or html (one self-contained file); "
                        "default: from OUT's extension, else html")
    p.add_argument("-o", "--output", metavar="OUT", help="where to write it (default: reports/<save name>.<ext>)")
    p.add_argument("--compare", metavar="BRANCH", help="a save branched from FILE: report the differences")
    p.add_argument("--as", dest="as_seat", metavar="SEAT", help="only what one seat saw (a team's own debrief)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from wargame.report import ReportError, export_comparison, export_report
    from wargame.store import SaveError

    fmt = args.format or _format_of(args.output)
    if args.output and (problem := output_problem(args.output, "-o", save=False)):
        return fail(problem)
    try:
        if args.compare:
            path = export_comparison(args.file, args.compare, fmt, args.output)
        elif args.as_seat:
            from wargame.report.record import record_of
            from wargame.report.seat import seat_record

            path = export_report(seat_record(record_of(args.file), args.as_seat), fmt, args.output)
        else:
            path = export_report(args.file, fmt, args.output)
    except (SaveError, ReportError) as exc:
        return fail(str(exc))
    print(f"report written to {path}")
    return 0


def _format_of(output: str | None) -> str:
    suffix = Path(output).suffix.lower() if output else ""
    return "md" if suffix in (".md", ".markdown") else "html"
