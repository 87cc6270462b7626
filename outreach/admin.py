from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    EscortDutyLog,
    EscortPost,
    EscortShift,
    Event,
    EventMaterial,
    EventPhoto,
    Material,
    MediaArticle,
    School,
    TargetGroup,
)
from .selectors import conflict_messages, shift_conflicts


@admin.register(Material)
class MaterialAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "unit", "sort_order", "is_active")
    list_filter = ("unit", "is_active")
    search_fields = ("name", "code")


@admin.register(TargetGroup)
class TargetGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "code", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")


class EventMaterialInline(admin.TabularInline):
    model = EventMaterial
    extra = 0


class EventPhotoInline(admin.TabularInline):
    model = EventPhoto
    extra = 0


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ("date", "title", "brigade", "event_kind", "venue_kind", "audience", "operation", "campaign")
    list_filter = ("brigade", "event_kind", "venue_kind", "target_groups")
    search_fields = ("title", "venue_name", "summary", "campaign", "operation__name")
    date_hierarchy = "date"
    list_select_related = ("brigade", "operation")
    filter_horizontal = ("target_groups", "officers")
    raw_id_fields = ("school", "enterprise", "operation")
    inlines = [EventMaterialInline, EventPhotoInline]


@admin.register(EventMaterial)
class EventMaterialAdmin(SimpleHistoryAdmin):
    list_display = ("event", "material", "quantity")
    list_filter = ("material", "event__brigade")
    search_fields = ("event__title",)
    list_select_related = ("event", "material")
    raw_id_fields = ("event",)


@admin.register(EventPhoto)
class EventPhotoAdmin(SimpleHistoryAdmin):
    list_display = ("event", "caption", "file", "uploaded_at")
    list_filter = ("event__brigade",)
    search_fields = ("event__title", "caption")
    list_select_related = ("event",)
    raw_id_fields = ("event",)


@admin.register(MediaArticle)
class MediaArticleAdmin(SimpleHistoryAdmin):
    list_display = ("published_on", "title", "brigade", "outlet_kind", "outlet_name", "reach")
    list_filter = ("brigade", "outlet_kind")
    search_fields = ("title", "outlet_name", "subject")
    date_hierarchy = "published_on"
    list_select_related = ("brigade",)
    raw_id_fields = ("event",)


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ("name", "brigade", "kind", "town", "pupils", "is_active")
    list_filter = ("brigade", "kind", "is_active")
    search_fields = ("name", "address")
    list_select_related = ("brigade", "town")


@admin.register(EscortPost)
class EscortPostAdmin(SimpleHistoryAdmin):
    list_display = ("name", "school", "brigade", "location", "is_active")
    list_filter = ("brigade", "is_active")
    search_fields = ("name", "school__name", "location")
    list_select_related = ("brigade", "school")


class EscortShiftAdminForm(forms.ModelForm):
    """The admin refuses a double-booked officer too (the M2M is saved after the model)."""

    class Meta:
        model = EscortShift
        fields = "__all__"

    def clean(self):

        cleaned = super().clean()
        needed = ("weekdays", "starts_at", "ends_at", "active_from")
        if all(cleaned.get(name) for name in needed) and cleaned.get("officers"):
            conflicts = shift_conflicts(
                officers=cleaned["officers"], weekdays=cleaned["weekdays"], starts_at=cleaned["starts_at"],
                ends_at=cleaned["ends_at"], active_from=cleaned["active_from"], active_until=cleaned.get("active_until"),
                exclude_pk=self.instance.pk,
            )
            if conflicts:
                self.add_error("officers", conflict_messages(conflicts))
        return cleaned


@admin.register(EscortShift)
class EscortShiftAdmin(SimpleHistoryAdmin):
    form = EscortShiftAdminForm

    list_display = ("post", "brigade", "period", "weekdays", "starts_at", "ends_at", "active_from", "active_until")
    list_filter = ("brigade", "period")
    search_fields = ("post__name", "post__school__name")
    list_select_related = ("brigade", "post__school")
    filter_horizontal = ("officers",)


@admin.register(EscortDutyLog)
class EscortDutyLogAdmin(SimpleHistoryAdmin):
    list_display = ("date", "shift", "brigade", "staffing", "incident", "congestion")
    list_filter = ("brigade", "staffing", "incident", "congestion")
    search_fields = ("note", "shift__post__school__name")
    date_hierarchy = "date"
    list_select_related = ("brigade", "shift__post__school")
    filter_horizontal = ("officers",)
