from django.urls import path

from . import views

app_name = "rule_of_law"

urlpatterns = [
    path("", views.home, name="home"),
    # 3.5 普法规划
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/published/<int:pk>/", views.plan_view, name="plan_view"),
    path("plans/tasks/", views.task_list, name="tasks"),
    # the case page's step forms and prints (all processes of the app)
    path("cases/<int:pk>/<slug:action>", views.act, name="act"),
    path("cases/<int:pk>/print/<slug:form>.pdf", views.print_form, name="print"),
    # 3.6 谁执法谁普法
    path("assessments/", views.assessment_list, name="assessments"),
    path("assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/ranking/", views.ranking, name="ranking"),
    # 3.7 学法用法
    path("study/sessions/", views.session_list, name="sessions"),
    path("study/sessions/new/", views.session_new, name="session_new"),
    path("study/sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("study/cadres/", views.cadre_list, name="cadres"),
    path("study/exams/", views.exam_list, name="exams"),
    path("study/exams/new/", views.exam_new, name="exam_new"),
    path("study/exams/<int:pk>/", views.exam_detail, name="exam_detail"),
    path("study/law-reports/", views.law_report_list, name="law_reports"),
    path("study/law-reports/new/", views.law_report_new, name="law_report_new"),
    path("study/law-reports/<int:pk>/rate", views.law_report_rate, name="law_report_rate"),
    # 3.8 依法治理
    path("governance/campaigns/", views.campaign_list, name="campaigns"),
    path("governance/campaigns/new/", views.campaign_new, name="campaign_new"),
    path("governance/campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("governance/applications/", views.application_list, name="applications"),
    path("governance/applications/new/", views.application_new, name="application_new"),
    # 法治政府建设年度报告
    path("reports/", views.report_list, name="reports"),
    path("cases/<int:pk>/figures.xlsx", views.report_figures_xlsx, name="report_figures"),
]
