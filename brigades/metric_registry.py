"""The headline figures the domain apps declare in their own `metrics.py`, discovered like admin.py.

A figure is either a `SumMetric` (a count or total per brigade and day, computed from records in
one aggregate query over a day range) or a `RatioMetric` (numerator sum ÷ denominator sum, so
that any period and any group of brigades aggregates exactly). `brigades` never imports a domain
app by name: it reads this registry.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db.models import Count, DateTimeField, F
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class RecordsLink:
    """Where a figure's records are listed: a list URL name, fixed filter parameters, and the name
    of the list's date-range filter (its `<name>_after` / `<name>_before` parameters)."""

    url_name: str
    params: dict = field(default_factory=dict)
    date_param: str = "date"


@dataclass(frozen=True)
class SumMetric:
    """key: "<app>.<name>"; compute(start, end, brigade_ids) yields (brigade_id, day, value) rows
    for the days in [start, end] (brigade_ids None means every brigade), in one aggregate query."""

    key: str
    label: str
    unit: str
    compute: object
    records: RecordsLink | None = None
    higher_is_better: bool | None = True

    aggregation = "sum"


@dataclass(frozen=True)
class RatioMetric:
    """numerator ÷ denominator × scale, both keys of SumMetrics. `min_base`: below this denominator
    the rate is shown as insufficient and not ranked."""

    key: str
    label: str
    unit: str
    numerator: str
    denominator: str
    scale: int = 100
    min_base: int = 0
    records: RecordsLink | None = None
    higher_is_better: bool | None = True

    aggregation = "ratio"


class MetricRegistry:
    def __init__(self):
        self._metrics = {}

    def register(self, *metrics):
        for metric in metrics:
            if metric.key in self._metrics:
                raise ValueError(f"metric {metric.key} is registered twice")
            self._metrics[metric.key] = metric

    def __getitem__(self, key):
        return self._metrics[key]

    def __contains__(self, key):
        return key in self._metrics

    def __iter__(self):
        return iter(self._metrics.values())

    def sums(self):
        return [m for m in self if m.aggregation == "sum"]

    def ratios(self):
        return [m for m in self if m.aggregation == "ratio"]


registry = MetricRegistry()
register = registry.register


def autodiscover():
    autodiscover_modules("metrics")


def daily_values(queryset, date_field, start, end, brigade_ids=None, value=None):
    """(brigade_id, day, value) for each brigade and local day in [start, end]: one GROUP BY query.

    `date_field` may be a DateField or a DateTimeField (then grouped by the local day, Asia/Shanghai);
    `value` is an aggregate expression, Count("pk") by default.
    """
    model_field = queryset.model._meta.get_field(date_field)
    if isinstance(model_field, DateTimeField):
        zone = timezone.get_current_timezone()
        lower = timezone.make_aware(datetime.combine(start, time.min), zone)
        upper = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
        queryset = queryset.filter(**{f"{date_field}__gte": lower, f"{date_field}__lt": upper})
        day = TruncDate(date_field, tzinfo=zone)
    else:
        queryset = queryset.filter(**{f"{date_field}__range": (start, end)})
        day = F(date_field)
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    rows = (
        queryset.order_by()
        .annotate(day=day)
        .values("brigade_id", "day")
        .annotate(value=value if value is not None else Count("pk"))
        .values_list("brigade_id", "day", "value")
    )
    return [(brigade_id, day, total or 0) for brigade_id, day, total in rows]
