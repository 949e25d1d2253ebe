from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .models import Duty, ExternalUnit, Position, Post, Procedure, Section, WorkTask


@admin.register(Section)
class SectionAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    list_display = ("name", "alt_name", "kind", "division_leader", "order")
    list_filter = ("kind",)
    list_editable = ("order",)


@admin.register(ExternalUnit)
class ExternalUnitAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    list_display = ("name", "kind", "is_active", "order")
    list_filter = ("kind", "is_active")
    list_editable = ("order",)
    search_fields = ("name", "code")


@admin.register(Position)
class PositionAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    list_display = ("key", "name", "holder")


@admin.register(Procedure)
class ProcedureAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    list_display = ("code", "title", "section", "portal_url_name")
    list_filter = ("section",)
    search_fields = ("code", "title")


@admin.register(WorkTask)
class WorkTaskAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    list_display = ("section", "number", "text")
    list_filter = ("section",)
    filter_horizontal = ("procedures",)


@admin.register(Post)
class PostAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    list_display = ("section", "name", "staffing_type")
    list_filter = ("section", "staffing_type")
    filter_horizontal = ("tasks",)


@admin.register(Duty)
class DutyAdmin(RoleRestrictedAdmin, admin.ModelAdmin):
    list_display = ("section", "kind", "number", "text")
    list_filter = ("section", "kind")
