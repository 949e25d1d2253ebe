from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin
from apps.audit.log import record

from .models import AttendancePolicy, BenefitType, LeaveType


@admin.register(LeaveType)
class LeaveTypeAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """假别 and their numbers (规定天数, 证明要求, the personal-leave limits): the system
    administrator's configuration. Who approves a leave: 审批规则, 流程“请假”."""

    list_display = (
        "name",
        "counting",
        "entitled_days",
        "requires_certificate",
        "is_annual",
        "monthly_allowance_days",
        "yearly_forfeit_days",
        "active",
    )
    list_editable = ()
    ordering = ("order", "id")

    def has_delete_permission(self, request, obj=None):
        # a type that was ever requested stays (deactivate it instead)
        if obj is not None and obj.requests.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.leave_type", actor=request.user, obj=obj, detail={"fields": form.changed_data})

    def delete_model(self, request, obj):
        record("config.leave_type_delete", actor=request.user, obj=obj)
        super().delete_model(request, obj)


@admin.register(AttendancePolicy)
class AttendancePolicyAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """考勤规则: working hours (winter/summer), how many late arrivals make an absence, and the
    yearly absence count that bars 评先评优. One row, read by the attendance pages."""

    list_display = ("__str__", "slips_per_absence", "absence_limit")

    def has_add_permission(self, request, *args):
        return super().has_add_permission(request) and not AttendancePolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.attendance_policy", actor=request.user, obj=obj, detail={"fields": form.changed_data})


@admin.register(BenefitType)
class BenefitTypeAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """工会慰问标准 (amounts, once a year): read when a benefit is registered."""

    list_display = ("name", "amount", "form", "once_per_year", "active")
    ordering = ("order", "id")

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.benefits.exists():
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        record("config.benefit_type", actor=request.user, obj=obj, detail={"fields": form.changed_data})
