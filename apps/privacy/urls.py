from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("reveal/<str:model>/<int:pk>/<slug:field>/", views.reveal, name="reveal"),
    path("export/<slug:register>/", views.export_personal, name="export"),
]
