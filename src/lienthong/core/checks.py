"""System checks of the keys and the production profile (`lienthong check`, `lienthong check --deploy`).

With LIENTHONG_PROFILE=production these are errors of every management command (`start`, `migrate`, `check`) and,
through `wsgi.py`, of gunicorn's start: a deployment on the Internet does not run with the development key
published in the source (anyone could sign a result-download link with it) nor with secrets at rest encrypted under
a key derived from SECRET_KEY (one leaked key would open both). Outside production the same keys are what the demo
and the tests run with, so only `check --deploy` reports them — as errors, since that command asks about a
deployment.
"""

from django.conf import settings
from django.core import checks
from django.core.checks.security.base import SECRET_KEY_INSECURE_PREFIX, SECRET_KEY_MIN_LENGTH

from lienthong.cacheconfig import cache_is_shared
from lienthong.conf import DEVELOPMENT_SECRET_KEY

TAG = "lienthong_security"
SECRETS_KEY_MIN_LENGTH = 32
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 10  # Django asks 5; a random key of 50 characters has ~40


def secret_key_is_weak(key: str) -> bool:
    """The published development key, Django's insecure placeholder, or a key too short or too repetitive to be
    random."""
    return (
        key == DEVELOPMENT_SECRET_KEY
        or "insecure" in key.lower()
        or key.startswith(SECRET_KEY_INSECURE_PREFIX)
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    )


def _key_errors() -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    generate = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    if secret_key_is_weak(settings.SECRET_KEY):
        errors.append(
            checks.Error(
                "LIENTHONG_SECRET_KEY is the development key published with the source code, or too weak (fewer "
                f"than {SECRET_KEY_MIN_LENGTH} characters or {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different ones): "
                "anyone could sign links and cookies this server trusts.",
                hint=f"Set LIENTHONG_SECRET_KEY to a new random value, e.g. the output of {generate}.",
                id="lienthong.E001",
            )
        )
    if any(secret_key_is_weak(key) for key in settings.SECRET_KEY_FALLBACKS):
        errors.append(
            checks.Error(
                "LIENTHONG_SECRET_KEY_FALLBACKS lists the development key or a weak one: what it signed is still "
                "trusted.",
                hint="Remove it from LIENTHONG_SECRET_KEY_FALLBACKS.",
                id="lienthong.E002",
            )
        )
    secrets_keys = list(settings.LIENTHONG_SECRETS_KEY)
    if not secrets_keys:
        errors.append(
            checks.Error(
                "LIENTHONG_SECRETS_KEY is empty: the secrets stored in the database (webhook signing secrets) would "
                "be encrypted under a key derived from LIENTHONG_SECRET_KEY.",
                hint=f"Set LIENTHONG_SECRETS_KEY to a random value of its own, e.g. the output of {generate}; if "
                "webhook secrets were stored under the derived key, list the old LIENTHONG_SECRET_KEY after it and "
                "run `lienthong webhook_secrets_reencrypt` (docs/configuration.md, Production).",
                id="lienthong.E003",
            )
        )
    signing_keys = {settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS, DEVELOPMENT_SECRET_KEY}
    if secrets_keys and (
        any(len(key) < SECRETS_KEY_MIN_LENGTH for key in secrets_keys) or secrets_keys[0] in signing_keys
    ):
        errors.append(
            checks.Error(
                f"A key of LIENTHONG_SECRETS_KEY is shorter than {SECRETS_KEY_MIN_LENGTH} characters, or the first "
                "one (which encrypts) is a signing key (LIENTHONG_SECRET_KEY, a fallback or the development key).",
                hint="Each key of LIENTHONG_SECRETS_KEY must be a random value used for nothing else.",
                id="lienthong.E004",
            )
        )
    elif any(key in signing_keys for key in secrets_keys[1:]):
        # Moving secrets off the key derived from SECRET_KEY: that key stays listed, to decrypt, until re-encrypted.
        errors.append(
            checks.Warning(
                "LIENTHONG_SECRETS_KEY still lists a signing key (LIENTHONG_SECRET_KEY, a fallback or the development "
                "key) to decrypt secrets stored under it: whoever has that key and the database reads them.",
                hint="Run `lienthong webhook_secrets_reencrypt`, then remove that key from LIENTHONG_SECRETS_KEY.",
                id="lienthong.W003",
            )
        )
    errors += _audit_key_errors(signing_keys | set(secrets_keys))
    return errors


def _audit_key_is_weak(key: str) -> bool:
    """As short a key as the secrets key's (32) will do: it only seals, it signs nothing a visitor sees."""
    return (
        "insecure" in key.lower()
        or len(key) < SECRETS_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    )


def _audit_key_errors(other_keys: set[str]) -> list[checks.CheckMessage]:
    """The key sealing the event log's digests must be the deployment's own: with the published development key,
    anyone with database access could rewrite a dossier's history and reseal it (docs/dossiers.md, audit)."""
    audit_keys = list(settings.LIENTHONG_AUDIT_KEY)
    if audit_keys and not any(_audit_key_is_weak(key) or key in other_keys for key in audit_keys):
        return []
    return [
        checks.Error(
            "LIENTHONG_AUDIT_KEY is empty, the development key published with the source code, too weak, or the same "
            "as a signing or secrets key: whoever can write the database could rewrite a dossier's history and "
            "reseal its digests.",
            hint="Set LIENTHONG_AUDIT_KEY to a random value of its own (e.g. the output of "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'), kept out of the database's reach.",
            id="lienthong.E006",
        )
    ]


@checks.register(checks.Tags.security, TAG)
def production_profile_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """In the production profile: real keys, and no debug pages (they show settings and source to anyone)."""
    if not settings.LIENTHONG_PRODUCTION:
        return []
    errors = _key_errors()
    if settings.DEBUG:
        errors.append(
            checks.Error(
                "LIENTHONG_DEBUG is on in the production profile: error pages would show settings and source code.",
                hint="Unset LIENTHONG_DEBUG.",
                id="lienthong.E005",
            )
        )
    return errors


@checks.register(checks.Tags.security, TAG, deploy=True)
def deployment_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy` outside production: the keys are a deployment's first question, and the profile that turns
    on secure cookies, HSTS and the HTTPS redirect is off."""
    if settings.LIENTHONG_PRODUCTION:
        return []  # production_profile_check has said it all
    return [
        *_key_errors(),
        checks.Warning(
            "LIENTHONG_PROFILE is not 'production': cookies are not marked secure, no HSTS header is sent and plain "
            "HTTP is not redirected to HTTPS.",
            hint="Set LIENTHONG_PROFILE=production (docs/configuration.md, Production).",
            id="lienthong.W001",
        ),
    ]


@checks.register(checks.Tags.caches, TAG, deploy=True)
def shared_cache_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Sign-in and tracking limits count in the cache: in each process's memory, every gunicorn worker counts on its
    own and a limit is multiplied by their number."""
    if cache_is_shared(settings.CACHES):
        return []
    return [
        checks.Warning(
            "LIENTHONG_CACHE_URL is empty: rate limits (sign-in, tracking) count in each process's memory, so every "
            "web worker and machine allows the full number of attempts.",
            hint="Set LIENTHONG_CACHE_URL to a Redis server shared by every process, e.g. redis://127.0.0.1:6379/0.",
            id="lienthong.W002",
        )
    ]


def serious_problems() -> list[checks.CheckMessage]:
    """The errors above, for an entry point that runs no management command (gunicorn through wsgi.py)."""
    return [message for message in checks.run_checks(tags=[TAG]) if message.is_serious()]
