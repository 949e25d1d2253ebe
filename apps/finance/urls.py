from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("claims/", views.claim_list, name="claim_list"),
    path("claims/new/", views.claim_new, name="claim_new"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/pay", views.claim_pay, name="claim_pay"),
    path("claims/<int:pk>/form.pdf", views.claim_form_pdf, name="claim_form"),
    path("cases/<int:pk>/decisions", views.decision_add, name="decision_add"),
    path("advances/", views.advance_list, name="advance_list"),
    path("advances/new/", views.advance_new, name="advance_new"),
    path("advances/<int:pk>/edit/", views.advance_edit, name="advance_edit"),
    path("advances/<int:pk>/disburse", views.advance_disburse, name="advance_disburse"),
    path("advances/<int:pk>/return", views.advance_return, name="advance_return"),
    path("advances/<int:pk>/settle", views.advance_settle, name="advance_settle"),
    path("advances/<int:pk>/verify", views.advance_verify, name="advance_verify"),
    path("advances/<int:pk>/form.pdf", views.advance_form_pdf, name="advance_form"),
]

from . import logistics_views as lv  # noqa: E402

urlpatterns += [
    path("vehicles/", lv.vehicle_list, name="vehicle_list"),
    path("vehicles/new/", lv.vehicle_draft, name="vehicle_new"),
    path("vehicles/<int:pk>/edit/", lv.vehicle_draft, name="vehicle_edit"),
    path("vehicles/<int:pk>/dispatch", lv.vehicle_dispatch, name="vehicle_dispatch"),
    path("vehicles/<int:pk>/return", lv.vehicle_return, name="vehicle_return"),
    path("vehicles/<int:pk>/form.pdf", lv.vehicle_form_pdf, name="vehicle_form"),
    path("repairs/", lv.repair_list, name="repair_list"),
    path("repairs/new/", lv.repair_draft, name="repair_new"),
    path("repairs/<int:pk>/edit/", lv.repair_draft, name="repair_edit"),
    path("repairs/<int:pk>/done", lv.repair_done, name="repair_done"),
    path("supplies/", lv.supply_list, name="supply_list"),
    path("supplies/new/", lv.supply_new, name="supply_new"),
    path("supplies/<int:pk>/edit/", lv.supply_edit, name="supply_edit"),
    path("supplies/<int:pk>/issue", lv.supply_issue, name="supply_issue"),
    path("supplies/stock", lv.stock_receive, name="stock_receive"),
    path("assets/", lv.asset_list, name="asset_list"),
    path("assets/new/", lv.asset_new, name="asset_new"),
    path("assets/<int:asset_id>/edit/", lv.asset_edit, name="asset_edit"),
    path("assets/stocktakes/start", lv.stocktake_start, name="stocktake_start"),
    path("assets/stocktakes/<int:stocktake_id>/", lv.stocktake, name="stocktake"),
    path("assets/stocktakes/<int:stocktake_id>/lines/<int:line_id>", lv.stocktake_count, name="stocktake_count"),
    path("assets/stocktakes/<int:stocktake_id>/surplus", lv.stocktake_surplus, name="stocktake_surplus"),
    path("assets/stocktakes/<int:stocktake_id>/close", lv.stocktake_close, name="stocktake_close"),
    path("assets/disposals/new/", lv.disposal_draft, name="disposal_new"),
    path("assets/disposals/<int:pk>/edit/", lv.disposal_draft, name="disposal_edit"),
    path("assets/disposals/<int:pk>/dispose", lv.disposal_dispose, name="disposal_dispose"),
    path("receptions/", lv.reception_list, name="reception_list"),
    path("receptions/new/", lv.reception_draft, name="reception_new"),
    path("receptions/<int:pk>/edit/", lv.reception_draft, name="reception_edit"),
    path("receptions/<int:pk>/close", lv.reception_close, name="reception_close"),
    path("receptions/<int:pk>/form.pdf", lv.reception_form_pdf, name="reception_form"),
]
