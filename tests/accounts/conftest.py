"""A real SMTP server for the codes, a recording SMS gateway, rate counters emptied per test, and the small
province of the dossier tests for "my dossiers"."""

import logging

import pytest
from django.core.cache import cache

from tests.dossiers.conftest import applicant, documents, form_data, officers, procedure, province  # noqa: F401
from tests.notify.conftest import SmtpServer


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
def smtp(settings):
    """Codes go by real SMTP to this server (pytest-django would otherwise swap in the memory backend)."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.DEFAULT_FROM_EMAIL = "Dịch vụ công <dichvucong@dongnai.gov.vn>"
    yield server
    server.stop()


@pytest.fixture
def sms(settings):
    settings.LIENTHONG_SMS_GATEWAY = "tests.accounts.conftest.RecordingSmsGateway"
    RecordingSmsGateway.sent = []
    return RecordingSmsGateway.sent
