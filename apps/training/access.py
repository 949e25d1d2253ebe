"""Who may do what in the personnel section's registers (培训、驻村、廉政、学习).

The personnel section (政工科) keeps these records; the bureau's leaders (the party group) read
them all; everyone else sees what concerns them personally. Administrators do no business.
The other three apps of issue 18 (village, integrity, study) use these same helpers.
"""

from django.core.exceptions import PermissionDenied

from apps.accounts.models import Rank
from apps.hr.models import is_personnel_officer


def is_business(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not user.admin_role)


def is_keeper(user):
    """A member of the personnel section: records, imports and changes."""
    return is_personnel_officer(user)


def is_leader(user):
    return is_business(user) and user.rank in (Rank.DIVISION_LEADER, Rank.DIRECTOR)


def sees_all(user):
    return is_keeper(user) or is_leader(user)


def business_only(user):
    """PermissionDenied for administrators (and inactive accounts) on a business page."""
    if not is_business(user):
        raise PermissionDenied("管理员账号不办理业务。")


def keeper_only(user):
    if not is_keeper(user):
        raise PermissionDenied("此项只有政工科人员可以办理。")
