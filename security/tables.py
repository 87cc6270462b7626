import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import SecurityEvent


class SecurityEventTable(tables.Table):
    occurred_at = tables.DateTimeColumn(format="Y-m-d H:i:s")
    detail = tables.JSONColumn(orderable=False)

    class Meta:
        model = SecurityEvent
        fields = ("occurred_at", "kind", "username", "ip_address", "target", "path", "detail")
        order_by = "-occurred_at"
        empty_text = _("No events match these filters.")
