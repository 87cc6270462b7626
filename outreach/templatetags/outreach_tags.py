"""The outreach panel of the home page (today's school-escort coverage and this month's events), and
the outreach events of an enforcement operation, shown on the operation's page without enforcement
importing outreach."""

from django import template
from django.utils import timezone

from brigades.models import Brigade

from .. import selectors

register = template.Library()


@register.inclusion_tag("outreach/_home_panel_body.html", takes_context=True)
def outreach_home_panel(context):
    user = context["user"]
    brigade_ids = list(Brigade.objects.for_user(user).values_list("pk", flat=True))
    today = timezone.localdate()
    start, end = selectors.period_bounds("month", today)
    figures = selectors.event_figures(brigade_ids, start, end)
    coverage = selectors.day_coverage(brigade_ids, today)
    return {
        "user": user,
        "today": today,
        "month_start": start,
        "events": figures["events"],
        "audience": figures["audience"],
        "coverage": coverage,
        "problem_posts": [row for row in coverage["posts"] if row.has_problem][:5],
    }


@register.inclusion_tag("outreach/_operation_events.html", takes_context=True)
def operation_outreach(context, operation):
    user = context["user"]
    return {"user": user, "operation": operation, **selectors.operation_events(operation, user)}
