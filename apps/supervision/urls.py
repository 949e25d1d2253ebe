from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("<int:pk>/progress", views.progress, name="progress"),
    path("<int:pk>/completion", views.completion, name="completion"),
    path("<int:pk>/extend", views.extend, name="extend"),
    path("<int:pk>/notice.pdf", views.notice_pdf, name="notice"),
    path("<int:pk>/report.pdf", views.report_pdf, name="report"),
]
