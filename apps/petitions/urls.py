from django.urls import path

from . import views

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.petition_new, name="new"),
    path("<int:pk>/decide", views.decide, name="decide"),
    path("<int:pk>/objection", views.objection, name="objection"),
    path("<int:pk>/extend", views.extend, name="extend"),
    path("<int:pk>/answer", views.answer, name="answer"),
    path("<int:pk>/review", views.review_request, name="review_request"),
    path("<int:pk>/review/accept", views.review_accept, name="review_accept"),
    path("<int:pk>/review/opinion", views.review_opinion, name="review_opinion"),
    path("<int:pk>/review/upper", views.upper_refer, name="upper_refer"),
    path("<int:pk>/review/upper/result", views.upper_result, name="upper_result"),
    path("<int:pk>/print/<slug:form>.pdf", views.print_form, name="print"),
]
