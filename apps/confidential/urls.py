from django.urls import path

from . import views

app_name = "confidential"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("new/", views.item_new, name="new"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/edit/", views.item_edit, name="edit"),
    path("<int:pk>/cabinet", views.item_cabinet, name="cabinet"),
    path("<int:pk>/grants", views.item_grant, name="grant"),
    path("<int:pk>/grants/<int:user_id>/revoke", views.item_revoke, name="revoke"),
    path("<int:pk>/lend/", views.item_lend, name="lend"),
    path("<int:pk>/dispose/", views.item_dispose, name="dispose"),
    path("loans/", views.loan_list, name="loans"),
    path("loans/<int:pk>/sign-out", views.loan_sign_out, name="loan_sign_out"),
    path("loans/<int:pk>/return", views.loan_return, name="loan_return"),
    path("disposals/", views.disposal_list, name="disposals"),
    path("transfer/", views.transfer, name="transfer"),
]
