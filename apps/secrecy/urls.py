from django.urls import path

from . import views

app_name = "secrecy"

urlpatterns = [
    path("", views.home, name="home"),
    path("pledges/", views.pledges, name="pledges"),
    path("pledges/new/", views.pledge_new, name="pledge_new"),
    path("trainings/", views.trainings, name="trainings"),
    path("trainings/new/", views.training_new, name="training_new"),
    path("trainings/<int:pk>/", views.training, name="training"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("carriers/", views.carriers, name="carriers"),
    path("carriers/new/", views.carrier_new, name="carrier_new"),
    path("carriers/<int:pk>/close/", views.carrier_close, name="carrier_close"),
    path("checks/new/", views.check_new, name="check_new"),
    path("checks/<int:pk>/", views.check, name="check"),
]
