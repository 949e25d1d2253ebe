from django.urls import path

from . import views

app_name = "overview"

urlpatterns = [
    path("", views.overview, name="index"),
    path("types/", views.types, name="types"),
    path("list/", views.figure_list, name="list"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("print.pdf", views.export_pdf, name="export_pdf"),
]
