from django.urls import path

from . import clock_views, views

app_name = "workflow"

urlpatterns = [
    path("inbox/", views.inbox_view, name="inbox"),
    path("inbox/notices/read", views.notices_read, name="notices_read"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read", views.notification_read, name="notification_read"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/tasks/<int:task_id>/<slug:action>", views.task_action, name="task_action"),
    path("cases/<int:pk>/clocks/<int:clock_id>/<slug:action>", clock_views.clock_action, name="clock_action"),
    path("cases/<int:pk>/<slug:action>", views.case_action, name="case_action"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<int:pk>/cancel", views.delegation_cancel, name="delegation_cancel"),
]
