"""LIENTHONG_PROFILE=production refuses the development key published with the source, and secrets at rest
encrypted under a key derived from SECRET_KEY: `lienthong check --deploy` fails on them and passes with real
settings; gunicorn's entry point (wsgi.py) refuses to serve. Outside production the demo's default keeps working.

The commands run in a subprocess with an environment, as an operator runs them: settings are read at import."""

import os
import secrets
import subprocess
import sys

import pytest

from lienthong.conf import DEVELOPMENT_SECRET_KEY
from lienthong.core.checks import deployment_check, production_profile_check

REAL_SECRET_KEY = secrets.token_urlsafe(50)
REAL_SECRETS_KEY = secrets.token_urlsafe(32)
REAL_AUDIT_KEY = secrets.token_urlsafe(32)


def _run(*argv: str, tmp_path, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("LIENTHONG_", "DATABASE_URL"))}
    env.update(LIENTHONG_DATA_DIR=str(tmp_path), **environment)
    return subprocess.run(  # noqa: S603 — our own command, fixed argv
        [sys.executable, *argv], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def _check_deploy(tmp_path, **environment: str) -> subprocess.CompletedProcess:
    return _run("-m", "lienthong", "check", "--deploy", tmp_path=tmp_path, **environment)


def test_check_deploy_in_production_fails_on_the_default_key_and_without_a_secrets_key(tmp_path):
    result = _check_deploy(tmp_path, LIENTHONG_PROFILE="production")
    assert result.returncode != 0
    assert "lienthong.E001" in result.stderr and "lienthong.E003" in result.stderr
    assert "lienthong.E006" in result.stderr  # the event log's digests sealed with the published key


def test_check_deploy_in_production_passes_with_real_settings(tmp_path):
    result = _check_deploy(
        tmp_path,
        LIENTHONG_PROFILE="production",
        LIENTHONG_SECRET_KEY=REAL_SECRET_KEY,
        LIENTHONG_SECRETS_KEY=REAL_SECRETS_KEY,
        LIENTHONG_AUDIT_KEY=REAL_AUDIT_KEY,
        LIENTHONG_ALLOWED_HOSTS="motcua.dongnai.gov.vn",
        LIENTHONG_CACHE_URL="redis://127.0.0.1:6379/0",  # not contacted by the checks
        LIENTHONG_HSTS_INCLUDE_SUBDOMAINS="true",
        LIENTHONG_HSTS_PRELOAD="true",
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_check_deploy_flags_the_default_key_outside_production_too(tmp_path):
    result = _check_deploy(tmp_path)
    assert result.returncode != 0
    assert "lienthong.E001" in result.stderr and "lienthong.W001" in result.stderr


def test_outside_production_the_default_key_keeps_every_command_working(tmp_path):
    result = _run("-m", "lienthong", "check", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr


def test_gunicorns_entry_point_refuses_the_default_key_in_production(tmp_path):
    refused = _run("-c", "import lienthong.wsgi", tmp_path=tmp_path, LIENTHONG_PROFILE="production")
    assert refused.returncode != 0
    assert "ImproperlyConfigured" in refused.stderr and "lienthong.E001" in refused.stderr

    served = _run(
        "-c", "import lienthong.wsgi", tmp_path=tmp_path, LIENTHONG_PROFILE="production",
        LIENTHONG_SECRET_KEY=REAL_SECRET_KEY, LIENTHONG_SECRETS_KEY=REAL_SECRETS_KEY,
        LIENTHONG_AUDIT_KEY=REAL_AUDIT_KEY,
    )  # fmt: skip
    assert served.returncode == 0, served.stderr


def test_a_misspelt_profile_is_refused_rather_than_taken_for_development(tmp_path):
    result = _run("-m", "lienthong", "check", tmp_path=tmp_path, LIENTHONG_PROFILE="prod")
    assert result.returncode != 0 and "LIENTHONG_PROFILE" in result.stderr


# -- each error, from the check functions themselves ---------------------------------------------------------------


def _ids(messages) -> set[str]:
    return {message.id for message in messages}


@pytest.fixture
def production(settings):
    settings.LIENTHONG_PRODUCTION = True
    settings.DEBUG = False
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = REAL_SECRET_KEY, []
    settings.LIENTHONG_SECRETS_KEY = [REAL_SECRETS_KEY]
    settings.LIENTHONG_AUDIT_KEY = [REAL_AUDIT_KEY]
    return settings


def test_real_keys_raise_nothing(production):
    assert production_profile_check() == []


@pytest.mark.parametrize(
    "weak",
    [DEVELOPMENT_SECRET_KEY, "django-insecure-" + secrets.token_urlsafe(50), secrets.token_urlsafe(20), "ab" * 30],
    ids=["development key", "django placeholder", "short", "repetitive"],
)
def test_a_weak_secret_key_is_error_e001(production, weak):
    production.SECRET_KEY = weak
    assert _ids(production_profile_check()) == {"lienthong.E001"}


def test_the_development_key_among_the_fallbacks_is_error_e002(production):
    production.SECRET_KEY_FALLBACKS = [DEVELOPMENT_SECRET_KEY]
    assert _ids(production_profile_check()) == {"lienthong.E002"}


def test_no_key_of_its_own_for_secrets_at_rest_is_error_e003(production):
    production.LIENTHONG_SECRETS_KEY = []
    assert _ids(production_profile_check()) == {"lienthong.E003"}


@pytest.mark.parametrize(
    "keys",
    [[REAL_SECRETS_KEY, "short-key"], [REAL_SECRET_KEY, REAL_SECRETS_KEY], [DEVELOPMENT_SECRET_KEY]],
    ids=["a short one", "the signing key encrypting", "the development key encrypting"],
)
def test_a_secrets_key_too_short_or_encrypting_with_a_signing_key_is_error_e004(production, keys):
    production.LIENTHONG_SECRETS_KEY = keys
    assert _ids(production_profile_check()) == {"lienthong.E004"}


def test_moving_off_the_derived_key_the_old_signing_key_may_still_decrypt_with_warning_w003(production):
    # given: secrets stored under the key derived from SECRET_KEY, a new key put first to re-encrypt them
    production.LIENTHONG_SECRETS_KEY = [REAL_SECRETS_KEY, production.SECRET_KEY]
    # then: the server runs (a warning is not serious) and says what is left to do
    (warning,) = production_profile_check()
    assert warning.id == "lienthong.W003" and not warning.is_serious()


def test_debug_pages_in_production_are_error_e005(production):
    production.DEBUG = True
    assert _ids(production_profile_check()) == {"lienthong.E005"}


def test_outside_production_only_check_deploy_reports_the_keys(settings):
    settings.LIENTHONG_PRODUCTION = False
    settings.SECRET_KEY, settings.LIENTHONG_SECRETS_KEY = DEVELOPMENT_SECRET_KEY, []
    assert production_profile_check() == []
    assert _ids(deployment_check()) == {"lienthong.E001", "lienthong.E003", "lienthong.E006", "lienthong.W001"}


def test_check_deploy_in_production_refuses_an_audit_key_shared_with_the_signing_key(tmp_path):
    result = _check_deploy(
        tmp_path, LIENTHONG_PROFILE="production", LIENTHONG_SECRET_KEY=REAL_SECRET_KEY,
        LIENTHONG_SECRETS_KEY=REAL_SECRETS_KEY, LIENTHONG_AUDIT_KEY=REAL_SECRET_KEY,
    )  # fmt: skip
    assert result.returncode != 0
    assert "lienthong.E006" in result.stderr and "lienthong.E001" not in result.stderr


def test_the_published_audit_key_is_error_e006(production):
    production.LIENTHONG_AUDIT_KEY = ["insecure-dev-audit-key-change-me-in-production"]
    assert _ids(production_profile_check()) == {"lienthong.E006"}
