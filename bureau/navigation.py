"""The side navigation, grouped by section (办公室, 政工科, the business sections).

Forty-odd links in one column is a wall: each group is a <details> that is open when the page
shown belongs to it or when it is the viewer's own section's group, so staff see their own
section's entries and can unfold the others. The project package knows every app; the platform
apps do not, which is why this lives here and not in apps/workflow.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str
    app: str
    # finance has two entries: which `tab` values each one covers (None = any)
    tabs: frozenset | None = None
    exclude_tabs: frozenset | None = None


FINANCE_MONEY = frozenset({"claims"})

GROUPS = [
    # Shown only to the director, division leaders and chiefs (LEADER_RANKS): the overview of
    # the sections they answer for (apps/overview); staff have their inbox.
    ("leaders", "领导", [Link("领导总览", "overview:index", "overview")]),
    (
        "office",
        "办公室",
        [
            Link("公文办理", "documents:desk", "documents"),
            Link("事项审批", "matters:list", "matters"),
            Link("印章管理", "seals:use_list", "seals"),
            Link("接待登记", "reception:list", "reception"),
            Link("信访", "petitions:list", "petitions"),
            Link("信息公开", "disclosure:list", "disclosure"),
            Link("督查督办", "supervision:list", "supervision"),
            Link("建议提案", "proposals:list", "proposals"),
            Link("会务管理", "meetings:list", "meetings"),
            Link("值班管理", "duty:home", "duty"),
            Link("应急管理", "emergency:home", "emergency"),
            Link("密件登记", "confidential:list", "confidential"),
            Link("保密管理", "secrecy:home", "secrecy"),
            Link("信息编发", "bulletin:home", "bulletin"),
            Link("调研工作", "research:home", "research"),
            Link("信息化项目", "it_projects:home", "it_projects"),
            Link("档案管理", "archives:catalogue", "archives"),
            Link("财务报销", "finance:claim_list", "finance", tabs=FINANCE_MONEY),
            Link("后勤管理", "finance:vehicle_list", "finance", exclude_tabs=FINANCE_MONEY),
            Link("内务管理", "housekeeping:home", "housekeeping"),
        ],
    ),
    (
        "personnel",
        "政工科",
        [
            Link("人事与请假考勤", "hr:leave_list", "hr"),
            Link("教育培训", "training:home", "training"),
            Link("学习制度", "study:home", "study"),
            Link("廉政风险防控", "integrity:home", "integrity"),
            Link("驻村帮扶", "village:home", "village"),
        ],
    ),
    (
        "business",
        "业务科室",
        [
            Link("普法依法治理", "rule_of_law:home", "rule_of_law"),
            Link("行政复议应诉", "reconsideration:home", "reconsideration"),
            Link("规范性文件", "normative_files:home", "normative_files"),
            Link("执法监督", "enforcement:home", "enforcement"),
            Link("公共法律服务", "legal_services:home", "legal_services"),
            Link("律师工作", "lawyers:home", "lawyers"),
            Link("社区矫正", "community_correction:home", "community_correction"),
        ],
    ),
]

# Which group a viewer's own section opens (org.Section.code); the leadership opens none (they
# move across all of them), every other unit (business sections, judicial offices) 业务科室.
SECTION_GROUP = {"office": "office", "personnel": "personnel", "leadership": ""}
LEADER_RANKS = ("director", "division_leader", "chief")


def _is_active(link, app, tab):
    if link.app != app:
        return False
    if link.tabs is not None:
        return tab in link.tabs
    if link.exclude_tabs is not None:
        return tab not in link.exclude_tabs
    return True


def groups_for(rank, section_code, app, tab):
    """[{key, label, open, links: [(link, active)]}] for a viewer of `rank` in the section coded
    `section_code` (None: no section) on a page of `app` (and finance `tab`)."""
    own = SECTION_GROUP.get(section_code or "", "business") if section_code is not None else ""
    groups = []
    for key, label, links in GROUPS:
        if key == "leaders" and rank not in LEADER_RANKS:
            continue
        rows = [(link, _is_active(link, app, tab)) for link in links]
        is_open = any(active for _, active in rows) or key == own
        groups.append({"key": key, "label": label, "open": is_open, "links": rows})
    return groups


@functools.lru_cache(maxsize=1024)
def _groups_html(rank, section_code, app, tab, script_prefix):
    return mark_safe(
        render_to_string("includes/_nav_groups.html", {"nav_groups": groups_for(rank, section_code, app, tab)}).strip()
    )


def groups_html(rank, section_code, app, tab):
    """The groups as HTML (includes/_nav_groups.html). Every page renders them, ~40 links with a
    {% url %} each, yet they depend only on these four values: rendered once per combination and
    kept (issue 19). The URL prefix is part of the key, since {% url %} writes it into each link.
    With DEBUG on every request renders them, so an edited template shows at once."""
    rank = rank if rank in LEADER_RANKS else ""  # all other ranks see the same groups
    if settings.DEBUG:
        return _groups_html.__wrapped__(rank, section_code, app, tab, "")
    return _groups_html(rank, section_code, app, tab, get_script_prefix())


def navigation(request):
    """Context processor: `nav_groups_html`, the side navigation's section groups."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    app = match.app_name if match else ""
    tab = ""
    if app == "finance" and match:
        # finance's URL names say which entry they belong to (claim_list, decision_add, vehicle_list, ...)
        tab = "claims" if match.url_name.startswith(("claim", "advance", "decision")) else "other"
    section = getattr(user, "section", None)
    section_code = getattr(section, "code", "") if section is not None else None
    return {"nav_groups_html": groups_html(getattr(user, "rank", ""), section_code, app, tab)}
