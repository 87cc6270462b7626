"""The rollup engine: operations that (re)compute `DailyFigure` rows from the registered sum metrics,
and their monthly sums (`MonthlyFigure`) with them.

Every operation is set-based and idempotent: one `compute` call (at most one aggregate query) per
sum metric over a day range, then the rows of that range are replaced in one transaction: one
DELETE, then each metric's rows written by the database itself (INSERT … SELECT from the metric's
aggregate query, for the `daily_values` metrics; metrics of the same table, day and joins share one
scan: one aggregate each with FILTER (WHERE …) of its own conditions) or fetched and bulk-inserted (metrics that
post-process their rows in Python); and the monthly rows of the months it touches are recomputed from the daily rows in the same
transaction (one DELETE and one INSERT … SELECT … GROUP BY).
Running an operation twice leaves the same rows; a worker killed half-way rolls its transaction
back, and the dirty days it had taken are still there for the next run.
"""

import logging
import uuid
from datetime import date, timedelta
from decimal import Decimal
from itertools import groupby

from django.apps import apps
from django.core.exceptions import EmptyResultSet, FieldError
from django.db import connection, transaction
from django.db.models import Aggregate, Count, DateTimeField, DecimalField, ForeignKey, IntegerField, Max, Min, Q, Sum
from django.db.models.functions import ExtractYear, TruncMonth
from django.db.models.sql.where import WhereNode
from django.utils import timezone

from .registry import DailyValues, registry
from ..records.caching import data_changed
from ..models import Brigade, DailyFigure, DirtyDay, MonthlyFigure
from .periods import add_months
from ..records.scoping import BrigadeRecord

logger = logging.getLogger(__name__)

VALUE_QUANTUM = Decimal("0.001")
INSERT_BATCH = 5000
# Dirty days of one brigade closer than this are refreshed as one range (one query per metric).
RANGE_GAP_DAYS = 7
DIRTY_BATCH = 2000
DELETE_CHUNK = 200
# Days a figure can sensibly be counted on. A record dated outside (0001-01-01, typed by mistake or
# sent by the API) never reaches the rollups: its day is skipped and logged, so that it cannot make
# every refresh fail (a datetime of year 1 overflows when converted to UTC). Input rules belong to
# the forms and serializers; this is the rollups surviving a record that slipped through.
SANE_FIRST_DAY = date(1990, 1, 1)
SANE_FUTURE_DAYS = 3650


def sane_window(today=None):
    today = today or timezone.localdate()
    return SANE_FIRST_DAY, today + timedelta(days=SANE_FUTURE_DAYS)


def as_decimal(value):
    if isinstance(value, Decimal):
        return value.quantize(VALUE_QUANTUM)
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(VALUE_QUANTUM)
    return Decimal(value).quantize(VALUE_QUANTUM)


def _computed_rows(results, brigade_ids, start, end):
    wanted = None if brigade_ids is None else set(brigade_ids)
    rows = []
    for metric, values in results:
        for brigade_id, day, value in values:
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


def _insertable(values):
    """True when a compute's rows can be written by the database itself: a `DailyValues` (one row
    per brigade and day) whose value is an integer or a decimal of at most 3 places, so that the
    stored value is exactly the one `as_decimal` would give. Anything else goes through Python."""
    if not isinstance(values, DailyValues):
        return False
    try:
        field = values.queryset.query.annotations["value"].output_field
    except (KeyError, FieldError):
        return False
    return isinstance(field, IntegerField) or (isinstance(field, DecimalField) and field.decimal_places <= 3)


def _insert_select(metric, values, brigade_ids, start, end):
    """Write one metric's rows with INSERT … SELECT from its own aggregate query; returns the count.
    The same rows as the Python path keeps: non-zero values of the asked brigades and days."""
    try:
        select, params = values.queryset.query.sql_with_params()
    except EmptyResultSet:  # no brigade asked for
        return 0
    table = connection.ops.quote_name(DailyFigure._meta.db_table)
    where, extra = "s.value <> 0 AND s.day >= %s AND s.day <= %s", [start, end]
    if brigade_ids is not None:
        where += f" AND s.brigade_id IN ({', '.join(['%s'] * len(brigade_ids))})"
        extra += list(brigade_ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (brigade_id, day, metric, value) "
            f"SELECT s.brigade_id, s.day, %s, s.value FROM ({select}) s WHERE {where}",
            [metric.key, *params, *extra],
        )
        return cursor.rowcount


def _conditions(values):
    """The query of a metric's records with all its conditions (the queryset's and its aggregate's
    own filter) in its WHERE, or None when they cannot be moved into a shared scan: a join that
    could repeat a record (a reverse or many-to-many relation), or an aggregate that is not a
    plain aggregate of the records."""
    value, records = values.value, values.records
    if records is None or not isinstance(value, Aggregate) or getattr(value, "order_by", None):
        return None
    query = records.query
    if query.annotations or query.distinct or query.is_sliced or query.combinator or query.group_by is not None:
        return None
    query = query.clone()
    if value.filter is not None:
        if not isinstance(value.filter, Q):
            return None
        query.add_q(value.filter)
    for alias, join in query.alias_map.items():
        if alias != query.base_table and not isinstance(getattr(join, "join_field", None), ForeignKey):
            return None
    return query


def _scan_key(values, query):
    """What metrics must share to be computed in one scan: the model, its joins (forward foreign
    keys only), the period, the day expression and the brigades."""
    joins = tuple(sorted(
        (alias, join.table_name, join.parent_alias, join.join_type, join.join_field.name)
        for alias, join in query.alias_map.items() if alias != query.base_table
    ))
    brigades = None if values.brigade_ids is None else tuple(values.brigade_ids)
    return (query.model, joins, repr(values.day), repr(sorted(values.period.items())), brigades)


def _insert_scan(group, brigade_ids, start, end):
    """Write the rows of several metrics of one table from one scan: one aggregate per metric,
    filtered (FILTER (WHERE …)) by the metric's own conditions, and one INSERT of them all.
    `group`: [(metric, values, conditions query)]. Returns the count."""
    _metric, first, conditions = group[0]
    scan_query = conditions.clone()
    scan_query.where = WhereNode()  # keep the joins, drop the conditions: each aggregate has its own
    records = first.records.model._base_manager.all()
    records.query = scan_query
    records = records.filter(**first.period)
    if first.brigade_ids is not None:
        records = records.filter(brigade_id__in=first.brigade_ids)
    aggregates = {}
    for index, (_metric, values, query) in enumerate(group):
        aggregate = values.value.copy()
        aggregate.filter = query.where if query.where.children else None
        aggregates[f"value_{index}"] = aggregate
    scan = records.order_by().annotate(day=first.day).values("brigade_id", "day").annotate(**aggregates)
    try:
        select, params = scan.query.sql_with_params()
    except EmptyResultSet:
        return 0
    keep, extra = "s.day >= %s AND s.day <= %s", [start, end]
    if brigade_ids is not None:
        keep += f" AND s.brigade_id IN ({', '.join(['%s'] * len(brigade_ids))})"
        extra += list(brigade_ids)
    branches, branch_params = [], []
    for index, (metric, _values, _query) in enumerate(group):
        branches.append(f"SELECT s.brigade_id, s.day, %s, s.value_{index} FROM s WHERE s.value_{index} <> 0 AND {keep}")
        branch_params += [metric.key, *extra]
    table = connection.ops.quote_name(DailyFigure._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH s AS ({select}) INSERT INTO {table} (brigade_id, day, metric, value) {' UNION ALL '.join(branches)}",
            [*params, *branch_params],
        )
        return cursor.rowcount


def rollup_refresh(brigade_ids, start, end, *, metrics=None):
    """Recompute every sum metric for the brigades (None: all) and the days in [start, end].

    Returns the number of rows written.
    """
    first, last = sane_window()
    start, end = max(start, first), min(end, last)
    if start > end:
        return 0
    metrics = list(metrics if metrics is not None else registry.sums())
    if brigade_ids is not None:
        brigade_ids = sorted(set(brigade_ids))
        if not brigade_ids:
            return 0
    wanted = None if brigade_ids is None else set(brigade_ids)
    results = [(metric, metric.compute(start, end, wanted)) for metric in metrics]
    in_database = [(metric, values) for metric, values in results if _insertable(values)]
    # The other metrics' rows are read (one query each) before the transaction, as they always were.
    rows = _merge_duplicates(_computed_rows(
        [(metric, values) for metric, values in results if not _insertable(values)], brigade_ids, start, end
    ))
    with transaction.atomic():
        stale = DailyFigure.objects.filter(day__range=(start, end), metric__in=[m.key for m in metrics])
        if brigade_ids is not None:
            stale = stale.filter(brigade_id__in=brigade_ids)
        stale.delete()
        DailyFigure.objects.bulk_create(rows, batch_size=INSERT_BATCH)
        written = len(rows)
        scans = {}
        for metric, values in in_database:
            query = _conditions(values)
            key = metric.key if query is None else _scan_key(values, query)
            scans.setdefault(key, []).append((metric, values, query))
        for group in scans.values():
            if len(group) == 1:
                written += _insert_select(*group[0][:2], brigade_ids, start, end)
            else:
                written += _insert_scan(group, brigade_ids, start, end)
        rollup_months(brigade_ids, start, end, keys=[m.key for m in metrics])
        # The dashboards' and home page's cached figures are read again (brigades.records.caching).
        transaction.on_commit(data_changed)
    return written


def rollup_months(brigade_ids, start, end, *, keys):
    """Recompute the `MonthlyFigure` rows of the metrics `keys`, the brigades (None: all) and every
    month that [start, end] touches, from the daily rows: one DELETE and one INSERT … SELECT.
    Called by rollup_refresh inside its transaction, so a month always equals its days."""
    first = start.replace(day=1)
    last = end.replace(day=1)
    keys = list(keys)
    stale = MonthlyFigure.objects.filter(month__range=(first, last), metric__in=keys)
    daily = DailyFigure.objects.filter(day__gte=first, day__lt=add_months(last, 1), metric__in=keys)
    if brigade_ids is not None:
        stale = stale.filter(brigade_id__in=list(brigade_ids))
        daily = daily.filter(brigade_id__in=list(brigade_ids))
    stale.delete()
    sums = (
        daily.order_by().annotate(month=TruncMonth("day")).values("brigade_id", "metric", "month")
        .annotate(total=Sum("value")).filter(~Q(total=0))
    )
    select, params = sums.query.sql_with_params()
    table = connection.ops.quote_name(MonthlyFigure._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (brigade_id, metric, month, value) "
            f"SELECT s.brigade_id, s.metric, s.month, s.total FROM ({select}) s",
            params,
        )


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
        # Records changed: the home page's live panels count them again (brigades.records.caching).
        transaction.on_commit(data_changed)


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

    Each run of days is refreshed in its own savepoint: one that fails is logged, rolled back and
    left dirty (moved to the back of the queue: its `marked_at` is now), and the others go on.
    Days outside `sane_window()` are logged and dropped, never refreshed.
    """
    first, last = sane_window()
    with transaction.atomic():
        taken = DirtyDay.objects.order_by("marked_at", "brigade_id", "day")
        if connection.features.has_select_for_update_skip_locked:
            taken = taken.select_for_update(skip_locked=True)
        taken = sorted(taken.values_list("pk", "token", "brigade_id", "day")[:limit], key=lambda row: (row[2], row[3]))
        if not taken:
            return 0
        insane = [row for row in taken if not first <= row[3] <= last]
        for _pk, _token, brigade_id, day in insane:
            logger.warning("rollup refresh: brigade %s, day %s is outside %s – %s: skipped", brigade_id, day, first, last)
        sane = [row for row in taken if first <= row[3] <= last]
        by_brigade = {
            brigade_id: [row[3] for row in rows] for brigade_id, rows in groupby(sane, key=lambda row: row[2])
        }
        # Group brigades by identical day runs is rare; refresh each brigade's runs on its own,
        # but merge brigades that share a run so that common cases (today, several brigades) cost
        # one query per metric.
        runs = {}
        for brigade_id, days in by_brigade.items():
            for run in _ranges(days):
                runs.setdefault(run, []).append(brigade_id)
        failed = set()
        for (start, end), brigade_ids in sorted(runs.items()):
            # Brigades that share a run are refreshed together; if that fails, each on its own, so
            # that one brigade's bad record does not hold the others back.
            for group in [brigade_ids] if len(brigade_ids) == 1 else [brigade_ids, *([b] for b in brigade_ids)]:
                if group is not brigade_ids and (group[0], start, end) not in failed:
                    continue
                try:
                    with transaction.atomic():
                        rollup_refresh(group, start, end)
                except Exception:  # noqa: BLE001 - logged, kept dirty and retried; never blocks the others
                    logger.exception("rollup refresh failed for brigades %s, %s – %s: kept to retry", group, start, end)
                    failed.update((brigade_id, start, end) for brigade_id in group)
                else:
                    failed.difference_update((brigade_id, start, end) for brigade_id in group)
                    if group is brigade_ids:
                        break
        done = [
            row for row in taken
            if not any(brigade_id == row[2] and start <= row[3] <= end for brigade_id, start, end in failed)
        ]
        if len(done) < len(taken):
            retry = [row[0] for row in taken if row not in done]
            DirtyDay.objects.filter(pk__in=retry).update(marked_at=timezone.now())
        # Only the rows still carrying the token read (one DELETE per chunk, not one per row).
        for offset in range(0, len(done), DELETE_CHUNK):
            chunk = done[offset:offset + DELETE_CHUNK]
            still_taken = Q()
            for pk, token, _brigade_id, _day in chunk:
                still_taken |= Q(pk=pk, token=token)
            DirtyDay.objects.filter(still_taken).delete()
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
    return [m for m in apps.get_models() if issubclass(m, BrigadeRecord) and not m._meta.abstract]


def record_date_span():
    """(first, last) local day of any rollup date (and entry time) of any record, or None.
    One query per record model (its fields' Min and Max together), not one per field."""
    first = last = None
    for model in record_models():
        # created_at too: a metric may count records by the day they were entered.
        names = list(dict.fromkeys((*model.all_rollup_date_fields(), "created_at")))
        bounds = model._base_manager.aggregate(
            **{f"first_{n}": Min(name) for n, name in enumerate(names)},
            **{f"last_{n}": Max(name) for n, name in enumerate(names)},
        )
        for key, value in bounds.items():
            if value is None:
                continue
            if isinstance(model._meta.get_field(names[int(key.rsplit("_", 1)[1])]), DateTimeField):
                value = timezone.localdate(value)
            first = value if first is None or value < first else first
            last = value if last is None or value > last else last
    return (first, last) if first else None


def rollup_rebuild_all(*, start=None, end=None, progress=None):
    """Recompute every rollup from the records over their whole span in one refresh: each table is
    scanned once per group of metrics (a refresh a year at a time would scan it once a year), and
    the rows are written by the database. Without `start`/`end`, rows outside the records' span
    (within `sane_window`) and rows of metrics no longer registered are deleted; with either, only
    [start, end] is recomputed and every other row is left identical. `progress(message)` is called
    with the rows of each year.
    """
    today = timezone.localdate()
    partial = start is not None or end is not None
    span = record_date_span()
    first, last = sane_window(today)
    if start is None:
        start = max(span[0], first) if span else today
    if end is None:
        end = min(max(span[1], today), last) if span else today
    if not partial:
        # A full rebuild also drops what no longer belongs: rows outside the records' span and rows
        # of metrics no longer registered. A partial one (--start/--end) recomputes its window and
        # leaves every other row as it is.
        keys = [m.key for m in registry.sums()]
        DailyFigure.objects.exclude(metric__in=keys).delete()
        DailyFigure.objects.filter(day__lt=start).delete()
        DailyFigure.objects.filter(day__gt=end).delete()
        # The months of `start` and `end` are recomputed from their remaining days by the refresh below.
        MonthlyFigure.objects.exclude(metric__in=keys).delete()
        MonthlyFigure.objects.filter(month__lt=start.replace(day=1)).delete()
        MonthlyFigure.objects.filter(month__gt=end.replace(day=1)).delete()
    rollup_refresh(None, start, end)
    vacuum_rollups()
    # Counted, not summed from cursor.rowcount: SQLite under-reports INSERT … SELECT rows.
    written = DailyFigure.objects.filter(day__range=(start, end)).count()
    if progress:
        per_year = dict(
            DailyFigure.objects.filter(day__range=(start, end)).annotate(year=ExtractYear("day"))
            .order_by().values("year").annotate(rows=Count("pk")).values_list("year", "rows")
        )
        for year in range(start.year, end.year + 1):
            first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
            progress(f"{first:%Y-%m-%d} – {last:%Y-%m-%d}: {per_year.get(year, 0)} rows")
    return written


def vacuum_rollups():
    """After a full rebuild every old rollup row is a dead row until vacuumed, and reads of the daily
    rows wade through them (bench: the year's side-by-side read took 60–110 ms right after a rebuild,
    18 ms after VACUUM, which took 1.5 s). On PostgreSQL, outside a transaction (VACUUM cannot run
    in one), vacuum and analyse both tables now rather than at autovacuum's next visit."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for model in (DailyFigure, MonthlyFigure):
            cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def brigade_ids_all():
    return list(Brigade.objects.values_list("pk", flat=True))
