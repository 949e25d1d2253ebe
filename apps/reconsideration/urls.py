from django.urls import path

from . import views

app_name = "reconsideration"

urlpatterns = [
    path("", views.home, name="home"),
]
