from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Delivery, MutedCategory, Notification, WebhookRobot


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    readonly_fields = ("channel", "target", "status", "attempts", "last_error", "last_attempt_at", "delivered_at", "idempotency_key")
    exclude = ("webhook",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Kept as sent: read in the admin, never edited."""

    list_display = ("recipient", "day", "title", "read_at")
    list_filter = ("day", "recipient__brigade")
    search_fields = ("recipient__username", "title")
    date_hierarchy = "day"
    readonly_fields = ("recipient", "day", "title", "lines", "created_at", "read_at")
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("notification", "channel", "target", "status", "attempts", "delivered_at")
    list_filter = ("channel", "status")
    search_fields = ("notification__recipient__username", "target", "idempotency_key")
    list_select_related = ("notification__recipient",)
    readonly_fields = [f.name for f in Delivery._meta.fields]


@admin.register(WebhookRobot)
class WebhookRobotAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "brigade", "is_active")
    list_filter = ("kind", "brigade", "is_active")
    search_fields = ("name",)


@admin.register(MutedCategory)
class MutedCategoryAdmin(SimpleHistoryAdmin):
    list_display = ("user", "category")
    list_filter = ("category",)
    search_fields = ("user__username",)
