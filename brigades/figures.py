"""Selectors of the dashboards and reports. They read ONLY the rollups (`DailyFigure`) and, for
per-capita rates, the jurisdiction population — never a domain record.

Every read is one GROUP BY query over the rollup rows of the sum metrics involved, whatever the
number of metrics: a ratio is divided after summing its numerator and denominator over the whole
period and group of brigades, so it aggregates exactly.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.urls import NoReverseMatch, reverse

from .metric_registry import registry
from .models import BrigadeJurisdiction, DailyFigure
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


def _rows(metrics, brigade_ids, start, end, *group):
    queryset = DailyFigure.objects.filter(metric__in=_sum_keys(metrics), day__range=(start, end))
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    if "month" in group:
        queryset = queryset.annotate(month=TruncMonth("day"))
    return queryset.order_by().values("metric", *group).annotate(total=Sum("value"))


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


def figures(metrics, brigade_ids, start, end):
    """{key: Figure} for the brigades (None: all) together over [start, end]: one query."""
    sums = {row["metric"]: row["total"] for row in _rows(metrics, brigade_ids, start, end)}
    pops = _populations_for(metrics, brigade_ids, [end.year])
    return {m.key: make_figure(m, sums, _population(pops, brigade_ids, end.year) if pops is not None else None) for m in metrics}


def _populations_for(metrics, brigade_ids, years):
    if any(m.aggregation == "per_capita" for m in metrics):
        return populations(brigade_ids, years)
    return None


def figures_by_brigade(metrics, brigade_ids, start, end):
    """{brigade_id: {key: Figure}} for each brigade (a list of ids) over [start, end]: one query."""
    brigade_ids = list(brigade_ids)
    sums = defaultdict(dict)
    for row in _rows(metrics, brigade_ids, start, end, "brigade_id"):
        sums[row["brigade_id"]][row["metric"]] = row["total"]
    pops = _populations_for(metrics, brigade_ids, [end.year]) or {}
    return {
        brigade_id: {m.key: make_figure(m, sums.get(brigade_id, {}), Decimal(pops.get((brigade_id, end.year), 0))) for m in metrics}
        for brigade_id in brigade_ids
    }


def monthly_series(metrics, brigade_ids, first_month, count):
    """(months, {key: [Figure per month]}) for `count` months from `first_month`: one query."""
    months = [add_months(first_month, offset) for offset in range(count)]
    end = add_months(months[-1], 1) - timedelta(days=1)
    sums = defaultdict(dict)
    for row in _rows(metrics, brigade_ids, months[0], end, "month"):
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        sums[month][row["metric"]] = row["total"]
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
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        sums[(row["brigade_id"], month)][row["metric"]] = row["total"]
    pops = _populations_for([metric], brigade_ids, sorted({m.year for m in months})) or {}
    return months, {
        brigade_id: [
            make_figure(metric, sums.get((brigade_id, month), {}), Decimal(pops.get((brigade_id, month.year), 0)))
            for month in months
        ]
        for brigade_id in brigade_ids
    }


def records_url(metric, start, end, brigade_id=None):
    """The list of the records behind a figure, filtered to the brigade and period, or None."""
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
    params = {}
    if brigade_id is not None:
        params["brigade"] = brigade_id
    params[f"{link.date_param}_after"] = start.isoformat()
    params[f"{link.date_param}_before"] = end.isoformat()
    params.update(link.params)
    return f"{url}?{urlencode(params, doseq=True)}"


def change(current, previous):
    """(difference, percent change or None) between two figures' values; None when not comparable."""
    if current.value is None or previous.value is None:
        return None, None
    difference = current.value - previous.value
    if current.is_rate:
        return difference, None
    percent = difference / previous.value * 100 if previous.value else None
    return difference, percent
