from django.urls import path

from . import views

app_name = "normative_files"

urlpatterns = [
    path("", views.home, name="home"),
]
