from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from security.choices import EventKind
from security.operations import otp_devices_remove, security_event_record, tokens_revoke

from django import forms

from .models import (
    Assessment,
    AssessmentItem,
    Brigade,
    MapFeature,
    MapLayer,
    BrigadeJurisdiction,
    DailyFigure,
    Detachment,
    DirtyDay,
    ExportJob,
    ImportedFile,
    MonthlyFigure,
    ApprovedFigure,
    MonthApproval,
    MonthlyReport,
    Officer,
    Squadron,
    Town,
    User,
)
from .figures.registry import registry


@admin.register(Detachment)
class DetachmentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name")
    search_fields = ("name",)


class JurisdictionInline(admin.TabularInline):
    model = BrigadeJurisdiction
    extra = 0


@admin.register(Brigade)
class BrigadeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "short_name", "code", "detachment", "sort_order", "is_active", "staff_may_sign_off")
    list_filter = ("detachment", "is_active")
    search_fields = ("name", "short_name", "code")
    inlines = [JurisdictionInline]


@admin.register(BrigadeJurisdiction)
class JurisdictionAdmin(SimpleHistoryAdmin):
    list_display = ("brigade", "year", "population", "motor_vehicles")
    list_filter = ("brigade", "year")


@admin.register(Squadron)
class SquadronAdmin(SimpleHistoryAdmin):
    list_display = ("name", "brigade", "kind", "is_active")
    list_filter = ("brigade", "kind", "is_active")
    search_fields = ("name",)


@admin.register(Town)
class TownAdmin(SimpleHistoryAdmin):
    list_display = ("name", "brigade", "kind", "parent")
    list_filter = ("brigade", "kind")
    search_fields = ("name",)
    list_select_related = ("brigade", "parent")


@admin.register(Officer)
class OfficerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "badge_number", "kind", "brigade", "squadron", "position", "is_active")
    list_filter = ("brigade", "kind", "is_active")
    search_fields = ("name", "badge_number", "phone")
    list_select_related = ("brigade", "squadron")


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):
    """The password form ("reset": no email needed) and the actions for a lost phone or a leaked
    token write the security log; role and brigade changes are logged by security.signals."""

    list_display = ("username", "first_name", "brigade", "role", "is_active", "is_staff")
    list_filter = ("brigade", "role", "is_active", "is_staff")
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Brigade and role"), {"fields": ("brigade", "role", "officer")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Brigade and role"), {"fields": ("brigade", "role")}),)
    actions = ["revoke_api_tokens", "remove_second_factor"]

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, id)
            security_event_record(kind=EventKind.PASSWORD_RESET, request=request, target=user.get_username())
        return response

    @admin.action(description=_("Revoke the API tokens of the selected users"))
    def revoke_api_tokens(self, request, queryset):
        count = sum(tokens_revoke(user=user, request=request, actor=request.user, reason="revoked by an administrator")
                    for user in queryset)
        self.message_user(request, _("%(count)s API token(s) revoked.") % {"count": count})

    @admin.action(description=_("Remove the second factor of the selected users (a lost phone)"))
    def remove_second_factor(self, request, queryset):
        for user in queryset:
            otp_devices_remove(user=user, request=request, actor=request.user)
        self.message_user(request, _("The second factor of %(count)s user(s) has been removed.") % {"count": len(queryset)})


class AssessmentItemForm(forms.ModelForm):
    """The metric is chosen among the registered figures (the registry is known only at run time)."""

    class Meta:
        model = AssessmentItem
        fields = ["metric", "weight", "direction", "method", "target"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

        choices = [(m.key, f"{m.label} ({m.key})") for m in registry.visible()]
        current = self.instance.metric
        if current and current not in dict(choices):
            choices.append((current, current))
        self.fields["metric"] = forms.ChoiceField(choices=choices, label=AssessmentItem._meta.get_field("metric").verbose_name)


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    form = AssessmentItemForm
    extra = 1


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ("name", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    inlines = [AssessmentItemInline]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(SimpleHistoryAdmin):
    """Read here; approve and unlock on the report page (operations with checks and a reason)."""

    list_display = ("brigade", "month", "status", "approved_by", "approved_at")
    list_filter = ("status", "brigade", "month")
    readonly_fields = ("brigade", "month", "status", "approved_by", "approved_at")
    fields = ("brigade", "month", "status", "approved_by", "approved_at", "notes")
    list_select_related = ("brigade", "approved_by")

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_locked:
            return (*self.readonly_fields, "notes")
        return self.readonly_fields


@admin.register(DailyFigure)
class DailyFigureAdmin(admin.ModelAdmin):
    """The rollup rows, for inspection; they are rewritten by the rollup tasks."""

    list_display = ("day", "brigade", "metric", "value")
    list_filter = ("metric", "brigade")
    date_hierarchy = "day"
    list_select_related = ("brigade",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(admin.ModelAdmin):
    """The monthly sums of the rollup rows, for inspection; rewritten with the daily rows."""

    list_display = ("month", "brigade", "metric", "value")
    list_filter = ("metric", "brigade")
    date_hierarchy = "month"
    list_select_related = ("brigade",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DirtyDay)
class DirtyDayAdmin(admin.ModelAdmin):
    list_display = ("day", "brigade", "marked_at")
    list_filter = ("brigade",)
    list_select_related = ("brigade",)


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    """Background list exports: who exported what, when (the files are the users' own)."""

    list_display = ("title", "user", "export_format", "status", "total", "created_at", "finished_at")
    list_filter = ("status", "export_format")
    search_fields = ("title", "user__username")
    readonly_fields = [f.name for f in ExportJob._meta.fields]


class ApprovedFigureInline(admin.TabularInline):
    model = ApprovedFigure
    extra = 0
    can_delete = False
    readonly_fields = ("brigade", "month", "metric", "value")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonthApproval)
class MonthApprovalAdmin(SimpleHistoryAdmin):
    """Read-only: approvals are written by the approval and the unlock operations, never by hand."""

    list_display = ("report", "approved_by", "approved_at", "is_current", "unlocked_by", "unlocked_at")
    list_filter = ("is_current", "report__brigade")
    search_fields = ("unlock_reason",)
    inlines = [ApprovedFigureInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ImportedFile)
class ImportedFileAdmin(admin.ModelAdmin):
    list_display = ("original_name", "kind", "brigade", "rows", "imported_by", "imported_at")
    list_filter = ("kind", "brigade")
    search_fields = ("original_name", "sha256")
    readonly_fields = [f.name for f in ImportedFile._meta.fields]


@admin.register(ApprovedFigure)
class ApprovedFigureAdmin(admin.ModelAdmin):
    list_display = ("brigade", "month", "metric", "value", "approval")
    list_filter = ("brigade", "month")
    search_fields = ("metric",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


class MapFeatureInline(admin.TabularInline):
    model = MapFeature
    fields = ("name", "town", "west", "south", "east", "north")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(MapLayer)
class MapLayerAdmin(admin.ModelAdmin):
    """The offline base map's layers. Loaded (and loaded again) with `manage.py load_base_map`,
    which checks the GeoJSON; here they are seen, renamed or deleted."""

    list_display = ("name", "kind", "source", "is_synthetic", "loaded_at", "feature_count")
    list_filter = ("kind", "is_synthetic")
    search_fields = ("name", "source")
    readonly_fields = ("source", "loaded_at")
    inlines = [MapFeatureInline]

    @admin.display(description=_("features"))
    def feature_count(self, layer):
        return layer.features.count()


@admin.register(MapFeature)
class MapFeatureAdmin(admin.ModelAdmin):
    list_display = ("name", "layer", "town")
    list_filter = ("layer__kind", "layer")
    search_fields = ("name", "town__name")
    list_select_related = ("layer", "town")
    autocomplete_fields = ("town",)
    readonly_fields = ("geometry", "west", "south", "east", "north")
