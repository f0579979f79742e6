"""WSGI entry point for gunicorn."""

import gc
import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
application = get_wsgi_application()


def _refuse_insecure_production() -> None:
    """gunicorn runs no management command, hence no system check: the production profile's errors (the
    development key, no key of its own for secrets at rest; core/checks.py) stop the worker here instead."""
    from lienthong.core.checks import serious_problems

    if problems := serious_problems():
        raise ImproperlyConfigured("\n".join(f"{problem.id}: {problem.msg} {problem.hint}" for problem in problems))


_refuse_insecure_production()


def _warm() -> None:
    """What every first request of a fresh worker would otherwise pay, paid as it starts (gunicorn loads this module
    in each worker before it accepts a connection): the URL configuration with every view module it imports (about
    a second), and the charts' drawing library. A worker restarted under load answers its first request at once."""
    from django.urls import get_resolver

    from lienthong.core.charts import charts_warm

    get_resolver().url_patterns  # noqa: B018 — the property imports the URL configuration and every view
    charts_warm()


_warm()
# Everything loaded so far (~280,000 objects) lives as long as the worker: moved out of the collector's generations,
# a full collection no longer walks it (one such collection cost 0.66 s inside a bulk batch in bench/sync's profile,
# docs/performance.md, seventh round). Objects made by requests are collected as before.
gc.freeze()
