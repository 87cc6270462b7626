from django import template
from django.utils import timezone

from brigades.periods import month_end

from .. import selectors

register = template.Library()


@register.inclusion_tag("enforcement/_home_panel_body.html", takes_context=True)
def enforcement_home_panel(context):
    """This month's alcohol and overload cases and helmet rate of the user's brigade (all
    brigades for the detachment)."""
    user = context["user"]
    today = timezone.localdate()
    start, end = today.replace(day=1), month_end(today)
    brigade_ids = [user.brigade_id] if user.brigade_id else None
    figures = selectors.enforcement_figures(brigade_ids=brigade_ids, start=start, end=end)
    helmet = selectors.helmet_figures(brigade_ids=brigade_ids, start=start, end=end)
    min_seen = selectors.min_riders_seen(user.brigade if user.brigade_id else None)
    return {
        "user": user, "figures": figures, "helmet": helmet, "start": start, "end": end,
        "helmet_insufficient": helmet["riders_seen"] < min_seen,
    }
