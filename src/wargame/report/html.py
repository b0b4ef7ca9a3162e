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
from wargame.report.figures import STANDING, comparison_charts, debrief_charts
from wargame.report.impact import METHOD
from wargame.report.labels import impact_text, seat_name, value_text
from wargame.report.markdown import RESIDUAL, pair_text
from wargame.report.timeline import NewsItem, Play

CSS = """
:root { --us: #1f4e99; --china: #b22222; --firm: #2e7d32; --muted: #555; --line: #ccc; }
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111;
       max-width: 76rem; margin: 1.2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.75rem; margin: 0 0 .2rem; } h2 { font-size: 1.3rem; margin: 0; display: inline; }
h3 { margin: 1.1rem 0 .4rem; font-size: 1.1rem; } .meta, .muted { color: var(--muted); } .meta { margin: 0 0 .8rem; }
.verdict { font-size: 1.35rem; margin: .4rem 0 .8rem; padding: .5rem .8rem; border-left: 6px solid #222; background: #f4f4f4; }
.verdict.seat-us { border-color: var(--us); } .verdict.seat-china { border-color: var(--china); }
.verdict.seat-firm { border-color: var(--firm); }
.summary { display: grid; grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr); gap: 1.4rem; align-items: start; }
.story p { margin: 0 0 .7rem; } .side svg { width: 100%; height: auto; }
.side table { font-size: .9em; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .88em; }
th, td { border: 1px solid var(--line); padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; } td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.news td { background: #fafaf0; } tr.close td { background: #f3f3f3; font-style: italic; }
tr.facilitator td { background: #f6f0fa; }
td.seat-us { border-left: 5px solid var(--us); } td.seat-china { border-left: 5px solid var(--china); }
td.seat-firm { border-left: 5px solid var(--firm); } td.seat-facilitator { border-left: 5px solid #7a4fa0; }
.why { font-style: italic; color: #333; }
details.section { border-top: 2px solid #222; padding: .5rem 0; }
details.section > summary { cursor: pointer; padding: .2rem 0; }
details.section > summary .hint { color: var(--muted); font-size: .9rem; margin-left: .6rem; }
details.quarter > summary { cursor: pointer; font-weight: 600; margin: .3rem 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(30rem, 1fr)); gap: .6rem; }
.charts svg { width: 100%; height: auto; border: 1px solid #ddd; }
ol.turning li { margin-bottom: .45rem; } .alt { display: block; color: #333; }
.alt.better { color: #8a3b00; }
@media (max-width: 60rem) { .summary { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 14mm; }
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  .summary { grid-template-columns: 1.2fr 1fr; }
  details.section, details.quarter { display: block; }
  details::details-content { content-visibility: visible; display: block; }
  details > summary { list-style: none; } details > summary::-webkit-details-marker { display: none; }
  details > summary .hint { display: none; }
  details.section { break-before: page; border: none; }
  h2, h3, summary { break-after: avoid; }
  svg, tr, .verdict { break-inside: avoid; }
  .charts { grid-template-columns: 1fr 1fr; } .charts svg { border: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

#: How many of the look-ahead's other disagreements the turning-points section lists.
OTHER_CHOICES = 8


def page(title: str, body: Iterable[str]) -> str:
    """A complete HTML document with the report stylesheet inline."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def section(anchor: str, title: str, hint: str, body: Iterable[str], open_: bool = False) -> str:
    """A folding section: its title and a one-line hint of what is inside, the body below."""
    return (f'<details class="section" id="{anchor}"{" open" if open_ else ""}><summary><h2>{escape(title)}</h2>'
            f'<span class="hint">{escape(hint)}</span></summary>\n' + "\n".join(body) + "\n</details>")


def render_html(d: Debrief) -> str:
    """The whole report of one game as a single HTML document: a one-screen summary, then folding sections."""
    charts = debrief_charts(d)
    standing = next(c for c in charts if c.slug == "standing")
    marks_key = ('<p class="muted">Every chart marks the story\'s turning points (T1, T2...), the injects (I) and '
                 "the facilitator's overrides (O) and fired cards (F); hover a mark for what it was.</p>")
    body = [*header_html(d),
            '<div class="summary" id="summary"><div class="story">',
            *(f"<p>{escape(p)}</p>" for p in d.story if p),
            '</div><div class="side">', render_svg(standing), outcome_table(d.outcome), "</div></div>",
            section("turning", "Turning points and what else could have been done",
                    "the plays that moved the game most, and the look-ahead's best option at each",
                    turning_html(d), open_=True),
            section("charts", "Charts", "standing against target, lag, domestic share, compute, raw points",
                    [marks_key, '<div class="charts">', *(render_svg(c) for c in charts if c is not standing),
                     "</div>"]),
            section("timeline", "Timeline", "every entry of the log with its effects, impact and why, quarter by quarter",
                    timeline_html(d)),
            section("why", "Why: the reasons given", "players' and bots' reasons and the facilitator's notes",
                    facilitator_html(d)),
            section("board", "Swing states", "alignment at the opening and at the end", [
                table(["Swing state", "Opening", "End"], ([escape(n), f"{a:+.1f}", f"{b:+.1f}"] for n, a, b in d.board),
                      numeric=(1, 2)),
                '<p class="muted">Alignment runs from -3 (China-aligned) to +3 (US-aligned).</p>']),
            section("tracks", "Tracks by quarter", "the numbers behind the charts", [tracks_html(d)]),
            section("method", "How this report was made", "victory rules, how impact is measured, the measures named",
                    [f"<p>{escape(d.outcome.rules)}</p>", f"<p>{escape(METHOD)}</p>", f"<p>{escape(RESIDUAL)}</p>",
                     f"<p>{escape(STANDING)}</p>", "<h3>Measures in this report</h3>",
                     table(["Measure", "Unit", "Meaning"], ([escape(n), escape(u), escape(t)] for n, u, t in d.glossary))])]
    return page(f"After-action report: {d.title} ({d.name})", body)


def header_html(d: Debrief) -> list[str]:
    """The title, the game's particulars and the verdict, one line each."""
    seats = ", ".join(f"{s.name}: {_holder(s.who)}" for s in d.seats)
    view = f" · {seat_name(d.viewer)}'s version" if d.viewer else ""
    o = d.outcome
    verdict = (f"<strong>{escape(seat_name(o.winner))} wins</strong> ({escape(o.quarter)})" if o.over
               else f"<strong>In progress</strong> at {escape(o.quarter)}: {escape(seat_name(o.winner))} leads")
    return [f"<h1>{escape(d.title)}: after-action report</h1>",
            f'<p class="meta">{escape(d.name)} · {escape(d.period)} · seed {d.seed} · {escape(seats)}{escape(view)}</p>',
            f'<div class="verdict seat-{escape(o.winner or "")}">{verdict}: {escape(o.reason)}.</div>']


def _holder(who: str) -> str:
    return "a team" if who == "human" else who.replace("bot:", "bot ") if who != "?" else "?"


def table(head: list[str], rows: Iterable[list[str]], numeric: tuple[int, ...] = ()) -> str:
    """An HTML table; cells are already escaped HTML; ``numeric`` columns are right-aligned."""
    out = ["<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(f'<td class="num">{c}</td>' if i in numeric else f"<td>{c}</td>"
                                    for i, c in enumerate(row)) + "</tr>")
    return "\n".join([*out, "</tbody></table>"])


def outcome_table(o: Outcome) -> str:
    """Each seat's victory points, target and margin: what decides the game."""
    rows = ([escape(seat_name(s)), f"{vp:.2f}", f"{t:.2f}", f"<strong>{m:+.2f}</strong>"] for s, vp, t, m in
            sorted(o.rows, key=lambda r: -r[3]))
    return table(["Seat", "Victory points", "Target", "Margin"], rows, numeric=(1, 2, 3))


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
    """The story's turning points with the look-ahead's alternative, the rankings, and quarter by quarter."""
    out = ["<h3>The turning points</h3>"]
    out.append('<ol class="turning">' + "".join(f"<li>{play_item(p)}{alternative_html(d, p)}</li>" for p in d.turns)
               + "</ol>" if d.turns else "<p>No single play moved the game measurably.</p>")
    others = sorted((a for i, a in d.alternatives.items() if a.better and i not in {p.index for p in d.turns}),
                    key=lambda a: -a.gain)
    if others:
        more = f" (the {OTHER_CHOICES} costliest of {len(others)})" if len(others) > OTHER_CHOICES else ""
        out += [f"<h3>Other choices the look-ahead would have made differently{more}</h3>",
                "<ul>" + "".join(f"<li>{play_item(a.play)}{alternative_html(d, a.play)}</li>"
                                 for a in others[:OTHER_CHOICES]) + "</ul>"]
    out.append('<details class="quarter"><summary>More rankings: by lag, by domestic share, by score, '
               "and quarter by quarter</summary>")
    titles = {"lag": "Moved the capability lag most", "domestic": "Moved China's domestic share most",
              "score": "Moved the score most"}
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
    return [*out, "</details>"]


def alternative_html(d: Debrief, p: Play) -> str:
    """The look-ahead's verdict on a play, on its own line."""
    alt = d.alternatives.get(p.index)
    if alt is None:
        return ""
    return f'<span class="alt{" better" if alt.better else ""}">{escape(alt.text())}</span>'


def play_item(p: Play) -> str:
    imp = f": {escape(impact_text(p.impact.lag, p.impact.domestic, p.impact.vp))}" if p.impact and p.impact.moved else ""
    return f"<strong>#{p.index}</strong> {p.quarter} {escape(p.summary)}{imp}"


def timeline_html(d: Debrief) -> list[str]:
    out = ["<p>Every entry of the log, numbered as in the log, with the news of each quarter. Effects are the "
           "immediate changes a play made; impact is its counterfactual effect on the quarter's close; why is the "
           "reason its seat gave (a bot's is its own evaluation of its options).</p>"]
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
        out += [f'<details class="quarter"><summary>{q.label}</summary>',
                "<table><thead><tr><th>#</th><th>Who</th><th>Play</th><th>Effects</th>"
                "<th>Impact on the quarter</th><th>Why</th></tr></thead><tbody>", *rows, "</tbody></table></details>"]
    return out


def play_row(p: Play) -> str:
    effects = "; ".join([f"{c.label} {c.text}" for c in p.changes] + p.outcomes)
    impact = escape(impact_text(p.impact.lag, p.impact.domestic, p.impact.vp)) if p.impact and p.impact.moved else ""
    why = "<br>".join(escape(r) for r in p.rationale)
    cls = ' class="facilitator"' if p.seat == "facilitator" else ""
    return (f'<tr{cls}><td class="num">{p.index}</td><td class="seat-{p.seat}">{escape(seat_name(p.seat))}</td>'
            f"<td>{escape(p.summary)}</td><td>{escape(effects)}</td><td>{impact}</td>"
            f'<td class="why">{why}</td></tr>')


def facilitator_html(d: Debrief) -> list[str]:
    out = ["<h3>Reasons given for plays</h3>"]
    noted = [p for p in d.plays if p.rationale]
    if noted:
        out.append(table(["#", "Quarter", "Play", "Why"], ([str(p.index), p.quarter, escape(p.summary),
                                                          "<br>".join(escape(r) for r in p.rationale)]
                                                         for p in noted), numeric=(0,)))
    else:
        out.append("<p>No play carries a reason.</p>")
    out.append("<h3>The facilitator's overrides and notes</h3>")
    if d.facilitator:
        out.append(table(["#", "Quarter", "Act"], ([str(p.index), p.quarter, escape(p.summary) + (
            f" (about #{p.attached_to})" if p.attached_to is not None else "")] for p in d.facilitator), numeric=(0,)))
    else:
        out.append("<p>The facilitator made no overrides and left no notes.</p>")
    return out


def render_comparison_html(c: Comparison) -> str:
    """A branched game against its original, as one self-contained HTML document."""
    a, b, div = c.original, c.branch, c.divergence
    charts = comparison_charts(c)
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
