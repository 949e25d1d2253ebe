from django.urls import path

from . import views

app_name = "legal_services"

urlpatterns = [
    path("", views.home, name="home"),
    # registers of the supervised (6.4, 6.5, 6.6–6.9, 6.12, 6.14)
    path("units/", views.units, name="units"),
    path("units/new/", views.unit_new, name="unit_new"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_new, name="person_new"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    # 6.5 legal aid
    path("aid/", views.aid_list, name="aid_list"),
    path("aid/new/", views.aid_new, name="aid_new"),
    path("aid/<int:pk>/", views.aid_detail, name="aid_detail"),
    path("aid/<int:pk>/edit/", views.aid_edit, name="aid_edit"),
    path("objections/", views.objections, name="objections"),
    path("objections/new/", views.objection_new, name="objection_new"),
    path("objections/<int:pk>/draft", views.objection_draft, name="objection_draft"),
    path("objections/<int:pk>/issue", views.objection_issue, name="objection_issue"),
    # 6.6–6.8 mediation
    path("mediation/", views.mediations, name="mediations"),
    path("mediation/new/", views.mediation_new, name="mediation_new"),
    path("mediation/stats/", views.mediation_stats, name="mediation_stats"),
    path("mediation/<int:pk>/<slug:move>", views.mediation_step, name="mediation_step"),
    # 6.13 people's assessors
    path("assessors/", views.assessors, name="assessors"),
    path("assessors/new/", views.assessor_new, name="assessor_new"),
    path("selections/", views.selections, name="selections"),
    path("selections/new/", views.selection_new, name="selection_new"),
    path("selections/<int:pk>/recheck/", views.selection_recheck, name="selection_recheck"),
    path("selections/<int:pk>/<slug:move>", views.selection_step, name="selection_step"),
    # 6.10 licence files
    path("licences/", views.licences, name="licences"),
    path("licences/new/", views.licence_new, name="licence_new"),
    path("licences/<int:pk>/<slug:move>", views.licence_step, name="licence_step"),
    # 6.11 penalties on grassroots legal-service workers and offices
    path("penalties/", views.penalties_list, name="penalties"),
    path("penalties/new/", views.penalty_new, name="penalty_new"),
    path("penalties/<int:pk>/<slug:move>", views.penalty_step, name="penalty_step"),
    # prints of every notice and decision
    path("<int:pk>/print/<slug:form>.pdf", views.print_form, name="print"),
    # 6.1–6.3, 6.12, 6.14 planning; platform statistics
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("stats/", views.platform_stats, name="stats"),
]
