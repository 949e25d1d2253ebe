from django.urls import path

from . import views

app_name = "it_projects"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.project_new, name="new"),
    path("<int:pk>/acceptance.pdf", views.acceptance_pdf, name="acceptance_pdf"),
    path("<int:pk>/<slug:move>/", views.act, name="act"),
]
