"""Admin: reference data is maintained here; records are viewable and editable, but never their
status (status fields are not editable, and transitions go through operations)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Accident,
    AccidentCause,
    BlackSpotSuggestion,
    Enterprise,
    EnterpriseRiskChange,
    Hazard,
    HazardCategory,
    HazardMeasure,
    HazardPhoto,
    HazardPolicy,
    HazardTransition,
    KeyDriver,
    KeyItemImport,
    KeyVehicle,
    MeasureKind,
    NoticeCounter,
    Reinspection,
    ResponsibleParty,
    SupervisionAction,
    Notice,
    SupervisionListing,
    SupervisionProgress,
)


class ReferenceAdmin(SimpleHistoryAdmin):
    list_display = ("name", "name_en", "sort_order", "is_active")
    list_editable = ("sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "name_en")


@admin.register(HazardCategory)
class HazardCategoryAdmin(ReferenceAdmin):
    list_display = ("name", "name_en", "is_black_spot", "sort_order", "is_active")


admin.site.register(ResponsibleParty, ReferenceAdmin)
admin.site.register(AccidentCause, ReferenceAdmin)


@admin.register(MeasureKind)
class MeasureKindAdmin(ReferenceAdmin):
    list_display = ("name", "name_en", "unit", "sort_order", "is_active")


@admin.register(HazardPolicy)
class HazardPolicyAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "reinspection_days", "black_spot_window_days", "black_spot_radius_m", "black_spot_min_weight", "black_spot_fatal_weight")


class TransitionInline(admin.TabularInline):
    model = HazardTransition
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_status", "to_status", "note", "acted_by", "acted_at")

    def has_add_permission(self, request, obj=None):
        return False


class MeasureInline(admin.TabularInline):
    model = HazardMeasure
    extra = 0


class PhotoInline(admin.TabularInline):
    model = HazardPhoto
    extra = 0


@admin.register(Hazard)
class HazardAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "brigade", "town", "category", "level", "status", "found_on", "rectification_deadline", "notice_number")
    list_filter = ("brigade", "status", "category", "level", "source", "is_supervised")
    search_fields = ("road", "place", "description", "notice_number")
    list_select_related = ("brigade", "town", "category")
    readonly_fields = (
        "status", "notice_number", "notice_issued_on", "rectification_deadline", "rectified_on", "signed_off_on",
        "signed_off_by", "closed_on", "closure_reason", "reopen_count",
    )
    date_hierarchy = "found_on"
    inlines = [MeasureInline, PhotoInline, TransitionInline]


@admin.register(Reinspection)
class ReinspectionAdmin(SimpleHistoryAdmin):
    list_display = ("hazard", "due_on", "done_on", "result")
    list_filter = ("result", "hazard__brigade")
    search_fields = ("hazard__road", "hazard__place")
    readonly_fields = ("hazard", "done_on", "result", "inspected_by")


@admin.register(NoticeCounter)
class NoticeCounterAdmin(admin.ModelAdmin):
    list_display = ("brigade", "year", "last_serial")
    list_filter = ("brigade", "year")


@admin.register(Accident)
class AccidentAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "brigade", "town", "severity", "deaths", "injuries", "main_cause", "is_reviewed")
    list_filter = ("brigade", "severity", "main_cause", "is_reviewed")
    search_fields = ("road", "place", "parties")
    list_select_related = ("brigade", "town", "main_cause")
    date_hierarchy = "occurred_at"


@admin.register(BlackSpotSuggestion)
class BlackSpotSuggestionAdmin(SimpleHistoryAdmin):
    list_display = ("__str__", "brigade", "status", "weight", "suggested_on")
    list_filter = ("brigade", "status")
    search_fields = ("road", "place")


class RiskChangeInline(admin.TabularInline):
    model = EnterpriseRiskChange
    extra = 0
    fields = ("changed_on", "from_level", "to_level", "reason")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "brigade", "kind", "risk_level", "is_active")
    list_filter = ("brigade", "kind", "risk_level", "is_active")
    search_fields = ("name", "credit_code", "contact_person")
    inlines = [RiskChangeInline]

    def get_readonly_fields(self, request, obj=None):
        # Risk level changes go through the risk assessment (operations), which keeps the history.
        return ("risk_level",) if obj else ()


@admin.register(EnterpriseRiskChange)
class EnterpriseRiskChangeAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "brigade", "from_level", "to_level", "changed_on")
    list_filter = ("brigade", "to_level", "from_level")
    search_fields = ("enterprise__name", "reason")


@admin.register(SupervisionAction)
class SupervisionActionAdmin(SimpleHistoryAdmin):
    list_display = ("enterprise", "brigade", "kind", "acted_on", "deadline", "follow_up_status")
    list_filter = ("brigade", "kind", "follow_up_status")
    search_fields = ("enterprise__name", "outcome")
    list_select_related = ("enterprise", "brigade")


class SupervisionProgressInline(admin.TabularInline):
    model = SupervisionProgress
    extra = 0
    readonly_fields = ("reported_by",)


@admin.register(SupervisionListing)
class SupervisionListingAdmin(SimpleHistoryAdmin):
    list_display = ("hazard", "brigade", "level", "supervising_unit", "listed_on", "supervision_deadline", "lifted_on")
    list_filter = ("brigade", "level", ("lifted_on", admin.EmptyFieldListFilter))
    search_fields = ("supervising_unit", "hazard__road", "hazard__place")
    list_select_related = ("hazard", "brigade")
    readonly_fields = ("hazard", "lifted_on", "lift_note")
    inlines = [SupervisionProgressInline]


@admin.register(Notice)
class NoticeAdmin(SimpleHistoryAdmin):
    """Issued by the operations; the admin corrects the addressee or a receipt recorded wrongly."""

    list_display = ("number", "brigade", "kind", "issued_on", "addressee", "received_at", "delivery_method")
    list_filter = ("brigade", "kind", "delivery_method")
    search_fields = ("number", "addressee", "received_by")
    list_select_related = ("brigade",)
    readonly_fields = ("kind", "year", "serial", "number", "issued_on", "hazard", "supervision_action", "receipt_recorded_by")


class KeyItemAdmin(SimpleHistoryAdmin):
    list_filter = ("brigade", "status", "problem", "squadron")
    list_select_related = ("brigade", "squadron", "officer")
    readonly_fields = ("status", "cleared_on", "clearance", "clearance_note", "last_import")


@admin.register(KeyVehicle)
class KeyVehicleAdmin(KeyItemAdmin):
    list_display = ("plate_number", "plate_type", "vehicle_type", "owner", "problem", "brigade", "squadron", "handle_by", "status")
    search_fields = ("plate_number", "owner")


@admin.register(KeyDriver)
class KeyDriverAdmin(KeyItemAdmin):
    list_display = ("name", "licence_number", "licence_class", "problem", "brigade", "squadron", "handle_by", "status")
    search_fields = ("licence_number", "name")


@admin.register(KeyItemImport)
class KeyItemImportAdmin(SimpleHistoryAdmin):
    list_display = ("original_name", "brigade", "kind", "listed_on", "status", "new_count", "updated_count", "unchanged_count", "rejected_count")
    list_filter = ("brigade", "kind", "status")
    exclude = ("preview",)
