"""Reads of the hazards domain that are more than one filter: list querysets and the figures.

Every figure takes `brigade_ids` (None: every brigade) and a closed day range [start, end], and can
be grouped (`by="town"`, `"category"`...). The metrics in metrics.py compute the same numbers per
brigade and day; tests hold the two together.
"""

from datetime import datetime, timedelta

from django.db.models import Count, F, Q
from django.utils import timezone

from .choices import HazardStatus, KeyItemStatus, RiskLevel
from .models import EnterpriseRiskChange, Hazard, Reinspection, SupervisionAction

# ---------------------------------------------------------------- lists


def hazard_list(user):
    return Hazard.objects.for_user(user).select_related("brigade", "town", "category", "responsible_party")


def hazard_detail(user):
    return Hazard.objects.for_user(user).select_related(
        "brigade", "town", "category", "responsible_party", "finder", "signed_off_by", "created_by"
    )


def hazard_timeline(hazard):
    return hazard.transitions.select_related("acted_by").order_by("acted_at", "pk")


def hazards_needing_attention(user, today=None):
    """The home panel: the user's overdue hazards and those due within three days, most urgent first."""
    today = today or timezone.localdate()
    base = Hazard.objects.for_user(user).select_related("town", "category")
    overdue = base.overdue(today).order_by("rectification_deadline", "pk")
    due_soon = base.due_soon(today).order_by("rectification_deadline", "pk")
    due_reinspections = Reinspection.objects.for_user(user).filter(done_on__isnull=True, due_on__lte=today)
    return {
        "overdue_count": overdue.count(),
        "due_soon_count": due_soon.count(),
        "overdue": list(overdue[:5]),
        "due_soon": list(due_soon[:5]),
        "reinspections_due": due_reinspections.count(),
    }


# ---------------------------------------------------------------- hazard figures


def _hazards(brigade_ids):
    queryset = Hazard.objects.all()
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return queryset


def _grouped(queryset, by, value):
    """One number, or {group: number} when `by` names a field (town, category, brigade...)."""
    if by is None:
        return queryset.aggregate(value=value)["value"] or 0
    rows = queryset.order_by().values(by).annotate(value=value).values_list(by, "value")
    return {key: total or 0 for key, total in rows}


def hazards_found(start, end, brigade_ids=None, by=None):
    """Hazards found in the period (by found_on), closed-without-rectification ones included."""
    return _grouped(_hazards(brigade_ids).filter(found_on__range=(start, end)), by, Count("pk"))


def hazards_found_counted(start, end, brigade_ids=None, by=None):
    """Hazards found in the period that count towards the rate: closed-without-rectification excluded."""
    queryset = _hazards(brigade_ids).filter(found_on__range=(start, end)).exclude(status=HazardStatus.CLOSED)
    return _grouped(queryset, by, Count("pk"))


def hazards_rectified(start, end, brigade_ids=None, by=None):
    """Hazards rectified in the period (by rectified_on; a reopened hazard loses its date)."""
    return _grouped(_hazards(brigade_ids).filter(rectified_on__range=(start, end)), by, Count("pk"))


def hazards_found_and_rectified(start, end, brigade_ids=None, by=None):
    """Of the hazards found in the period (counted in the rate), those rectified since: the
    numerator of the rectification rate, so that the rate is the share of a period's hazards
    that are fixed and never exceeds 100 %."""
    queryset = (
        _hazards(brigade_ids).filter(found_on__range=(start, end), rectified_on__isnull=False)
        .exclude(status=HazardStatus.CLOSED)
    )
    return _grouped(queryset, by, Count("pk"))




def missed_deadline_hazards(today=None):
    """Hazards whose deadline day has passed without rectification (rectified late included),
    counted on the deadline day: a flow that sums over any period without double counting."""
    today = today or timezone.localdate()
    return (
        Hazard.objects.exclude(status=HazardStatus.CLOSED)
        .filter(rectification_deadline__lt=today)
        .filter(Q(rectified_on__isnull=True) | Q(rectified_on__gt=F("rectification_deadline")))
    )




def hazards_overdue_now(brigade_ids=None, by=None, today=None):
    """The stock of overdue hazards today (past deadline, still owed): the number on the home page."""
    return _grouped(_hazards(brigade_ids).overdue(today), by, Count("pk"))


def days_to_rectify_total(start, end, brigade_ids=None, by=None):
    """Total days from found to rectified of the hazards rectified in the period."""
    queryset = _hazards(brigade_ids).filter(rectified_on__range=(start, end))
    if by is None:
        return sum((r - f).days for f, r in queryset.values_list("found_on", "rectified_on"))
    totals = {}
    for key, found, rectified in queryset.values_list(by, "found_on", "rectified_on"):
        totals[key] = totals.get(key, 0) + (rectified - found).days
    return totals


def rectification_rate(start, end, brigade_ids=None):
    """Of the hazards found in the period (closed-without-rectification excluded), the percentage
    rectified by now; None when nothing was found. Both counts are on the found day, so a later
    rectification raises the rate of the period the hazard was found in (as "1170 hazards found,
    100 % fixed" is read), and the rate never exceeds 100 %."""
    found = hazards_found_counted(start, end, brigade_ids)
    if not found:
        return None
    return round(100 * hazards_found_and_rectified(start, end, brigade_ids) / found, 1)


def average_days_to_rectify(start, end, brigade_ids=None):
    count = hazards_rectified(start, end, brigade_ids)
    if not count:
        return None
    return round(days_to_rectify_total(start, end, brigade_ids) / count, 1)




def hazard_status_counts(user):
    rows = Hazard.objects.for_user(user).order_by().values("status").annotate(n=Count("pk"))
    return {row["status"]: row["n"] for row in rows}


# ---------------------------------------------------------------- accidents






def deaths_per_10k(deaths, population):
    """万人死亡率: deaths per 10 000 people of the jurisdiction's population."""
    if not population:
        return None
    return round(deaths * 10_000 / population, 2)


# ---------------------------------------------------------------- enterprises


def high_risk_change(start, end, brigade_ids=None):
    """Net change in the number of high-risk enterprises over the period (+1 became high, −1 left high)."""
    queryset = EnterpriseRiskChange.objects.filter(changed_on__range=(start, end))
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    became = queryset.filter(to_level=RiskLevel.HIGH).exclude(from_level=RiskLevel.HIGH).count()
    left = queryset.filter(from_level=RiskLevel.HIGH).exclude(to_level=RiskLevel.HIGH).count()
    return became - left


def high_risk_count_on(day, brigade_ids=None):
    """Number of high-risk enterprises at the end of `day`, rebuilt from the changes (a stock)."""
    return high_risk_change(datetime(2000, 1, 1).date(), day, brigade_ids)


def high_risk_series(start, end, brigade_ids=None, step_days=30):
    """[(day, high-risk count)] from start to end: the '35 → 3' line a leader reads."""
    series = []
    day = start
    while day < end:
        series.append((day, high_risk_count_on(day, brigade_ids)))
        day += timedelta(days=step_days)
    series.append((end, high_risk_count_on(end, brigade_ids)))
    return series


def supervision_actions(start, end, brigade_ids=None, by=None):
    queryset = SupervisionAction.objects.filter(acted_on__range=(start, end))
    if brigade_ids is not None:
        queryset = queryset.filter(brigade_id__in=list(brigade_ids))
    return _grouped(queryset, by, Count("pk"))




# ---------------------------------------------------------------- key vehicles and drivers






def missed_time_limit(items, today=None):
    """Items whose time limit passed before they were cleared (cleared late included), counted on the limit day."""
    today = today or timezone.localdate()
    return items.filter(handle_by__lt=today).filter(Q(cleared_on__isnull=True) | Q(cleared_on__gt=F("handle_by")))


def key_items_by_squadron(user, model):
    """Per squadron and officer: open, overdue, cleared (the 分片包干 table)."""
    today = timezone.localdate()
    return (
        model.objects.for_user(user)
        .order_by()
        .values("squadron__name", "officer__name")
        .annotate(
            open=Count("pk", filter=~Q(status=KeyItemStatus.CLEARED)),
            overdue=Count("pk", filter=~Q(status=KeyItemStatus.CLEARED) & Q(handle_by__lt=today)),
            cleared=Count("pk", filter=Q(status=KeyItemStatus.CLEARED)),
        )
        .order_by("squadron__name", "officer__name")
    )




