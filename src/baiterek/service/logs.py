"""Structured logs: one JSON object per line on stderr (time UTC, level, logger, message, and any
``extra=`` fields such as method, path, status, duration_ms, job_id)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

_STD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line; an exception becomes its type and message only."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, Any] = {
            "time_utc": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        doc.update({k: v for k, v in vars(record).items() if k not in _STD})
        if record.exc_info and record.exc_info[1] is not None:
            doc["exception"] = f"{type(record.exc_info[1]).__name__}: {record.exc_info[1]}"
            doc["traceback"] = self.formatException(record.exc_info)
        return json.dumps(doc, default=str)


def configure(level: int = logging.INFO) -> None:
    """Route the ``baiterek.service`` loggers to stderr as JSON lines (idempotent)."""
    log = logging.getLogger("baiterek.service")
    if not any(isinstance(h.formatter, JsonFormatter) for h in log.handlers):
        h = logging.StreamHandler(sys.stderr)
        h.setFormatter(JsonFormatter())
        log.addHandler(h)
    log.setLevel(level)
    log.propagate = False
