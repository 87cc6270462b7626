from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """待办 and reminders: what needs each user now, and the daily digest that reaches them.
    Reads the domain apps through their selectors; no app imports this one."""

    name = "notifications"
    verbose_name = _("To do and reminders")
