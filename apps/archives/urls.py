from django.urls import path

from . import views

app_name = "archives"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("catalogue.pdf", views.catalogue_pdf, name="catalogue_pdf"),
    path("pending/", views.pending, name="pending"),
    path("pending/<int:pk>/", views.archive_form, name="archive"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/file.pdf", views.item_file, name="item_file"),
    path("items/<int:pk>/stamp.pdf", views.item_stamp, name="item_stamp"),
    path("loans/", views.loans, name="loans"),
    path("loans/new/", views.loan_new, name="loan_new"),
    path("loans/<int:pk>/edit/", views.loan_edit, name="loan_edit"),
]
