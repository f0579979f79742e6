"""One switch for HTTPS: LIENTHONG_PROFILE=production turns on secure cookies, HSTS and the HTTPS redirect; each can
be tuned (HSTS seconds, subdomains, preload, the proxy's scheme header), and the development profile keeps all off.
Settings are read at import, so each profile is read in a subprocess with its environment."""

import json
import os
import subprocess
import sys

import pytest
from django.test import override_settings

NAMES = [
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER",
]  # fmt: skip
READ = f"import json; from django.conf import settings as s; print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}}))"


def _settings(tmp_path, **environment: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith("LIENTHONG_")}
    env.update(DJANGO_SETTINGS_MODULE="lienthong.settings", LIENTHONG_DATA_DIR=str(tmp_path), **environment)
    result = subprocess.run(  # noqa: S603 — fixed argv
        [sys.executable, "-c", READ], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(result.stdout)


def test_the_production_profile_turns_https_on(tmp_path):
    values = _settings(tmp_path, LIENTHONG_PROFILE="production")
    assert values == {
        "DEBUG": False, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True, "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": False, "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
    }  # fmt: skip


def test_each_https_setting_can_be_tuned(tmp_path):
    values = _settings(
        tmp_path, LIENTHONG_PROFILE="production", LIENTHONG_HSTS_SECONDS="600",
        LIENTHONG_HSTS_INCLUDE_SUBDOMAINS="true", LIENTHONG_HSTS_PRELOAD="true",
        LIENTHONG_PROXY_SSL_HEADER="X-Forwarded-Proto: https", LIENTHONG_SSL_REDIRECT="false",
    )  # fmt: skip
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False


def test_the_development_profile_keeps_plain_http_working(tmp_path):
    values = _settings(tmp_path)
    assert not any(values[name] for name in NAMES)


# -- what a browser then receives ----------------------------------------------------------------------------------

HTTPS = {"SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31_536_000, "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
         "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}  # fmt: skip


@pytest.mark.django_db
@override_settings(**HTTPS)
def test_plain_http_is_redirected_and_https_answers_carry_hsts(client):
    redirected = client.get("/tra-cuu/")
    assert redirected.status_code == 301 and redirected["Location"].startswith("https://")

    answered = client.get("/tra-cuu/", headers={"X-Forwarded-Proto": "https"})
    assert answered.status_code == 200
    assert answered["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


@pytest.mark.django_db
@override_settings(**HTTPS)
def test_the_load_balancers_health_probe_is_not_redirected(client):
    assert client.get("/api/v1/health").status_code == 200
