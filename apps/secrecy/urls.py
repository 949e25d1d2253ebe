from django.urls import path

from . import views

app_name = "secrecy"

urlpatterns = [
    path("", views.home, name="home"),
]
