from django.urls import path

from . import views

app_name = "printing"

urlpatterns = [path("cases/<int:pk>/approval-form.pdf", views.approval_form, name="approval_form")]
