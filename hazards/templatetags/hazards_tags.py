from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from brigades.records.caching import cached_figures

from ..selectors import hazards_needing_attention

register = template.Library()


@register.inclusion_tag("hazards/_home_panel_body.html")
def hazard_home_panel(user):
    """The home page's hazard card: overdue hazards and those due within three days, in the user's scope."""
    if not getattr(user, "is_authenticated", False):
        return {"overdue": [], "due_soon": [], "overdue_count": 0, "due_soon_count": 0, "reinspections_due": 0}
    return attention(user)


def attention(user):
    """The user's hazards needing attention, counted once per data change (brigades.records.caching)."""
    return cached_figures("hazards.attention", user, lambda: hazards_needing_attention(user))


@register.simple_tag
def hazard_todo(user):
    """The home page's to-do lines for hazards: overdue (red), due within three days and
    re-inspections due (amber). Lines with nothing to do are left out."""
    if not getattr(user, "is_authenticated", False):
        return []
    needing = attention(user)
    hazards = reverse("hazards:hazard_list")
    lines = [
        ("danger", "bi-exclamation-octagon", needing["overdue_count"], _("hazards past their rectification deadline"),
         f"{hazards}?deadline_state=overdue"),
        ("warning", "bi-hourglass-split", needing["due_soon_count"], _("hazards due for rectification within 3 days"),
         f"{hazards}?deadline_state=due_soon"),
        ("warning", "bi-arrow-repeat", needing["reinspections_due"], _("re-inspections due"),
         f"{reverse('hazards:reinspection_list')}?due=true"),
    ]
    return [{"level": level, "icon": icon, "count": count, "text": text, "url": url}
            for level, icon, count, text, url in lines if count]
