"""The Redis cache backend that keeps one client per pool (brigades.records.redis_cache), against
the real Redis of the PostgreSQL + Redis run (CELERY_BROKER_URL=redis://…); skipped elsewhere."""

import pytest
from django.conf import settings
from django.core.cache import caches

from brigades.records import caching

REDIS = getattr(settings, "CELERY_BROKER_URL", "") or ""

pytestmark = pytest.mark.skipif(not REDIS.startswith("redis://"), reason="needs Redis (the PostgreSQL + Redis run has it)")


@pytest.fixture
def redis_cache(settings):
    location = REDIS.rsplit("/", 1)[0] + "/12"  # not the suite's broker (15) nor the smoke run's (14)
    settings.CACHES = {
        "default": {"BACKEND": "brigades.records.redis_cache.RedisCache", "LOCATION": location},
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_the_cache_reads_and_writes_with_one_client(redis_cache):
    assert redis_cache._cache.get_client() is redis_cache._cache.get_client(write=True)
    assert redis_cache.get("missing") is None
    redis_cache.set("figures", {"open": 3}, 60)
    assert redis_cache.get("figures") == {"open": 3}
    assert redis_cache.add("figures", "other", 60) is False
    redis_cache.delete("figures")
    assert redis_cache.get("figures") is None


def test_the_data_version_moves_on_in_redis(redis_cache):
    before = caching.data_version()
    caching.data_changed()
    assert caching.data_version() == before + 1
