from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .models import ReportingBody

# Rosters, the duty log and handovers are business records kept by the office (a roster is a
# case): administrators (三员) do not see them. Only the list of bodies a roster is reported to
# is configuration.


@admin.register(ReportingBody)
class ReportingBodyAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """值班表报送单位 (三定 1.5: 按照区委、区政府和市司法局要求按时上报值班表)."""

    list_display = ("name", "active", "order")
    ordering = ("order", "id")
