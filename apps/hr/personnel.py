"""The personnel section (政工科) across hr's domains: what only it may do, and the files it keeps.

Leave requests, private trips and the annual appraisal are 限定知悉范围 cases: the applicant,
the approvers and the personnel section that keeps the files, not the applicant's section.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from apps.workflow import api

from .models import PERSONNEL_SECTION, is_personnel_officer


def require_officer(actor, what):
    """TransitionError unless `actor` is in the personnel section ("只有政工科可以{what}。")."""
    if not is_personnel_officer(actor):
        raise api.TransitionError(f"只有政工科可以{what}。")


def share_with_personnel_section(case, actor):
    """The personnel section keeps the file (请假单交政工室存档 ...), so its members may see the
    submitted case: explicit, audited grants, through the engine's one grant path."""
    officers = get_user_model().objects.filter(is_active=True, admin_role="", section__code=PERSONNEL_SECTION)
    for officer in officers.exclude(pk=case.initiator_id):
        api.grant_view(case, officer, actor, reason="leave_file", log_on_case=False)


def officer_only(user):
    """PermissionDenied unless `user` is in the personnel section (its pages' POSTs and forms)."""
    if not is_personnel_officer(user):
        raise PermissionDenied("此项只有政工科人员可以办理。")
