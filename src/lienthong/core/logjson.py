"""Logs as one JSON object per line (LIENTHONG_LOG_FORMAT=json), for a log shipper: every record carries the id of
the request it was written in, so a request's lines can be found across nodes. The request line itself is written
by lienthong.ops.middleware with the route's name, never its path or query string (personal data)."""

import contextvars
import datetime as dt
import json
import logging

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("lienthong_request_id", default="")

# What a record carries by default, not worth repeating in every line.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if request_id := REQUEST_ID.get():
            line["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_") and key not in line:
                line[key] = value if isinstance(value, str | int | float | bool | type(None)) else str(value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)
