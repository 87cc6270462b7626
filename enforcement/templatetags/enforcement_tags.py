from django import template
from django.utils import timezone

from brigades.records.caching import cached_figures
from brigades.figures.periods import month_end

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

    def compute():
        return (
            selectors.enforcement_figures(brigade_ids=brigade_ids, start=start, end=end),
            selectors.helmet_figures(brigade_ids=brigade_ids, start=start, end=end),
            selectors.min_riders_seen(user.brigade if user.brigade_id else None),
        )

    # This month's cases, counted once per data change (brigades.records.caching).
    figures, helmet, min_seen = cached_figures("enforcement.home_panel", user, compute)
    return {
        "user": user, "figures": figures, "helmet": helmet, "start": start, "end": end,
        "helmet_insufficient": helmet["riders_seen"] < min_seen,
    }
