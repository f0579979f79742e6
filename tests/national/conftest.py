"""The connector against the simulated portal over real HTTP on a free port, and the small province of the dossier
tests to receive dossiers in. Tasks run at once (the immediate backend), so a test moves the clock and calls
`national_sync_due` to stand for a retry falling due."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from lienthong.core.events import unsubscribe
from lienthong.dossiers.constants import Channel
from lienthong.dossiers.services import dossier_receive
from lienthong.national.apps import national_subscribe
from lienthong.national.constants import SYNC_TOPIC
from lienthong.national.simulator import simulator_running
from tests.dossiers.conftest import *  # noqa: F403 — province, officers, procedure, documents, applicant, form_data

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TIMEOUT = 0.3  # seconds: a `delay` fault of a second is a timeout, and a test pays for it only once


def at(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=HCM)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    queues = settings.TASKS["default"].get("QUEUES", ["default"])
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": queues}}


@pytest.fixture
def portal(settings):
    """A simulated portal the connector is configured for and subscribed to."""
    with simulator_running() as sim:
        settings.LIENTHONG_NATIONAL_PORTAL_URL = sim.url
        settings.LIENTHONG_NATIONAL_USERNAME = sim.portal.username
        settings.LIENTHONG_NATIONAL_PASSWORD = sim.portal.password
        settings.LIENTHONG_NATIONAL_UNIT_CODE = "000.00.00.H19"
        settings.LIENTHONG_NATIONAL_TIMEOUT = TIMEOUT
        national_subscribe()
        try:
            yield sim
        finally:
            unsubscribe(SYNC_TOPIC)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and what its commit sets off: the outbox dispatch, and the connector's send after it."""

    def run(service, **arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**arguments)

    return run


@pytest.fixture
def receive(province, officers, procedure, applicant, form_data, documents, committed):
    """Receive a dossier at the commune desk, with everything its commit sets off."""

    def receive(**overrides):
        arguments = {
            "officer": officers["receiver@commune_centre"], "agency": province["commune_centre"],
            "version": procedure, "channel": Channel.COUNTER, "applicant": applicant, "form_data": form_data,
            "documents_present": documents,
        } | overrides  # fmt: skip
        return committed(dossier_receive, **arguments)

    return receive
