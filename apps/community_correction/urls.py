from django.urls import path

from . import views

app_name = "community_correction"

urlpatterns = [
    path("", views.home, name="home"),
    path("subjects/", views.subjects, name="subjects"),
    path("subjects/export/", views.subjects_export, name="subjects_export"),
    path("subjects/new/", views.subject_new, name="subject_new"),
    path("subjects/<int:pk>/", views.subject, name="subject"),
    path("subjects/<int:pk>/do/<slug:action>/", views.subject_action, name="subject_action"),
    path("subjects/<int:pk>/print/<slug:form>/", views.subject_print, name="subject_print"),
    path("travel/<int:pk>/print/", views.travel_print, name="travel_print"),
    path("travel/<int:pk>/<slug:action>/", views.travel_action, name="travel_action"),
    path("monitoring/<int:pk>/<slug:action>/", views.monitoring_action, name="monitoring_action"),
    path("sanctions/<int:pk>/print/", views.sanction_print, name="sanction_print"),
    path("proposals/<int:pk>/result/", views.proposal_result, name="proposal_result"),
    path("proposals/<int:pk>/print/", views.proposal_print, name="proposal_print"),
    path("proposals/<int:pk>/<slug:action>/", views.proposal_action, name="proposal_action"),
    path("sanctions/<int:pk>/<slug:action>/", views.sanction_action, name="sanction_action"),
    path("relocations/<int:pk>/<slug:action>/", views.relocation_action, name="relocation_action"),
    path("assessments/", views.assessments, name="assessments"),
    path("assessments/new/", views.assessment_new, name="assessment_new"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/do/<slug:action>/", views.assessment_action, name="assessment_action"),
    path("assessments/<int:pk>/print/", views.assessment_print, name="assessment_print"),
    path("events/", views.events, name="events"),
    path("events/<int:pk>/", views.event, name="event"),
    path("hazards/", views.hazards, name="hazards"),
    path("hazards/<int:pk>/resolve/", views.hazard_resolve, name="hazard_resolve"),
    path("records/<slug:kind>/", views.records, name="records"),
    path("plans/", views.records, {"kind": "plan"}, name="plans"),
    path("social/", views.records, {"kind": "volunteer"}, name="social"),
    path("committee/", views.records, {"kind": "meeting"}, name="committee"),
    path("training/", views.records, {"kind": "training"}, name="training"),
    path("records/item/<int:pk>/done/", views.record_done, name="record_done"),
    path("stats/", views.stats, name="stats"),
]
