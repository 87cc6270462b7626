"""Reads of the organisation that are more than one filter."""

from datetime import timedelta

from django.db.models import Count, Q

from .records import permissions
from .choices import ReportStatus
from .models import Brigade, MonthlyReport, Officer


def brigades_with_counts(user):
    return Brigade.objects.for_user(user).annotate(
        officer_count=Count("officers", filter=Q(officers__is_active=True), distinct=True),
        squadron_count=Count("squadrons", distinct=True),
        town_count=Count("towns", distinct=True),
    )


def officers_for_brigade(brigade):
    return Officer.objects.filter(brigade=brigade).select_related("squadron")


def handled_by(queryset, user, *, officer, squadron, creator=None):
    """The part of a brigade-scoped queryset that `user` handles (分片包干): an officer of a squadron
    handles their squadron's records and their own; a brigade clerk or leader without a squadron
    (内勤, 大队领导) handles the whole brigade's. `officer` and `squadron` are lookups from the
    record to the responsible officer and squadron; `creator` to the user who entered it."""
    own_officer = user.officer if user.officer_id else None
    if own_officer is None or own_officer.squadron_id is None:
        return queryset
    condition = Q(**{officer: own_officer.pk}) | Q(**{squadron: own_officer.squadron_id})
    if creator:
        condition |= Q(**{creator: user.pk})
    return queryset.filter(condition)


def months_awaiting_approval(user, today, *, months_back=3):
    """[(brigade, first day of month)] of the last `months_back` ended months whose report a leader
    of `user`'s brigade has not approved (never opened, a draft, or unlocked for correction)."""
    if not user.brigade_id or not permissions.may(user, "approve", user.brigade):
        return []
    months = []
    month = today.replace(day=1)
    for _ in range(months_back):
        month = (month - timedelta(days=1)).replace(day=1)
        months.append(month)
    approved = set(
        MonthlyReport.objects.filter(brigade_id=user.brigade_id, month__in=months, status=ReportStatus.APPROVED)
        .values_list("month", flat=True)
    )
    return [(user.brigade, month) for month in sorted(months) if month not in approved]
