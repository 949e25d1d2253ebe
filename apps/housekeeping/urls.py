from django.urls import path

from . import views

app_name = "housekeeping"

urlpatterns = [
    path("", views.home, name="home"),
    path("checks/", views.checks, name="checks"),
    path("checks/new/", views.check_new, name="check_new"),
    path("checks/<int:pk>/rectified/", views.check_rectified, name="check_rectified"),
    path("canteen/", views.purchases, name="purchases"),
    path("canteen/new/", views.purchase_new, name="purchase_new"),
    path("canteen/<int:pk>/accept/", views.purchase_accept, name="purchase_accept"),
]
