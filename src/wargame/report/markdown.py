"""The debrief as Markdown, with its charts as separate SVG files linked from the text."""

from __future__ import annotations

from wargame.report.charts import render_svg
from wargame.report.compare import Comparison, outcome_rows, side_by_side
from wargame.report.debrief import Debrief, Outcome
from wargame.report.figures import comparison_charts, debrief_charts
from wargame.report.impact import METHOD
from wargame.report.labels import impact_text, seat_name, value_text
from wargame.report.timeline import NewsItem, Play

RESIDUAL = ("The rest of a quarter's movement comes from its news, the model's own trend (capex growth, "
            "fab ramp-up, algorithmic progress) and interactions between plays.")


def render_markdown(d: Debrief, chart_dir: str) -> tuple[str, dict[str, str]]:
    """The report text and its charts: file name (relative to the report, under ``chart_dir``) -> SVG."""
    charts = debrief_charts(d)
    files = {f"{chart_dir}/{c.slug}.svg": render_svg(c, standalone=True) for c in charts}
    out = [f"# After-action report: {d.title}", "",
           f"*Game `{d.name}`: scenario `{d.scenario}`, {d.period}, seed {d.seed}.*", "", "## What happened", "",
           *(line for para in d.story if para for line in (md_escape(para), "")),
           "## Seats", "", md_escape(d.summary), "", "| Seat | Held by | Goal |", "|---|---|---|"]
    out += [f"| {s.name} (`{s.id}`) | {s.who} | {md_escape(s.goal)} |" for s in d.seats]
    out += ["", "## Outcome", "", *outcome_lines(d.outcome), "", "## Charts", ""]
    out += [f"![{c.title}]({name})" for c, name in zip(charts, files, strict=True)]
    out += ["", "### Tracks by quarter", "", *tracks_table(d), ""]
    out += turning_lines(d) + timeline_lines(d) + facilitator_lines(d) + board_lines(d) + glossary_lines(d)
    return "\n".join(out) + "\n", files


def md_escape(text: str) -> str:
    """Text safe inside a Markdown table cell or list item."""
    return text.replace("|", "\\|").replace("\n", " ")


def outcome_lines(o: Outcome) -> list[str]:
    head = (f"**{seat_name(o.winner)} wins** ({o.quarter}): {o.reason}." if o.over
            else f"**In progress** at {o.quarter}: {o.reason}.")
    rows = [f"| {seat_name(s)} | {vp:.2f} | {target:.2f} | {margin:+.2f} |" for s, vp, target, margin in o.rows]
    return [head, "", o.rules, "", "| Seat | Victory points | Target | Margin |", "|---|---|---|---|", *rows]


def tracks_table(d: Debrief) -> list[str]:
    seats = [s.id for s in d.seats]
    s = d.tracks.series
    head = ("| Quarter | Lag | Domestic share | US eff. compute | China eff. compute | "
            + " | ".join(f"{seat_name(x)} VP" for x in seats) + " |")
    out = [head, "|" + "---|" * (5 + len(seats))]
    for k, label in enumerate(d.tracks.labels):
        cells = [label, value_text("world.lag", s["world.lag"][k]),
                 value_text("china.domestic_share", s["china.domestic_share"][k]),
                 value_text("us.effective_compute", s["us.effective_compute"][k]),
                 value_text("china.effective_compute", s["china.effective_compute"][k]),
                 *(f"{s[f'{x}.vp'][k]:.2f}" for x in seats)]
        out.append("| " + " | ".join(cells) + " |")
    return out


def turning_lines(d: Debrief) -> list[str]:
    out = ["## Turning points", "", METHOD, "", "### The turning points and what else could have been done", ""]
    for n, p in enumerate(d.turns, 1):
        alt = d.alternatives.get(p.index)
        out.append(f"{n}. {play_line(p)}" + (f"  \n   *{md_escape(alt.text())}*" if alt else ""))
    out += [""] if d.turns else ["No single play moved the game measurably.", ""]
    titles = {"overall": "Moved the game most", "lag": "Moved the capability lag most",
              "domestic": "Moved China's domestic share most", "score": "Moved the score most"}
    for key, title in titles.items():
        out += [f"### {title}", ""]
        plays = d.turning.get(key, [])
        out += [f"{n}. {play_line(p)}" for n, p in enumerate(plays, 1)] or ["No play moved it."]
        out.append("")
    out += ["### Quarter by quarter", "", RESIDUAL, "",
            "| Quarter | Lag change | of which plays | Domestic share change | of which plays | VP gained | Biggest play |",
            "|---|---|---|---|---|---|---|"]
    for q in d.shifts:
        vp = " / ".join(f"{seat_name(s)} {v:+.2f}" for s, v in q.vp.items())
        top = f"#{q.top.index} {md_escape(q.top.summary)}" if q.top else "-"
        out.append(f"| {q.label} | {q.lag:+.2f} mo | {q.plays_lag:+.2f} mo | {q.domestic * 100:+.1f} pp | "
                   f"{q.plays_domestic * 100:+.1f} pp | {vp} | {top} |")
    return [*out, ""]


def play_line(p: Play) -> str:
    """``#12 2026Q2 China plays Fab for its event: lag -0.40 mo, ...``."""
    imp = f": {impact_text(p.impact.lag, p.impact.domestic, p.impact.vp)}" if p.impact and p.impact.moved else ""
    return f"#{p.index} {p.quarter} {md_escape(p.summary)}{imp}"


def timeline_lines(d: Debrief) -> list[str]:
    out = ["## Timeline", "", "Every entry of the log, numbered as in the log, with the news of each quarter. "
           "Effects are the immediate changes a play made; impact is its counterfactual effect on the quarter's close.", ""]
    for q in d.quarters:
        out += [f"### {q.label}", ""]
        for item in q.items:
            out += news_lines(item) if isinstance(item, NewsItem) else play_lines(item)
        if q.close:
            out += [f"- **Close:** {md_escape(q.close)}"]
        out.append("")
    return out


def news_lines(n: NewsItem) -> list[str]:
    kind = {"world": "World event", "inject": "Inject", "inject-effects": "Inject"}.get(n.kind, n.kind)
    line = f"- **{kind}:** {md_escape(n.title)}"
    extra = [c.label + " " + c.text for c in n.changes] + n.outcomes
    return [line + (f" ({md_escape('; '.join(extra))})" if extra else "")]


def play_lines(p: Play) -> list[str]:
    if p.attached_to is not None:
        return []  # listed with the play it is about
    out = [f"- **#{p.index}** {md_escape(p.summary)}"]
    effects = [f"{c.label} {c.text}" for c in p.changes] + p.outcomes
    if effects:
        out.append(f"  - effects: {md_escape('; '.join(effects))}")
    if p.impact and p.impact.moved:
        out.append(f"  - impact on the quarter: {impact_text(p.impact.lag, p.impact.domestic, p.impact.vp)}")
    out += [f"  - *why:* {md_escape(r)}" for r in p.rationale]
    return out


def facilitator_lines(d: Debrief) -> list[str]:
    out = ["## Facilitator: overrides and notes", ""]
    out += [f"- #{p.index} {p.quarter}: {md_escape(p.summary)}"
            + (f" (about #{p.attached_to})" if p.attached_to is not None else "") for p in d.facilitator]
    if not d.facilitator:
        out.append("The facilitator made no overrides and left no notes.")
    out += ["", "### Decision rationale", ""]
    noted = [p for p in d.plays if p.rationale]
    out += [f"- #{p.index} {p.quarter} {md_escape(p.summary)}: " + md_escape(" / ".join(p.rationale)) for p in noted]
    if not noted:
        out.append("No play carries a rationale note.")
    return [*out, ""]


def board_lines(d: Debrief) -> list[str]:
    out = ["## Swing states", "", "| Swing state | Opening | Latest |", "|---|---|---|"]
    out += [f"| {name} | {a:+.1f} | {b:+.1f} |" for name, a, b in d.board]
    return [*out, "", "Alignment runs from -3 (China-aligned) to +3 (US-aligned).", ""]


def glossary_lines(d: Debrief) -> list[str]:
    out = ["## Variables in this report", "", "| Variable | Unit | Meaning |", "|---|---|---|"]
    out += [f"| {md_escape(name)} | {unit} | {md_escape(desc)} |" for name, unit, desc in d.glossary]
    return [*out, ""]


def render_comparison_markdown(c: Comparison, chart_dir: str) -> tuple[str, dict[str, str]]:
    """A branched game against its original, with overlaid charts as SVG files under ``chart_dir``."""
    a, b, div = c.original, c.branch, c.divergence
    charts = comparison_charts(c)
    files = {f"{chart_dir}/{ch.slug}.svg": render_svg(ch, standalone=True) for ch in charts}
    out = [f"# Branch comparison: {b.name} against {a.name}", "",
           f"*Scenario `{a.scenario}` ({a.title}), {a.period}, seed {a.seed}.*", "", "## Where the games diverged", ""]
    if div.index is None:
        out += ["The two logs hold the same moves: the branch never left the original.", ""]
    else:
        out += [f"**Divergence at log entry #{div.index + 1}, in {div.quarter}**: {md_escape(div.reason)}.", "",
                "| | Original | Branch |", "|---|---|---|",
                f"| Entry #{div.index + 1} | {_describe(c.original_plays)} | {_describe(c.branch_plays)} |", ""]
        out += [f"What each game did from there to the end of {div.quarter}:", "", "Original:", ""]
        out += [f"- {play_line(p)}" for p in c.original_plays] or ["- (nothing)"]
        out += ["", "Branch:", ""]
        out += [f"- {play_line(p)}" for p in c.branch_plays] or ["- (nothing)"]
        out.append("")
    out += ["## How the outcome differed", "", "| | Original | Branch |", "|---|---|---|"]
    out += [f"| {md_escape(w)} | {md_escape(x)} | {md_escape(y)} |" for w, x, y in outcome_rows(c)]
    out += ["", "## Tracks from the divergence (original / branch)", "", *_pairs_table(c), "", "## Charts", ""]
    out += [f"![{ch.title}]({name})" for ch, name in zip(charts, files, strict=True)]
    out += ["", "## Turning points of the branch after the divergence", ""]
    later = [p for p in b.turning["overall"] if div.index is None or p.index > div.index]
    out += [f"{n}. {play_line(p)}" for n, p in enumerate(later, 1)] or ["No play after the divergence moved the game."]
    return "\n".join(out) + "\n", files


def _describe(plays: list[Play]) -> str:
    if not plays:
        return "(the log ends)"
    note = f" - *{md_escape(' / '.join(plays[0].rationale))}*" if plays[0].rationale else ""
    return md_escape(plays[0].summary) + note


def _pairs_table(c: Comparison) -> list[str]:
    seats = [s.id for s in c.original.seats]
    tracks = ["world.lag", "china.domestic_share", "us.effective_compute", "china.effective_compute",
              *(f"{s}.vp" for s in seats)]
    heads = ["Lag", "Domestic share", "US eff. compute", "China eff. compute", *(f"{seat_name(s)} VP" for s in seats)]
    out = ["| Quarter | " + " | ".join(heads) + " |", "|" + "---|" * (len(heads) + 1)]
    for q in side_by_side(c):
        out.append(f"| {q.label} | " + " | ".join(pair_text(t, *q.values[t]) for t in tracks) + " |")
    return out


def pair_text(track: str, a: float | None, b: float | None) -> str:
    """``5.5 / 4.9 months`` for one track in both games (``-`` where a game has ended)."""
    def one(v: float | None) -> str:
        if v is None:
            return "-"
        return f"{v:.2f}" if track.endswith(".vp") else value_text(track, v)

    return f"{one(a)} / {one(b)}"
