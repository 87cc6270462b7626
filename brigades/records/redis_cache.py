"""Django's Redis cache backend, with one client object per connection pool.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache call; its
constructor fills a table of ~2 900 response callbacks. The home page reads the cache 17 times, so
that was 17 ms of its 115 ms under the profiler, ~15 % of the CPU of every cached page (bench/README.md).
A `redis.Redis` is safe to share between threads (it takes a connection from its pool per command),
so one per pool does the same work without rebuilding it.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
