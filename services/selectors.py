"""Reads of the services app that are more than one filter: list querysets and the figures of each
part per brigade and period. Every figure function takes `brigade_ids` (None: every brigade) and a
day range [start, end]; datetimes are counted on their local (Asia/Shanghai) day."""

from datetime import datetime, time, timedelta

from django.db.models import Count, F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import rules
from .choices import (
    ONLINE_ACCIDENT_CHANNELS,
    SATISFIED_LEVELS,
    SURVEYED_LEVELS,
    WORK_ORDER_OPEN,
    RELIEF_RECOVERING,
    WORK_ORDER_UNREPLIED,
    PermitState,
    PermitStatus,
    ReliefListState,
    ReliefStatus,
    WorkOrderListState,
    WorkOrderStatus,
)
from .models import (
    BusinessType,
    CommandCentreDay,
    CounterCount,
    CounterDay,
    FastAccident,
    Permit,
    ReliefAdvance,
    ReliefRecovery,
    ReliefTarget,
    WorkOrder,
)

REPLIED_STATUSES = (WorkOrderStatus.REPLIED, WorkOrderStatus.CLOSED)


def day_bounds(start, end):
    """[start 00:00, day after end 00:00) in local time, for filtering datetimes by local day."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), zone),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), zone),
    )


def _scoped(queryset, brigade_ids):
    return queryset if brigade_ids is None else queryset.filter(brigade_id__in=list(brigade_ids))


def _in_days(queryset, field, start, end):
    lower, upper = day_bounds(start, end)
    return queryset.filter(**{f"{field}__gte": lower, f"{field}__lt": upper})


# --- Work orders ----------------------------------------------------------------------------------


def workorders_in_state(queryset, state, now=None):
    """The list's quick views: open (not closed), due soon (not replied, due within the window),
    overdue (past due and not replied), not yet taken."""
    now = now or timezone.now()
    if state == WorkOrderListState.OPEN:
        return queryset.filter(status__in=WORK_ORDER_OPEN)
    if state == WorkOrderListState.DUE_SOON:
        return queryset.filter(
            status__in=WORK_ORDER_UNREPLIED, due_at__gte=now, due_at__lte=now + timedelta(hours=rules.DUE_SOON_HOURS)
        )
    if state == WorkOrderListState.OVERDUE:
        return queryset.filter(status__in=WORK_ORDER_UNREPLIED, due_at__lt=now)
    if state == WorkOrderListState.UNASSIGNED:
        return queryset.filter(status=WorkOrderStatus.RECEIVED, handler__isnull=True)
    return queryset


def workorder_queue(user):
    """A handler's queue: their own orders not yet closed (most urgent first), and the orders of
    their brigade nobody has taken yet."""
    scoped = WorkOrder.objects.for_user(user).select_related("brigade", "handler")
    mine = scoped.filter(handler=user, status__in=WORK_ORDER_OPEN).order_by("due_at")
    waiting = scoped.filter(status=WorkOrderStatus.RECEIVED, handler__isnull=True).order_by("due_at")
    return mine, waiting


def workorder_figures(brigade_ids, start, end):
    """Orders received in the period, and of those: replied, replied on time, callers surveyed and
    satisfied; rates and the average minutes to reply. Everything is counted on the day received,
    so that the reply rate of a period never exceeds 100 %."""
    orders = _in_days(_scoped(WorkOrder.objects.all(), brigade_ids), "received_at", start, end)
    replied = Q(status__in=REPLIED_STATUSES)
    row = orders.aggregate(
        received=Count("pk"),
        replied=Count("pk", filter=replied),
        on_time=Count("pk", filter=replied & Q(replied_at__lte=F("due_at"))),
        surveyed=Count("pk", filter=Q(satisfaction__in=SURVEYED_LEVELS)),
        satisfied=Count("pk", filter=Q(satisfaction__in=SATISFIED_LEVELS)),
        reply_minutes=Sum("reply_minutes", filter=replied),
        overdue=Count("pk", filter=Q(status__in=WORK_ORDER_UNREPLIED, due_at__lt=timezone.now())),
    )
    row["reply_minutes"] = row["reply_minutes"] or 0
    row["reply_rate"] = rules.rate(row["replied"], row["received"])
    row["on_time_rate"] = rules.rate(row["on_time"], row["replied"])
    row["satisfaction_rate"] = rules.rate(row["satisfied"], row["surveyed"])
    row["average_reply_minutes"] = rules.rate(row["reply_minutes"], row["replied"], scale=1)
    return row


# --- Counter business -----------------------------------------------------------------------------


def counter_figures(brigade_ids, start, end):
    """Per business type (all active types, zero when nothing was done): sat, passed, licences made,
    handled, the pass rate of exams; and the days worked with extended hours or at the weekend."""
    counts = _scoped(CounterCount.objects.all(), brigade_ids).filter(date__range=(start, end))
    totals = {
        row["business_type_id"]: row
        for row in counts.order_by().values("business_type_id").annotate(
            sat=Sum("sat"), passed=Sum("passed"), licences_made=Sum("licences_made"), handled=Sum("handled")
        )
    }
    used = set(totals)
    types = BusinessType.objects.filter(Q(is_active=True) | Q(pk__in=used))
    rows = []
    for business_type in types:
        row = totals.get(business_type.pk, {})
        figures = {name: row.get(name) or 0 for name in ("sat", "passed", "licences_made", "handled")}
        rows.append({
            "business_type": business_type,
            **figures,
            "total": figures["sat"] if business_type.is_exam else figures["handled"],
            "pass_rate": rules.rate(figures["passed"], figures["sat"]) if business_type.is_exam else None,
        })
    days = _scoped(CounterDay.objects.all(), brigade_ids).filter(date__range=(start, end)).aggregate(
        days=Count("pk"),
        extended_hours_days=Count("pk", filter=Q(extended_hours=True)),
        weekend_days=Count("pk", filter=Q(weekend_service=True)),
    )
    exam_rows = [r for r in rows if r["business_type"].is_exam]
    exam_sat = sum(r["sat"] for r in exam_rows)
    exam_passed = sum(r["passed"] for r in exam_rows)
    return {
        "by_type": rows,
        "by_code": {r["business_type"].code: r for r in rows},
        "total": sum(r["total"] for r in rows),
        "exam_sat": exam_sat,
        "exam_passed": exam_passed,
        "exam_pass_rate": rules.rate(exam_passed, exam_sat),
        **days,
    }


# --- Fast-processed accidents ---------------------------------------------------------------------


def fast_accident_figures(brigade_ids, start, end):
    """Cases reported in the period, those handled online and their share, and the median and
    average minutes from report to liability notice (cases with a notice)."""
    cases = _in_days(_scoped(FastAccident.objects.all(), brigade_ids), "reported_at", start, end)
    row = cases.aggregate(
        cases=Count("pk"),
        online=Count("pk", filter=Q(channel__in=ONLINE_ACCIDENT_CHANNELS)),
        noticed=Count("pk", filter=Q(minutes_to_liability__isnull=False)),
        liability_minutes=Sum("minutes_to_liability"),
    )
    row["liability_minutes"] = row["liability_minutes"] or 0
    minutes = cases.filter(minutes_to_liability__isnull=False).values_list("minutes_to_liability", flat=True)
    row["median_minutes"] = rules.median(list(minutes))
    row["average_minutes"] = rules.rate(row["liability_minutes"], row["noticed"], scale=1)
    row["online_share"] = rules.rate(row["online"], row["cases"])
    return row


# --- Command centre -------------------------------------------------------------------------------

COMMAND_CENTRE_FIELDS = (
    *CommandCentreDay.CALL_FIELDS,
    "patient_escorts", "people_helped", "bad_weather_responses", "video_patrols", "bulletins_issued",
)


def command_centre_figures(brigade_ids, start, end):
    days = _scoped(CommandCentreDay.objects.all(), brigade_ids).filter(date__range=(start, end))
    row = days.aggregate(days=Count("pk"), **{name: Sum(name) for name in COMMAND_CENTRE_FIELDS})
    row = {name: value or 0 for name, value in row.items()}
    row["total_calls"] = sum(row[name] for name in CommandCentreDay.CALL_FIELDS)
    return row


# --- Permits --------------------------------------------------------------------------------------


def permits_in_state(queryset, state, today=None, expiring_within_days=rules.EXPIRING_WITHIN_DAYS):
    """The same states as rules.permit_state, as queryset filters (expired is computed, never stored).
    `valid_today` includes those expiring soon: they are valid today too."""
    today = today or timezone.localdate()
    approved = queryset.filter(status=PermitStatus.APPROVED)
    if state == PermitState.VALID_TODAY:
        return approved.filter(valid_from__lte=today, valid_to__gte=today)
    if state == PermitState.EXPIRING:
        return approved.filter(
            valid_from__lte=today, valid_to__gte=today, valid_to__lte=today + timedelta(days=expiring_within_days)
        )
    if state == PermitState.EXPIRED:
        return approved.filter(valid_to__lt=today)
    if state == PermitState.NOT_YET_VALID:
        return approved.filter(valid_from__gt=today)
    if state in (PermitState.APPLIED, PermitState.REFUSED, PermitState.REVOKED):
        return queryset.filter(status=state)
    return queryset


def permit_figures(brigade_ids, start, end, today=None):
    permits = _scoped(Permit.objects.all(), brigade_ids)
    row = permits.filter(applied_on__range=(start, end)).aggregate(
        applied=Count("pk"),
        refused=Count("pk", filter=Q(status=PermitStatus.REFUSED)),
        revoked=Count("pk", filter=Q(status=PermitStatus.REVOKED)),
    )
    row["issued"] = _in_days(permits, "approved_at", start, end).count()
    row["valid_today"] = permits_in_state(permits, PermitState.VALID_TODAY, today).count()
    row["expiring"] = permits_in_state(permits, PermitState.EXPIRING, today).count()
    return row


# --- Relief fund ----------------------------------------------------------------------------------


def relief_figures(brigade_ids, start, end):
    """The relief fund's figures of a period: advances paid in it (count, amount), requested in it,
    recovered in it (by the recoveries' days), and the completion rate against the months' targets
    (救助基金垫付完成率 = advances paid ÷ target × 100, None without a target)."""
    advances = _scoped(ReliefAdvance.objects.all(), brigade_ids)
    paid = advances.filter(advanced_on__range=(start, end)).aggregate(
        advances=Count("pk"), requested=Sum("amount_requested"), advanced=Sum("amount_advanced"))
    row = {
        "advances": paid["advances"],
        "requested": paid["requested"] or 0,
        "advanced": paid["advanced"] or 0,
        "requests": advances.filter(requested_on__range=(start, end)).count(),
        "recovered": _scoped(ReliefRecovery.objects.all(), brigade_ids).filter(
            recovered_on__range=(start, end)).aggregate(total=Sum("amount"))["total"] or 0,
        "target": _scoped(ReliefTarget.objects.all(), brigade_ids).filter(
            month__range=(start, end)).aggregate(total=Sum("advances_target"))["total"] or 0,
    }
    row["completion_rate"] = rules.relief_completion_rate(paid=row["advances"], target=row["target"])
    row["recovery_rate"] = rules.relief_recovery_rate(recovered=row["recovered"], advanced=row["advanced"])
    return row


def relief_in_state(queryset, state, today=None):
    """The list's quick views: not yet paid (requested or approved), paid with recovery open, and
    recovery overdue (paid RELIEF_RECOVERY_DUE_DAYS ago or more, not fully recovered)."""
    if state == ReliefListState.OPEN:
        return queryset.filter(status__in=(ReliefStatus.REQUESTED, ReliefStatus.APPROVED))
    if state == ReliefListState.RECOVERING:
        return queryset.filter(status__in=RELIEF_RECOVERING)
    if state == ReliefListState.RECOVERY_OVERDUE:
        return queryset.recovery_overdue(today)
    return queryset


def todo_relief_recoveries(user, today=None):
    """Advances of the user's brigade whose recovery (追偿) is overdue, the longest-paid first."""
    return ReliefAdvance.objects.for_user(user).recovery_overdue(today).select_related("brigade").order_by("advanced_on", "pk")


# --- Home panel -----------------------------------------------------------------------------------


def home_panel(user, now=None):
    """What the home page shows a brigade: open and overdue hotline orders, due soon, the user's
    own open orders, and permits expiring soon."""
    now = now or timezone.now()
    orders = WorkOrder.objects.for_user(user)
    row = orders.aggregate(
        open=Count("pk", filter=Q(status__in=WORK_ORDER_OPEN)),
        overdue=Count("pk", filter=Q(status__in=WORK_ORDER_UNREPLIED, due_at__lt=now)),
        due_soon=Count("pk", filter=Q(
            status__in=WORK_ORDER_UNREPLIED, due_at__gte=now, due_at__lte=now + timedelta(hours=rules.DUE_SOON_HOURS)
        )),
        mine=Count("pk", filter=Q(status__in=WORK_ORDER_OPEN, handler=user) if user.is_authenticated else Q(pk=None)),
    )
    expiring = permits_in_state(Permit.objects.for_user(user), PermitState.EXPIRING, timezone.localdate(now))
    row["expiring_permits"] = list(expiring.order_by("valid_to")[:5])
    row["expiring_count"] = expiring.count()
    return row


def todo_workorders(user, now=None):
    """Work orders not yet replied to that are overdue or due within the due-soon window, taken by
    `user` or not yet taken by anyone in their brigade (the handler's queue), most urgent first."""
    now = now or timezone.now()
    queryset = WorkOrder.objects.for_user(user).filter(
        status__in=WORK_ORDER_UNREPLIED, due_at__lte=now + timedelta(hours=rules.DUE_SOON_HOURS)
    ).filter(Q(handler=user) | Q(handler__isnull=True))
    return queryset.select_related("brigade").order_by("due_at", "pk")


def workorders_same_caller(user, *, phone, name, received_at, exclude_pk=None):
    """Orders of the user's scope from the same caller (by phone, else by name) within a day of
    `received_at`: the duplicate warning when the same person calls twice."""
    if not (phone or name) or received_at is None:
        return []
    queryset = WorkOrder.objects.for_user(user).filter(
        received_at__gte=received_at - timedelta(days=1), received_at__lte=received_at + timedelta(days=1)
    )
    queryset = queryset.filter(caller_phone=phone.strip()) if phone else queryset.filter(caller_name=name.strip())
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return list(queryset.order_by("received_at")[:5])


def workorder_possible_duplicates(user, data, *, exclude_pk=None):
    """[(order, why)]: the same caller within a day, often the same request through a second channel.
    Asked by the form and the API alike."""
    found = workorders_same_caller(
        user, phone=data.get("caller_phone") or "", name=data.get("caller_name") or "",
        received_at=data.get("received_at"), exclude_pk=exclude_pk,
    )
    return [(order, _("same caller within a day")) for order in found]
