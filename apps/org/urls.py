from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("", views.section_index, name="index"),
    path("sections/<slug:code>/", views.handbook, name="handbook"),
    path("procedures/<str:code>/", views.procedure_detail, name="procedure"),
]
