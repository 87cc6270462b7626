"""Reads that may go to a read replica: the lists, their exports, the API lists and the dashboards.

Past one machine the database is the first thing to share out: a streaming replica of PostgreSQL
answers the reads that make most of the load (every clerk's lists, every leader's dashboards,
exports), the primary keeps the writes and every read that must see a write just made (a form,
a record's page after saving it, the operations' `select_for_update`).

`settings.READ_REPLICA` names the database alias (`replica`, configured from
`DATABASE_REPLICA_URL`); unset, everything reads the primary as before. A view opts in with
`ReplicaReadMixin` (GET and HEAD only; the response is rendered inside, so that the lazy querysets
of its template are read from the replica too). The router sends a read there only while such a
view runs; writes always go to the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_reading_replica = ContextVar("reading_replica", default=False)


def replica_alias():
    return getattr(settings, "READ_REPLICA", None) or None


@contextmanager
def reading_from_replica():
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


# Only the records and figures: sessions, users and tokens are read from the primary, so that a
# login just made is never missing on a replica a few milliseconds behind.
REPLICATED_APPS = {"brigades", "hazards", "enforcement", "outreach", "services"}
PRIMARY_ONLY = {"brigades.user"}


class ReadReplicaRouter:
    def db_for_read(self, model, **hints):
        if (_reading_replica.get() and model._meta.app_label in REPLICATED_APPS
                and model._meta.label_lower not in PRIMARY_ONLY):
            return replica_alias()
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: objects read from either may be related.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaReadMixin:
    """A view whose GET reads from the read replica (when one is configured)."""

    def dispatch(self, request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or not replica_alias():
            return super().dispatch(request, *args, **kwargs)
        with reading_from_replica():
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
        return response
