"""Who may see and keep the IT projects (seed 000 1.8 信息化建设: 办公室).

The office takes the request, runs the project and the acceptance; the office's division leader and
the director approve them and read everything. A project is a case: the engine's
visibility rule applies to them (and a leader routed on one sees it).
"""

from apps.accounts.models import Rank

OFFICE = "office"


def is_business(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not user.admin_role)


def in_office(user):
    return is_business(user) and user.section_id is not None and user.section.code == OFFICE


def may_see(user):
    """The office, its division leader and the director."""
    if not is_business(user):
        return False
    if in_office(user) or user.rank == Rank.DIRECTOR:
        return True
    from apps.org.models import Section

    return Section.objects.filter(code=OFFICE, division_leader_id=user.pk).exists()


def may_keep(user):
    """The office's staff and chief record; leaders read."""
    return in_office(user)
