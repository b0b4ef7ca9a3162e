"""The screens of the TUI, one per module; each is imported when it is first opened."""
