from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Enterprise


@admin.register(Enterprise)
class EnterpriseAdmin(SimpleHistoryAdmin):
    list_display = ("name", "brigade", "kind", "risk_level", "is_active")
    list_filter = ("brigade", "kind", "risk_level", "is_active")
    search_fields = ("name", "credit_code", "contact_person")
