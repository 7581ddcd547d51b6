"""baiterek: mission analysis for the Baiterek launch complex and other launchers."""

__version__ = "0.1.0"
