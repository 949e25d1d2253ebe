from django.urls import path

from .advances import views as advances
from .assets import views as assets
from .claims import views as claims
from .hospitality import views as hospitality
from .supplies import views as supplies
from .vehicles import views as vehicles

app_name = "finance"

urlpatterns = [
    path("claims/", claims.claim_list, name="claim_list"),
    path("claims/new/", claims.claim_new, name="claim_new"),
    path("claims/<int:pk>/edit/", claims.claim_edit, name="claim_edit"),
    path("claims/<int:pk>/pay", claims.claim_pay, name="claim_pay"),
    path("claims/<int:pk>/form.pdf", claims.claim_form_pdf, name="claim_form"),
    path("cases/<int:pk>/decisions", claims.decision_add, name="decision_add"),
    path("advances/", advances.advance_list, name="advance_list"),
    path("advances/new/", advances.advance_new, name="advance_new"),
    path("advances/<int:pk>/edit/", advances.advance_edit, name="advance_edit"),
    path("advances/<int:pk>/disburse", advances.advance_disburse, name="advance_disburse"),
    path("advances/<int:pk>/return", advances.advance_return, name="advance_return"),
    path("advances/<int:pk>/settle", advances.advance_settle, name="advance_settle"),
    path("advances/<int:pk>/verify", advances.advance_verify, name="advance_verify"),
    path("advances/<int:pk>/form.pdf", advances.advance_form_pdf, name="advance_form"),
    path("vehicles/", vehicles.vehicle_list, name="vehicle_list"),
    path("vehicles/new/", vehicles.vehicle_draft, name="vehicle_new"),
    path("vehicles/<int:pk>/edit/", vehicles.vehicle_draft, name="vehicle_edit"),
    path("vehicles/<int:pk>/dispatch", vehicles.vehicle_dispatch, name="vehicle_dispatch"),
    path("vehicles/<int:pk>/return", vehicles.vehicle_return, name="vehicle_return"),
    path("vehicles/<int:pk>/form.pdf", vehicles.vehicle_form_pdf, name="vehicle_form"),
    path("repairs/", vehicles.repair_list, name="repair_list"),
    path("repairs/new/", vehicles.repair_draft, name="repair_new"),
    path("repairs/<int:pk>/edit/", vehicles.repair_draft, name="repair_edit"),
    path("repairs/<int:pk>/done", vehicles.repair_done, name="repair_done"),
    path("supplies/", supplies.supply_list, name="supply_list"),
    path("supplies/new/", supplies.supply_new, name="supply_new"),
    path("supplies/<int:pk>/edit/", supplies.supply_edit, name="supply_edit"),
    path("supplies/<int:pk>/issue", supplies.supply_issue, name="supply_issue"),
    path("supplies/stock", supplies.stock_receive, name="stock_receive"),
    path("assets/", assets.asset_list, name="asset_list"),
    path("assets/new/", assets.asset_new, name="asset_new"),
    path("assets/<int:asset_id>/edit/", assets.asset_edit, name="asset_edit"),
    path("assets/stocktakes/start", assets.stocktake_start, name="stocktake_start"),
    path("assets/stocktakes/<int:stocktake_id>/", assets.stocktake, name="stocktake"),
    path("assets/stocktakes/<int:stocktake_id>/lines/<int:line_id>", assets.stocktake_count, name="stocktake_count"),
    path("assets/stocktakes/<int:stocktake_id>/surplus", assets.stocktake_surplus, name="stocktake_surplus"),
    path("assets/stocktakes/<int:stocktake_id>/close", assets.stocktake_close, name="stocktake_close"),
    path("assets/disposals/new/", assets.disposal_draft, name="disposal_new"),
    path("assets/disposals/<int:pk>/edit/", assets.disposal_draft, name="disposal_edit"),
    path("assets/disposals/<int:pk>/dispose", assets.disposal_dispose, name="disposal_dispose"),
    # 公务接待 (official hospitality): the paths stay as bookmarked ("receptions/"); the names
    # say hospitality, apart from apps/reception (the visitor desk).
    path("receptions/", hospitality.hospitality_list, name="hospitality_list"),
    path("receptions/new/", hospitality.hospitality_draft, name="hospitality_new"),
    path("receptions/<int:pk>/edit/", hospitality.hospitality_draft, name="hospitality_edit"),
    path("receptions/<int:pk>/close", hospitality.hospitality_close, name="hospitality_close"),
    path("receptions/<int:pk>/form.pdf", hospitality.hospitality_form_pdf, name="hospitality_form"),
]
