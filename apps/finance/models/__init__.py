"""Finance and internal logistics records (seed 002 rules 4-5; seed 000 appendix 1.2, 1.3,
1.11-1.12): claims.py holds reimbursement and advances, logistics.py vehicles, office supplies,
fixed assets and official reception."""

from .claims import (  # noqa: F401
    CENT,
    Advance,
    CaseRecordQuerySet,
    Claim,
    ClaimItem,
    DecisionRecord,
    KeyedManager,
    MealStandard,
    Standard,
    yuan,
)
from .logistics import *  # noqa: F401,F403
