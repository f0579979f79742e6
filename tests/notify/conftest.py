"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, and the small province of the dossier
tests to receive dossiers in."""

import email
import email.policy
import logging
import socket
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive
from tests.dossiers.conftest import *  # noqa: F403 — province, officers, procedure, documents, applicant, form_data


class SmtpServer:
    """An SMTP server that can be stopped and started again on the same port, as a real one goes down and up."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list[tuple[list[str], EmailMessage]] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: N802 — aiosmtpd's hook name
        # Read as a mail client does: the wire's CRLF line ends become the local newline.
        message = email.message_from_bytes(envelope.content.replace(b"\r\n", b"\n"), policy=email.policy.default)
        self.received.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, server_hostname="localhost")
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


@pytest.fixture
def smtp(settings):
    """Django mails through real SMTP to this server (pytest-django would otherwise swap in the memory backend)."""
    # The server's thread logs each closed connection at INFO; after a test pytest has closed that log stream.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    server = SmtpServer()
    server.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.DEFAULT_FROM_EMAIL = "Trung tâm Phục vụ hành chính công <motcua@dongnai.gov.vn>"
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _templates_as_migrated(request):
    """Every message template's version 1, as the migrations seed them, for a test of the database: a transactional
    test that ran earlier on the same worker flushed them (pytest-django runs database tests before transactional
    ones, an order pytest-xdist's workers do not keep), and these tests read and switch off the seeded rows."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    transactional = "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    request.getfixturevalue("transactional_db" if transactional else "db")
    from lienthong.notify.letter_seed import TEMPLATES
    from lienthong.notify.letters import letter_template
    from lienthong.notify.models import MessageTemplate
    from lienthong.notify.notice_seed import NOTICE_TEMPLATES

    if not MessageTemplate.objects.exists():
        for kind, channel in {(kind, channel) for kind, channel, *_ in [*TEMPLATES, *NOTICE_TEMPLATES]}:
            letter_template(kind, channel)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """`outbox_dispatch.enqueue()` on commit runs the dispatch there and then, as a worker would a moment later."""
    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": queues}}


@pytest.fixture
def receive(province, officers, procedure, applicant, form_data, documents, django_capture_on_commit_callbacks):
    """Receive a dossier at the commune desk and run what its commit sets off (the outbox dispatch)."""

    def receive(**overrides):
        arguments = {
            "officer": officers["receiver@commune_centre"], "agency": province["commune_centre"],
            "version": procedure, "channel": Channel.COUNTER, "applicant": applicant, "form_data": form_data,
            "documents_present": documents,
        } | overrides  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            return dossier_receive(**arguments)

    return receive


# -- Zalo and SMS through the simulators (issue 15) ----------------------------------------------------------------

import datetime as dt  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

from django.core.cache import cache  # noqa: E402
from django.urls import reverse  # noqa: E402

from lienthong.core.http import public_url  # noqa: E402
from lienthong.notify.providers import _token_held  # noqa: E402
from lienthong.notify.simulator import SmsGateway, ZaloZns, provider_running  # noqa: E402

CALLBACK_TOKEN = "test-callback-token"


class Providers:
    """Both simulated providers, and the way their delivery reports reach our callback views."""

    def __init__(self, sms, zns, client) -> None:
        self.sms, self.zns, self.client = sms, zns, client

    def reports(self, *, repeat: int = 1) -> list[int]:
        """POST every waiting report (each `repeat` times, as a provider retrying); the status codes answered."""
        codes = []
        for provider in (self.zns, self.sms):
            for callback in provider.due_callbacks():
                url = urlsplit(callback.url)
                for _ in range(repeat):
                    response = self.client.post(f"{url.path}?{url.query}", data=callback.body,
                                                content_type="application/json", headers=callback.headers)  # fmt: skip
                    codes.append(response.status_code)
        return codes


@pytest.fixture
def providers(settings, client):
    """The SMS gateway and Zalo ZNS simulators on free ports, notify configured for them, rates off."""
    cache.clear()  # Zalo's remaining quota and the rate windows live in the cache
    _token_held.clear()  # and the OA token this process holds
    sms, zns = SmsGateway(), ZaloZns()
    zns_callback = public_url(reverse("notify:callback", args=["zns"]))
    with provider_running(sms) as sms_server, provider_running(zns, callback_url=zns_callback) as zns_server:
        settings.LIENTHONG_SMS_URL = sms_server.url
        settings.LIENTHONG_SMS_API_KEY, settings.LIENTHONG_SMS_SECRET_KEY = sms.API_KEY, sms.SECRET_KEY
        settings.LIENTHONG_SMS_BRANDNAME = sms.BRANDNAME
        settings.LIENTHONG_ZNS_URL = settings.LIENTHONG_ZNS_OAUTH_URL = zns_server.url
        settings.LIENTHONG_ZNS_APP_ID, settings.LIENTHONG_ZNS_SECRET_KEY = zns.APP_ID, zns.SECRET_KEY
        settings.LIENTHONG_ZNS_OA_SECRET, settings.LIENTHONG_ZNS_REFRESH_TOKEN = zns.OA_SECRET, zns.refresh_token
        settings.LIENTHONG_NOTIFY_CALLBACK_TOKEN = CALLBACK_TOKEN
        settings.LIENTHONG_NOTIFY_HTTP_TIMEOUT = 2.0
        settings.LIENTHONG_NOTIFY_RATES = {"sms": "off", "zns": "off"}
        yield Providers(sms, zns, client)
    cache.clear()


HCM_ZONE = dt.timezone(dt.timedelta(hours=7))
DAYTIME = dt.datetime(2026, 2, 13, 10, 0, tzinfo=HCM_ZONE)  # a Friday morning: no quiet hours


@pytest.fixture
def committed_supplement(officers, django_capture_on_commit_callbacks):
    """The desk asks for a supplement, and what its commit sets off runs."""
    from lienthong.dossiers.services import dossier_request_supplement

    def ask(dossier):
        with django_capture_on_commit_callbacks(execute=True):
            return dossier_request_supplement(officer=officers["receiver@commune_centre"], dossier=dossier,
                                              missing=["Sổ đỏ"], note="")  # fmt: skip

    return ask
