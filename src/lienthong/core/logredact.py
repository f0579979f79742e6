"""No query string in a log: the URLs a log line prints lose everything after their `?`.

Query strings carry personal data here — `/tra-cuu/?code=…&digits=…` (a dossier code with four digits of the
applicant's phone or identity number), `/api/v1/track?…`, `/backoffice/search/?q=…` (an identity number an officer
typed) — and logs are kept longer, copied further and read by more people than the database. Which parameters are
safe changes with every form, so none is kept: the path tells what was asked, `?…` that something was sent with it.

Two places print URLs: Python logging (Django's `django.request`/`django.server`, our own lines, their tracebacks),
filtered by `QueryStringsDropped` on every handler of settings.LOGGING; and gunicorn's access log (request line and
Referer), whose logger class is `GunicornLogger` (`lienthong start` passes GUNICORN_LOGGING_ARGS; a deployment that
runs gunicorn itself passes the same arguments, docs/configuration.md "Production").
"""

import logging
import re

from gunicorn.glogging import Logger

DROPPED = "?…"

# A path or an absolute URL, then a `?` and at least one character of query: only the query goes. A `?` after a
# word ("why?") or before a space is left alone.
_URL_QUERY = re.compile(r"((?:[a-zA-Z][a-zA-Z0-9+.-]*://[^\s/?#\"'<>]*)?/[^\s?#\"'<>]*)\?[^\s#\"'<>]+")


def query_strings_drop(text: str) -> str:
    """The text with every URL's query string replaced by `?…`."""
    if "?" not in text:
        return text
    return _URL_QUERY.sub(lambda match: match.group(1) + DROPPED, text)


class QueryStringsDropped(logging.Filter):
    """A handler's filter: the record's message, arguments and traceback lose their URLs' query strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 — a malformed record is logging's to report, not the filter's
            return True
        record.msg, record.args = query_strings_drop(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = query_strings_drop(record.exc_text)
        if record.stack_info:
            record.stack_info = query_strings_drop(record.stack_info)
        return True


class GunicornLogger(Logger):
    """gunicorn's logger with the access log's request line, query and Referer stripped of query strings, and
    the filter above on its error log (it prints request lines it could not parse)."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key, value in atoms.items():  # the request line, the Referer, and any header a custom format prints
            if isinstance(value, str):
                atoms[key] = query_strings_drop(value)
        for key in ("q", "{query_string}e"):
            if atoms.get(key):
                atoms[key] = "…"
        return atoms

    def setup(self, cfg):
        super().setup(cfg)
        if not any(isinstance(f, QueryStringsDropped) for f in self.error_log.filters):
            self.error_log.addFilter(QueryStringsDropped())


# The arguments that make gunicorn write its access log to standard output without query strings.
# The logger class always (gunicorn's error log may print a request line too); the access log only when asked for.
GUNICORN_LOGGER_ARGS = ["--logger-class", f"{__name__}.GunicornLogger"]
GUNICORN_LOGGING_ARGS = ["--access-logfile", "-", *GUNICORN_LOGGER_ARGS]
