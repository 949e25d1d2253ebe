from django.urls import path

from . import views

app_name = "duty"

urlpatterns = [
    path("", views.home, name="home"),
    path("rosters/", views.roster_list, name="roster_list"),
    path("rosters/new/", views.roster_new, name="roster_new"),
    path("rosters/<int:pk>/", views.roster_detail, name="roster"),
    path("rosters/<int:pk>/roster.pdf", views.roster_pdf, name="roster_pdf"),
    path("cases/<int:pk>/edit/", views.roster_edit, name="roster_edit"),
    path("shifts/<int:shift_id>/entries", views.entry_add, name="entry_add"),
    path("shifts/<int:shift_id>/handover", views.handover, name="handover"),
    path("entries/<int:pk>/close", views.entry_close, name="entry_close"),
    path("handovers/<int:pk>/acknowledge", views.acknowledge, name="acknowledge"),
    path("log/", views.log, name="log"),
]
