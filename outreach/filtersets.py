"""FilterSets: each serves its HTML list and its API list alike, and accepts the parameters of
the metrics' RecordsLinks (venue_kind, event_kind, target_group, material, staffing...)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from brigades.records.filtersets import BrigadeRecordFilterSet
from brigades.models import Officer, Town
from enforcement.models import Operation

from .choices import EventKind, OutletKind, SchoolKind, ShiftPeriod, Staffing, VenueKind
from .models import EscortDutyLog, EscortPost, EscortShift, Event, Material, MediaArticle, School, TargetGroup


class EventFilterSet(BrigadeRecordFilterSet):
    search_fields = ("title", "venue_name", "summary", "campaign", "operation__name", "school__name", "enterprise__name")

    event_kind = django_filters.ChoiceFilter(choices=EventKind.choices, label=_("Event kind"))
    venue_kind = django_filters.ChoiceFilter(choices=VenueKind.choices, label=_("Venue kind"))
    target_group = django_filters.ModelChoiceFilter(
        queryset=TargetGroup.objects.all(), field_name="target_groups", to_field_name="code",
        label=_("Target group"), distinct=True,
    )
    material = django_filters.ModelChoiceFilter(
        queryset=Material.objects.all(), field_name="materials__material", to_field_name="code",
        label=_("Material"), distinct=True,
    )
    school = django_filters.ModelChoiceFilter(queryset=School.objects.all(), label=_("School"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("Town"))
    officer = django_filters.ModelChoiceFilter(
        queryset=Officer.objects.all(), field_name="officers", label=_("Officer"), distinct=True
    )
    # The operations the user sees (OperationQuerySet.for_user: own, covered and detachment-wide).
    operation = django_filters.ModelChoiceFilter(queryset=Operation.objects.all(), label=_("Operation"))
    campaign = django_filters.CharFilter(lookup_expr="icontains", label=_("Publicity theme"))

    class Meta:
        model = Event
        fields = ["brigade"]


class MediaArticleFilterSet(BrigadeRecordFilterSet):
    search_fields = ("title", "outlet_name", "subject")

    outlet_kind = django_filters.ChoiceFilter(choices=OutletKind.choices, label=_("Outlet kind"))

    class Meta:
        model = MediaArticle
        fields = ["brigade", "event"]


class SchoolFilterSet(BrigadeRecordFilterSet):
    search_fields = ("name", "address")

    kind = django_filters.ChoiceFilter(choices=SchoolKind.choices, label=_("Kind"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("Town"))

    class Meta:
        model = School
        fields = ["brigade", "is_active"]


class EscortPostFilterSet(BrigadeRecordFilterSet):
    search_fields = ("name", "location", "school__name")

    school = django_filters.ModelChoiceFilter(queryset=School.objects.all(), label=_("School"))

    class Meta:
        model = EscortPost
        fields = ["brigade", "is_active"]


class EscortShiftFilterSet(BrigadeRecordFilterSet):
    search_fields = ("post__name", "post__school__name")

    period = django_filters.ChoiceFilter(choices=ShiftPeriod.choices, label=_("Period"))
    post = django_filters.ModelChoiceFilter(queryset=EscortPost.objects.all(), label=_("Post"))
    school = django_filters.ModelChoiceFilter(queryset=School.objects.all(), field_name="post__school", label=_("School"))
    officer = django_filters.ModelChoiceFilter(
        queryset=Officer.objects.all(), field_name="officers", label=_("Officer"), distinct=True
    )
    # Shifts active at some time in the range: what "planned shifts" of a period are made of.
    active = django_filters.DateFromToRangeFilter(method="filter_active", label=_("Active between"))

    class Meta:
        model = EscortShift
        fields = ["brigade"]

    def filter_active(self, queryset, name, value):
        if value.start:
            queryset = queryset.filter(Q(active_until__isnull=True) | Q(active_until__gte=value.start))
        if value.stop:
            queryset = queryset.filter(active_from__lte=value.stop)
        return queryset


class EscortDutyLogFilterSet(BrigadeRecordFilterSet):
    search_fields = ("note", "shift__post__name", "shift__post__school__name")

    staffing = django_filters.ChoiceFilter(choices=Staffing.choices, label=_("Staffing"))
    school = django_filters.ModelChoiceFilter(queryset=School.objects.all(), field_name="shift__post__school", label=_("School"))
    shift = django_filters.ModelChoiceFilter(queryset=EscortShift.objects.all(), label=_("Shift"))

    class Meta:
        model = EscortDutyLog
        fields = ["brigade", "incident", "congestion"]
