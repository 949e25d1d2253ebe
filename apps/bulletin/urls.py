from django.urls import path

from . import views

app_name = "bulletin"

urlpatterns = [
    path("", views.home, name="home"),
    path("new/", views.piece_new, name="piece_new"),
    path("<int:pk>/", views.piece, name="piece"),
    path("issues/new", views.issue_new, name="issue_new"),
    path("issues/<int:pk>/", views.issue, name="issue"),
    path("figures/", views.figures, name="figures"),
]
