from django.contrib import admin
from django.urls import include, path

from apps.workflow.views import healthz, home

admin.site.site_header = "区司法局办公平台 · 管理"
admin.site.site_title = "办公平台管理"
admin.site.index_title = "规则与基础数据"
# the app sidebar squeezes wide rule lists at 1366 px; the breadcrumbs and home page suffice
admin.site.enable_nav_sidebar = False


def admin_urls():
    """The admin without its content-type shortcut (/admin/r/<type>/<id>/): that view answers
    with a redirect for any existing id and so tells an administrator which cases exist."""
    urls, app_name, namespace = admin.site.urls
    return [u for u in urls if getattr(u, "name", None) != "view_on_site"], app_name, namespace


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("apps.accounts.urls")),
    path("org/", include("apps.org.urls")),
    path("audit/", include("apps.audit.urls")),
    path("matters/", include("apps.matters.urls")),
    path("documents/", include("apps.documents.urls")),
    path("seals/", include("apps.seals.urls")),
    path("supervision/", include("apps.supervision.urls")),
    path("proposals/", include("apps.proposals.urls")),
    path("meetings/", include("apps.meetings.urls")),
    path("duty/", include("apps.duty.urls")),
    path("petitions/", include("apps.petitions.urls")),
    path("reception/", include("apps.reception.urls")),
    path("disclosure/", include("apps.disclosure.urls")),
    path("finance/", include("apps.finance.urls")),
    path("confidential/", include("apps.confidential.urls")),
    path("archives/", include("apps.archives.urls")),
    path("hr/", include("apps.hr.urls")),
    path("reconsideration/", include("apps.reconsideration.urls")),
    path("normative-files/", include("apps.normative_files.urls")),
    path("enforcement/", include("apps.enforcement.urls")),
    path("rule-of-law/", include("apps.rule_of_law.urls")),
    path("lawyers/", include("apps.lawyers.urls")),
    path("legal-services/", include("apps.legal_services.urls")),
    path("community-correction/", include("apps.community_correction.urls")),
    path("inspections/", include("apps.inspections.urls")),
    path("secrecy/", include("apps.secrecy.urls")),
    path("emergency/", include("apps.emergency.urls")),
    path("research/", include("apps.research.urls")),
    path("bulletin/", include("apps.bulletin.urls")),
    path("it-projects/", include("apps.it_projects.urls")),
    path("housekeeping/", include("apps.housekeeping.urls")),
    path("training/", include("apps.training.urls")),
    path("village/", include("apps.village.urls")),
    path("integrity/", include("apps.integrity.urls")),
    path("study/", include("apps.study.urls")),
    path("overview/", include("apps.overview.urls")),
    path("search/", include("apps.search.urls")),
    path("print/", include("apps.printing.urls")),
    path("privacy/", include("apps.privacy.urls")),
    path("", include("apps.workflow.urls")),
    path("admin/", admin_urls()),
]

# The portal's Chinese error pages, in its frame (bureau/errors.py; CSRF_FAILURE_VIEW in settings).
handler400 = "bureau.errors.bad_request"
handler403 = "bureau.errors.permission_denied"
handler404 = "bureau.errors.page_not_found"
handler500 = "bureau.errors.server_error"
