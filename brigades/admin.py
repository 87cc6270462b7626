from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Brigade, BrigadeJurisdiction, Detachment, Officer, Squadron, Town, User


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
    list_display = ("username", "first_name", "brigade", "role", "is_active", "is_staff")
    list_filter = ("brigade", "role", "is_active", "is_staff")
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Brigade and role"), {"fields": ("brigade", "role", "officer")}),)
    add_fieldsets = DjangoUserAdmin.add_fieldsets + ((_("Brigade and role"), {"fields": ("brigade", "role")}),)
