"""Issue 11 (20): the access log showed a tracking code with its four digits, and identity numbers typed into the
officers' search. Gunicorn as `lienthong start` runs it, on a real database with a signed-in officer: after a
tracking request (page and API) and a search, its output holds neither the digits nor the identity number."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

from lienthong.core.logredact import GUNICORN_LOGGING_ARGS
from tests.processes import free_port, own_sqlite_environment

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="the server runs on its own SQLite database; once per suite is enough"
)

IDENTITY = "075190004321"
DIGITS = "4321"
CODE = "000.00.12.H19-260213-0007"
PASSWORD = "mat-khau-dai-123"


def _prepare_database(env: dict) -> None:
    lienthong = [sys.executable, "-m", "lienthong"]
    for argv in (["migrate", "-v0"], ["createsuperuser", "--noinput", "--username", "motcua", "--email", "a@b.vn"]):
        subprocess.run([*lienthong, *argv], env=env, check=True, capture_output=True, timeout=300)  # noqa: S603


def _sign_in(opener, base: str) -> None:
    page = opener.open(f"{base}/backoffice/login/", timeout=10).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "motcua", "password": PASSWORD})
    request = urllib.request.Request(  # noqa: S310 — our own loopback server
        f"{base}/backoffice/login/", data=form.encode(), headers={"Referer": base + "/"}
    )
    assert "/backoffice/" in opener.open(request, timeout=10).geturl()


def _wait_for(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).close()  # noqa: S310 — our own loopback server
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")


def _status(url: str, **headers: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as answer:  # noqa: S310
            return answer.status
    except urllib.error.HTTPError as answer:
        return answer.code


def test_tracking_and_an_officers_search_leave_no_digits_in_the_access_log(tmp_path):
    env = own_sqlite_environment(tmp_path, DJANGO_SUPERUSER_PASSWORD=PASSWORD)
    _prepare_database(env)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_file = tmp_path / "gunicorn.log"
    with log_file.open("w") as sink:
        server = subprocess.Popen(  # noqa: S603 — the web process of `lienthong start`, fixed argv
            [sys.executable, "-m", "gunicorn", "lienthong.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", *GUNICORN_LOGGING_ARGS],
            env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        _wait_for(f"{base}/api/v1/health")
        # when: a citizen tracks a dossier (page, its stylesheet, the API) and an officer searches an identity number
        query = urllib.parse.urlencode({"code": CODE, "digits": DIGITS})
        assert _status(f"{base}/tra-cuu/?{query}") == 404  # no such dossier: what matters is the request line
        assert _status(f"{base}/static/portal/portal.css", Referer=f"{base}/tra-cuu/?{query}") == 200
        assert _status(f"{base}/api/v1/track?{query}") == 404

        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        _sign_in(opener, base)
        assert opener.open(f"{base}/backoffice/search/?q={IDENTITY}", timeout=10).status == 200
        assert opener.open(f"{base}/backoffice/search/?q={IDENTITY}&page=2", timeout=10).status == 200
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    # then: the requests are logged, their query strings are not
    log = log_file.read_text()
    assert 'GET /tra-cuu/?… HTTP/1.1" 404' in log and 'GET /api/v1/track?… HTTP/1.1" 404' in log
    assert f'"{base}/tra-cuu/?…"' in log  # the stylesheet request's Referer
    assert log.count('GET /backoffice/search/?… HTTP/1.1" 200') == 2
    # the four digits as a number of their own: the server's random port or a pid may hold them inside a longer one
    # (port 43215 failed this once, with nothing leaked)
    assert not re.search(rf"(?<!\d){DIGITS}(?!\d)", log.replace(base, "")), log
    assert IDENTITY not in log and "H19-260213" not in log, log
