from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("", views.home, name="home"),
]
