"""Performance: maximum payload to an orbit, payload curves, validation against published figures.

- ``payload``: ``max_payload``, ``max_payload_for_mission``, ``PerformanceResult`` (public);
  ``case.AscentCase`` (what a search shares), ``constraints`` (limits of the flight),
  ``reach`` (orbits out of reach), ``_direct`` / ``_parking`` / ``_trial`` (the searches),
  ``depletion`` (the payload solved with the guidance law).
- ``curves``: circular, sun-synchronous and apogee curves; ``grid`` (the points), ``curve_result``
  (``CurvePoint``, ``PayloadCurve``), ``_march`` and ``_processes`` (solving, in processes).
- ``validation``: the table against published figures; ``validation_cases`` loads
  ``data/validation/*.toml``.
"""
