from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from brigades.records.caching import cached_figures

from .. import selectors

register = template.Library()


@register.inclusion_tag("services/includes/home_panel_card.html", takes_context=True)
def services_home_panel(context):
    """The home page's hotline and permit card for the user's brigade (or scope)."""
    user = context["user"]
    return {"user": user, "panel": home_panel(user)}


def home_panel(user):
    """Counted once per data change (brigades.records.caching), not on every page."""
    return cached_figures("services.home_panel", user, lambda: selectors.home_panel(user))


@register.simple_tag
def workorder_todo(user):
    """The home page's to-do lines for the hotline: orders past their reply deadline (red), due
    soon (amber) and permits about to expire."""
    if not getattr(user, "is_authenticated", False):
        return []
    panel = home_panel(user)
    orders, permits = reverse("services:workorder_list"), reverse("services:permit_list")
    lines = [
        ("danger", "bi-telephone-x", panel["overdue"], _("hotline work orders past their reply deadline"), f"{orders}?state=overdue"),
        ("warning", "bi-telephone", panel["due_soon"], _("hotline work orders due for reply soon"), f"{orders}?state=due_soon"),
        ("info", "bi-sign-turn-right", panel["expiring_count"], _("permits expiring soon"), f"{permits}?state=expiring"),
    ]
    return [{"level": level, "icon": icon, "count": count, "text": text, "url": url}
            for level, icon, count, text, url in lines if count]
