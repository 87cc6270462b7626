"""Figures of the home page and the dashboards, cached until the data changes.

Every panel of the home page counts live records (overdue hazards among 300 000, open work orders
among 3.7 million); opened by every clerk every morning, it must not count them on every request.
The cache key carries the *data version*: a number in the cache that every record change
(`brigades.signals`, on commit, through `mark_dirty_pairs`) and every rollup refresh moves on, so a
saved hazard shows on the next request and a refreshed rollup too, while reads between changes
cost a cache lookup. Entries also expire after `TIMEOUT` (the day changes "due soon" without any
write) and their keys carry the day.

The cache is Redis in production (`CACHE_URL`), shared by every web worker and the Celery workers
that refresh the rollups; the embedded default uses a file cache under `var/cache/`, which the
web server, worker and beat processes also share; the tests use no cache unless a test asks.
"""

import time

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

VERSION_KEY = "brigades:data-version"
TIMEOUT = 300


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh cache starts from the clock, never from a number an older entry was keyed on.
        version = time.time_ns()
        cache.add(VERSION_KEY, version, None)
    return version


def data_changed():
    """Called after records or rollups changed: every cached figure is read again."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, new cache)
        cache.set(VERSION_KEY, time.time_ns(), None)


def cached_figures(name, user, compute, *parts):
    """`compute()`, cached per user (a panel depends on the user's scope and own work), day and
    data version."""
    # The brigade and role too: a user moved to another brigade never sees the old one's figures.
    who = (getattr(user, "pk", None), getattr(user, "brigade_id", None), getattr(user, "role", None))
    key = ":".join(str(p) for p in ("brigades:figures", name, data_version(), timezone.localdate(), *who, *parts))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


def fragment_key(name, user, *parts):
    """The key of a rendered piece of a page (`{% cache TIMEOUT name key %}`): the same parts as
    `cached_figures` (data version, day, the user's scope) and the language it is written in."""
    who = (getattr(user, "pk", None), getattr(user, "brigade_id", None), getattr(user, "role", None))
    return ":".join(str(p) for p in (name, data_version(), timezone.localdate(), *who, get_language(), *parts))
