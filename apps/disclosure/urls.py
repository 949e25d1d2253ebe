from django.urls import path

from . import views

app_name = "disclosure"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/<slug:move>", views.act, name="act"),
    path("<int:pk>/print/<slug:form>.pdf", views.print_form, name="print"),
    path("proactive/", views.proactive_list, name="proactive_list"),
    path("proactive/new/", views.proactive_new, name="proactive_new"),
    path("proactive/<int:pk>/publish", views.proactive_publish, name="proactive_publish"),
    path("proactive/<int:pk>/print/review.pdf", views.proactive_print, name="proactive_print"),
    path("report/", views.annual_report, name="report"),
    path("report/open", views.report_open, name="report_open"),
    path("report/<int:pk>/publish", views.report_publish, name="report_publish"),
]
