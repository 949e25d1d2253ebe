from django.urls import path

from . import views

app_name = "community_correction"

urlpatterns = [
    path("", views.home, name="home"),
]
