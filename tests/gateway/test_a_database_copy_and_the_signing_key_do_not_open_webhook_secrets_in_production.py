"""The attack of issue 11 (13): webhook signing secrets were encrypted under a key derived from SECRET_KEY, and the
default SECRET_KEY is public, so a copy of the database alone gave them away. In the production profile the key of
secrets at rest is LIENTHONG_SECRETS_KEY alone: neither the published key nor the deployment's real SECRET_KEY opens
a stored secret, and without LIENTHONG_SECRETS_KEY nothing is encrypted at all rather than under a derived key."""

import secrets

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from lienthong.conf import DEVELOPMENT_SECRET_KEY
from lienthong.core.encryption import fernet_key, secret_encrypt

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings):
    settings.LIENTHONG_PRODUCTION = True
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = secrets.token_urlsafe(50), []
    settings.LIENTHONG_SECRETS_KEY = [secrets.token_urlsafe(32)]
    return settings


def _stored_secret(subscription_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM gateway_webhooksubscription WHERE id = %s", [subscription_id])
        return cursor.fetchone()[0]


def test_neither_the_published_key_nor_secret_key_opens_a_stored_secret(api, production):
    # given: a subscription whose secret the system was shown once
    created = api.post("/webhooks", {"url": "https://motcua.example.vn/hooks"}).json()
    # when: someone holding the database tries the keys a SECRET_KEY-derived encryption would use
    token = _stored_secret(created["id"]).encode()
    for signing_key in (DEVELOPMENT_SECRET_KEY, production.SECRET_KEY):
        with pytest.raises(InvalidToken):
            Fernet(fernet_key(signing_key)).decrypt(token)
    # then: only LIENTHONG_SECRETS_KEY opens it
    assert Fernet(fernet_key(production.LIENTHONG_SECRETS_KEY[0])).decrypt(token).decode() == created["secret"]


def test_without_a_secrets_key_production_encrypts_nothing_under_a_derived_key(production):
    production.LIENTHONG_SECRETS_KEY = []
    with pytest.raises(ImproperlyConfigured, match="LIENTHONG_SECRETS_KEY"):
        secret_encrypt("whsec_abc")
