"""An ordinary 403 or 404 is an answer, not a failure: the console shows one line, never a traceback; a 500 keeps
its traceback."""

import io
import logging
import sys

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """The console handler settings.LOGGING installs, writing to a buffer for the test. The stream is swapped, not
    set with setStream, which flushes the old one first: an earlier test on the same worker may have configured
    logging while pytest captured stderr, leaving the handler a stream pytest has since closed."""
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    buffer = io.StringIO()
    previous, handler.stream = handler.stream, buffer
    yield buffer
    handler.stream = previous


def test_a_403_logs_one_warning_line(client, console):
    # given a signed-in user who holds no officer role
    client.force_login(get_user_model().objects.create_user("khach", password="x"))

    # when they open the back office
    response = client.get(reverse("backoffice:inbox"))

    # then they are refused, and the console says so in one line
    assert response.status_code == 403
    lines = console.getvalue().splitlines()
    assert lines == ["Forbidden (Permission denied): /backoffice/"], lines


def test_a_server_error_keeps_its_traceback(console):
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /", None, None)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.status_code = 500
    logging.getLogger("django.request").handle(record)
    assert "Traceback" in console.getvalue() and "RuntimeError: boom" in console.getvalue()


def test_the_task_workers_routine_lines_are_quiet_but_its_failures_show(console, settings):
    settings.LIENTHONG_LOG_TASKS = False
    logging.getLogger("django_tasks").info("Task id=1 path=x state=RUNNING")
    logging.getLogger("django_tasks_db").info("Starting worker worker_id=w queues=*")
    logging.getLogger("django_tasks").error("Task id=2 path=x state=FAILED")
    assert console.getvalue().splitlines() == ["Task id=2 path=x state=FAILED"]

    settings.LIENTHONG_LOG_TASKS = True
    logging.getLogger("django_tasks").info("Task id=3 path=x state=SUCCESSFUL")
    assert console.getvalue().splitlines()[-1] == "Task id=3 path=x state=SUCCESSFUL"
