"""Who may see and keep the secrecy records (seed 000 1.1.3: 办公室机要保密人员).

The office keeps them: its staff record pledges, trainings, self-inspections and the carrier
ledger; the office's division leader and the director read them. Everyone else (and the
administrators, who handle no business) is refused: a pledge names a person, the carrier ledger
says where classified material is kept.
"""

from apps.accounts.models import OfficeRole, Rank

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


def is_secrecy_officer(user):
    """The 机要员 (the org's office role for 机要保密) or the office chief."""
    return in_office(user) and (user.rank == Rank.CHIEF or user.has_office_role(OfficeRole.CONFIDENTIAL_CLERK))
