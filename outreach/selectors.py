"""Reads of outreach work that are more than one filter: the figures of the issue per brigade and
period, today's school-escort coverage, the calendar, and double-booking of escort officers.

`brigade_ids` is an iterable of brigade ids (None: every brigade); periods are closed [start, end].
"""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from brigades.models import Officer

from . import rules
from .choices import CoverageState, EventKind, Staffing, VenueKind, Weekday
from .models import EscortDutyLog, EscortPost, EscortShift, Event, EventMaterial, Material, MediaArticle, TargetGroup


def _scoped(queryset, brigade_ids, lookup="brigade_id"):
    if brigade_ids is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": list(brigade_ids)})


# Events ---------------------------------------------------------------------------------------


def events_in(brigade_ids, start, end):
    return _scoped(Event.objects.filter(date__range=(start, end)), brigade_ids)


def operation_events(operation, user, limit=20):
    """The outreach events of an enforcement operation that the user may see (a brigade sees its
    own share of a detachment-wide operation), newest first, with their count and audience: the
    outreach part of the operation's page, read through outreach_tags.operation_outreach."""
    events = Event.objects.for_user(user).filter(operation=operation)
    totals = events.aggregate(events=Count("pk"), audience=Sum("audience"))
    return {
        "events": list(events.select_related("brigade").order_by("-date", "-start_time", "-pk")[:limit]),
        "count": totals["events"],
        "audience": totals["audience"] or 0,
    }


def event_figures(brigade_ids, start, end):
    """Every event figure of a period: counts by kind, venue kind and target group, the audience,
    and each material's quantity. A handful of aggregate queries, whatever the period."""
    events = events_in(brigade_ids, start, end)
    totals = events.aggregate(events=Count("pk"), audience=Sum("audience"))
    by_kind = dict(events.order_by().values_list("event_kind").annotate(n=Count("pk")))
    by_venue = dict(events.order_by().values_list("venue_kind").annotate(n=Count("pk")))
    target_counts = dict(
        TargetGroup.objects.filter(events__in=events).order_by().values_list("code").annotate(n=Count("events"))
    )
    material_totals = {
        code: rules.plain_number(total)
        for code, total in EventMaterial.objects.filter(event__in=events).order_by()
        .values_list("material__code").annotate(q=Sum("quantity"))
    }
    return {
        "events": totals["events"],
        "audience": totals["audience"] or 0,
        "by_event_kind": {kind: by_kind.get(kind, 0) for kind in EventKind.values},
        "by_venue_kind": {kind: by_venue.get(kind, 0) for kind in VenueKind.values},
        "by_target_group": target_counts,
        "materials": material_totals,
    }


def event_figure_rows(brigade_ids, start, end):
    """event_figures with labels, for the overview page: lists of (label, value[, unit])."""
    figures = event_figures(brigade_ids, start, end)
    groups = TargetGroup.objects.filter(Q(is_active=True) | Q(code__in=figures["by_target_group"]))
    materials = Material.objects.filter(Q(is_active=True) | Q(code__in=figures["materials"]))
    return {
        **figures,
        "event_kind_rows": [(kind, label, figures["by_event_kind"][kind]) for kind, label in EventKind.choices],
        "venue_kind_rows": [(kind, label, figures["by_venue_kind"][kind]) for kind, label in VenueKind.choices],
        "target_group_rows": [(group, figures["by_target_group"].get(group.code, 0)) for group in groups],
        "material_rows": [(material, figures["materials"].get(material.code, 0)) for material in materials],
    }




def article_figures(brigade_ids, start, end):
    articles = _scoped(MediaArticle.objects.filter(published_on__range=(start, end)), brigade_ids)
    totals = articles.aggregate(articles=Count("pk"), reach=Sum("reach"))
    by_outlet = dict(articles.order_by().values_list("outlet_kind").annotate(n=Count("pk")))
    return {"articles": totals["articles"], "reach": totals["reach"] or 0, "by_outlet_kind": by_outlet}


@dataclass
class CalendarDay:
    day: date
    in_month: bool
    events: list = field(default_factory=list)

    @property
    def is_today(self):
        return self.day == timezone.localdate()


def month_calendar(brigade_ids, year, month):
    """The month grid (weeks from Monday) with each day's events: one query."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    by_day = defaultdict(list)
    events = events_in(brigade_ids, first, last).select_related("brigade", "school", "enterprise").order_by("date", "start_time", "pk")
    for event in events:
        by_day[event.date].append(event)
    return [[CalendarDay(day, day.month == month, by_day.get(day, [])) for day in week] for week in weeks]


# School escort --------------------------------------------------------------------------------


def shifts_on(day, brigade_ids=None):
    """The shifts planned on `day`: active that day, on that weekday, at an active post."""
    shifts = EscortShift.objects.filter(
        Q(active_until__isnull=True) | Q(active_until__gte=day),
        active_from__lte=day,
        weekdays__contains=str(day.isoweekday()),
        post__is_active=True,
    )
    return _scoped(shifts, brigade_ids)


def planned_shift_days(brigade_ids, start, end):
    """{(brigade_id, day): shifts planned}, for the days in [start, end]: one query of the shifts
    active in the period, expanded over their weekdays in memory (a weekly pattern is not rows)."""
    shifts = _scoped(
        EscortShift.objects.filter(
            Q(active_until__isnull=True) | Q(active_until__gte=start), active_from__lte=end, post__is_active=True
        ),
        brigade_ids,
    ).values_list("brigade_id", "weekdays", "active_from", "active_until")
    planned = Counter()
    for brigade_id, weekdays, active_from, active_until in shifts:
        day = max(start, active_from)
        last = min(end, active_until) if active_until else end
        while day <= last:
            if str(day.isoweekday()) in weekdays:
                planned[(brigade_id, day)] += 1
            day += timedelta(days=1)
    return planned




def escort_coverage(brigade_ids, start, end):
    """Planned and staffed shift-days of a period, the unstaffed and the not-yet-recorded, the rate."""
    planned = sum(planned_shift_days(brigade_ids, start, end).values())
    logs = _scoped(EscortDutyLog.objects.filter(date__range=(start, end)), brigade_ids).aggregate(
        staffed=Count("pk", filter=Q(staffing=Staffing.STAFFED)),
        unstaffed=Count("pk", filter=Q(staffing=Staffing.UNSTAFFED)),
        incidents=Count("pk", filter=Q(incident=True)),
        congestion=Count("pk", filter=Q(congestion=True)),
    )
    return {
        "planned": planned,
        **logs,
        "unrecorded": max(planned - logs["staffed"] - logs["unstaffed"], 0),
        "rate": rules.coverage_rate(logs["staffed"], planned),
    }


@dataclass
class ShiftToday:
    shift: EscortShift
    log: EscortDutyLog | None
    state: str

    @property
    def state_label(self):
        return CoverageState(self.state).label


@dataclass
class PostToday:
    post: EscortPost
    shifts: list

    @property
    def is_covered(self):
        return bool(self.shifts) and all(s.state == CoverageState.COVERED for s in self.shifts)

    @property
    def has_problem(self):
        return any(s.state in (CoverageState.UNSTAFFED, CoverageState.MISSED) for s in self.shifts)


def shift_state(shift, log, day, now):
    if log is not None:
        return CoverageState.COVERED if log.is_covered else CoverageState.UNSTAFFED
    today = timezone.localdate(now)
    if day < today or (day == today and timezone.localtime(now).time() >= shift.ends_at):
        return CoverageState.MISSED
    return CoverageState.PENDING


def day_coverage(brigade_ids, day, now=None):
    """Every active post of the brigades with its shifts planned on `day` and their state:
    covered (a staffed log), unstaffed, pending (not yet over, not recorded) or missed (over,
    not recorded). Three queries."""
    now = now or timezone.now()
    shifts = list(
        shifts_on(day, brigade_ids)
        .select_related("post__school")
        .prefetch_related(
            "officers",
            Prefetch("duty_logs", queryset=EscortDutyLog.objects.filter(date=day).prefetch_related("officers"), to_attr="logs_today"),
        )
        .order_by("post__school__name", "post__name", "starts_at")
    )
    by_post = defaultdict(list)
    for shift in shifts:
        log = shift.logs_today[0] if shift.logs_today else None
        by_post[shift.post_id].append(ShiftToday(shift, log, shift_state(shift, log, day, now)))
    posts = _scoped(EscortPost.objects.filter(is_active=True), brigade_ids).select_related("school", "brigade")
    rows = [PostToday(post, by_post.get(post.pk, [])) for post in posts.order_by("school__name", "name")]
    states = Counter(s.state for row in rows for s in row.shifts)
    planned = sum(states.values())
    return {
        "day": day,
        "posts": rows,
        "planned": planned,
        "covered": states[CoverageState.COVERED],
        "unstaffed": states[CoverageState.UNSTAFFED],
        "pending": states[CoverageState.PENDING],
        "missed": states[CoverageState.MISSED],
        "rate": rules.coverage_rate(states[CoverageState.COVERED], planned),
        "posts_without_shift": sum(1 for row in rows if not row.shifts),
    }


def shift_conflicts(*, officers, weekdays, starts_at, ends_at, active_from, active_until, exclude_pk=None):
    """The (officer, other shift) pairs that would double-book an officer: the same officer on
    another shift sharing a weekday, overlapping in time and in active dates. One query."""
    officer_ids = [o.pk for o in officers]
    if not officer_ids:
        return []
    candidates = (
        EscortShift.objects.filter(officers__in=officer_ids, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=active_from))
        .exclude(pk=exclude_pk)
        .select_related("post__school")
        .prefetch_related(Prefetch("officers", queryset=Officer.objects.filter(pk__in=officer_ids), to_attr="clashing"))
        .distinct()
    )
    if active_until is not None:
        candidates = candidates.filter(active_from__lte=active_until)
    proposed = {"weekdays": weekdays, "starts_at": starts_at, "ends_at": ends_at,
                "active_from": active_from, "active_until": active_until}
    conflicts = []
    for other in candidates:
        theirs = {"weekdays": other.weekdays, "starts_at": other.starts_at, "ends_at": other.ends_at,
                  "active_from": other.active_from, "active_until": other.active_until}
        if rules.shifts_clash(proposed, theirs):
            conflicts.extend((officer, other) for officer in other.clashing)
    return conflicts


def conflict_messages(conflicts):
    labels = dict(Weekday.choices)
    messages = []
    for officer, other in conflicts:
        messages.append(_("%(officer)s already escorts at %(post)s on %(days)s %(start)s–%(end)s (from %(since)s).") % {
            "officer": officer.name,
            "post": other.post,
            "days": "、".join(str(labels[d]) for d in other.weekdays if d in labels),
            "start": f"{other.starts_at:%H:%M}",
            "end": f"{other.ends_at:%H:%M}",
            "since": f"{other.active_from:%Y-%m-%d}",
        })
    return messages


def period_bounds(period, today=None):
    """(start, end) of a named period ending today: this month, this quarter, this year, last 12 months."""
    today = today or timezone.localdate()
    if period == "year":
        return date(today.year, 1, 1), today
    if period == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1), today
    if period == "12m":
        return today - timedelta(days=364), today
    return today.replace(day=1), today
