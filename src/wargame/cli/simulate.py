"""``wargame simulate``: Monte-Carlo of bots-only games, parameter sensitivity and target balancing.

Text output is rich tables on stdout; ``--json`` prints exactly one JSON document there instead.
A progress bar goes to stderr, and only when stderr is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from wargame.cli.common import add_scenario_argument, fail, output_problem, print_json, print_problems, seed
from wargame.cli.common import console as console_for_stdout


def add_parser(sub: Any) -> None:
    """Register ``simulate``."""
    p = sub.add_parser("simulate", help="Monte-Carlo of bots-only games: win rates, distributions, cards",
                       description="Play many bots-only games and report win rates with 95% confidence "
                                   "intervals, distributions of the final lag, domestic share and scores, "
                                   "and the cards whose events move outcomes most. Every built-in bot "
                                   "(random, pass, greedy, mcts, mcts-fast) is played by the compiled "
                                   "rules core, on threads.")
    add_scenario_argument(p)
    p.add_argument("--games", type=int, default=200, metavar="N", help="games to play (default 200)")
    p.add_argument("--seed", type=seed, default=1, help="the batch's seed (default 1)")
    p.add_argument("--bots", default="greedy", metavar="NAME",
                   help="the bot in every seat: {bots} (default greedy); with --balance, several separated by "
                        "commas (random,greedy,mcts-fast): targets fair under each level of play")
    p.add_argument("--bot", action="append", default=[], metavar="SEAT=NAME",
                   help="the bot in one seat (NAME one of {bots}), overriding --bots; repeatable")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="override a model parameter; repeatable")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="workers: threads for the game kernel, processes for engine bots (default: every core for large runs)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="play on a Dask cluster: its scheduler's address (tcp://HOST:8786), or local:N to start "
                        "N worker processes on this machine")
    p.add_argument("--top", type=int, default=15, metavar="N", help="card-impact rows to show (default 15)")
    p.add_argument("--json", action="store_true", help="print one JSON document on stdout")
    p.add_argument("--export-game", nargs=2, metavar=("K", "FILE"),
                   help="also write game K of the batch as a save that replays in the TUI")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--sensitivity", action="store_true",
                      help="sweep each uncertain model parameter over its range and rank what sways the outcome")
    mode.add_argument("--balance", action="store_true",
                      help="suggest victory targets so that no seat wins more than 60%% of the games")
    mode.add_argument("--card-value", action="store_true",
                      help="what each card's event is worth to each seat that may play it: the batch as shipped "
                           "against the same batch (same seeds) in which that seat never plays it, once per card and seat")
    p.add_argument("--cards", metavar="CARD,...",
                   help="with --card-value: only these cards (their names or ids, separated by commas)")
    p.add_argument("--games-per-point", type=int, default=100, metavar="N",
                   help="with --sensitivity: games at each end of each range (default 100)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run the chosen mode; returns the exit status."""
    from wargame.content import ContentError
    from wargame.sim.batch import games_problem
    from wargame.sim.spec import BatchSpec

    try:
        levels = [name.strip() for name in args.bots.split(",") if name.strip()] or ["greedy"]
        if len(levels) > 1 and not args.balance:
            raise ValueError(f"--bots {args.bots}: several bots go with --balance (one batch each)")
        specs = [BatchSpec.of(args.scenario, _bots(name, args.bot), params=_params(args.param)) for name in levels]
        spec = specs[0]
        for option, games in (("--games", args.games), ("--games-per-point", args.games_per_point)):
            if (problem := games_problem(games, least=1)) is not None:
                raise ValueError(f"{option} {games}: {problem}")
        if args.workers is not None and args.workers < 1:
            raise ValueError("--workers must be >= 1")
        if args.workers is not None and args.scheduler:
            raise ValueError("--workers goes with a run on this machine; with --scheduler the cluster's workers play")
        if args.scheduler:
            from wargame.sim.cluster import check_address

            check_address(args.scheduler)
        if args.export_game is not None and (args.sensitivity or args.balance or args.card_value):
            raise ValueError("--export-game goes with a plain batch, not --sensitivity, --balance or --card-value")
        export = _export_arg(args.export_game, args.games)
        if args.cards is not None and not args.card_value:
            raise ValueError("--cards goes with --card-value")
        cards = _cards_arg(spec, args.cards) if args.card_value else None
        seats = list(spec.game().rules.scenario.seat_ids)
        for each in specs:
            each.seat_bots(seats)
    except ContentError as exc:
        print_problems(exc.problems)
        return 1
    except ValueError as exc:
        return fail(str(exc), status=2)
    from wargame.sim.batch import prepare

    for each in specs:
        prepare(each, lambda message: print(message, file=sys.stderr, flush=True))
    from wargame.sim.cluster import ClusterError

    try:
        with _cluster(args.scheduler) as cluster:
            if args.sensitivity:
                return _sensitivity(spec, args, cluster)
            if args.balance:
                return _balance(specs, args, cluster)
            if args.card_value:
                return _card_value(spec, args, cards, cluster)
            return _simulate(spec, args, export, cluster)
    except ClusterError as exc:
        return fail(str(exc))


@contextlib.contextmanager
def _cluster(address: str | None) -> Iterator[Any]:
    """The Dask cluster at ``address`` (``None``: play on this machine), closed on leaving."""
    if not address:
        yield None
        return
    import logging

    from wargame.sim.cluster import connect

    logging.getLogger("distributed").setLevel(logging.CRITICAL)  # its errors reach the user as one line of ours
    with connect(address) as cluster:
        yield cluster


def _bots(default: str, specs: list[str]) -> dict[str, str]:
    bots = {"*": default}
    for item in specs:
        seat, sep, name = item.partition("=")
        if not sep or not seat or not name:
            raise ValueError(f"--bot {item!r}: expected SEAT=NAME")
        bots[seat] = name.removeprefix("bot:")
    return bots


def _params(specs: list[str]) -> dict[str, float]:
    from wargame.model.params import parameter_problem

    out = {}
    for item in specs:
        name, sep, value = item.partition("=")
        try:
            out[name] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise ValueError(f"--param {item!r}: expected NAME=NUMBER")
        if (problem := parameter_problem(name, out[name])) is not None:
            raise ValueError(f"--param {item!r}: {problem}")
    return out


def _export_arg(pair: list[str] | None, games: int) -> tuple[int, str] | None:
    """``--export-game K FILE``: game K of the batch (its games are numbered from 0) and a file it may write."""
    if pair is None:
        return None
    try:
        k = int(pair[0])
    except ValueError:
        k = -1
    if k < 0:
        raise ValueError(f"--export-game {pair[0]!r}: K must be a game index >= 0")
    if k >= games:
        raise ValueError(f"--export-game {k}: game {k} is not in a batch of {games} (its games are 0 to {games - 1})")
    if problem := output_problem(pair[1], "--export-game"):
        raise ValueError(problem)
    return k, pair[1]


def _cards_arg(spec: Any, text: str | None) -> list[str] | None:
    """The ids of the cards ``--cards`` names (by name or id, any case), ``None`` for every card."""
    from wargame.engine.naming import did_you_mean
    from wargame.sim.cardvalue import playable_cards

    if text is None:
        return None
    cards = spec.game().rules.cards
    by_word = {**{c.name.casefold(): c.id for c in cards.values()}, **{c.casefold(): c for c in cards}}
    playable = set(playable_cards(spec))
    out = []
    for word in (w.strip() for w in text.split(",")):
        if not word:
            continue
        card = by_word.get(word.casefold())
        if card is None:
            names = sorted(cards[c].name for c in playable)
            raise ValueError(f"--cards: no card {word!r} in this scenario{did_you_mean(word, names)}")
        if card not in playable:
            raise ValueError(f"--cards: no seat of this scenario may play {cards[card].name} for its event")
        out.append(card)
    if not out:
        raise ValueError("--cards: name at least one card")
    return out


@contextlib.contextmanager
def _progress(label: str) -> Iterator[Any]:
    """A ``progress(done, total)`` callback drawing a bar on stderr, or ``None`` when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _on(cluster: Any) -> str:
    """The end of a progress label: where the games are played, when on a cluster."""
    if cluster is None:
        return ""
    n = cluster.workers()
    return f" on {n} Dask worker{'s' if n != 1 else ''}"


# --- The batch --------------------------------------------------------------------------------------
def _simulate(spec: Any, args: argparse.Namespace, export: tuple[int, str] | None, cluster: Any) -> int:
    from wargame.sim.stats import summarize
    from wargame.sim.tally import tally_batch

    keep = [] if export is None else [export[0]]
    with _progress(f"simulating {args.games} games{_on(cluster)}") as progress:
        result = tally_batch(spec, args.games, args.seed, args.workers, progress, cluster=cluster, keep=keep)
    doc = summarize(result, top_cards=args.top)
    status = 0
    if export is not None:
        doc["export"], status = _export(spec, args.seed, export, result)
    if args.json:
        _print_json(doc)
    else:
        _print_summary(doc)
        if export is not None and status == 0:
            e = doc["export"]
            print(f"\ngame {e['game']} ({e['winner']} wins) saved to {e['file']}")
    return status


def _export(spec: Any, seed: int, export: tuple[int, str], result: Any) -> tuple[dict[str, Any], int]:
    from wargame.sim.export import ExportError, export_game
    from wargame.sim.record import state_fingerprint

    k, path = export
    try:
        match = export_game(spec, seed, k, path)
    except (ExportError, OSError) as exc:
        reason = str(getattr(exc, "strerror", None) or exc)
        fail(f"cannot export game {k}: {reason}")
        return {"game": k, "file": path, "error": reason}, 1
    game = spec.game()
    print_ = state_fingerprint(game, match.state)
    kept = result.tally.kept.get(k)
    if kept is not None and kept.fingerprint != print_:  # the independence guarantee, checked where it counts
        fail(f"game {k} replayed alone ended in a different state than in the batch")
        return {"game": k, "file": path, "error": "replay diverged"}, 1
    return {"game": k, "file": path, "state_hash": game.hash(match.state), "fingerprint": print_,
            "winner": (match.state.result or {}).get("winner"), "actions": len(match.actions)}, 0


def _print_json(doc: Any) -> None:
    print_json(doc, indent=2)


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _print_summary(doc: dict[str, Any]) -> None:
    from rich.table import Table


    console = console_for_stdout()
    bots = ", ".join(f"{s}={b}" for s, b in doc["bots"].items())
    rate = f", {doc['games_per_second']:.1f} games/s" if doc.get("games_per_second") else ""
    console.print(f"[bold]{doc['scenario']}[/]: {doc['games']} games, seed {doc['seed']}, {bots} "
                  f"({doc['workers']} worker{'s' if doc['workers'] != 1 else ''}, {doc['seconds']:.1f} s{rate})")
    wins = Table(title="Win rates (95% Wilson interval)")
    for col in ("seat", "wins", "rate", "95% CI"):
        wins.add_column(col, justify="left" if col == "seat" else "right")
    for seat, w in doc["win_rates"].items():
        wins.add_row(seat, str(w["wins"]), _pct(w["rate"]), f"{_pct(w['ci95'][0])} - {_pct(w['ci95'][1])}")
    console.print(wins)
    from wargame.engine.outcome import END_LABELS

    console.print("How games ended: " + ", ".join(f"{END_LABELS.get(k, k)} {v}" for k, v in doc["reasons"].items()))
    dist = Table(title="Final values (percentiles)")
    dist.add_column("measure")
    for col in ("mean", "p5", "p25", "p50", "p75", "p95"):
        dist.add_column(col, justify="right")
    d = doc["distributions"]
    rows: list[tuple[str, dict[str, float], str]] = [
        ("lag (months)", d["lag"], "{:.1f}"), ("China domestic share", d["domestic_share"], "{:.0%}"),
        ("China world share", d["china_world_share"], "{:.1%}")]
    rows += [(f"{s} score vs target", m, "{:+.1f}") for s, m in d["margin"].items()]
    for name, values, fmt in rows:
        if values.get("n"):
            dist.add_row(name, *(fmt.format(values[c]) for c in ("mean", "p5", "p25", "p50", "p75", "p95")))
    console.print(dist)
    _print_cards(console, doc["card_impact"])


#: How the card-impact table names a status that has no interval.
_STATUS = {"always": "always its event", "never": "never its event", "few": "too few games",
           "theirs": "another seat's card"}


def _print_cards(console: Any, rows: list[dict[str, Any]]) -> None:
    """Card impact for the seat holding the card: compared cards ranked by their interval, then the rest by status."""
    from rich.table import Table
    from rich.text import Text

    from wargame.engine.text import printable

    theirs = sum(r["status"] == "theirs" for r in rows)
    rows = [r for r in rows if r["status"] != "theirs"]
    if not rows:
        return
    cards = Table(title="Card impact for its holder: mean final points when played for its event minus when "
                        "held but not (95% interval, Welch)")
    cards.add_column("card", no_wrap=True, min_width=max(len(printable(r["name"])) for r in rows))
    for col in ("seat", "held", "event", "ops", "shelve", "diff", "95% interval"):
        cards.add_column(col, justify="left" if col == "seat" else "right")
    for r in rows:
        ch = r["choices"]
        held = r["held"] or 1
        diff, ci = r["diff"], r["ci95"]
        cards.add_row(Text(printable(r["name"])), r["seat"], str(r["held"]),
                      *(f"{ch[c] / held:.0%}" for c in ("event", "ops", "shelve")),
                      f"{diff:+.2f}" if diff is not None else "",
                      f"{ci[0]:+.2f} to {ci[1]:+.2f}" if ci else _STATUS[r["status"]])
    console.print(cards)
    console.print("[dim]held: games in which the seat used the card; event/ops/shelve: share of those games it "
                  "chose each (a game may count in several); always/never its event: in 95%+ / 5%- of them, nothing "
                  "to compare with; an interval needs 30 games each way. Cards are played where they are needed, so "
                  "an interval clear of zero is a lead to follow, not proof: --card-value measures what an event "
                  "is worth (the same games with and without it)."
                  + (f" {theirs} rows of a seat holding another seat's card (ops or shelve only) are in --json." if theirs
                     else "") + "[/]")


# --- Card value -------------------------------------------------------------------------------------
def _card_value(spec: Any, args: argparse.Namespace, cards: list[str] | None, cluster: Any) -> int:
    from rich.table import Table
    from rich.text import Text

    from wargame.engine.text import printable
    from wargame.sim.cardvalue import card_values, experiments

    batches = 1 + len(experiments(spec, cards))
    with _progress(f"playing {batches} batches x {args.games} games{_on(cluster)}") as progress:
        result = card_values(spec, args.games, args.seed, cards, args.workers, progress, cluster)
    if args.json:
        _print_json(result.to_dict())
        return 0
    doc = result.to_dict()
    console = console_for_stdout()
    bots = ", ".join(f"{s}={b}" for s, b in doc["bots"].items())
    console.print(f"[bold]{doc['scenario']}[/]: {batches} batches of {args.games} games, seed {args.seed}, {bots} "
                  f"({doc['workers']} worker{'s' if doc['workers'] != 1 else ''}, {doc['seconds']:.1f} s)")
    table = Table(title="What each card's event is worth to the seat that plays it: its score against its target "
                        "when it may play the event minus when it may not (same games; 95% interval), worst first")
    table.add_column("card", max_width=24)  # a long name wraps: the table fits 80 columns
    for col in ("seat", "event", "points", "95% interval", "win %"):
        table.add_column(col, justify="left" if col == "seat" else "right", no_wrap=True)
    for r in result.rows:
        share = r.event_share
        low, high = r.ci
        table.add_row(Text(printable(r.name)), r.seat, "" if share is None else f"{share:.0%}", f"{r.diff:+.2f}",
                      f"{low:+.2f}..{high:+.2f}", f"{100 * r.win_change:+.1f} ±{100 * (r.win_ci[1] - r.win_change):.1f}")
    console.print(table)
    for r in result.rows:  # where a card wholly below zero costs its seat: its own plays, or its opponents'
        if r.ci[1] < 0.0:
            (played, p_diff), (set_off, s_diff), (rest, r_diff) = r.split
            console.print(Text(f"{printable(r.name)} ({r.seat}): {r.diff:+.2f}: {p_diff:+.2f} from the {played} games in "
                               f"which it played the event, {s_diff:+.2f} from the {set_off} in which only an opponent "
                               f"set it off, {r_diff:+.2f} from the other {rest}"))
    console.print("[dim]event: share of the games in which the seat used the card (event, ops or shelve) that it "
                  "played it for its event; points (its score against the target due when the game ended, which decides "
                  "the winner) and win % (its win rate, in points of percentage, ± its 95% interval): when it may play the "
                  "event minus when it may not, where "
                  "it may not the card is still dealt to it, played for ops or shelved, an opponent's ops no longer set "
                  "off its own card, and other seats still play a neutral one. Game k of each batch is the same game "
                  "until the card makes a difference.[/]")
    return 0


# --- Sensitivity ------------------------------------------------------------------------------------
def _sensitivity(spec: Any, args: argparse.Namespace, cluster: Any) -> int:
    from wargame.sim.sensitivity import sweep, uncertain_parameters

    n = args.games_per_point
    points = 1 + 2 * len(uncertain_parameters())
    with _progress(f"sweeping {points} points x {n} games{_on(cluster)}") as progress:
        result = sweep(spec, n, args.seed, args.workers, progress, cluster=cluster)
    if args.json:
        _print_json(result.to_dict())
        return 0
    from rich.table import Table


    console = console_for_stdout()
    seats = list(result.base.win)
    console.print(f"[bold]{spec.scenario}[/]: {n} games per point, seed {args.seed}, bots "
                  + ", ".join(f"{s}={b}" for s, b in spec.seat_bots(seats).items()) + "; at the scenario's values: "
                  + ", ".join(f"{s} wins {_pct(w)}" for s, w in result.base.win.items())
                  + f", mean lag {result.base.lag:.1f} months")
    table = Table(title="Tornado: change from the low to the high end of each parameter's range")
    table.add_column("parameter", no_wrap=True, min_width=max((len(r.name) for r in result.rows), default=9))
    table.add_column("range", justify="right", no_wrap=True)
    table.add_column("swing", justify="left", no_wrap=True)
    for s in seats:
        table.add_column(f"{s} win", justify="right")
    table.add_column("lag", justify="right")
    top = max((r.swing for r in result.rows), default=0.0) or 1.0
    for r in result.rows:
        bar = "█" * round(10 * r.swing / top)
        table.add_row(r.name, f"{r.low:g}..{r.high:g}", f"{r.swing:4.0%} {bar}",
                      *(f"{r.win_swing[s]:+.0%}" for s in seats), f"{r.lag_swing:+.2f}")
    console.print(table)
    return 0


# --- Balance ----------------------------------------------------------------------------------------
def _balance(specs: list[Any], args: argparse.Namespace, cluster: Any) -> int:
    from wargame.sim.balance import band, suggest_targets

    with _progress(f"balancing over 2 x {len(specs)} x {args.games} games{_on(cluster)}") as progress:
        report = suggest_targets(specs, games=args.games, seed=args.seed, workers=args.workers, progress=progress,
                                 cluster=cluster)
    if args.json:
        _print_json(report.to_dict())
        return 0
    from rich.table import Table

    console = console_for_stdout()
    for level in report.levels:
        bots = ", ".join(f"{s}={b}" for s, b in level.bots.items())
        table = Table(title=f"{specs[0].scenario}: win rates over {args.games} games ({bots})")
        for col in ("seat", "target", "win", "new target", "win (same games)", "win (fresh games)", "sudden wins"):
            table.add_column(col, justify="left" if col == "seat" else "right")
        for s in report.seats:
            fresh = level.verified[s] if level.verified else None
            table.add_row(s, f"{report.current_targets[s]:g}", _pct(level.current[s].rate), f"{report.targets[s]:g}",
                          _pct(level.predicted[s].rate), _pct(fresh.rate) if fresh else "-", str(level.sudden[s]))
        console.print(table)
    lo, hi = band(len(report.seats))
    verdict = "Every seat wins" if report.ok else "NOT every seat wins"
    console.print(f"{verdict} {lo:.0%}-{hi:.0%} of the games at every level of play. 'same games': the batch re-scored under the new "
                  f"targets; 'fresh games': a new batch (seed {args.seed + 1}) played with them. Scenario lines:\n")
    print(report.yaml_block(), end="")
    return 0
