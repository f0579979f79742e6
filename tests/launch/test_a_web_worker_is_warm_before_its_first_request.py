"""A gunicorn worker loads `lienthong.wsgi` before it accepts a connection: by then the URL configuration with its
views and the charts' drawing library are imported, so the first officer or leader a fresh worker answers does not
wait for them (1–2.5 s on the demo, measured by the readiness view's profile, docs/performance.md)."""

import json
import os
import subprocess
import sys


def test_loading_the_wsgi_module_imports_the_views_and_the_chart_library(tmp_path):
    probe = (
        "import gc, json, sys; import lienthong.wsgi; "
        "print(json.dumps({name: name in sys.modules for name in "
        "['lienthong.reports.views', 'lienthong.portal.views', 'matplotlib.figure']} | "
        "{'frozen': gc.get_freeze_count()}))"
    )
    environment = os.environ | {"LIENTHONG_DATA_DIR": str(tmp_path)}
    environment.pop("DATABASE_URL", None)  # the probe touches no database; the embedded default keeps it local
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=environment, timeout=120)  # noqa: S603 — our own probe

    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    # what it loaded is frozen out of the garbage collector's reach: a full collection does not walk it again
    assert loaded.pop("frozen") > 100_000
    assert loaded == {"lienthong.reports.views": True, "lienthong.portal.views": True, "matplotlib.figure": True}
