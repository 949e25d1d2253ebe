from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("new/", views.proposal_new, name="new"),
    path("<int:pk>/assign", views.assign, name="assign"),
    path("<int:pk>/co-opinion", views.co_opinion, name="co_opinion"),
    path("<int:pk>/contact", views.contact, name="contact"),
    path("<int:pk>/reply", views.draft, name="draft"),
    path("<int:pk>/send", views.send, name="send"),
    path("<int:pk>/feedback", views.feedback, name="feedback"),
    path("<int:pk>/print/<slug:form>.pdf", views.print_form, name="print"),
]
