from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.home, name="home"),
    path("s/<slug:code>/", views.section, name="section"),
    path("s/<slug:code>/plans/", views.plans, name="plans"),
    path("s/<slug:code>/plans/new/", views.plan_new, name="plan_new"),
    path("s/<slug:code>/checks/", views.checks, name="checks"),
    path("s/<slug:code>/checks/new/", views.check_new, name="check_new"),
    path("s/<slug:code>/rectifications/", views.rectifications, name="rectifications"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/<slug:action>/", views.plan_action, name="plan_action"),
    path("checks/<int:pk>/", views.check_detail, name="check_detail"),
    path("checks/<int:pk>/notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("checks/<int:pk>/do/<slug:action>/", views.check_action, name="check_action"),
]
