from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.topic_new, name="new"),
    path("<int:pk>/<slug:move>/", views.act, name="act"),
]
