"""The command palette (Ctrl+P): the main actions of the menu and, in a game, of the game screen;
the after-action report wherever a game is shown (play, final scores, replay)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider


class ExerciseCommands(Provider):
    """Commands that make sense on the current screen, as in Posting's ``PostingProvider``."""

    def _commands(self) -> Iterator[tuple[str, Callable[[], Any], str]]:
        app: Any = self.app
        screen: Any = self.screen
        if hasattr(screen, "action_play_event"):
            yield "Game: play the card for its event", screen.action_play_event, "e"
            yield "Game: play the card for operations", screen.action_play_ops, "o"
            yield "Game: shelve the card", screen.action_shelve, "s"
            yield "Game: pass", screen.action_pass_turn, "p"
            yield "Facilitator: open the panel", screen.action_facilitator, "fire a card, override, note, pace"
            yield "Facilitator: undo the last action", screen.action_undo, "ctrl+z"
            yield "Facilitator: pause or resume the turn timer", screen.action_toggle_timer, "space"
            yield "Game: save the exercise", screen.action_save, "ctrl+s"
            yield "Game: bots faster", lambda: screen.action_bot_pace(-1), "+"
            yield "Game: bots slower", lambda: screen.action_bot_pace(1), "-"
        if hasattr(screen, "action_export_report"):
            yield ("Report: export the after-action report (HTML)", lambda: screen.action_export_report("html"),
                   "ctrl+e · one file in reports/")
            yield ("Report: export the after-action report (Markdown)", lambda: screen.action_export_report("md"),
                   "reports/, charts beside it")
        yield "Menu: new exercise", app.action_new_exercise, "scenario, seats and seed"
        yield "Menu: continue the latest unfinished exercise", app.action_continue_exercise, "resume where you left off"
        yield "Menu: load a save", app.action_load, "saved exercises"
        yield "Menu: replay a save", app.action_replays, "step, seek and branch"
        yield "Menu: decks", app.action_decks, "browse and validate cards"
        yield "Menu: simulate", app.action_simulate, "bots-only Monte-Carlo"
        yield "Help: rules, glossary and keys", app.action_show_rules, "?"
        yield "Quit", app.action_quit_app, "leave the program"

    async def discover(self) -> Hits:
        for name, run, help_text in self._commands():
            yield DiscoveryHit(name, run, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, run, help_text in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), run, help=help_text)
