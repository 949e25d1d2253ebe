from django.urls import path

from . import views

app_name = "emergency"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("drills/new/", views.drill_new, name="drill_new"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/new/", views.incident_new, name="incident_new"),
    path("incidents/<int:pk>/<slug:move>/", views.act, name="act"),
]
