"""After-action reports: the debrief of a game (timeline, turning points, charts, outcome) as
Markdown or one self-contained HTML file, and the comparison of a branched game with its original.

Entry points: ``export_report(source, fmt, out_path)`` and ``export_comparison(original, branch, ...)``
write files; ``build_debrief`` and ``compare_records`` give the same content as data. No TUI here.
"""

from wargame.report.compare import Comparison, Divergence, compare_records, find_divergence
from wargame.report.debrief import Debrief, build_debrief
from wargame.report.export import FORMATS, default_path, export_comparison, export_report
from wargame.report.record import GameRecord, ReportError, record_of
from wargame.report.timeline import NOTE_REF, rationale_note

__all__ = [
    "FORMATS", "NOTE_REF", "Comparison", "Debrief", "Divergence", "GameRecord", "ReportError", "build_debrief",
    "compare_records", "default_path", "export_comparison", "export_report", "find_divergence", "rationale_note",
    "record_of",
]
