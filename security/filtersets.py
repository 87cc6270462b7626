import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EventKind
from .models import SecurityEvent


class SecurityEventFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search",
                                  help_text=_("User, address, page or what it concerns"))
    kind = django_filters.MultipleChoiceFilter(label=_("Event"), choices=EventKind.choices)
    occurred = django_filters.DateFromToRangeFilter(
        label=_("Date"), field_name="occurred_at",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    ip_address = django_filters.CharFilter(label=_("Address"))

    class Meta:
        model = SecurityEvent
        fields = ["q", "kind", "occurred", "ip_address"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(username__icontains=value) | Q(target__icontains=value) | Q(path__icontains=value)
            | Q(ip_address__contains=value)
        )
