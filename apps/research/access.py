"""Who may see and keep the research work (seed 000 1.6 调查研究: 办公室).

The office plans the year's topics and drafts the reports; the office's division leader and
the director approve them and read everything. A topic is a case: the engine's
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
