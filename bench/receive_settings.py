"""lienthong.settings for bench/receive: the same middleware, database options and apps, the bench's urlconf.

On PostgreSQL the bench creates its own database; LIENTHONG_BENCH_DB_NAME points the servers at it.
"""

import os

from lienthong.settings import *  # noqa: F403
from lienthong.settings import DATABASES

ROOT_URLCONF = "receive_app"
if bench_db := os.environ.get("LIENTHONG_BENCH_DB_NAME"):
    DATABASES["default"]["NAME"] = bench_db
