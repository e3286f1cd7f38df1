"""The Redis cache (core.cache) against a real Redis: production's cache and the benches'."""

import uuid

import pytest
import redis

from core.cache import RedisCache

URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache():
    try:
        redis.Redis.from_url(URL).ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (.ci/run starts it)")
    cache = RedisCache(URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    yield cache
    client = redis.Redis.from_url(URL)
    for key in client.scan_iter(f"{cache.key_prefix}:*"):
        client.delete(key)


def test_incr_adds_to_a_counter_and_says_what_it_holds(redis_cache):
    redis_cache.set("generation", 5, timeout=None)

    assert redis_cache.incr("generation") == 6
    assert redis_cache.incr("generation", 10) == 16
    assert redis_cache.get("generation") == 16


def test_incr_of_a_missing_key_raises_value_error_and_makes_nothing(redis_cache):
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("never-set")

    assert redis_cache.get("never-set") is None


def test_incr_is_one_round_trip(redis_cache, monkeypatch):
    redis_cache.set("generation", 1, timeout=None)
    client = redis_cache._cache.get_client("generation", write=True)
    sent = []
    original = client.execute_command
    monkeypatch.setattr(
        client, "execute_command", lambda *args, **kw: sent.append(args[0]) or original(*args, **kw)
    )

    redis_cache.incr("generation")

    assert len(sent) == 1


def test_the_client_is_shared_between_calls(redis_cache):
    first = redis_cache._cache.get_client("a", write=True)

    assert redis_cache._cache.get_client("b", write=True) is first
