"""Issue 17: with LIENTHONG_CACHE_URL on Redis, two nodes agree — a rate limit counts the hits of both, and a
session signed in on one is read on the other from the shared cache (sessions are `cached_db` there). The second
node is another process with its own, empty database: what it knows, it read from Redis."""

import json
import subprocess
import sys
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from lienthong.cacheconfig import cache_config, session_engine
from lienthong.core.ratelimit import Rate, window_hit
from tests.processes import own_sqlite_environment, redis_test_url

REDIS_URL = redis_test_url()  # a database of the tests' own, one per worker
CACHED_DB = "django.contrib.sessions.backends.cached_db"

OTHER_NODE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.sessions.backends.cached_db import SessionStore
from lienthong.core.ratelimit import Rate, window_hit
key, session_key = sys.argv[1], sys.argv[2]
hits = [window_hit(key, Rate(4, 60)).allowed for _ in range(2)]
session = SessionStore(session_key=session_key).load()
print(json.dumps({"engine": settings.SESSION_ENGINE, "hits": hits, "user": session.get("_auth_user_id")}))
"""


def _redis_up() -> bool:
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.django_db
def test_a_limit_and_a_session_are_shared_by_two_nodes(settings, tmp_path):
    if not _redis_up():
        pytest.skip("no Redis server on 127.0.0.1:6379")
    # given this node on the shared Redis
    settings.CACHES = {"default": cache_config(url=REDIS_URL)}
    settings.SESSION_ENGINE = CACHED_DB
    key = f"shared-{uuid.uuid4().hex}"
    assert [window_hit(key, Rate(4, 60)).allowed for _ in range(3)] == [True, True, True]
    officer = get_user_model().objects.create_user("can-bo-mot-cua", password="mat-khau-dai-123")
    browser = Client()
    browser.force_login(officer)
    session_key = browser.cookies[settings.SESSION_COOKIE_NAME].value

    # when another node, with an empty database of its own, counts two more hits and reads the session
    env = own_sqlite_environment(tmp_path, DJANGO_SETTINGS_MODULE="lienthong.settings", LIENTHONG_CACHE_URL=REDIS_URL)
    other = subprocess.run(  # noqa: S603 — our own interpreter, fixed code
        [sys.executable, "-c", OTHER_NODE, key, session_key], env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert other.returncode == 0, other.stderr
    seen = json.loads(other.stdout.strip().splitlines()[-1])

    # then the limit counted this node's three hits (the fifth is refused) and the sign-in holds there too
    assert seen["hits"] == [True, False]
    assert seen["user"] == str(officer.pk)
    assert seen["engine"] == CACHED_DB  # chosen by the settings because the cache is Redis


def test_without_redis_sessions_are_read_from_the_database_alone():
    """A per-process cache would keep a signed-out session alive on the other nodes."""
    assert session_engine(cache=cache_config(url="")) == "django.contrib.sessions.backends.db"
    assert session_engine(cache=cache_config(url=REDIS_URL)) == CACHED_DB
