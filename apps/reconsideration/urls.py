from django.urls import path

from . import views

app_name = "reconsideration"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.case_new, name="new"),
    path("answers/", views.answers, name="answers"),
    path("answers/new/", views.answer_new, name="answer_new"),
    path("lawsuits/", views.lawsuits, name="lawsuits"),
    path("lawsuits/new/", views.lawsuit_new, name="lawsuit_new"),
    path("committee/", views.committee, name="committee"),
    path("committee/members/new/", views.member_new, name="member_new"),
    path("committee/meetings/new/", views.meeting_new, name="meeting_new"),
    path("staff/", views.staff, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("stats/", views.stats, name="stats"),
    path("<int:pk>/<slug:move>", views.act, name="act"),
    path("<int:pk>/print/<slug:form>.pdf", views.print_form, name="print"),
]
