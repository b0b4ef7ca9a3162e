"""Packaging hook: the shipped decks and scenarios go inside the package when a wheel is built.

They stay at the repository's root (``decks/``, ``scenarios/``), where deck authors find them, and
are copied into ``wargame/content/shipped/`` of the build, so that an installed ``wargame`` plays
them from any folder. An editable install reads them from the repository instead.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("decks", "scenarios")


class BuildWithContent(build_py):
    """``build_py`` that also copies the shipped content into the built package."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        for name in SHIPPED:
            target = Path(self.build_lib, "wargame", "content", "shipped", name)
            self.mkpath(str(target))
            for source in sorted(Path(name).glob("*.yaml")):
                self.copy_file(str(source), str(target / source.name))


setup(cmdclass={"build_py": BuildWithContent})
