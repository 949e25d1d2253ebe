from django.urls import path

from . import views

app_name = "lawyers"

urlpatterns = [
    path("", views.home, name="home"),
    # registers
    path("firms/", views.firm_list, name="firms"),
    path("firms/new/", views.firm_new, name="firm_new"),
    path("firms/<int:pk>/", views.firm_detail, name="firm_detail"),
    path("firms/<int:pk>/edit/", views.firm_edit, name="firm_edit"),
    path("lawyers/", views.lawyer_list, name="lawyers"),
    path("lawyers/new/", views.lawyer_new, name="lawyer_new"),
    path("lawyers/<int:pk>/", views.lawyer_detail, name="lawyer_detail"),
    path("lawyers/<int:pk>/edit/", views.lawyer_edit, name="lawyer_edit"),
    path("advisers/", views.adviser_list, name="advisers"),
    path("advisers/new/", views.adviser_new, name="adviser_new"),
    path("advisers/<int:pk>/edit/", views.adviser_edit, name="adviser_edit"),
    # complaints and 处罚建议
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/<slug:move>", views.complaint_act, name="complaint_act"),
    path("complaints/<int:pk>/print/<slug:form>.pdf", views.complaint_print, name="complaint_print"),
    path("recommendations/<int:pk>/<slug:move>", views.recommendation_act, name="recommendation_act"),
    path("recommendations/<int:pk>/print.pdf", views.recommendation_print, name="recommendation_print"),
    # licence files
    path("licences/", views.licence_list, name="licences"),
    path("licences/new/", views.licence_new, name="licence_new"),
    path("licences/<int:pk>/<slug:move>", views.licence_act, name="licence_act"),
    path("licences/<int:pk>/print/<slug:form>.pdf", views.licence_print, name="licence_print"),
    # annual assessment (7.3)
    path("assessment/", views.assessment, name="assessment"),
    path("assessment/receive", views.assessment_receive, name="assessment_receive"),
    path("assessment/forward", views.assessment_forward, name="assessment_forward"),
    path("assessment/<int:pk>/review", views.assessment_review, name="assessment_review"),
    path("assessment/<int:pk>/result", views.assessment_result, name="assessment_result"),
    path("assessment/print.pdf", views.assessment_print, name="assessment_print"),
    # plans and work records (7.2, 7.6)
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/tasks", views.task_add, name="task_add"),
    path("plans/<int:pk>/print.pdf", views.plan_print, name="plan_print"),
    path("tasks/<int:pk>/done", views.task_done, name="task_done"),
    path("records/", views.record_list, name="records"),
    path("records/new/", views.record_new, name="record_new"),
]
