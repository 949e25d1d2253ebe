from django.urls import path

from . import views

app_name = "lawyers"

urlpatterns = [
    path("", views.home, name="home"),
]
