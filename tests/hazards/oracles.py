"""Figures computed the plain way, one query per question: what the metrics (hazards/metrics.py),
computed per brigade and day for the rollups, must add up to. Only the tests use them."""

from datetime import datetime, time, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hazards.choices import AccidentSeverity, KeyItemStatus
from hazards.models import Accident, KeyDriver, KeyVehicle
from hazards.selectors import _grouped, _hazards, missed_deadline_hazards, missed_time_limit


def hazards_signed_off(start, end, brigade_ids=None, by=None):
    return _grouped(_hazards(brigade_ids).filter(signed_off_on__range=(start, end)), by, Count("pk"))


def hazards_missed_deadline(start, end, brigade_ids=None, by=None, today=None):
    queryset = missed_deadline_hazards(today).filter(rectification_deadline__range=(start, end))
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return _grouped(queryset, by, Count("pk"))


def accident_figures(start, end, brigade_ids=None, by=None):
    """Accidents, fatal accidents, deaths and injuries; grouped by `by` (severity, town...) if given."""
    aggregates = {
        "accidents": Count("pk"),
        "fatal_accidents": Count("pk", filter=Q(severity=AccidentSeverity.FATAL)),
        "deaths": Sum("deaths"),
        "injuries": Sum("injuries"),
    }
    queryset = _accidents(start, end, brigade_ids)
    if by is None:
        result = queryset.aggregate(**aggregates)
        return {key: value or 0 for key, value in result.items()}
    rows = queryset.order_by().values(by).annotate(**aggregates)
    return {row.pop(by): {k: v or 0 for k, v in row.items()} for row in rows}


def _accidents(start, end, brigade_ids):
    zone = timezone.get_current_timezone()
    queryset = Accident.objects.filter(
        occurred_at__gte=timezone.make_aware(datetime.combine(start, time.min), zone),
        occurred_at__lt=timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return queryset


def key_item_figures(start, end, brigade_ids=None, by=None, today=None):
    """Key vehicles + drivers received, cleared, missed their time limit in the period, and open now."""
    today = today or timezone.localdate()
    result = {}
    for model in (KeyVehicle, KeyDriver):
        items = _key_items(model, brigade_ids)
        figures = {
            "received": _grouped(items.filter(listed_on__range=(start, end)), by, Count("pk")),
            "cleared": _grouped(items.filter(cleared_on__range=(start, end)), by, Count("pk")),
            "overdue": _grouped(missed_time_limit(items, today).filter(handle_by__range=(start, end)), by, Count("pk")),
            "open": _grouped(items.exclude(status=KeyItemStatus.CLEARED), by, Count("pk")),
        }
        result[model._meta.model_name] = figures
    return result


def _key_items(model, brigade_ids):
    queryset = model.objects.all()
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return queryset
