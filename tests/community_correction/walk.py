"""The community_correction app's lines of the URL walk (tests/workflow/test_permissions.py url_table).

None of the walk's personas works in the 社区矫正工作科 or a 司法所: only the director (who
oversees) may open the pages; everyone else gets 403 on every page and never a count."""

from datetime import timedelta
from urllib.parse import quote

from django.utils import timezone

from apps.accounts.models import Rank
from apps.community_correction import services
from apps.org.models import ExternalUnit, Section
from tests.community_correction.factories import id_number
from tests.conftest import make_user


def urls(world, expect, everyone):
    today = timezone.localdate()
    correction = Section.objects.get(code="correction")
    clerk = make_user("walk.correction", correction, Rank.STAFF, full_name="矫正科巡检员")
    s = services.register_subject(
        clerk,
        {
            "name": "巡检对象",
            "gender": "男",
            "id_number": id_number(777),
            "sentence_type": "probation",
            "crime": "危险驾驶罪",
            "deciding_body": ExternalUnit.objects.get(code="court_district"),
            "judgment_no": "（2026）鲁0305刑初777号",
            "effective_on": today - timedelta(days=3),
            "start_on": today - timedelta(days=3),
            "end_on": today + timedelta(days=200),
            "office": Section.objects.get(code="jo_wenshao"),
        },
    )
    page = expect(business=403, admins=403, director=200)
    missing = expect(business=403, admins=403, director=404)
    section_only = expect(business=403, admins=403)
    post = everyone(405)
    base = "/community-correction"
    return {
        "community_correction:home": [(f"{base}/", page)],
        "community_correction:subjects": [(f"{base}/subjects/", page), (f"{base}/subjects/?q={quote('巡检')}", page)],
        "community_correction:subjects_export": [(f"{base}/subjects/export/", page)],
        "community_correction:subject_new": [(f"{base}/subjects/new/", section_only)],
        "community_correction:subject": [(f"{base}/subjects/{s.pk}/", page)],
        "community_correction:subject_action": [(f"{base}/subjects/{s.pk}/do/report_in/", post)],
        "community_correction:subject_print": [(f"{base}/subjects/{s.pk}/print/receipt/", page)],
        "community_correction:travel_action": [(f"{base}/travel/1/decide/", post)],
        "community_correction:travel_print": [(f"{base}/travel/999999/print/", missing)],
        "community_correction:monitoring_action": [(f"{base}/monitoring/1/approve/", post)],
        "community_correction:sanction_print": [(f"{base}/sanctions/999999/print/", missing)],
        "community_correction:proposal_result": [(f"{base}/proposals/1/result/", post)],
        "community_correction:proposal_print": [(f"{base}/proposals/999999/print/", missing)],
        "community_correction:proposal_action": [(f"{base}/proposals/1/serve/", post)],
        "community_correction:sanction_action": [(f"{base}/sanctions/1/approve/", post)],
        "community_correction:relocation_action": [(f"{base}/relocations/1/approve/", post)],
        "community_correction:assessments": [(f"{base}/assessments/", page)],
        "community_correction:assessment_new": [(f"{base}/assessments/new/", section_only)],
        "community_correction:assessment": [(f"{base}/assessments/999999/", missing)],
        "community_correction:assessment_action": [(f"{base}/assessments/1/do/review/", post)],
        "community_correction:assessment_print": [(f"{base}/assessments/999999/print/", missing)],
        "community_correction:events": [(f"{base}/events/", page)],
        "community_correction:event": [(f"{base}/events/999999/", missing)],
        "community_correction:hazards": [(f"{base}/hazards/", page)],
        "community_correction:hazard_resolve": [(f"{base}/hazards/1/resolve/", post)],
        "community_correction:records": [(f"{base}/records/training/", page), (f"{base}/records/nonsense/", missing)],
        "community_correction:plans": [(f"{base}/plans/", page)],
        "community_correction:social": [(f"{base}/social/", page)],
        "community_correction:committee": [(f"{base}/committee/", page)],
        "community_correction:training": [(f"{base}/training/", page)],
        "community_correction:record_done": [(f"{base}/records/item/1/done/", post)],
        "community_correction:stats": [(f"{base}/stats/", page), (f"{base}/stats/?export=xlsx", page)],
    }
