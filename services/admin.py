"""Every model of the services app in the admin. Statuses are read-only here: they change only
through services.operations (the lifecycle pages and API actions)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BusinessType,
    CommandCentreDay,
    CounterCount,
    CounterDay,
    FastAccident,
    Permit,
    PermitTransition,
    ReliefAdvance,
    ReliefAdvanceTransition,
    ReliefRecovery,
    ReliefTarget,
    ServicePoint,
    WorkOrder,
    WorkOrderDueRule,
    WorkOrderTransition,
)


@admin.register(ServicePoint)
class ServicePointAdmin(SimpleHistoryAdmin):
    list_display = ("name", "brigade", "kind", "offers_extended_hours", "offers_weekend_service", "is_active")
    list_filter = ("brigade", "kind", "is_active")
    search_fields = ("name", "address")
    list_select_related = ("brigade",)


@admin.register(BusinessType)
class BusinessTypeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "count_scheme", "sort_order", "is_active")
    list_filter = ("count_scheme", "is_active")
    search_fields = ("name", "code")


class CounterCountInline(admin.TabularInline):
    model = CounterCount
    extra = 0
    fields = ("business_type", "sat", "passed", "licences_made", "handled")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Counts are written with their day by operations.counter_day_record (the tally screen).
        return False


@admin.register(CounterDay)
class CounterDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "service_point", "brigade", "extended_hours", "weekend_service")
    list_filter = ("brigade", "extended_hours", "weekend_service", "date")
    search_fields = ("service_point__name", "note")
    list_select_related = ("brigade", "service_point")
    date_hierarchy = "date"
    inlines = [CounterCountInline]


@admin.register(CounterCount)
class CounterCountAdmin(SimpleHistoryAdmin):
    list_display = ("date", "counter_day", "business_type", "sat", "passed", "licences_made", "handled")
    list_filter = ("brigade", "business_type")
    search_fields = ("counter_day__service_point__name",)
    list_select_related = ("counter_day__service_point", "business_type")
    readonly_fields = ("counter_day", "business_type", "brigade", "date")


@admin.register(WorkOrderDueRule)
class WorkOrderDueRuleAdmin(SimpleHistoryAdmin):
    list_display = ("channel", "category", "hours_allowed")
    list_filter = ("channel",)
    search_fields = ("channel", "category")


class WorkOrderTransitionInline(admin.TabularInline):
    model = WorkOrderTransition
    extra = 0
    fields = ("at", "from_status", "to_status", "by", "note")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(WorkOrder)
class WorkOrderAdmin(SimpleHistoryAdmin):
    list_display = ("number", "channel", "category", "subject", "brigade", "received_at", "due_at", "status", "handler")
    list_filter = ("brigade", "status", "channel", "category", "satisfaction")
    search_fields = ("number", "subject", "request", "caller_name", "caller_phone")
    list_select_related = ("brigade", "handler")
    date_hierarchy = "received_at"
    readonly_fields = ("status", "due_at", "reply", "replied_at", "reply_minutes", "satisfaction", "follow_up", "closed_at")
    inlines = [WorkOrderTransitionInline]


@admin.register(FastAccident)
class FastAccidentAdmin(SimpleHistoryAdmin):
    list_display = ("reported_at", "place", "brigade", "channel", "liability_outcome", "minutes_to_liability")
    list_filter = ("brigade", "channel", "liability_outcome", "insurer_notified")
    search_fields = ("place", "note")
    list_select_related = ("brigade",)
    date_hierarchy = "reported_at"


@admin.register(CommandCentreDay)
class CommandCentreDayAdmin(SimpleHistoryAdmin):
    list_display = ("date", "brigade", "consultation_calls", "help_calls", "patient_escorts", "video_patrols")
    list_filter = ("brigade",)
    search_fields = ("note",)
    list_select_related = ("brigade",)
    date_hierarchy = "date"


class PermitTransitionInline(WorkOrderTransitionInline):
    model = PermitTransition


@admin.register(Permit)
class PermitAdmin(SimpleHistoryAdmin):
    list_display = ("number", "plate_number", "vehicle_type", "applicant", "brigade", "valid_from", "valid_to", "status")
    list_filter = ("brigade", "status", "vehicle_type")
    search_fields = ("number", "plate_number", "applicant", "routes")
    list_select_related = ("brigade",)
    readonly_fields = ("number", "status", "approved_at", "decision_reason")
    inlines = [PermitTransitionInline]


class ReliefAdvanceTransitionInline(WorkOrderTransitionInline):
    model = ReliefAdvanceTransition
    fields = ("at", "from_status", "to_status", "amount", "day", "by", "note")
    readonly_fields = fields


class ReliefRecoveryInline(admin.TabularInline):
    """Recoveries are written by operations.relief_recover (the advance's page and API): read here."""

    model = ReliefRecovery
    extra = 0
    fields = ("recovered_on", "amount", "source", "payer", "note", "created_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ReliefAdvance)
class ReliefAdvanceAdmin(SimpleHistoryAdmin):
    list_display = ("case_reference", "beneficiary", "brigade", "status", "requested_on", "amount_requested",
                    "advanced_on", "amount_advanced", "amount_recovered")
    list_filter = ("brigade", "status")
    search_fields = ("case_reference", "beneficiary", "liable_party", "insurer")
    list_select_related = ("brigade",)
    date_hierarchy = "requested_on"
    raw_id_fields = ("accident",)
    readonly_fields = ("status", "approved_on", "amount_approved", "approved_by", "advanced_on", "amount_advanced",
                       "paid_by", "amount_recovered", "recovered_on")
    inlines = [ReliefRecoveryInline, ReliefAdvanceTransitionInline]


@admin.register(ReliefTarget)
class ReliefTargetAdmin(SimpleHistoryAdmin):
    list_display = ("month", "brigade", "advances_target", "note")
    list_filter = ("brigade",)
    list_select_related = ("brigade",)
    date_hierarchy = "month"
