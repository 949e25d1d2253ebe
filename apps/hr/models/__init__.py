from .appraisal import ANNUAL_GRADES, QUARTER_GRADES, AppraisalGrade, AppraisalRound  # noqa: F401
from .attendance import (  # noqa: F401
    AttendanceMonth,
    AttendancePolicy,
    MonthlyAttendance,
    OfficialOuting,
    PunchRecord,
    month_start,
)
from .leave import (  # noqa: F401
    APPROVED_STATUSES,
    PERSONNEL_SECTION,
    HalfDay,
    LeaveBalance,
    LeaveRequest,
    LeaveType,
    is_personnel_officer,
)
from .pay import PayChange, is_pay_officer  # noqa: F401
from .people import (  # noqa: F401
    BenefitType,
    Passport,
    PassportTrip,
    StaffRecord,
    UnionBenefit,
    retirement_date,
    statutory_retirement,
)
from .performance import BonusEntry, PerformanceScore, PerformanceYear  # noqa: F401
from .promotion import (  # noqa: F401
    HONOUR_POINTS,
    Exclusion,
    Honour,
    PromotionCandidate,
    PromotionRating,
    PromotionRound,
)
from .rotation import Rotation  # noqa: F401
