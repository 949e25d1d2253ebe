"""Who may see and keep the emergency records (seed 000 1.1.7: 办公室负责局机关应急、值班).

The office keeps the plans and drills and handles incidents; the office's division leader and
the director (the 局应急指挥领导小组) read everything. Incidents are cases: the engine's
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
