from django.urls import path

from . import views

app_name = "normative_files"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.review_new, name="review_new"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/new/", views.decision_new, name="decision_new"),
    path("filings/", views.filings, name="filings"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("cleanups/", views.cleanups, name="cleanups"),
    path("cleanups/new/", views.cleanup_new, name="cleanup_new"),
    path("figures/", views.figures, name="figures"),
    path("<int:pk>/<slug:move>", views.act, name="act"),
    path("<int:pk>/print/<slug:form>.pdf", views.print_form, name="print"),
]
