"""Rules and help: the rules in short, the card glossary, and every key binding (from the registry)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Markdown, TabbedContent, TabPane

from wargame.tui import keys
from wargame.tui.screens.closing import DismissOnce

RULES = """\
# Compute Race in short

**The seats.** *US* (Washington and the hyperscalers) wants to keep a frontier capability lead and its allies,
at a bearable cost. *China* (Beijing and its champions) wants to close the gap and make its own AI chips.
The *firm* (an allied foundry or data-centre builder) wants revenue from both markets without being
sanctioned by either. The *facilitator* runs the exercise: injects, adjudication, the clock.

**The board.** Swing states, each aligned from −3 (China) to +3 (US), weighted by their share of world
AI-compute demand. Alignment feeds market access, chip supply and victory points.

**A quarter.**
1. *News* — the scenario's injects for the quarter fire, then a world card is drawn and resolved.
2. *Income* — each seat gets its budget ($B) and political capital (PC); hands are refilled.
3. *Headline* — every seat picks one card in secret; they are revealed together and resolved in order
   of ops value.
4. *Action rounds* — seats act in order, usually two rounds. Each turn: play a card, or pass.
   - **Event**: your own or a neutral card, paying its cost.
   - **Ops**: any card, for its ops value — *influence* (a swing state one step toward you per 2 ops; the firm calms one toward neutral),
     *invest* (capex this quarter) or *lobby* (+1 PC per op). An **opponent's** card played for ops fires
     the opponent's event too, unless the card is a decision only its owner can take (it says so).
   - **Shelve**: once a quarter, discard a card unplayed, without its event.
5. *Economy* — the model advances a quarter: capex buys chips, compute accumulates, the lag moves.
6. *Scoring* — victory points from each seat's objectives; sudden death is checked.

**Winning.** Sudden death: China reaches parity; the US holds a decisive lead with aligned swing states;
the firm is sanctioned by both sides. Otherwise, at the end, the best score against its target wins.

**Hidden hands.** Only the seat to act sees its hand. When the keyboard passes to another team, a
hand-over screen hides everything until that team presses Enter.
"""

GLOSSARY = """\
# Card glossary

| term | meaning |
|---|---|
| **faction** | whose card it is: `us`, `china`, `firm`, `any` (neutral) or `world` (news events) |
| **type** | `policy`, `capex`, `alliance` or `event` |
| **cost** | what playing the event costs: $B of budget and/or political capital (PC) |
| **ops** | the card's value when played for operations (0–4) |
| **requires** | conditions that must hold to play the event |
| **effects** | what the event does, in plain words on the card |
| **sources** | the facts (ids from `facts.yaml`) behind the card's numbers; `A` marks an assumption |
| **headline** | the card a seat commits in secret at the start of a quarter |
| **influence** | ops used to shift a swing state one step toward you per 2 ops (the firm: toward neutral) |
| **invest** | ops used as capex this quarter ($B per op set by the scenario) |
| **lobby** | ops used for +1 political capital each |
| **shelve** | discard a card unplayed, once a quarter |
| **temporary** | an effect that lasts a number of quarters, then ends |
| **chance** | an effect that happens with a stated probability, drawn from the game's seed |

## Effects, in the deck files' words

`add`, `mul` and `set` change a model variable (kept within its bounds); `modify` changes one for some
quarters; `transfer` moves an amount between two; `draw` and `discard` move cards; `shift` moves a swing
state's alignment (`state: choose` lets the player pick); `chance` and `if` branch.

## The tracks

| track | what it is |
|---|---|
| capability lag | months by which China's frontier trails the US (below zero: China leads) |
| compute | installed AI compute, in CU (1 CU = 1% of the world's AI compute at the end of 2025) |
| effective compute | installed compute × algorithmic efficiency × alliances |
| domestic share | share of China's installed compute on domestic chips |
| export controls | stringency × enforcement of US controls on AI chips |
| capex | AI capital spending per quarter |
| budget, PC | what each seat can spend on card costs |
| victory points | each seat's score so far |
"""


def keys_markdown() -> str:
    """Every binding of the registry, by screen."""
    lines = ["# Keys", "", "The footer of each screen shows its main keys; Ctrl+P opens the command palette.", "",
             "To say why you make a play, press Enter on the card and type before you choose: the note goes "
             "into the log and the after-action report (Ctrl+E), and stays secret for a headline pick.", ""]
    for place in keys.REGISTRY:
        lines += [f"## {place}", "", "| key | does |", "|---|---|"]
        seen: set[str] = set()
        for binding in keys.bindings(place):
            if binding.description in seen:
                continue
            seen.add(binding.description)
            lines.append(f"| `{keys.describe_key(binding)}` | {binding.description} |")
        lines.append("")
    return "\n".join(lines)


class RulesScreen(DismissOnce, Screen[None]):
    """Three tabs: rules, glossary, keys."""

    BINDINGS = keys.BACK

    def compose(self) -> ComposeResult:
        yield Label("Rules and help", classes="title")
        with TabbedContent():
            with TabPane("Rules", id="rules-tab"):
                yield VerticalScroll(Markdown(RULES))
            with TabPane("Card glossary", id="glossary-tab"):
                yield VerticalScroll(Markdown(GLOSSARY))
            with TabPane("Keys", id="keys-tab"):
                yield VerticalScroll(Markdown(keys_markdown()))
        yield Footer()

    def action_back(self) -> None:
        self.dismiss()
