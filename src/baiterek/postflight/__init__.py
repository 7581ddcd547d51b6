"""Post-flight analysis: a flown mission beside what really happened (telemetry; issue 14)."""
