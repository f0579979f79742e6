"""lienthong.settings for bench/sync: the production urlconf beside the baselines, and no per-key rate limit (one
system sends back to back; the limit would measure itself).

On PostgreSQL the bench creates its own database; LIENTHONG_BENCH_DB_NAME points the servers at it.
"""

import os

from lienthong.settings import *  # noqa: F403
from lienthong.settings import DATABASES

ROOT_URLCONF = "sync_app"
LIENTHONG_GATEWAY_KEY_RATE = "off"
if bench_db := os.environ.get("LIENTHONG_BENCH_DB_NAME"):
    DATABASES["default"]["NAME"] = bench_db
