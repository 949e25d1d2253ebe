"""hr's procedures, one module per domain; importing this module registers them with the engine
(AppConfig.ready)."""

from .appraisal.processes import APPRAISAL_PROCESS, AppraisalProcess
from .leave.processes import LEAVE_PROCESS, LeaveProcess
from .pay.processes import PAY_PROCESS, PayProcess
from .people.processes import PASSPORT_PROCESS, PassportProcess
from .promotion.processes import PROMOTION_PROCESS, PromotionProcess
from .rotation.processes import ROTATION_PROCESS, RotationProcess

__all__ = [
    "APPRAISAL_PROCESS",
    "LEAVE_PROCESS",
    "PASSPORT_PROCESS",
    "PAY_PROCESS",
    "PROMOTION_PROCESS",
    "ROTATION_PROCESS",
    "AppraisalProcess",
    "LeaveProcess",
    "PassportProcess",
    "PayProcess",
    "PromotionProcess",
    "RotationProcess",
]
