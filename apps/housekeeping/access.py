"""Who may see and keep the 内务 records (seed 002 内务管理制度: 办公室负责机关安全保卫、卫生, 机关
后勤专干管理食堂).

The office records the inspections and the canteen ledger; the office's division leader and the
director read everything; a section (or judicial office) sees the inspections of its own office.
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


LOGISTICS_POSITION = "logistics_officer"


def logistics_officer():
    """机关后勤专干 (the org.Position row), or None when the post is not filled."""
    from apps.org.models import Position

    position = Position.objects.filter(key=LOGISTICS_POSITION).select_related("holder").first()
    return position.holder if position and position.holder and position.holder.is_active else None
