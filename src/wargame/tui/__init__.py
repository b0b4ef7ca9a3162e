"""The terminal interface (Textual): menus, the hot-seat game screen, the facilitator panel, replays.

Only ``run_app`` in :mod:`wargame.tui.app` is meant to be called from outside. The TUI never computes
rules: it asks the engine (``Game``) and shows what it says.
"""
