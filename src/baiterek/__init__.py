"""baiterek: mission analysis for the Baiterek launch complex and other launchers."""

from baiterek._version import __version__

__all__ = ["__version__"]
