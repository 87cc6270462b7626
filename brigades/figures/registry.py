"""The headline figures the domain apps declare in their own `metrics.py`, discovered like admin.py.

A figure is either a `SumMetric` (a count or total per brigade and day, computed from records in
one aggregate query over a day range) or a `RatioMetric` (numerator sum ÷ denominator sum, so
that any period and any group of brigades aggregates exactly). `brigades` never imports a domain
app by name: it reads this registry.

Only sums are stored in the rollup tables (`brigades.DailyFigure`, and their monthly sums in
`brigades.MonthlyFigure`); a ratio is computed when it is read, from its two sums over the whole period and group of brigades. A `PerCapitaMetric` divides a
sum by the brigades' jurisdiction population of the period's year (万人死亡率).

A ratio whose numerator or denominator is not registered (its app is not installed yet) is hidden:
`registry.visible()` leaves it out, and the dashboards read only visible metrics.

Map layers: an app may also call `register_map_layer(MapLayer(...))` in its `metrics.py` to put its
points on the detachment dashboard's map. The layer's `url_name` answers GET with a GeoJSON
FeatureCollection of the caller's scope (accepting `?brigade=<id>`), each feature's properties
holding `title` and `url` (and optionally `status`, `overdue`). The dashboard reverses the URL name;
it never imports the app.
"""

from collections.abc import Sequence
from contextlib import contextmanager
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
    # What the figure counts, in a sentence (shown where the figure is, as its title).
    description: str = ""

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
    # What is divided by what, in a sentence (shown where the figure is, as its title).
    description: str = ""

    aggregation = "ratio"

    def parts(self):
        return (self.numerator, self.denominator)


@dataclass(frozen=True)
class PerCapitaMetric:
    """numerator ÷ population × per (万人死亡率: deaths per 10 000 people). The denominator is not a
    day sum but `BrigadeJurisdiction.population` of the year the period ends in, summed over the
    brigades of the group (a brigade with no figure for that year uses its latest earlier year;
    with none at all the rate is shown as insufficient). Not annualised: a month's rate is that
    month's numerator over the year's population."""

    key: str
    label: str
    unit: str
    numerator: str
    per: int = 10_000
    records: RecordsLink | None = None
    higher_is_better: bool | None = False
    min_base: int = 1
    description: str = ""

    aggregation = "per_capita"

    def parts(self):
        return (self.numerator,)


@dataclass(frozen=True)
class MapLayer:
    """Points an app puts on the detachment dashboard's map (see the module docstring)."""

    key: str
    label: str
    url_name: str
    color: str = "#dc3545"


class MetricRegistry:
    def __init__(self):
        self._metrics = {}
        self._map_layers = {}

    def register(self, *metrics):
        for metric in metrics:
            if metric.key in self._metrics:
                raise ValueError(f"metric {metric.key} is registered twice")
            self._metrics[metric.key] = metric

    def unregister(self, *keys):
        for key in keys:
            self._metrics.pop(key, None)

    @contextmanager
    def temporarily(self, *metrics):
        """Register metrics for the duration of a `with` block (tests, benchmarks)."""
        self.register(*metrics)
        try:
            yield metrics
        finally:
            self.unregister(*(m.key for m in metrics))

    def register_map_layer(self, *layers):
        for layer in layers:
            self._map_layers[layer.key] = layer

    def unregister_map_layer(self, *keys):
        for key in keys:
            self._map_layers.pop(key, None)

    def map_layers(self):
        return list(self._map_layers.values())

    def get(self, key, default=None):
        return self._metrics.get(key, default)

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

    def is_available(self, metric):
        """A sum always is; a ratio only when each of its parts is a registered sum."""
        if metric.aggregation == "sum":
            return True
        return all(getattr(self._metrics.get(part), "aggregation", None) == "sum" for part in metric.parts())

    def visible(self):
        """Every metric the dashboards show, in registration order (apps in INSTALLED_APPS order)."""
        return [m for m in self if self.is_available(m)]


registry = MetricRegistry()
register = registry.register
register_map_layer = registry.register_map_layer


def autodiscover():
    autodiscover_modules("metrics")


class DailyValues(Sequence):
    """The (brigade_id, day, value) rows of `daily_values`: a sequence read from the database on
    first use (a metric may post-process it like a list). It also keeps its query and the parts it
    was made of, so that the rollup engine can write the rows in the database itself (INSERT …
    SELECT) instead of fetching them, and compute several metrics of one table in one scan:

    - `queryset`: a values_list of brigade_id, day, value, one row per brigade and day;
    - `records`: the metric's queryset of records, as the metric gave it (before the period);
    - `period`: the lookups of the period ({field__gte: …, field__lt: …} or {field__range: …});
    - `brigade_ids`, `day` (the expression of the local day) and `value` (the aggregate).
    """

    def __init__(self, queryset, *, records=None, period=None, brigade_ids=None, day=None, value=None):
        self.queryset = queryset
        self.records = records
        self.period = period
        self.brigade_ids = brigade_ids
        self.day = day
        self.value = value
        self._rows = None

    def _fetch(self):
        if self._rows is None:
            self._rows = [(brigade_id, day, total or 0) for brigade_id, day, total in self.queryset]
        return self._rows

    def __getitem__(self, index):
        return self._fetch()[index]

    def __len__(self):
        return len(self._fetch())

    def __iter__(self):
        return iter(self._fetch())

    def __eq__(self, other):
        return list(self) == list(other) if isinstance(other, (list, tuple, DailyValues)) else NotImplemented

    def __repr__(self):
        return f"DailyValues({self._fetch()!r})"


def daily_values(queryset, date_field, start, end, brigade_ids=None, value=None):
    """(brigade_id, day, value) for each brigade and local day in [start, end]: one GROUP BY query,
    run when the rows are first read (a `DailyValues`).

    `date_field` may be a DateField or a DateTimeField (then grouped by the local day, Asia/Shanghai);
    `value` is an aggregate expression, Count("pk") by default.
    """
    records = queryset
    model_field = queryset.model._meta.get_field(date_field)
    if isinstance(model_field, DateTimeField):
        zone = timezone.get_current_timezone()
        lower = timezone.make_aware(datetime.combine(start, time.min), zone)
        upper = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone)
        period = {f"{date_field}__gte": lower, f"{date_field}__lt": upper}
        day = TruncDate(date_field, tzinfo=zone)
    else:
        period = {f"{date_field}__range": (start, end)}
        day = F(date_field)
    queryset = queryset.filter(**period)
    if brigade_ids is not None:
        brigade_ids = list(brigade_ids)
        queryset = queryset.filter(brigade_id__in=brigade_ids)
    value = value if value is not None else Count("pk")
    rows = (
        queryset.order_by()
        .annotate(day=day)
        .values("brigade_id", "day")
        .annotate(value=value)
        .values_list("brigade_id", "day", "value")
    )
    return DailyValues(rows, records=records, period=period, brigade_ids=brigade_ids, day=day, value=value)
