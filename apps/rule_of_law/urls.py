from django.urls import path

from . import views

app_name = "rule_of_law"

urlpatterns = [
    path("", views.home, name="home"),
]
