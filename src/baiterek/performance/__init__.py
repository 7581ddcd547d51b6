"""Performance: maximum payload to an orbit, payload curves, validation against published figures."""
