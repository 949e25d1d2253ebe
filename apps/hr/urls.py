from django.urls import path

from . import attendance_views, people_views, views

app_name = "hr"

urlpatterns = [
    path("leave/", views.leave_list, name="leave_list"),
    path("leave/new/", views.leave_new, name="leave_new"),
    path("leave/<int:pk>/edit/", views.leave_edit, name="leave_edit"),
    path("leave/<int:pk>/return", views.leave_return, name="leave_return"),
    path("leave/<int:pk>/form.pdf", views.leave_form_pdf, name="leave_form"),
    path("leave/balance/", views.leave_balance, name="leave_balance"),
    path("leave/balance/set", views.allowance_set, name="allowance_set"),
    path("attendance/", attendance_views.attendance, name="attendance"),
    path("attendance/template.xlsx", attendance_views.attendance_template, name="attendance_template"),
    path("attendance/import", attendance_views.attendance_import, name="attendance_import"),
    path("attendance/publish", attendance_views.attendance_publish, name="attendance_publish"),
    path("attendance/outings/new", attendance_views.outing_new, name="outing_new"),
    path("people/", people_views.staff_list, name="staff_list"),
    path("people/<int:pk>/", people_views.staff_record, name="staff_record"),
    path("passports/", people_views.passports, name="passports"),
    path("passports/trips/new/", people_views.trip_new, name="trip_new"),
    path("passports/trips/<int:pk>/<slug:action>", people_views.trip_action, name="trip_action"),
    path("benefits/", people_views.benefits, name="benefits"),
    path("appraisals/", people_views.appraisals, name="appraisals"),
    path("appraisals/<int:pk>/", people_views.appraisal, name="appraisal"),
    path("appraisals/cases/<int:pk>/notice/<slug:action>", people_views.appraisal_notice, name="appraisal_notice"),
]
