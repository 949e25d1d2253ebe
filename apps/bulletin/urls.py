from django.urls import path

from . import views

app_name = "bulletin"

urlpatterns = [
    path("", views.home, name="home"),
]
