"""``python -m baiterek``: the command line (same as the ``baiterek`` script)."""

from baiterek.cli import main

main()
