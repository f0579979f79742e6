"""lienthong.settings for bench/track: the production urlconf beside a bare view, and no tracking rate limit (every
request of the load generator comes from one address).

On PostgreSQL the bench creates its own database; LIENTHONG_BENCH_DB_NAME points the servers at it.
"""

import os

from lienthong.settings import *  # noqa: F403
from lienthong.settings import DATABASES

ROOT_URLCONF = "track_app"
LIENTHONG_TRACK_RATE_PER_IP = "off"
LIENTHONG_TRACK_RATE_PER_CODE = "off"
if bench_db := os.environ.get("LIENTHONG_BENCH_DB_NAME"):
    DATABASES["default"]["NAME"] = bench_db
