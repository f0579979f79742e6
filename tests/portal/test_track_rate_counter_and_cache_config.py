"""The fixed-window counter behind the tracking limits, and the cache setting it counts in."""

import pytest
from django.core.cache import cache

from lienthong.cacheconfig import LOCMEM, REDIS, cache_config
from lienthong.core.ratelimit import Rate, rate_parse, window_hit, window_peek


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("text", "rate"),
    [("10/60", Rate(10, 60)), (" 20/3600 ", Rate(20, 3600)), ("off", None), ("", None), ("0/60", None)],
)
def test_a_rate_is_count_per_seconds_or_off(text, rate):
    assert rate_parse(text) == rate


@pytest.mark.parametrize("text", ["10", "ten/60", "10/0", "-1/60"])
def test_a_malformed_rate_is_an_error(text):
    with pytest.raises(ValueError, match="rate"):
        rate_parse(text)


def test_hits_are_allowed_up_to_the_count_then_refused_until_the_window_ends():
    rate = Rate(3, 60)
    verdicts = [window_hit("k", rate, now=1_000_050.5) for _ in range(4)]
    assert [v.allowed for v in verdicts] == [True, True, True, False]
    assert verdicts[-1].retry_after == 30  # the window is [1,000,020, 1,000,080): 29.5 s left, rounded up
    assert window_hit("k", rate, now=1_000_080).allowed  # a new window


def test_peeking_does_not_count():
    rate = Rate(2, 60)
    assert window_peek("k", rate, now=60).allowed
    window_hit("k", rate, now=60)
    assert window_peek("k", rate, now=61).count == 1
    window_hit("k", rate, now=62)
    assert not window_peek("k", rate, now=63).allowed


@pytest.mark.parametrize(
    ("url", "backend"),
    [("", LOCMEM), ("locmem://", LOCMEM), ("redis://127.0.0.1:6379/0", REDIS), ("rediss://cache:6380/1", REDIS)],
)
def test_the_cache_url_picks_the_backend(url, backend):
    assert cache_config(url=url)["BACKEND"] == backend


def test_an_unknown_cache_url_is_refused():
    with pytest.raises(ValueError, match="LIENTHONG_CACHE_URL"):
        cache_config(url="memcached://127.0.0.1:11211")
