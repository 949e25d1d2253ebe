from django.urls import path

from . import views

app_name = "reception"

urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_new, name="new"),
    path("<int:pk>/", views.contact_detail, name="detail"),
]
