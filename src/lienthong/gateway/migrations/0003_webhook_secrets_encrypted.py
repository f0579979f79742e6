"""Webhook signing secrets encrypted at rest (core/encryption.py): the columns become text (a Fernet token is
longer than the secret), the stored secrets are encrypted in place, then the fields read and write through the
encryption. Reversed, the secrets are decrypted back (with the keys configured at that moment)."""

from django.db import migrations, models

import lienthong.core.encryption

FIELDS = ("secret", "previous_secret")


def _convert(apps, convert) -> None:
    # The historical model's fields here are plain text fields (between the two AlterFields): raw values.
    subscriptions = apps.get_model("gateway", "WebhookSubscription").objects
    for row in subscriptions.only(*FIELDS).iterator():
        changes = {name: convert(getattr(row, name)) for name in FIELDS if getattr(row, name)}
        if changes:
            subscriptions.filter(pk=row.pk).update(**changes)


def encrypt(apps, schema_editor) -> None:
    _convert(apps, lienthong.core.encryption.secret_encrypt)


def decrypt(apps, schema_editor) -> None:
    _convert(apps, lienthong.core.encryption.secret_decrypt)


class Migration(migrations.Migration):
    dependencies = [
        ("gateway", "0002_webhooks"),
    ]

    operations = [
        migrations.AlterField(model_name="webhooksubscription", name="secret", field=models.TextField(editable=False)),
        migrations.AlterField(
            model_name="webhooksubscription", name="previous_secret", field=models.TextField(blank=True, editable=False)
        ),
        migrations.RunPython(encrypt, decrypt),
        migrations.AlterField(
            model_name="webhooksubscription",
            name="secret",
            field=lienthong.core.encryption.EncryptedTextField(editable=False),
        ),
        migrations.AlterField(
            model_name="webhooksubscription",
            name="previous_secret",
            field=lienthong.core.encryption.EncryptedTextField(blank=True, editable=False),
        ),
    ]
