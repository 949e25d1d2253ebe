from django.urls import path

from . import views

app_name = "printing"

urlpatterns = [
    path("cases/<int:pk>/approval-form.pdf", views.approval_form, name="approval_form"),
    path("exports/", views.export_list, name="exports"),
    path("exports/<int:pk>/download", views.export_download, name="export_download"),
]
