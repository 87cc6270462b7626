from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .forms import ViolationRulesMixin
from .models import (
    Deployment,
    HelmetObservation,
    HelmetSurveyPolicy,
    Operation,
    Violation,
    ViolationCode,
    ViolationKind,
)


@admin.register(ViolationKind)
class ViolationKindAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_en", "code", "measurement", "sort_order", "is_active")
    list_filter = ("measurement", "is_active")
    search_fields = ("name", "name_en", "code")
    list_editable = ("sort_order", "is_active")


@admin.register(ViolationCode)
class ViolationCodeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "description", "kind", "fine_min", "fine_max", "points", "licence_action", "is_criminal",
                    "commercial_vehicle", "is_active")
    list_filter = ("kind", "licence_action", "is_criminal", "commercial_vehicle", "is_active")
    search_fields = ("code", "description", "legal_basis")
    list_select_related = ("kind",)


class ViolationAdminForm(ViolationRulesMixin, forms.ModelForm):
    """The admin refuses and derives exactly what the web form and the API do."""

    class Meta:
        model = Violation
        fields = "__all__"


@admin.register(Violation)
class ViolationAdmin(SimpleHistoryAdmin):
    form = ViolationAdminForm
    list_display = ("date", "brigade", "kind", "violation_code", "plate", "driver_name", "bac", "overload_percent", "disposition",
                    "vehicle_detained")
    list_filter = ("brigade", "kind", "disposition", "overload_band", "hundred_tonne", "vehicle_detained")
    search_fields = ("plate", "driver_name", "road", "note")
    date_hierarchy = "date"
    list_select_related = ("brigade", "kind")
    raw_id_fields = ("operation", "deployment")
    autocomplete_fields = ("officers", "violation_code")
    readonly_fields = ("bac", "overload_percent", "overload_band", "hundred_tonne")


class DeploymentInline(admin.TabularInline):
    model = Deployment
    extra = 0
    fields = ("brigade", "kind", "place", "date", "start_time", "end_time", "vehicles_deployed")


@admin.register(Operation)
class OperationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "brigade", "is_detachment_wide", "start_date", "end_date")
    list_filter = ("kind", "brigade", "is_detachment_wide")
    search_fields = ("name", "description")
    list_select_related = ("brigade",)
    filter_horizontal = ("covered_brigades",)
    inlines = [DeploymentInline]


@admin.register(Deployment)
class DeploymentAdmin(SimpleHistoryAdmin):
    list_display = ("place", "operation", "brigade", "kind", "date", "start_time", "end_time", "vehicles_deployed")
    list_filter = ("kind", "brigade")
    search_fields = ("place", "operation__name")
    list_select_related = ("operation", "brigade")


@admin.register(HelmetObservation)
class HelmetObservationAdmin(SimpleHistoryAdmin):
    list_display = ("date", "brigade", "town", "place", "riders_seen", "riders_wearing")
    list_filter = ("brigade",)
    search_fields = ("place", "town__name")
    date_hierarchy = "date"
    list_select_related = ("brigade", "town")


@admin.register(HelmetSurveyPolicy)
class HelmetSurveyPolicyAdmin(SimpleHistoryAdmin):
    list_display = ("detachment", "min_riders_seen")
