"""Selectors of the dashboards and reports. They read ONLY the rollups (`MonthlyFigure` for the whole
months of a period, `DailyFigure` for the days around them) and, for per-capita rates, the
jurisdiction population — never a domain record.

Every read is one query (GROUP BY over the monthly rows UNION ALL the daily rows) whatever the
number of metrics: a ratio is divided after summing its numerator and denominator over the whole
period and group of brigades, so it aggregates exactly. Reading whole months from the monthly rows
keeps a year's dashboard at about 12 rows per brigade and metric, whatever the number of records.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse

from ..choices import ReportStatus
from .registry import registry
from ..models import (
    ApprovedFigure,
    BrigadeJurisdiction,
    DailyFigure,
    MonthApproval,
    MonthlyFigure,
)
from .periods import add_months

ZERO = Decimal("0")


@dataclass(frozen=True)
class Figure:
    """One metric over one period and group of brigades. For a sum, `value` is the sum; for a
    rate, numerator ÷ denominator × scale, or None when the base is zero or below `min_base`
    (`insufficient`: shown as such and not ranked)."""

    metric: object
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    insufficient: bool = False

    @property
    def is_rate(self):
        return self.metric.aggregation != "sum"


def visible_metrics(keys=None):
    if keys is None:
        return registry.visible()
    return [registry[key] for key in keys if key in registry and registry.is_available(registry[key])]


def _sum_keys(metrics):
    keys = set()
    for metric in metrics:
        keys.update([metric.key] if metric.aggregation == "sum" else metric.parts())
    return keys


def split_months(start, end):
    """([first month, last month] of the whole months in [start, end], or None; [(first day, last
    day)] of the days before and after them) — e.g. 1 Jan – 22 Nov: (Jan, Oct) and [(1 Nov, 22 Nov)]."""
    first_whole = start if start.day == 1 else add_months(start.replace(day=1), 1)
    after_whole = (end + timedelta(days=1)).replace(day=1)  # the first day after the last whole month
    if first_whole >= after_whole:
        return None, [(start, end)]
    days = []
    if start < first_whole:
        days.append((start, first_whole - timedelta(days=1)))
    if after_whole <= end:
        days.append((after_whole, end))
    return (first_whole, add_months(after_whole, -1)), days


def _as_date(value):
    return value.date() if hasattr(value, "date") else value


def _approvals_in_force():
    return MonthApproval.objects.filter(is_current=True, report__status=ReportStatus.APPROVED)


def _rows(metrics, brigade_ids, start, end, *group, live=False):
    """[{metric, *group, total}] over [start, end]: the whole months from the monthly rows and the
    other days from the daily rows, in one query (UNION ALL), summed per group.

    A whole month a leader approved counts with its approved figures (`ApprovedFigure`, written by
    the approval), not the live monthly rows, so that nothing approved moves by itself; `live`
    reads the rollups only (the report shows both). Still one query: the monthly rows of approved
    brigade-months are left out by a NOT EXISTS, the approved rows are a third part of the union."""

    keys = _sum_keys(metrics)
    months, days = split_months(start, end)
    parts = []
    if months:
        monthly = MonthlyFigure.objects.filter(metric__in=keys, month__range=months)
        if not live:
            approved = _approvals_in_force()
            monthly = monthly.exclude(Exists(approved.filter(report__brigade_id=OuterRef("brigade_id"), report__month=OuterRef("month"))))
            parts.append(ApprovedFigure.objects.filter(metric__in=keys, month__range=months, approval__in=approved))
        parts.append(monthly)
    if days:
        in_days = Q()
        for first, last in days:
            in_days |= Q(day__range=(first, last))
        daily = DailyFigure.objects.filter(in_days, metric__in=keys)
        if "month" in group:
            daily = daily.annotate(month=TruncMonth("day"))
        parts.append(daily)
    if brigade_ids is not None:
        parts = [part.filter(brigade_id__in=list(brigade_ids)) for part in parts]
    parts = [part.order_by().values("metric", *group).annotate(total=Sum("value")) for part in parts]
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    names = ("metric", *group)
    totals = defaultdict(lambda: ZERO)
    for row in _fetch(query, (*names, "total")):
        if "month" in row:
            row["month"] = _as_date(row["month"])
        totals[tuple(row[name] for name in names)] += row["total"]
    return [dict(zip(names, key, strict=True), total=total) for key, total in totals.items()]


def _fetch(query, names):
    """The rows of a values() query as dicts. On PostgreSQL the query runs without parallel workers
    (SET LOCAL in the same statement, so still one round trip): a year's read is a few thousand index
    rows, and starting workers costs more than reading them (measured on the 2-core bench server:
    9 ms serial, 30–60 ms with workers when the machine is busy)."""
    # The database the router reads this model from (the read replica on a dashboard).
    database = connections[query.db]
    if database.vendor != "postgresql":
        return list(query)
    try:
        sql, params = query.query.get_compiler(using=query.db).as_sql()
    except EmptyResultSet:
        return []
    with database.cursor() as cursor:
        cursor.execute(f"SET LOCAL max_parallel_workers_per_gather = 0; {sql}", params)
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def populations(brigade_ids, years):
    """{(brigade_id, year): population}, each year using the latest figure of that year or before."""
    queryset = BrigadeJurisdiction.objects.filter(year__lte=max(years)).order_by("brigade_id", "year")
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    known = defaultdict(list)
    for brigade_id, year, population in queryset.values_list("brigade_id", "year", "population"):
        known[brigade_id].append((year, population))
    found = {}
    for brigade_id, rows in known.items():
        for year in years:
            earlier = [population for row_year, population in rows if row_year <= year]
            if earlier:
                found[(brigade_id, year)] = earlier[-1]
    return found


def _population(pops, brigade_ids, year):
    ids = {b for b, _y in pops} if brigade_ids is None else brigade_ids
    return sum((Decimal(pops[(b, year)]) for b in ids if (b, year) in pops), ZERO)


def make_figure(metric, sums, population=None):
    """A Figure from the summed parts (`sums`: {sum key: total}) and, for per-capita, the population."""
    if metric.aggregation == "sum":
        return Figure(metric, sums.get(metric.key, ZERO))
    numerator = sums.get(metric.numerator, ZERO)
    if metric.aggregation == "per_capita":
        denominator, scale = population or ZERO, metric.per
    else:
        denominator, scale = sums.get(metric.denominator, ZERO), metric.scale
    if not denominator or denominator < (metric.min_base or 0):
        return Figure(metric, None, numerator, denominator, insufficient=True)
    return Figure(metric, numerator / denominator * scale, numerator, denominator)


def figures(metrics, brigade_ids, start, end, *, live=False):
    """{key: Figure} for the brigades (None: all) together over [start, end]: one query.
    Approved months count with their approved figures unless `live` (see `_rows`)."""
    sums = {row["metric"]: row["total"] for row in _rows(metrics, brigade_ids, start, end, live=live)}
    pops = _populations_for(metrics, brigade_ids, [end.year])
    return {m.key: make_figure(m, sums, _population(pops, brigade_ids, end.year) if pops is not None else None) for m in metrics}


def _populations_for(metrics, brigade_ids, years):
    if any(m.aggregation == "per_capita" for m in metrics):
        return populations(brigade_ids, years)
    return None


def figures_by_brigade(metrics, brigade_ids, start, end, *, live=False):
    """{brigade_id: {key: Figure}} for each brigade (a list of ids) over [start, end]: one query."""
    brigade_ids = list(brigade_ids)
    sums = defaultdict(dict)
    for row in _rows(metrics, brigade_ids, start, end, "brigade_id", live=live):
        sums[row["brigade_id"]][row["metric"]] = row["total"]
    pops = _populations_for(metrics, brigade_ids, [end.year]) or {}
    return {
        brigade_id: {m.key: make_figure(m, sums.get(brigade_id, {}), Decimal(pops.get((brigade_id, end.year), 0))) for m in metrics}
        for brigade_id in brigade_ids
    }


def figures_side_by_side(metrics, brigade_ids, start, end, *, live=False):
    """({brigade_id: {key: Figure}}, {key: Figure} of the brigades together) over [start, end]: the
    same figures as figures_by_brigade and figures, from one query (the totals add up the brigades)."""
    brigade_ids = list(brigade_ids)
    sums = defaultdict(dict)
    together = defaultdict(lambda: ZERO)
    for row in _rows(metrics, brigade_ids, start, end, "brigade_id", live=live):
        sums[row["brigade_id"]][row["metric"]] = row["total"]
        together[row["metric"]] += row["total"]
    pops = _populations_for(metrics, brigade_ids, [end.year])
    by_brigade = {
        brigade_id: {
            m.key: make_figure(m, sums.get(brigade_id, {}), Decimal((pops or {}).get((brigade_id, end.year), 0)))
            for m in metrics
        }
        for brigade_id in brigade_ids
    }
    population = _population(pops, brigade_ids, end.year) if pops is not None else None
    return by_brigade, {m.key: make_figure(m, together, population) for m in metrics}


def monthly_series(metrics, brigade_ids, first_month, count):
    """(months, {key: [Figure per month]}) for `count` months from `first_month`: one query."""
    months = [add_months(first_month, offset) for offset in range(count)]
    end = add_months(months[-1], 1) - timedelta(days=1)
    sums = defaultdict(dict)
    for row in _rows(metrics, brigade_ids, months[0], end, "month"):
        sums[row["month"]][row["metric"]] = row["total"]
    pops = _populations_for(metrics, brigade_ids, sorted({m.year for m in months}))
    series = {}
    for metric in metrics:
        series[metric.key] = [
            make_figure(metric, sums.get(month, {}), _population(pops, brigade_ids, month.year) if pops is not None else None)
            for month in months
        ]
    return months, series


def monthly_series_by_brigade(metric, brigade_ids, first_month, count):
    """(months, {brigade_id: [Figure per month]}) of one metric for each brigade: one query."""
    brigade_ids = list(brigade_ids)
    months = [add_months(first_month, offset) for offset in range(count)]
    end = add_months(months[-1], 1) - timedelta(days=1)
    sums = defaultdict(dict)
    for row in _rows([metric], brigade_ids, months[0], end, "brigade_id", "month"):
        sums[(row["brigade_id"], row["month"])][row["metric"]] = row["total"]
    pops = _populations_for([metric], brigade_ids, sorted({m.year for m in months})) or {}
    return months, {
        brigade_id: [
            make_figure(metric, sums.get((brigade_id, month), {}), Decimal(pops.get((brigade_id, month.year), 0)))
            for month in months
        ]
        for brigade_id in brigade_ids
    }


def records_link(metric, start, end):
    """A function brigade_id (None: every brigade) → the URL of the list of the records behind the
    figure, filtered to that brigade and the period; None when the figure has no list. The URL is
    reversed once, so a table of many brigades costs one reverse per figure, not one per cell."""
    link = metric.records
    if link is None and metric.aggregation != "sum":
        part = registry.get(metric.numerator)
        link = getattr(part, "records", None)
    if link is None:
        return None
    try:
        url = reverse(link.url_name)
    except NoReverseMatch:
        return None
    params = {f"{link.date_param}_after": start.isoformat(), f"{link.date_param}_before": end.isoformat()}
    params.update(link.params)
    tail = urlencode(params, doseq=True)
    if "brigade" in params:  # a link that fixes the brigade itself: let it win, as a dict update would
        return lambda brigade_id=None: f"{url}?{tail}"

    def url_for(brigade_id=None):
        if brigade_id is None:
            return f"{url}?{tail}"
        # Formatted, not urlencode()d: a pk needs no quoting, and a wide table has over a thousand cells.
        return f"{url}?brigade={int(brigade_id)}&{tail}"

    return url_for


def records_url(metric, start, end, brigade_id=None):
    """The list of the records behind a figure, filtered to the brigade and period, or None."""
    url_for = records_link(metric, start, end)
    return url_for(brigade_id) if url_for else None


def change(current, previous):
    """(difference, percent change or None) between two figures' values; None when not comparable."""
    if current.value is None or previous.value is None:
        return None, None
    difference = current.value - previous.value
    if current.is_rate:
        return difference, None
    percent = difference / previous.value * 100 if previous.value else None
    return difference, percent
