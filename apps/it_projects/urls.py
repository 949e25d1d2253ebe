from django.urls import path

from . import views

app_name = "it_projects"

urlpatterns = [
    path("", views.home, name="home"),
]
