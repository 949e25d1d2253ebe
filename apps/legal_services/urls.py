from django.urls import path

from . import views

app_name = "legal_services"

urlpatterns = [
    path("", views.home, name="home"),
]
