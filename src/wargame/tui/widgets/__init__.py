"""Small widgets of the game and replay screens, one per module."""
