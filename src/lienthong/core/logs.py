"""Log filters that keep a console readable (settings.LOGGING). A refused or missing page is an ordinary answer,
not a failure: its traceback tells an operator nothing. A background task's start and end are routine: the worker
would otherwise print two lines for every e-mail, sweep and heartbeat."""

import logging

from django.conf import settings

TASK_LOGGERS = ("django_tasks", "django_tasks_db")


class ClientErrorsInOneLine(logging.Filter):
    """A 4xx answer logged by Django (403 permission denied, 400 bad request, a suspicious host) keeps its one line
    and loses the traceback that `django.request` and `django.security` attach; a 5xx keeps everything."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if record.name.startswith(("django.request", "django.security")) and status is not None and status < 500:
            record.exc_info, record.exc_text = None, None
        return True


class RoutineTasksQuiet(logging.Filter):
    """The task worker's routine lines ("Task id=… state=RUNNING") are dropped unless LIENTHONG_LOG_TASKS is set;
    its warnings and failures always show."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING or settings.LIENTHONG_LOG_TASKS:
            return True
        return not record.name.startswith(TASK_LOGGERS)
