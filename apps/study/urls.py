from django.urls import path

from . import views

app_name = "study"

urlpatterns = [
    path("", views.home, name="home"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/attendance", views.attendance, name="attendance"),
    path("sessions/<int:pk>/note", views.note, name="note"),
    path("notes/<int:pk>/review", views.review, name="review"),
]
