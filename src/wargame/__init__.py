"""Compute Race: a card-driven strategy game of the US-China AI compute race."""

__version__ = "0.1.0"
