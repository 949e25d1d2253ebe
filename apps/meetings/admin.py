from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from apps.accounts.admin_roles import RoleRestrictedAdmin

from .models import MeetingRoom

# Meetings themselves are case records: administrators (三员) never see cases, so the only admin
# page of this app is its configuration, the rooms the planning form offers.


@admin.register(MeetingRoom)
class MeetingRoomAdmin(RoleRestrictedAdmin, SimpleHistoryAdmin):
    """会议室: offered on the meeting form (a place outside the list may still be typed)."""

    list_display = ("name", "capacity", "active", "order")
    ordering = ("order", "id")
