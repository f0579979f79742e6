"""Issue 11 (20): query strings carry personal data, so no log keeps one. The handlers of settings.LOGGING (what
`django.server`, `django.request` and our own lines go through, tracebacks included) print a URL's path and `?…`;
gunicorn's access log does the same through its logger class, which `lienthong start` passes (the server itself is
driven in tests/e2e/test_access_log_keeps_no_personal_data.py)."""

import io
import logging
import subprocess
from contextlib import contextmanager

import pytest

from lienthong.core.logredact import GUNICORN_LOGGING_ARGS, QueryStringsDropped, query_strings_drop

IDENTITY = "075190004321"
TRACK = "/tra-cuu/?code=000.00.12.H19-260213-0007&digits=4321"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f'"GET {TRACK} HTTP/1.1" 200 512', '"GET /tra-cuu/?… HTTP/1.1" 200 512'),
        (
            f"https://motcua.dongnai.gov.vn/backoffice/search/?q={IDENTITY}",
            "https://motcua.dongnai.gov.vn/backoffice/search/?…",
        ),
        (f"/backoffice/login/?next=/backoffice/search/%3Fq%3D{IDENTITY}", "/backoffice/login/?…"),
        ("GET /?q=1", "GET /?…"),
        ("why? /static/x.css is fine", "why? /static/x.css is fine"),
    ],
)
def test_a_urls_query_string_is_dropped_and_nothing_else(text, expected):
    assert query_strings_drop(text) == expected


@contextmanager
def _output_of(logger_name: str):
    """What the handlers configured by settings.LOGGING print for `logger_name`, through their filters."""
    logger = logging.getLogger(logger_name)
    handlers = [h for h in (logger.handlers or logging.getLogger().handlers) if h.filters]
    assert handlers and all(any(isinstance(f, QueryStringsDropped) for f in h.filters) for h in handlers)
    stream = io.StringIO()
    # not setStream(): it flushes the old stream, which may be a capture pytest has closed since Django set up logging
    previous = [handler.stream for handler in handlers]
    for handler in handlers:
        handler.stream = stream
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.stream = old


def test_the_development_servers_request_line_loses_its_query():
    with _output_of("django.server") as output:
        logging.getLogger("django.server").info('"%s" %s %s', f"GET {TRACK} HTTP/1.1", "200", "512")
    assert "GET /tra-cuu/?… HTTP/1.1" in output.getvalue() and "4321" not in output.getvalue()


def test_a_line_and_its_traceback_lose_the_query_of_every_url_they_print():
    with _output_of("lienthong.anything") as output:
        try:
            raise ValueError(f"cannot answer /backoffice/search/?q={IDENTITY}")
        except ValueError:
            logging.getLogger("lienthong.anything").exception(
                "while serving %s", f"/api/v1/track?digits=4321&x={IDENTITY}"
            )
    printed = output.getvalue()
    assert "while serving /api/v1/track?…" in printed and "cannot answer /backoffice/search/?…" in printed
    assert IDENTITY not in printed and "4321" not in printed


def test_django_no_longer_mails_or_prints_requests_past_the_filter():
    assert logging.getLogger("django").handlers == []  # its records reach the root's filtered handler


def test_start_runs_gunicorn_with_the_access_log_that_drops_query_strings(monkeypatch):
    from lienthong.launch.management.commands import start

    started = []
    monkeypatch.setattr(start.subprocess, "Popen", lambda argv: started.append(argv) or subprocess.Popen)
    start.Command()._spawn({"host": "127.0.0.1", "port": 8713, "web_workers": 1, "web_threads": 2, "access_log": True})
    (web,) = [argv for argv in started if "gunicorn" in argv]
    assert "--logger-class lienthong.core.logredact.GunicornLogger" in " ".join(web)
    assert "--access-logfile -" in " ".join(web)
    assert "lienthong.core.logredact.GunicornLogger" in GUNICORN_LOGGING_ARGS
