from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.home, name="home"),
    path("bodies/", views.body_list, name="bodies"),
    path("bodies/new/", views.body_new, name="body_new"),
    path("bodies/<int:pk>/edit/", views.body_new, name="body_edit"),
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/new/", views.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/<slug:move>", views.complaint_act, name="complaint_act"),
    path("complaints/<int:pk>/print/<slug:form>.pdf", views.complaint_print, name="complaint_print"),
    path("disputes/", views.dispute_list, name="disputes"),
    path("disputes/new/", views.dispute_new, name="dispute_new"),
    path("disputes/<int:pk>/", views.dispute_detail, name="dispute"),
    path("disputes/<int:pk>/<slug:move>", views.dispute_act, name="dispute_act"),
    path("certificates/", views.certificate_list, name="certificates"),
    path("certificates/new/", views.certificate_new, name="certificate_new"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate"),
    path("certificates/<int:pk>/<slug:move>", views.certificate_act, name="certificate_act"),
    path("reviews/", views.list_review_list, name="reviews"),
    path("reviews/new/", views.list_review_new, name="review_new"),
    path("reviews/<int:pk>/<slug:move>", views.list_review_act, name="review_act"),
    path("reviews/<int:pk>/print/opinion.pdf", views.list_review_print, name="review_print"),
    path("evaluations/", views.evaluation_list, name="evaluations"),
    path("evaluations/new/", views.evaluation_new, name="evaluation_new"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("checks/", views.check_list, name="checks"),
    path("checks/new/", views.check_new, name="check_new"),
    path("checks/<int:pk>/rectified", views.check_rectified, name="check_rectified"),
    path("figures/", views.figures, name="figures"),
]
