"""The outreach panel of the home page (today's school-escort coverage and this month's events), and
the outreach events of an enforcement operation, shown on the operation's page without enforcement
importing outreach."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from brigades.models import Brigade

from brigades.records.caching import cached_figures

from .. import selectors

register = template.Library()


@register.inclusion_tag("outreach/_home_panel_body.html", takes_context=True)
def outreach_home_panel(context):
    user = context["user"]
    today = timezone.localdate()
    start, end = selectors.period_bounds("month", today)

    def compute():
        brigade_ids = list(Brigade.objects.for_user(user).values_list("pk", flat=True))
        return selectors.event_figures(brigade_ids, start, end)

    figures = cached_figures("outreach.events", user, compute)
    coverage = coverage_today(user)
    return {
        "user": user,
        "today": today,
        "month_start": start,
        "events": figures["events"],
        "audience": figures["audience"],
        "coverage": coverage,
        "problem_posts": coverage["problem_posts"],
    }


@register.inclusion_tag("outreach/_operation_events.html", takes_context=True)
def operation_outreach(context, operation):
    user = context["user"]
    return {"user": user, "operation": operation, **selectors.operation_events(operation, user)}


def coverage_today(user):
    """Today's escort coverage in the user's scope, read once per data change (brigades.records.caching)."""

    def compute():
        brigade_ids = list(Brigade.objects.for_user(user).values_list("pk", flat=True))
        coverage = selectors.day_coverage(brigade_ids, timezone.localdate())
        # Only what the home page shows: the counts and the first posts with a problem, as plain
        # values (the detachment's thousands of posts and shifts are not kept in the cache).
        summary = {key: coverage[key] for key in ("planned", "covered", "unstaffed", "pending", "missed")}
        summary["problem_posts"] = [
            {"post": {"school": str(row.post.school), "name": row.post.name}}
            for row in coverage["posts"] if row.has_problem
        ][:5]
        return summary

    return cached_figures("outreach.coverage", user, compute)


@register.simple_tag
def escort_todo(user):
    """The home page's to-do lines for school escort: today's shifts that ended unrecorded (red)
    and those still to be recorded (amber)."""
    if not getattr(user, "is_authenticated", False):
        return []
    coverage = coverage_today(user)
    url = reverse("outreach:escort_coverage")
    lines = [
        ("danger", "bi-shield-exclamation", coverage["missed"], _("escort shifts ended today without a duty record"), url),
        ("danger", "bi-shield-x", coverage["unstaffed"], _("escort shifts unstaffed today"), url),
        ("warning", "bi-shield", coverage["pending"], _("escort shifts still to be recorded today"), url),
    ]
    return [{"level": level, "icon": icon, "count": count, "text": text, "url": url}
            for level, icon, count, text, url in lines if count]
