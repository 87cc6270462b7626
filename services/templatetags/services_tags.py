from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("services/includes/home_panel_card.html", takes_context=True)
def services_home_panel(context):
    """The home page's hotline and permit card for the user's brigade (or scope)."""
    user = context["user"]
    return {"user": user, "panel": selectors.home_panel(user)}
