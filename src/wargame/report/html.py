"""The debrief as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched.

The stylesheet has a print section so the report reads on paper: no navigation, charts and
tables kept whole on a page, colours kept (every series also has its own dash pattern).
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from wargame.report.charts import render_svg
from wargame.report.compare import Comparison, outcome_rows, side_by_side
from wargame.report.debrief import Debrief, Outcome
from wargame.report.figures import track_charts
from wargame.report.impact import METHOD
from wargame.report.labels import impact_text, seat_name, value_text
from wargame.report.markdown import RESIDUAL, pair_text
from wargame.report.timeline import NewsItem, Play

CSS = """
:root { --us: #1f4e99; --china: #b22222; --firm: #2e7d32; --muted: #666; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
       max-width: 64rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.7rem; margin-bottom: .2rem; } h2 { border-bottom: 2px solid #222; padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin: 1.2rem 0 .4rem; } .meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .92em; }
th, td { border: 1px solid #ccc; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; } td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.news td { background: #fafaf0; } tr.close td { background: #f3f3f3; font-style: italic; }
tr.facilitator td { background: #f6f0fa; }
td.seat-us { border-left: 4px solid var(--us); } td.seat-china { border-left: 4px solid var(--china); }
td.seat-firm { border-left: 4px solid var(--firm); } td.seat-facilitator { border-left: 4px solid #7a4fa0; }
.rationale { font-style: italic; } .winner { font-size: 1.15rem; }
.charts { display: flex; flex-wrap: wrap; gap: .5rem; } .charts svg { max-width: 100%; height: auto; border: 1px solid #ddd; }
nav ol { columns: 2; } ol.turning li { margin-bottom: .2rem; }
@media print {
  @page { margin: 14mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  nav { display: none; }
  h2 { break-after: avoid; } h3 { break-after: avoid; }
  svg, tr, .outcome { break-inside: avoid; }
  .charts svg { border: none; width: 48%; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def page(title: str, body: Iterable[str]) -> str:
    """A complete HTML document with the report stylesheet inline."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def render_html(d: Debrief) -> str:
    """The whole report of one game as a single HTML document."""
    charts = track_charts([(d.name, d.tracks)], [s.id for s in d.seats], d.us_lead_months)
    body = [f"<h1>After-action report: {escape(d.title)}</h1>",
            f'<p class="meta">Game <code>{escape(d.name)}</code>: scenario <code>{escape(d.scenario)}</code>, '
            f"{escape(d.period)}, seed {d.seed}.</p>", f"<p>{escape(d.summary)}</p>",
            '<nav><ol><li><a href="#seats">Seats</a></li><li><a href="#outcome">Outcome</a></li>'
            '<li><a href="#charts">Charts</a></li><li><a href="#turning">Turning points</a></li>'
            '<li><a href="#timeline">Timeline</a></li><li><a href="#facilitator">Facilitator and rationale</a></li>'
            '<li><a href="#board">Swing states</a></li><li><a href="#glossary">Variables</a></li></ol></nav>',
            '<h2 id="seats">Seats</h2>',
            table(["Seat", "Held by", "Goal"], ([f"{escape(s.name)} (<code>{s.id}</code>)", escape(s.who), escape(s.goal)]
                                               for s in d.seats)),
            '<h2 id="outcome">Outcome</h2>', outcome_html(d.outcome),
            '<h2 id="charts">Charts</h2>', '<div class="charts">', *(render_svg(c) for c in charts), "</div>",
            "<h3>Tracks by quarter</h3>", tracks_html(d),
            *turning_html(d), *timeline_html(d), *facilitator_html(d),
            '<h2 id="board">Swing states</h2>',
            table(["Swing state", "Opening", "Latest"], ([escape(n), f"{a:+.1f}", f"{b:+.1f}"] for n, a, b in d.board),
                  numeric=(1, 2)),
            '<p class="muted">Alignment runs from -3 (China-aligned) to +3 (US-aligned).</p>',
            '<h2 id="glossary">Variables in this report</h2>',
            table(["Variable", "Unit", "Meaning"], ([escape(n), escape(u), escape(t)]
                                                   for n, u, t in d.glossary))]
    return page(f"After-action report: {d.title} ({d.name})", body)


def table(head: list[str], rows: Iterable[list[str]], numeric: tuple[int, ...] = ()) -> str:
    """An HTML table; cells are already escaped HTML; ``numeric`` columns are right-aligned."""
    out = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    return "\n".join([*out, "</tbody></table>"])


def outcome_html(o: Outcome) -> str:
    head = (f"<strong>{escape(seat_name(o.winner))} wins</strong> ({o.quarter}): {escape(o.reason)}." if o.over
            else f"<strong>In progress</strong> at {o.quarter}: {escape(o.reason)}.")
    rows = ([escape(seat_name(s)), f"{vp:.2f}", f"{t:.2f}", f"{m:+.2f}"] for s, vp, t, m in o.rows)
    return (f'<div class="outcome"><p class="winner">{head}</p><p>{escape(o.rules)}</p>'
            + table(["Seat", "Victory points", "Target", "Margin"], rows, numeric=(1, 2, 3)) + "</div>")


def tracks_html(d: Debrief) -> str:
    seats = [s.id for s in d.seats]
    s = d.tracks.series
    rows = ([label, value_text("world.lag", s["world.lag"][k]), value_text("china.domestic_share", s["china.domestic_share"][k]),
             value_text("us.effective_compute", s["us.effective_compute"][k]),
             value_text("china.effective_compute", s["china.effective_compute"][k]),
             *(f"{s[f'{x}.vp'][k]:.2f}" for x in seats)] for k, label in enumerate(d.tracks.labels))
    head = ["Quarter", "Lag", "Domestic share", "US eff. compute", "China eff. compute", *(f"{seat_name(x)} VP" for x in seats)]
    return table(head, rows, numeric=tuple(range(1, len(head))))


def turning_html(d: Debrief) -> list[str]:
    out = ['<h2 id="turning">Turning points</h2>', f"<p>{escape(METHOD)}</p>"]
    titles = {"overall": "Moved the game most", "lag": "Moved the capability lag most",
              "domestic": "Moved China's domestic share most", "score": "Moved the score most"}
    for key, title in titles.items():
        plays = d.turning.get(key, [])
        out.append(f"<h3>{title}</h3>")
        out.append('<ol class="turning">' + "".join(f"<li>{play_item(p)}</li>" for p in plays) + "</ol>"
                   if plays else "<p>No play moved it.</p>")
    out += ["<h3>Quarter by quarter</h3>", f"<p>{escape(RESIDUAL)}</p>"]
    rows = ([q.label, f"{q.lag:+.2f} mo", f"{q.plays_lag:+.2f} mo", f"{q.domestic * 100:+.1f} pp",
             f"{q.plays_domestic * 100:+.1f} pp", escape(" / ".join(f"{seat_name(s)} {v:+.2f}" for s, v in q.vp.items())),
             f"#{q.top.index} {escape(q.top.summary)}" if q.top else "-"] for q in d.shifts)
    out.append(table(["Quarter", "Lag change", "of which plays", "Domestic share change", "of which plays",
                      "VP gained", "Biggest play"], rows, numeric=(1, 2, 3, 4)))
    return out


def play_item(p: Play) -> str:
    imp = f": {escape(impact_text(p.impact.lag, p.impact.domestic, p.impact.vp))}" if p.impact and p.impact.moved else ""
    return f"<strong>#{p.index}</strong> {p.quarter} {escape(p.summary)}{imp}"


def timeline_html(d: Debrief) -> list[str]:
    out = ['<h2 id="timeline">Timeline</h2>',
           "<p>Every entry of the log, numbered as in the log, with the news of each quarter. Effects are the "
           "immediate changes a play made; impact is its counterfactual effect on the quarter's close.</p>"]
    for q in d.quarters:
        rows = []
        for item in q.items:
            if isinstance(item, NewsItem):
                kind = "World event" if item.kind == "world" else "Inject"
                effects = "; ".join([f"{c.label} {c.text}" for c in item.changes] + item.outcomes)
                rows.append(f'<tr class="news"><td></td><td>{kind}</td><td>{escape(item.title)}</td>'
                            f"<td>{escape(effects)}</td><td></td><td></td></tr>")
            elif item.attached_to is None:
                rows.append(play_row(item))
        if q.close:
            rows.append(f'<tr class="close"><td></td><td colspan="5">{escape(q.close)}</td></tr>')
        out += [f"<h3>{q.label}</h3>", "<table><thead><tr><th>#</th><th>Who</th><th>Play</th><th>Effects</th>"
                "<th>Impact on the quarter</th><th>Rationale</th></tr></thead><tbody>", *rows, "</tbody></table>"]
    return out


def play_row(p: Play) -> str:
    effects = "; ".join([f"{c.label} {c.text}" for c in p.changes] + p.outcomes)
    impact = escape(impact_text(p.impact.lag, p.impact.domestic, p.impact.vp)) if p.impact and p.impact.moved else ""
    why = "<br>".join(escape(r) for r in p.rationale)
    cls = ' class="facilitator"' if p.seat == "facilitator" else ""
    return (f'<tr{cls}><td class="num">{p.index}</td><td class="seat-{p.seat}">{escape(seat_name(p.seat))}</td>'
            f"<td>{escape(p.summary)}</td><td>{escape(effects)}</td><td>{impact}</td>"
            f'<td class="rationale">{why}</td></tr>')


def facilitator_html(d: Debrief) -> list[str]:
    out = ['<h2 id="facilitator">Facilitator: overrides and notes</h2>']
    if d.facilitator:
        out.append(table(["#", "Quarter", "Act"], ([str(p.index), p.quarter, escape(p.summary) + (
            f" (about #{p.attached_to})" if p.attached_to is not None else "")] for p in d.facilitator), numeric=(0,)))
    else:
        out.append("<p>The facilitator made no overrides and left no notes.</p>")
    out.append("<h3>Decision rationale</h3>")
    noted = [p for p in d.plays if p.rationale]
    if noted:
        out.append(table(["#", "Quarter", "Play", "Rationale"], ([str(p.index), p.quarter, escape(p.summary),
                                                                  "<br>".join(escape(r) for r in p.rationale)]
                                                                 for p in noted), numeric=(0,)))
    else:
        out.append("<p>No play carries a rationale note.</p>")
    return out


def render_comparison_html(c: Comparison) -> str:
    """A branched game against its original, as one self-contained HTML document."""
    a, b, div = c.original, c.branch, c.divergence
    charts = track_charts([("original", a.tracks), ("branch", b.tracks)],
                          [s.id for s in a.seats], a.us_lead_months)
    body = [f"<h1>Branch comparison: {escape(b.name)} against {escape(a.name)}</h1>",
            f'<p class="meta">Scenario <code>{escape(a.scenario)}</code> ({escape(a.title)}), {escape(a.period)}, '
            f"seed {a.seed}.</p>", "<h2>Where the games diverged</h2>"]
    if div.index is None:
        body.append("<p>The two logs hold the same moves: the branch never left the original.</p>")
    else:
        body += [f"<p><strong>Divergence at log entry #{div.index + 1}, in {div.quarter}</strong>: {escape(div.reason)}.</p>",
                 table(["", "Original", "Branch"], [[f"Entry #{div.index + 1}", _entry_html(c.original_plays),
                                                     _entry_html(c.branch_plays)]]),
                 f"<p>What each game did from there to the end of {div.quarter}:</p>",
                 table(["Original", "Branch"], [["<br>".join(play_item(p) for p in c.original_plays) or "-",
                                                 "<br>".join(play_item(p) for p in c.branch_plays) or "-"]])]
    body += ["<h2>How the outcome differed</h2>",
             table(["", "Original", "Branch"], ([escape(w), escape(x), escape(y)] for w, x, y in outcome_rows(c))),
             "<h2>Tracks from the divergence (original / branch)</h2>", _pairs_html(c),
             "<h2>Charts</h2>", '<div class="charts">', *(render_svg(ch) for ch in charts), "</div>",
             "<h2>Turning points of the branch after the divergence</h2>"]
    later = [p for p in b.turning["overall"] if div.index is None or p.index > div.index]
    body.append('<ol class="turning">' + "".join(f"<li>{play_item(p)}</li>" for p in later) + "</ol>" if later
                else "<p>No play after the divergence moved the game.</p>")
    return page(f"Branch comparison: {b.name} against {a.name}", body)


def _entry_html(plays: list[Play]) -> str:
    if not plays:
        return "(the log ends)"
    why = " / ".join(plays[0].rationale)
    return escape(plays[0].summary) + (f' <span class="rationale">- {escape(why)}</span>' if why else "")


def _pairs_html(c: Comparison) -> str:
    seats = [s.id for s in c.original.seats]
    tracks = ["world.lag", "china.domestic_share", "us.effective_compute", "china.effective_compute",
              *(f"{s}.vp" for s in seats)]
    heads = ["Quarter", "Lag", "Domestic share", "US eff. compute", "China eff. compute", *(f"{seat_name(s)} VP" for s in seats)]
    rows = ([q.label, *(escape(pair_text(t, *q.values[t])) for t in tracks)] for q in side_by_side(c))
    return table(heads, rows, numeric=tuple(range(1, len(heads))))
