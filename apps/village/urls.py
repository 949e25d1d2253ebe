from django.urls import path

from . import views

app_name = "village"

urlpatterns = [
    path("", views.home, name="home"),
    path("members/new/", views.member_new, name="member_new"),
    path("members/<int:pk>/", views.member_detail, name="member"),
    path("members/<int:pk>/return", views.return_file, name="return_file"),
    path("members/<int:pk>/appraise", views.appraise, name="appraise"),
    path("members/<int:pk>/end", views.end, name="end"),
]
