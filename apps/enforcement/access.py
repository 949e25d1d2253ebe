"""Who may see and who keeps the 行政执法监督科's registers.

Viewers: the section's members, its division leader and the director. Handlers (who keep the
registers, record moves and see personal data in full): the section's members. Administrators
(三员) see no business records.
"""

from django.core.exceptions import PermissionDenied

SECTION_CODE = "enforcement"


def _business(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not user.admin_role)


def is_section_handler(user):
    if not _business(user) or user.section_id is None:
        return False
    cached = getattr(user, "_enforcement_handler", None)
    if cached is None:
        cached = user.section.code == SECTION_CODE
        user._enforcement_handler = cached
    return cached


def is_section_viewer(user):
    if not _business(user):
        return False
    cached = getattr(user, "_enforcement_viewer", None)
    if cached is None:
        from apps.org.models import Section

        cached = (
            user.rank == "director"
            or is_section_handler(user)
            or (
                user.rank == "division_leader"
                and Section.objects.filter(code=SECTION_CODE, division_leader=user).exists()
            )
        )
        user._enforcement_viewer = cached
    return cached


def require_viewer(user):
    if not is_section_viewer(user):
        raise PermissionDenied("行政执法监督科的台账仅限本科室、分管领导和局长查看。")


def require_handler(user):
    if not is_section_handler(user):
        raise PermissionDenied("只有行政执法监督科工作人员可以办理此事项。")
