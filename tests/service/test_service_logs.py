"""Structured logs: each record is one JSON line with the UTC time, level, logger, message and
its extra fields; an exception is named, with its traceback kept in the log (never a reply)."""

from __future__ import annotations

import json
import logging

from baiterek.service.logs import JsonFormatter


def test_a_record_is_one_json_line_with_its_fields() -> None:
    rec = logging.LogRecord(
        "baiterek.service.http", logging.INFO, __file__, 1, "request", None, None
    )
    rec.path, rec.status = "/feasibility", 200  # what access_log passes as extra=
    line = JsonFormatter().format(rec)
    doc = json.loads(line)
    assert "\n" not in line
    assert doc["level"] == "info" and doc["message"] == "request" and doc["status"] == 200
    assert doc["time_utc"].endswith("+00:00")


def test_an_exception_is_named_and_its_traceback_kept() -> None:
    try:
        raise RuntimeError("boom")
    except RuntimeError as e:
        rec = logging.LogRecord("x", logging.ERROR, __file__, 1, "unhandled error", None,
                                (type(e), e, e.__traceback__))  # fmt: skip
    doc = json.loads(JsonFormatter().format(rec))
    assert doc["exception"] == "RuntimeError: boom" and "Traceback" in doc["traceback"]
