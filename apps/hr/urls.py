from django.urls import path

from .appraisal import performance_views as performance
from .appraisal import views as appraisal
from .attendance import views as attendance
from .leave import views as leave
from .pay import views as pay
from .people import views as people
from .promotion import views as promotion
from .rotation import views as rotation

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
    path("performance/", performance.performance_home, name="performance"),
    path("performance/<int:pk>/", performance.performance_year, name="performance_year"),
    path("promotions/", promotion.promotions, name="promotions"),
    path("promotions/<int:pk>/", promotion.promotion, name="promotion"),
    path("promotions/<int:pk>/rate/<slug:kind>/", promotion.promotion_rate, name="promotion_rate"),
    path("rotations/", rotation.rotations, name="rotations"),
    path("rotations/cases/<int:pk>/<slug:step>", rotation.rotation_step, name="rotation_step"),
    path("pay/", pay.pay_changes, name="pay_changes"),
    path("pay/cases/<int:pk>/<slug:step>", pay.pay_step, name="pay_step"),
]
