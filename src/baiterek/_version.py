"""The package version (one owner): read by ``baiterek.__init__`` and by provenance.

A leaf module, so that provenance (bottom layer) does not import the ``baiterek`` facade, which
re-exports the API (top layer).
"""

__version__ = "0.1.0"
