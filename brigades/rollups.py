"""The rollup engine: operations that (re)compute `DailyFigure` rows from the registered sum metrics.

Every operation is set-based and idempotent: one `compute` call (one aggregate query) per sum metric
over a day range, then the rows of that range are replaced in one transaction (delete + bulk insert).
Running an operation twice leaves the same rows; a worker killed half-way rolls its transaction
back, and the dirty days it had taken are still there for the next run.
"""

import logging
import uuid
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby

from django.apps import apps
from django.db import connection, transaction
from django.db.models import DateTimeField, Max, Min
from django.utils import timezone

from .metric_registry import registry
from .models import Brigade, DailyFigure, DirtyDay

logger = logging.getLogger(__name__)

VALUE_QUANTUM = Decimal("0.001")
INSERT_BATCH = 5000
# Dirty days of one brigade closer than this are refreshed as one range (one query per metric).
RANGE_GAP_DAYS = 7
DIRTY_BATCH = 2000


def as_decimal(value):
    if isinstance(value, Decimal):
        return value.quantize(VALUE_QUANTUM)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(VALUE_QUANTUM)
    return Decimal(value).quantize(VALUE_QUANTUM)


def _computed_rows(metrics, brigade_ids, start, end):
    wanted = None if brigade_ids is None else set(brigade_ids)
    rows = []
    for metric in metrics:
        for brigade_id, day, value in metric.compute(start, end, wanted):
            if day is None or not start <= day <= end or (wanted is not None and brigade_id not in wanted):
                continue
            value = as_decimal(value or 0)
            if value:
                rows.append(DailyFigure(brigade_id=brigade_id, day=day, metric=metric.key, value=value))
    return rows


def _merge_duplicates(rows):
    """A metric whose compute yields a (brigade, day) twice (it should not) is summed, not refused."""
    merged = {}
    for row in rows:
        key = (row.metric, row.day, row.brigade_id)
        if key in merged:
            merged[key].value += row.value
        else:
            merged[key] = row
    return list(merged.values())


def rollup_refresh(brigade_ids, start, end, *, metrics=None):
    """Recompute every sum metric for the brigades (None: all) and the days in [start, end].

    Returns the number of rows written.
    """
    if start > end:
        return 0
    metrics = list(metrics if metrics is not None else registry.sums())
    if brigade_ids is not None:
        brigade_ids = sorted(set(brigade_ids))
        if not brigade_ids:
            return 0
    rows = _merge_duplicates(_computed_rows(metrics, brigade_ids, start, end))
    with transaction.atomic():
        stale = DailyFigure.objects.filter(day__range=(start, end), metric__in=[m.key for m in metrics])
        if brigade_ids is not None:
            stale = stale.filter(brigade_id__in=brigade_ids)
        stale.delete()
        DailyFigure.objects.bulk_create(rows, batch_size=INSERT_BATCH)
    return len(rows)


def mark_dirty(brigade_id, days):
    """Mark a brigade's days for refresh. Call it after writing records in bulk (bulk_create,
    queryset.update), which send no signals. Idempotent; a new token on every call means a day
    being refreshed right now is refreshed again afterwards."""
    mark_dirty_pairs((brigade_id, day) for day in days)


def mark_dirty_pairs(pairs):
    now = timezone.now()
    rows = [
        DirtyDay(brigade_id=brigade_id, day=day, token=uuid.uuid4(), marked_at=now)
        for brigade_id, day in sorted(set(pairs))
        if brigade_id is not None and day is not None
    ]
    if rows:
        DirtyDay.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["brigade", "day"], update_fields=["token", "marked_at"]
        )


def _ranges(days, gap=RANGE_GAP_DAYS):
    """Sorted days → [(first, last)] runs whose consecutive days are at most `gap` apart."""
    runs = []
    for day in sorted(set(days)):
        if runs and (day - runs[-1][1]).days <= gap:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [tuple(run) for run in runs]


def rollup_refresh_dirty(*, limit=DIRTY_BATCH):
    """Refresh the days marked dirty (up to `limit` of them); returns how many were processed.

    The dirty rows are locked (FOR UPDATE SKIP LOCKED on PostgreSQL, so two workers split the work;
    SQLite serialises writers anyway) for the whole refresh, and only rows whose token is still the
    one read are deleted: a day marked again meanwhile keeps its row.
    """
    with transaction.atomic():
        taken = DirtyDay.objects.order_by("brigade_id", "day")
        if connection.features.has_select_for_update_skip_locked:
            taken = taken.select_for_update(skip_locked=True)
        taken = list(taken.values_list("pk", "token", "brigade_id", "day")[:limit])
        if not taken:
            return 0
        by_brigade = {
            brigade_id: [row[3] for row in rows] for brigade_id, rows in groupby(taken, key=lambda row: row[2])
        }
        # Group brigades by identical day runs is rare; refresh each brigade's runs on its own,
        # but merge brigades that share a run so that common cases (today, several brigades) cost
        # one query per metric.
        runs = {}
        for brigade_id, days in by_brigade.items():
            for run in _ranges(days):
                runs.setdefault(run, []).append(brigade_id)
        for (start, end), brigade_ids in sorted(runs.items()):
            rollup_refresh(brigade_ids, start, end)
        for pk, token, _brigade_id, _day in taken:
            DirtyDay.objects.filter(pk=pk, token=token).delete()
    return len(taken)


def rollup_refresh_all_dirty(*, limit=DIRTY_BATCH, max_batches=50):
    """Drain the dirty days batch by batch (each batch its own transaction)."""
    total = 0
    for _ in range(max_batches):
        done = rollup_refresh_dirty(limit=limit)
        total += done
        if done < limit:
            break
    return total


def rollup_recompute_recent(*, days=7, today=None):
    """The nightly safety net: recompute the last `days` days for every brigade."""
    today = today or timezone.localdate()
    return rollup_refresh(None, today - timedelta(days=days - 1), today)


def record_models():
    """Every concrete model of a brigade record (the BrigadeRecord subclasses of all apps)."""
    from .scoping import BrigadeRecord

    return [m for m in apps.get_models() if issubclass(m, BrigadeRecord) and not m._meta.abstract]


def record_date_span():
    """(first, last) local day of any rollup date (and entry time) of any record, or None."""
    first = last = None
    for model in record_models():
        # created_at too: a metric may count records by the day they were entered.
        for name in dict.fromkeys((*model.all_rollup_date_fields(), "created_at")):
            bounds = model._base_manager.aggregate(first=Min(name), last=Max(name))
            for value in bounds.values():
                if value is None:
                    continue
                if isinstance(model._meta.get_field(name), DateTimeField):
                    value = timezone.localdate(value)
                first = value if first is None or value < first else first
                last = value if last is None or value > last else last
    return (first, last) if first else None


def rollup_rebuild_all(*, start=None, end=None, progress=None):
    """Recompute every rollup from the records, a year at a time (one query per metric and year).

    Rows outside the records' span and rows of metrics no longer registered are deleted.
    `progress(message)` is called after each year.
    """
    today = timezone.localdate()
    span = record_date_span()
    if start is None:
        start = span[0] if span else today
    if end is None:
        end = max(span[1], today) if span else today
    keys = [m.key for m in registry.sums()]
    DailyFigure.objects.exclude(metric__in=keys).delete()
    DailyFigure.objects.filter(day__lt=start).delete()
    DailyFigure.objects.filter(day__gt=end).delete()
    written = 0
    chunk_start = start
    while chunk_start <= end:
        chunk_end = min(date(chunk_start.year, 12, 31), end)
        count = rollup_refresh(None, chunk_start, chunk_end)
        written += count
        if progress:
            progress(f"{chunk_start:%Y-%m-%d} – {chunk_end:%Y-%m-%d}: {count} rows")
        chunk_start = chunk_end + timedelta(days=1)
    return written


def brigade_ids_all():
    return list(Brigade.objects.values_list("pk", flat=True))
