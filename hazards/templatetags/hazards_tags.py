from django import template

from ..selectors import hazards_needing_attention

register = template.Library()


@register.inclusion_tag("hazards/_home_panel_body.html")
def hazard_home_panel(user):
    """The home page's hazard card: overdue hazards and those due within three days, in the user's scope."""
    if not getattr(user, "is_authenticated", False):
        return {"overdue": [], "due_soon": [], "overdue_count": 0, "due_soon_count": 0, "reinspections_due": 0}
    return hazards_needing_attention(user)
