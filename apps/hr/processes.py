"""hr's procedures, one module per domain; importing this module registers them with the engine
(AppConfig.ready)."""

from .appraisal.processes import APPRAISAL_PROCESS, AppraisalProcess
from .leave.processes import LEAVE_PROCESS, LeaveProcess
from .people.processes import PASSPORT_PROCESS, PassportProcess

__all__ = [
    "APPRAISAL_PROCESS",
    "LEAVE_PROCESS",
    "PASSPORT_PROCESS",
    "AppraisalProcess",
    "LeaveProcess",
    "PassportProcess",
]
