"""The organisation's FilterSets."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .choices import OfficerKind
from .records.filtersets import BrigadeRecordFilterSet
from .models import Officer


class OfficerFilterSet(BrigadeRecordFilterSet):
    search_fields = ("name", "badge_number", "position", "phone")
    kind = django_filters.ChoiceFilter(choices=OfficerKind.choices, label=_("Kind"))

    class Meta:
        model = Officer
        fields = ["brigade", "squadron", "kind", "is_active"]
