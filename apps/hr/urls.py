from django.urls import path

from .appraisal import views as appraisal
from .attendance import views as attendance
from .leave import views as leave
from .people import views as people

app_name = "hr"

urlpatterns = [
    path("leave/", leave.leave_list, name="leave_list"),
    path("leave/new/", leave.leave_new, name="leave_new"),
    path("leave/<int:pk>/edit/", leave.leave_edit, name="leave_edit"),
    path("leave/<int:pk>/return", leave.leave_return, name="leave_return"),
    path("leave/<int:pk>/form.pdf", leave.leave_form_pdf, name="leave_form"),
    path("leave/balance/", leave.leave_balance, name="leave_balance"),
    path("leave/balance/set", leave.allowance_set, name="allowance_set"),
    path("attendance/", attendance.attendance, name="attendance"),
    path("attendance/template.xlsx", attendance.attendance_template, name="attendance_template"),
    path("attendance/import", attendance.attendance_import, name="attendance_import"),
    path("attendance/publish", attendance.attendance_publish, name="attendance_publish"),
    path("attendance/outings/new", attendance.outing_new, name="outing_new"),
    path("people/", people.staff_list, name="staff_list"),
    path("people/<int:pk>/", people.staff_record, name="staff_record"),
    path("passports/", people.passports, name="passports"),
    path("passports/trips/new/", people.trip_new, name="trip_new"),
    path("passports/trips/<int:pk>/<slug:action>", people.trip_action, name="trip_action"),
    path("benefits/", people.benefits, name="benefits"),
    path("appraisals/", appraisal.appraisals, name="appraisals"),
    path("appraisals/<int:pk>/", appraisal.appraisal, name="appraisal"),
    path("appraisals/cases/<int:pk>/notice/<slug:action>", appraisal.appraisal_notice, name="appraisal_notice"),
]
