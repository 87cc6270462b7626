"""Pagination of the record lists at a detachment's volume (millions of rows).

An exact `COUNT(*)` of a list reads every matching row (2 million violations for the detachment
leader: seconds); the page itself reads 25. The lists count at most `COUNT_CAP + 1` rows instead
(`SELECT count(*) FROM (… LIMIT 10001)`: a few milliseconds) and say "more than 10 000" above
that. A dashboard figure's list (a brigade's or the detachment's month) stays below the cap, so
its count still equals the figure. Nobody pages to record 300 000 in a browser: a longer list is
narrowed with the filters, so the page numbers stop at the cap too (and the OFFSET stays small).
The API lists use cursors (brigades.records.api.pagination) and have no such limit.
"""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000
# A free-text search counts to a thousand: a common word (信号灯 in 420 000 work orders) is found a
# page at a time along the list's order, but counting 10 001 of its rows read ~90 000 of one
# brigade's (200 ms); a thousand hits is already "narrow the search".
SEARCH_COUNT_CAP = 1_000


def queryset_of(object_list):
    """The queryset behind a django-tables2 `BoundRows` (or the queryset itself), else None."""
    data = getattr(object_list, "data", object_list)
    data = getattr(data, "data", data)
    return data if hasattr(data, "query") and hasattr(data, "order_by") else None


class CappedPaginator(Paginator):
    """A Paginator whose count stops at `cap`; `capped` says there are more."""

    cap = COUNT_CAP

    def __init__(self, *args, cap=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cap is not None:
            self.cap = cap

    @cached_property
    def count(self):
        queryset = queryset_of(self.object_list)
        if queryset is None:
            self.capped = False
            return super().count
        # Without ORDER BY: the count needs no sorted index scan, only any 1 001 matching rows.
        found = queryset.order_by()[: self.cap + 1].count()
        self.capped = found > self.cap
        return min(found, self.cap)

    capped = False
