"""A webhook's signing secret is stored encrypted (Fernet, core/encryption.py): the column never holds it, the
deliveries are still signed with the secret the system was given, and a key rotation keeps old rows readable."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from lienthong.core.encryption import InvalidToken, secret_decrypt, secret_encrypt
from lienthong.gateway.webhooks.models import WebhookSubscription
from tests.gateway.webhook_support import dossier_through_steps, receiver, run_tasks  # noqa: F401 — fixture

pytestmark = pytest.mark.django_db


def _stored(subscription_id: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret, previous_secret FROM gateway_webhooksubscription WHERE id = %s", [subscription_id]
        )
        return cursor.fetchone()


def test_the_column_holds_a_token_not_the_secret_shown_once(api):
    created = api.post("/webhooks", {"url": "https://motcua.example.vn/hooks"}).json()
    rotated = api.post(f"/webhooks/{created['id']}/rotate-secret").json()
    stored, stored_previous = _stored(created["id"])
    assert created["secret"] not in stored + stored_previous and rotated["secret"] not in stored + stored_previous
    assert not stored.startswith("whsec_") and secret_decrypt(stored) == rotated["secret"]
    assert secret_decrypt(stored_previous) == created["secret"]
    assert WebhookSubscription.objects.get().secret == rotated["secret"]


def test_deliveries_verify_with_the_secret_given_at_creation(api, local_procedure, new_dossier, receiver):  # noqa: F811
    created = api.post("/webhooks", {"url": receiver.url}).json()
    receiver.secret = created["secret"]
    dossier_through_steps(api, new_dossier, "MC-ENC-1", actions=("receive",))
    run_tasks()
    assert receiver.received and all(r.verified for r in receiver.received)


def test_after_a_key_rotation_old_rows_still_open_and_reencrypt_under_the_new_key(api, settings):
    settings.LIENTHONG_SECRETS_KEY = ["old-key-0123456789abcdef0123456789"]
    created = api.post("/webhooks", {"url": "https://motcua.example.vn/hooks"}).json()
    old_token = _stored(created["id"])[0]

    # when: a new key comes first, the old one kept to decrypt
    settings.LIENTHONG_SECRETS_KEY = ["new-key-fedcba9876543210fedcba9876", "old-key-0123456789abcdef0123456789"]
    from django.core.management import call_command

    call_command("webhook_secrets_reencrypt")

    # then: the row opens, and once re-encrypted it no longer needs the old key
    assert WebhookSubscription.objects.get().secret == created["secret"]
    assert _stored(created["id"])[0] != old_token
    settings.LIENTHONG_SECRETS_KEY = ["new-key-fedcba9876543210fedcba9876"]
    assert WebhookSubscription.objects.get().secret == created["secret"]
    with pytest.raises(InvalidToken):
        secret_decrypt(old_token)


def test_by_default_the_key_comes_from_secret_key_and_its_fallbacks(settings):
    settings.LIENTHONG_SECRETS_KEY = []
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "first-" + "x" * 50, []
    token = secret_encrypt("whsec_abc")
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = "second-" + "y" * 50, ["first-" + "x" * 50]
    assert secret_decrypt(token) == "whsec_abc"
    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(InvalidToken):
        secret_decrypt(token)


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_its_reverse_decrypts_them(system):
    before, after = [("gateway", "0002_webhooks")], [("gateway", "0003_webhook_secrets_encrypted")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO gateway_webhooksubscription (system_id, url, secret, previous_secret, kinds, is_active,"
                " created_at) VALUES (%s, 'https://a.vn/h', 'whsec_plain', '', '[]', %s, CURRENT_TIMESTAMP)",
                [system.pk, True],
            )
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        stored, previous = _stored(WebhookSubscription.objects.get().pk)
        assert stored != "whsec_plain" and secret_decrypt(stored) == "whsec_plain" and previous == ""

        MigrationExecutor(connection).migrate(before)
        assert _stored(WebhookSubscription.objects.values_list("pk", flat=True).get())[0] == "whsec_plain"
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
