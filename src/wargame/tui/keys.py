"""Every key binding of the TUI, in one registry (as Harlequin's ``actions.py``).

Screens take their ``BINDINGS`` from here, and the help screen prints this same table, so the
footer, the help and the code cannot disagree.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

#: The whole app: help and the command palette work on every screen.
APP: list[BindingType] = [
    Binding("question_mark", "show_rules", "Help", key_display="?"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True),
]

MENU: list[BindingType] = [
    Binding("n", "menu('new')", "New", show=False),
    Binding("c", "menu('continue')", "Continue", show=False),
    Binding("l", "menu('load')", "Load", show=False),
    Binding("r", "menu('replay')", "Replay", show=False),
    Binding("d", "menu('decks')", "Decks", show=False),
    Binding("m", "menu('simulate')", "Simulate", show=False),
    Binding("q", "menu('quit')", "Quit"),
]

BACK: list[BindingType] = [
    Binding("escape", "back", "Back"),
    Binding("q", "back", "Back", show=False),
]

GAME: list[BindingType] = [
    Binding("question_mark", "app.show_rules", "Help", key_display="?"),  # first: at 80 columns the last keys are cut
    Binding("e", "play_event", "Event"),
    Binding("o", "play_ops", "Ops"),
    Binding("s", "shelve", "Shelve"),
    Binding("p", "pass_turn", "Pass"),
    Binding("f", "facilitator", "Facilitator"),
    Binding("f2", "facilitator", "Facilitator", show=False),
    Binding("space", "toggle_timer", "Pause", show=False),  # (the clock above says when it is paused)
    Binding("ctrl+s", "save", "Save", priority=True),
    Binding("ctrl+z", "undo", "Undo", priority=True),
    Binding("ctrl+e", "export_report('html')", "Report"),
    Binding("plus,equals_sign", "bot_pace(-1)", "Bots faster", key_display="+", show=False),
    Binding("minus", "bot_pace(1)", "Bots slower", key_display="-", show=False),
    Binding("n", "next_bot_move", "Next bot move", show=False),
    Binding("l", "pane('log')", "Log", show=False),
    *(Binding(str(i), f"pane('{pane}')", label, show=False)
      for i, (pane, label) in enumerate((("hand", "Hand"), ("tracks", "Tracks"), ("race", "Race chart"),
                                         ("board", "Swing states"), ("log", "Event log")), start=1)),
    Binding("escape", "leave", "Menu"),
]

HANDOVER: list[BindingType] = [
    Binding("enter", "ready", "Ready", priority=True),
    Binding("f", "facilitator", "Facilitator", show=False),
]

PICKER: list[BindingType] = [
    Binding("escape", "cancel", "Cancel"),
]

FACILITATOR: list[BindingType] = [
    Binding("escape", "close", "Close"),
    Binding("1", "tab('tab-inject')", "Fire a card"),
    Binding("2", "tab('tab-override')", "Override"),
    Binding("3", "tab('tab-note')", "Note"),
    Binding("4", "tab('tab-control')", "Timer, bots, undo"),
    Binding("ctrl+z", "undo", "Undo", priority=True),
    Binding("ctrl+t", "toggle_timer", "Pause/resume"),
]

SAVES: list[BindingType] = [
    Binding("enter", "open_save", "Open", show=False),
    Binding("r", "replay_save", "Replay"),
    Binding("a", "replay_as_seat", "Replay as a seat"),
    Binding("f5", "refresh", "Refresh"),
    *BACK,
]

REPLAY: list[BindingType] = [
    Binding("right", "step(1)", "Step", priority=True),
    Binding("left", "step(-1)", "Step back", priority=True),
    Binding("right_square_bracket,pagedown", "seek_quarter(1)", "Next quarter", key_display="]", priority=True),
    Binding("left_square_bracket,pageup", "seek_quarter(-1)", "Prev quarter", key_display="[", priority=True),
    Binding("home", "seek_start", "Start", show=False, priority=True),
    Binding("end", "seek_end", "End", show=False, priority=True),
    Binding("g", "goto_quarter", "Go to quarter"),
    Binding("b", "branch", "Branch here"),
    *(Binding(str(i), f"pane('{pane}')", label, show=False)
      for i, (pane, label) in enumerate((("steps", "Steps"), ("changes", "What changed"), ("board", "Swing states"),
                                         ("tracks", "Tracks")), start=1)),
    Binding("ctrl+e", "export_report('html')", "Report"),
    *BACK,
]

DECKS: list[BindingType] = [
    Binding("v", "validate", "Validate"),
    Binding("slash", "focus_filter", "Filter", key_display="/"),
    *BACK,
]

RESULT: list[BindingType] = [
    Binding("ctrl+s", "save", "Save", priority=True),
    Binding("r", "replay", "Replay"),
    Binding("ctrl+e", "export_report('html')", "Report"),
    Binding("escape,q", "back", "Menu"),
]

#: What the help screen lists, by screen.
REGISTRY: dict[str, list[BindingType]] = {
    "Everywhere": APP,
    "Main menu": MENU,
    "Game": GAME,
    "Hand-over": HANDOVER,
    "Facilitator panel": FACILITATOR,
    "Saves": SAVES,
    "Replay": REPLAY,
    "Decks": DECKS,
    "Final scores": RESULT,
}


def bindings(place: str) -> list[Binding]:
    """The registry's bindings of one place, as ``Binding`` objects."""
    return [b if isinstance(b, Binding) else Binding(*b) for b in REGISTRY[place]]


def describe_key(binding: Binding) -> str:
    """The key as a person would type it."""
    if binding.key_display:
        return binding.key_display
    names = {"question_mark": "?", "slash": "/", "space": "Space", "escape": "Esc", "enter": "Enter",
             "minus": "-", "plus": "+", "right_square_bracket": "]", "left_square_bracket": "["}
    return " / ".join(names.get(k, k.replace("ctrl+", "Ctrl+").upper() if k.startswith("f") and k[1:].isdigit()
                                else k.replace("ctrl+", "Ctrl+")) for k in binding.key.split(","))
