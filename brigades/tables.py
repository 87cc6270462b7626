"""The organisation's list tables."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Officer
from .records.tables import RecordTable


class OfficerTable(RecordTable):
    name = tables.Column(linkify=True)
    squadron = tables.Column(verbose_name=_("squadron"))

    class Meta:
        model = Officer
        fields = ("name", "badge_number", "kind", "brigade", "squadron", "position", "is_active")
