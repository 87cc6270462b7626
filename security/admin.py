from django.contrib import admin

from .models import SecurityEvent
from .rules import may_read_security_log


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """Read-only: the log is appended to by the operations and purged only by the retention task."""

    list_display = ("occurred_at", "kind", "username", "ip_address", "target", "path")
    list_filter = ("kind", "occurred_at")
    search_fields = ("username", "ip_address", "target", "path")
    date_hierarchy = "occurred_at"
    readonly_fields = ("occurred_at", "kind", "user", "username", "ip_address", "path", "target", "detail")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return may_read_security_log(request.user)

    def has_module_permission(self, request):
        return self.has_view_permission(request)
