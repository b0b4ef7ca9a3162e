"""The compiled batch simulator: whole games in numba, bit for bit the interactive engine's."""
