"""The public API's implementation, one job per module (re-exported by ``baiterek.api``).

Each module holds one function and its result class; ``_result.py`` what every result shares,
``_inputs.py`` the conversions from the CLI's units (km, deg, UTC strings, ids) to the core's.
"""
