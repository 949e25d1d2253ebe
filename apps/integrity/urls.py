from django.urls import path

from . import views

app_name = "integrity"

urlpatterns = [
    path("", views.home, name="home"),
    path("risks/new/", views.risk_new, name="risk_new"),
    path("risks/<int:pk>/edit/", views.risk_edit, name="risk_edit"),
    path("evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("reminders/new/", views.reminder_new, name="reminder_new"),
    path("reminders/<int:pk>/", views.reminder_detail, name="reminder"),
    path("assessments/new/", views.assessment_new, name="assessment_new"),
]
