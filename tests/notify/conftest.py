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
