"""The story of a game in plain words: who won and by how much against target, what drove the model,
the turning points, and what each seat could have done instead by the greedy bot's look-ahead.

Alternatives are the greedy bot's own evaluation (``Bot.decide``) of the seat's options at the
moment of the play, from that seat's view: the projected victory points each option it weighed
brings over its look-ahead (``bots.greedy.horizon_words``). The bot's seed is fixed per game and seat, so a report is the same every time.
"""

from __future__ import annotations

from dataclasses import dataclass

from wargame.bots.base import Decision, make_bot
from wargame.bots.greedy import horizon_words
from wargame.bots.match import seat_seed
from wargame.engine.actions import FACILITATOR
from wargame.model.variables import VARIABLES
from wargame.report.labels import move_name, seat_name, value_text, variable_name
from wargame.report.record import GameRecord, same_play
from wargame.report.timeline import Impact, Play

#: How many turning points the story names.
STORY_TURNS = 3
#: A gain smaller than this (VP projected over the look-ahead) is no better alternative.
MIN_GAIN = 0.1
#: Levers whose movement the story reports when they moved most (relative to their range).
LEVERS = ("us.export_controls_eff", "china.capex", "us.capex", "world.fragmentation", "us.alliance",
          "china.alliance", "china.chip_perf", "china.yield")
LOOKAHEAD = "greedy"


@dataclass
class Alternative:
    """At one play: the seat's best option by the look-ahead, and its projected gain over what was played."""

    play: Play
    seat: str
    best: str  # the best option in words ("" when the play was the best)
    gain: float  # projected VP over the look-ahead, best option minus the play (>= 0)
    ahead: str = "a year ahead"  # the look-ahead in words

    @property
    def better(self) -> bool:
        return bool(self.best) and self.gain >= MIN_GAIN

    def text(self) -> str:
        who = seat_name(self.seat)
        if not self.better:
            return f"{who}'s play (#{self.play.index}) was already its best option by the greedy bot's look-ahead."
        return (f"{who} could have played {self.best} instead of #{self.play.index} ({self.play.quarter}): "
                f"{self.gain:+.2f} VP projected {self.ahead}.")


def alternatives(record: GameRecord, plays: list[Play]) -> dict[int, Alternative]:
    """The look-ahead's verdict on each of ``plays`` (the seats' decisions that offered a choice)."""
    options = [len(record.game.legal_actions(s)) for s in record.states[:len(record.actions)]]
    out = {}
    for play in plays:
        before = [n for n, a in zip(options, record.actions[:play.index - 1], strict=False) if a.seat == play.seat]
        alt = alternative(record, play, before)
        if alt is not None:
            out[play.index] = alt
    return out


def alternative(record: GameRecord, play: Play, before: list[int]) -> Alternative | None:
    """The look-ahead's best option for the seat that made ``play``, against what it played; ``before``:
    how many options each of the seat's earlier decisions offered (the look-ahead resumes from them)."""
    if play.seat == FACILITATOR or play.index > len(record.actions):
        return None
    state = record.states[play.index - 1]
    seat = record.game.current_player(state)
    if seat != play.seat:
        return None
    # Seeded and resumed as the seat's greedy bot would be: a greedy bot's play is judged on its own dealt world.
    bot = make_bot(LOOKAHEAD, seed=seat_seed(record.seed, record.opening.seats.index(seat)))
    bot.resume(before)
    decision: Decision = bot.decide(record.game, record.game.view(state, seat))
    actual = record.actions[play.index - 1]
    played = next((v for a, v in decision.scores if same_play(a, actual)), None)
    best = decision.score_of(decision.action)
    ahead = horizon_words(record.game)
    if played is None or best is None or same_play(decision.action, actual):
        return Alternative(play, seat, "", 0.0, ahead)
    return Alternative(play, seat, move_name(record.game.rules, decision.action), max(best - played, 0.0), ahead)


def result_paragraph(over: bool, winner: str | None, quarter: str, rows: list[tuple[str, float, float, float]]) -> str:
    """By how much the winner (or leader) is ahead, and each seat's score against its target
    (``rows``: seat, VP, target, margin); the verdict itself heads the report."""
    ranked = sorted(rows, key=lambda r: -r[3])
    standings = "; ".join(f"{seat_name(s)} {m:+.1f} ({vp:.1f} VP against a target of {t:.1f})"
                          for s, vp, t, m in ranked)
    lead = ""
    if len(ranked) > 1 and ranked[0][0] == winner:
        verb = "finished" if over else f"leads at {quarter},"
        lead = (f"{seat_name(winner)} {verb} {ranked[0][3] - ranked[1][3]:.1f} points of margin ahead of "
                f"{seat_name(ranked[1][0])}. ")
    return f"{lead}Margins over target, which decide the game: {standings}."


def drivers_paragraph(opening: dict[str, float], final: dict[str, float]) -> str:
    """How the model's main tracks moved from the opening to the end, and the levers that moved most."""
    def moved(path: str) -> str:
        return f"{value_text(path, opening[path])} to {value_text(path, final[path])}"

    lag_o, lag_f = opening["world.lag"], final["world.lag"]
    lag = ("China closed the capability lag" if lag_f < lag_o - 0.05 else
           "the US widened its lead" if lag_f > lag_o + 0.05 else "the capability lag held")
    dom = "rose" if final["china.domestic_share"] > opening["china.domestic_share"] else "fell"
    ratio_o = opening["us.effective_compute"] / max(opening["china.effective_compute"], 1e-9)
    ratio_f = final["us.effective_compute"] / max(final["china.effective_compute"], 1e-9)
    text = (f"Over the game {lag} (from {moved('world.lag')}); China's domestic chips' share of its compute "
            f"{dom} from {moved('china.domestic_share')}; the US lead in effective compute went from "
            f"{ratio_o:.1f}x to {ratio_f:.1f}x.")
    def relative(p: str) -> float:  # against the value, or a twentieth of the range for a lever that starts at 0
        var = VARIABLES[p]
        return abs(final[p] - opening[p]) / max(abs(opening[p]), (var.hi - var.lo) / 20, 1e-9)

    levers = sorted((p for p in LEVERS if p in opening and p in final), key=relative, reverse=True)
    shifts = [f"{variable_name(p)} from {moved(p)}" for p in levers[:2] if abs(final[p] - opening[p]) > 1e-6]
    if shifts:
        text += " The levers that moved most: " + "; ".join(shifts) + "."
    return text


def turns_paragraph(turns: list[Play]) -> str:
    """The turning points, each with what it changed by its quarter's close."""
    if not turns:
        return "No single play moved the game measurably; the model's trend and the news decided it."
    parts = [f"#{p.index} in {p.quarter}, {p.summary}" + (f" ({short_impact(p.impact)})" if p.impact else "")
             for p in turns]
    return f"The turning points: {'; '.join(parts)}."


def short_impact(impact: Impact) -> str:
    """What a play did to its quarter's close, in the few words that matter: ``lag -1.6 months, China +0.80 VP``."""
    parts = []
    if abs(impact.lag) >= 0.05:
        parts.append(f"lag {impact.lag:+.1f} months")
    if abs(impact.domestic) >= 0.005:
        parts.append(f"China's domestic share {impact.domestic * 100:+.1f} points")
    ranked = sorted(impact.vp.items(), key=lambda sv: -sv[1])
    if ranked and ranked[0][1] >= 0.005:
        parts.append(f"{seat_name(ranked[0][0])} {ranked[0][1]:+.2f} VP")
    if len(ranked) > 1 and ranked[-1][1] <= -0.005:
        parts.append(f"{seat_name(ranked[-1][0])} {ranked[-1][1]:+.2f} VP")
    return ", ".join(parts) or "no measurable change"
