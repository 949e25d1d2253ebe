"""Finance and internal logistics records (seed 002 rules 4-5; seed 000 appendix 1.2, 1.3,
1.11-1.12), one module per domain; the sub-packages of the app (claims, advances, vehicles,
supplies, assets, hospitality) hold their procedures, services and pages."""

from .advances import Advance
from .assets import Asset, AssetDisposal, StockTake, StockTakeLine
from .claims import Claim, ClaimItem, DecisionRecord
from .common import CENT, CaseRecordQuerySet, KeyedManager, MealStandard, Standard, yuan
from .hospitality import Hospitality
from .supplies import StockMove, SupplyItem, SupplyLine, SupplyRequest
from .vehicles import Vehicle, VehicleRepair, VehicleRequest

__all__ = [
    "CENT",
    "Advance",
    "Asset",
    "AssetDisposal",
    "CaseRecordQuerySet",
    "Claim",
    "ClaimItem",
    "DecisionRecord",
    "Hospitality",
    "KeyedManager",
    "MealStandard",
    "Standard",
    "StockMove",
    "StockTake",
    "StockTakeLine",
    "SupplyItem",
    "SupplyLine",
    "SupplyRequest",
    "Vehicle",
    "VehicleRepair",
    "VehicleRequest",
    "yuan",
]
