"""Standard Webhooks signatures (standardwebhooks.com): HMAC-SHA256 over "{id}.{timestamp}.{body}" with the
subscription's secret ("whsec_" + base64), sent as `webhook-signature: v1,<base64>` (several, space-separated,
while a rotated secret still signs)."""

import base64
import datetime as dt
import secrets

from standardwebhooks import Webhook

from lienthong.gateway.webhooks.constants import SECRET_BYTES, SECRET_PREFIX


def secret_generate() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def signed_headers(*, msg_id: str, at: dt.datetime, body: str, secrets_in_use: list[str]) -> dict[str, str]:
    """The three headers of a delivery sent at `at`, signed with every secret in use (the newest first)."""
    at = at.astimezone(dt.UTC)
    signatures = " ".join(Webhook(secret).sign(msg_id=msg_id, timestamp=at, data=body) for secret in secrets_in_use)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signatures,
        "Content-Type": "application/json",
    }
