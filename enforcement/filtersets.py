"""One FilterSet per list; each serves the HTML list, its Excel export and the API list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from brigades.records.filtersets import BrigadeRecordFilterSet
from brigades.models import Squadron, Town

from .choices import (
    ALCOHOL_CODES,
    OVERLOAD_CODES,
    CaseGroup,
    DeploymentKind,
    Disposition,
    Measurement,
    OperationKind,
    OverloadBand,
    VehicleType,
)
from .models import Deployment, HelmetObservation, Operation, Violation, ViolationKind

GROUP_CODES = {CaseGroup.ALCOHOL: ALCOHOL_CODES, CaseGroup.OVERLOAD: OVERLOAD_CODES}


class ViolationFilterSet(BrigadeRecordFilterSet):
    search_fields = ("plate", "driver_name", "road", "note", "kind__name")

    kind = django_filters.ModelChoiceFilter(
        queryset=ViolationKind.objects.all(), to_field_name="code", label=_("Kind")
    )
    group = django_filters.ChoiceFilter(choices=CaseGroup.choices, method="filter_group", label=_("Case group"))
    disposition = django_filters.ChoiceFilter(choices=Disposition.choices, label=_("Outcome"))
    operation = django_filters.ModelChoiceFilter(queryset=Operation.objects.all(), label=_("Operation"))
    squadron = django_filters.ModelChoiceFilter(queryset=Squadron.objects.all(), label=_("Squadron"))
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("Town"))
    plate = django_filters.CharFilter(lookup_expr="icontains", label=_("Plate"))
    vehicle_type = django_filters.ChoiceFilter(choices=VehicleType.choices, label=_("Vehicle type"))
    overload_band = django_filters.ChoiceFilter(choices=OverloadBand.choices, label=_("Overload band"))
    hundred_tonne = django_filters.BooleanFilter(label=_("“百吨王”"))
    trucks = django_filters.BooleanFilter(method="filter_trucks", label=_("Overloaded trucks (load by mass)"))
    panels_cut = django_filters.BooleanFilter(label=_("Panels cut"))
    vehicle_detained = django_filters.BooleanFilter(label=_("Vehicle detained"))
    unloaded = django_filters.BooleanFilter(
        field_name="tonnes_unloaded", lookup_expr="gt", method="filter_unloaded", label=_("Unloaded")
    )

    class Meta:
        model = Violation
        fields = ["brigade", "kind", "group", "disposition", "operation", "squadron", "town", "plate"]

    def filter_group(self, queryset, name, value):
        codes = GROUP_CODES.get(value)
        return queryset.filter(kind__code__in=codes) if codes else queryset

    def filter_trucks(self, queryset, name, value):
        if value is None:
            return queryset
        condition = {"kind__measurement": Measurement.LOAD_MASS}
        return queryset.filter(**condition) if value else queryset.exclude(**condition)

    def filter_unloaded(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(tonnes_unloaded__gt=0) if value else queryset.exclude(tonnes_unloaded__gt=0)


class OperationFilterSet(BrigadeRecordFilterSet):
    search_fields = ("name", "description")
    kind = django_filters.ChoiceFilter(choices=OperationKind.choices, label=_("Kind"))

    class Meta:
        model = Operation
        fields = ["brigade", "kind", "is_detachment_wide"]


class DeploymentFilterSet(BrigadeRecordFilterSet):
    search_fields = ("place", "note")
    kind = django_filters.ChoiceFilter(choices=DeploymentKind.choices, label=_("Kind"))

    class Meta:
        model = Deployment
        fields = ["brigade", "operation", "kind", "town"]


class HelmetObservationFilterSet(BrigadeRecordFilterSet):
    search_fields = ("place", "town__name", "note")
    town = django_filters.ModelChoiceFilter(queryset=Town.objects.all(), label=_("Town / district"))

    class Meta:
        model = HelmetObservation
        fields = ["brigade", "town", "observer"]
