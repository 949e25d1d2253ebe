"""Who is who for 社区矫正, computed once per user object (one query at most).

* the section: members of Section `correction` (社区矫正工作科, acting as the 区社区矫正机构);
  its chief (`rank=chief`) is the agency's head for the acts the county agency decides;
* overseers: the section's division leader and the director (see all, reveal nothing);
* a 司法所's staff: users whose section is of kind `judicial_office` (their own office's
  subjects only); its chief (所长) approves the 司法所's tier of travel;
* the bureau's heads (县级司法行政部门负责人, §29): the director and the section's division leader.
Everyone else sees nothing of this app: not a subject, not a count.
"""

from apps.accounts.models import Rank
from apps.org.models import Section

SECTION_CODE = "correction"


def _facts(user):
    cached = getattr(user, "_cc_access", None)
    if cached is not None:
        return cached
    facts = {"section": False, "overseer": False, "office": None, "chief": False}
    if getattr(user, "is_authenticated", False) and user.is_active and not user.admin_role:
        section = user.section if user.section_id else None
        facts["chief"] = user.rank == Rank.CHIEF
        if section is not None and section.code == SECTION_CODE:
            facts["section"] = True
        elif section is not None and section.kind == Section.Kind.JUDICIAL_OFFICE:
            facts["office"] = section.pk
        if user.rank == Rank.DIRECTOR:
            facts["overseer"] = True
        elif user.rank == Rank.DIVISION_LEADER:
            facts["overseer"] = Section.objects.filter(code=SECTION_CODE, division_leader=user).exists()
    user._cc_access = facts
    return facts


def in_section(user):
    return _facts(user)["section"]


def section_chief(user):
    facts = _facts(user)
    return facts["section"] and facts["chief"]


def overseer(user):
    return _facts(user)["overseer"]


def sees_all(user):
    facts = _facts(user)
    return facts["section"] or facts["overseer"]


def office_of(user):
    """The pk of the 司法所 `user` works at, or None."""
    return _facts(user)["office"]


def office_chief(user, office_id):
    facts = _facts(user)
    return facts["office"] is not None and facts["office"] == office_id and facts["chief"]


def may_use(user):
    """May open this app's pages at all."""
    return sees_all(user) or office_of(user) is not None


def handles(user, office_id):
    """Handles the records of `office_id`: the section's staff and that office's staff."""
    facts = _facts(user)
    return facts["section"] or (facts["office"] is not None and facts["office"] == office_id)


def head(user):
    """县级司法行政部门负责人 (社区矫正法 §29): the director or the section's division leader."""
    return overseer(user)
