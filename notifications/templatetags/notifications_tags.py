from django import template

from ..selectors import todo_count

register = template.Library()


@register.simple_tag
def todo_nav_count(user):
    """The number beside 待办 in the navigation bar (cached a minute per user)."""
    return todo_count(user)
