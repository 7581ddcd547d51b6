"""The service's limits: what one request or one client may ask for (all enforced with a 422 or
413 naming the field, before any work starts).

The numbers are operating choices of this service, not physics: a body of 64 KiB holds any
request the models accept many times over; 20,000 Monte Carlo samples take about 4 minutes on
one core at the kernel's ~12 ms per sample (``baiterek dispersion`` on Sunkar, measured here);
a 366-day window scan is a year of opportunities, the planning horizon of the public page.
"""

from __future__ import annotations

MAX_BODY_BYTES = 64 * 1024
"""Largest request body, bytes (413 above)."""

MAX_SAMPLES = 20_000
"""Most Monte Carlo samples one job may ask for."""

MAX_WINDOW_DAYS = 366.0
"""Longest launch-window scan one request or job may ask for, days."""

MAX_ACTIVE_JOBS_PER_CLIENT = 8
"""Most queued or running jobs one client (token, else address) may hold at once (429 above)."""

MAX_TEXT = 200
"""Longest free-text field (names, notes), characters."""

FEASIBILITY_CACHE_SIZE = 512
"""Solved feasibility answers kept in memory, by input hash."""

SSE_POLL_S = 0.5
"""How often the events stream looks at a job's row, s."""

SSE_MAX_S = 600.0
"""Longest an events stream stays open, s (the browser reconnects by itself)."""
