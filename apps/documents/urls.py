from django.urls import path

from . import printing, views

app_name = "documents"

urlpatterns = [
    path("", views.desk, name="desk"),
    path("search/", views.search, name="search"),
    path("incoming/", views.incoming_list, name="incoming_list"),
    path("incoming/new/", views.incoming_new, name="incoming_new"),
    path("incoming/<int:pk>/plan", views.incoming_plan, name="incoming_plan"),
    path("incoming/<int:pk>/assign", views.incoming_assign, name="incoming_assign"),
    path("incoming/<int:pk>/reading", views.incoming_reading, name="incoming_reading"),
    path("incoming/<int:pk>/slip.pdf", printing.incoming_slip, name="incoming_slip"),
    path("outgoing/", views.outgoing_list, name="outgoing_list"),
    path("outgoing/new/", views.outgoing_new, name="outgoing_new"),
    path("outgoing/<int:pk>/edit/", views.outgoing_edit, name="outgoing_edit"),
    path("outgoing/<int:pk>/number", views.outgoing_number, name="outgoing_number"),
    path("outgoing/<int:pk>/seal-request", views.outgoing_seal_request, name="outgoing_seal_request"),
    path("outgoing/<int:pk>/seal", views.outgoing_seal, name="outgoing_seal"),
    path("outgoing/<int:pk>/print", views.outgoing_print, name="outgoing_print"),
    path("outgoing/<int:pk>/recipients", views.outgoing_recipients, name="outgoing_recipients"),
    path("outgoing/<int:pk>/distribute", views.outgoing_distribute, name="outgoing_distribute"),
    path("outgoing/<int:pk>/document.pdf", printing.official_document, name="outgoing_pdf"),
    path("outgoing/<int:pk>/draft-sheet.pdf", printing.draft_sheet, name="outgoing_sheet"),
]
