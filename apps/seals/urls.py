from django.urls import path

from . import views

app_name = "seals"

urlpatterns = [
    path("", views.use_list, name="use_list"),
    path("new/", views.use_new, name="use_new"),
    path("<int:pk>/edit/", views.use_edit, name="use_edit"),
    path("<int:pk>/stamp", views.use_stamp, name="use_stamp"),
    path("<int:pk>/form.pdf", views.use_form_pdf, name="use_form"),
    path("desk/", views.desk, name="desk"),
    path("register/", views.register, name="register"),
    path("register/<int:pk>/", views.seal_detail, name="seal_detail"),
    path("register/<int:pk>/impression", views.impression, name="impression"),
    path("register/<int:pk>/status", views.seal_status, name="seal_status"),
    path("carving/", views.carve_list, name="carve_list"),
    path("carving/new/", views.carve_new, name="carve_new"),
    path("carving/<int:pk>/edit/", views.carve_edit, name="carve_edit"),
    path("carving/<int:pk>/register", views.carve_register, name="carve_register"),
    path("carving/<int:pk>/form.pdf", views.carve_form_pdf, name="carve_form"),
    path("handovers/<int:pk>/form.pdf", views.handover_form_pdf, name="handover_form"),
]
