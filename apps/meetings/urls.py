from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("new/", views.meeting_new, name="new"),
    path("agenda/", views.agenda, name="agenda"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/compile", views.compile_agenda, name="compile"),
    path("<int:pk>/notice", views.issue_notice, name="notice"),
    path("<int:pk>/sign-in", views.sign_in, name="sign_in"),
    path("<int:pk>/attendance", views.attendance, name="attendance"),
    path("<int:pk>/minutes", views.minutes, name="minutes"),
    path("<int:pk>/decisions/<int:decision_id>/supervise", views.supervise, name="supervise"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/signin.pdf", views.signin_pdf, name="signin_pdf"),
    path("<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
]
