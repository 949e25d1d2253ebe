from django.urls import path

from . import views

app_name = "matters"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/edit/", views.request_edit, name="edit"),
]
