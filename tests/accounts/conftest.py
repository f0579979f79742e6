"""A real SMTP server for the codes (the notify tests'), a recording SMS gateway, rate counters emptied per test,
and the small province of the dossier tests for "my dossiers"."""

import pytest
from django.core.cache import cache

from tests.dossiers.conftest import applicant, documents, form_data, officers, procedure, province  # noqa: F401

# The notify tests' real SMTP server: codes go through the same SMTP path as every other e-mail.
from tests.notify.conftest import smtp  # noqa: F401


class RecordingSmsGateway:
    """What a deployment plugs in as LIENTHONG_SMS_GATEWAY; this one keeps the messages instead of texting."""

    sent: list[tuple[str, str, str]] = []

    def send(self, *, to: str, code: str, purpose: str) -> None:
        RecordingSmsGateway.sent.append((to, code, purpose))


@pytest.fixture(autouse=True)
def _counters_afresh():
    cache.clear()  # rate-limit windows live in the local-memory cache, which outlives a test
    yield
    cache.clear()


@pytest.fixture
def sms(settings):
    settings.LIENTHONG_SMS_GATEWAY = "tests.accounts.conftest.RecordingSmsGateway"
    RecordingSmsGateway.sent = []
    return RecordingSmsGateway.sent
