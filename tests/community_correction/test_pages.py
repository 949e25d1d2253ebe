"""Pages and printed forms: each print renders from the file's data and is audited; a form
that does not fit the state is refused; the monthly statistics and their Excel."""

from datetime import date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from apps.audit.models import AuditEvent
from apps.community_correction import services
from apps.community_correction.models import Proposal, Sanction
from apps.org.models import ExternalUnit

from .factories import supervised

pytestmark = pytest.mark.django_db


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_every_printed_form(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc, end_on=date(2026, 10, 8), on=date(2026, 10, 8))
    t = services.request_travel(s.pk, cc.ws, "济南", "探亲", date(2026, 10, 9), date(2026, 10, 10))
    services.decide_travel(t.pk, cc.ws_chief, True)
    services.record_return(t.pk, cc.ws, date(2026, 10, 8))
    w = services.record_sanction(s.pk, cc.chief, Sanction.Kind.WARNING, date(2026, 10, 8), "未按规定报告")
    at = timezone.make_aware(datetime(2026, 10, 8, 9))
    p = services.submit_proposal(
        s.pk, cc.chief, Proposal.Kind.REVOCATION, ExternalUnit.objects.get(code="court_district"), at, "理由"
    )
    c = client(cc.ws)
    base = "/community-correction"
    certificate = c.get(f"{base}/subjects/{s.pk}/print/certificate/")
    assert certificate.status_code == 302  # not released yet
    services.release(s.pk, cc.ws, date(2026, 10, 8))
    urls = [
        f"{base}/subjects/{s.pk}/print/{form}/" for form in ("announce", "plan", "certificate", "release", "receipt")
    ]
    urls += [f"{base}/travel/{t.pk}/print/", f"{base}/sanctions/{w.pk}/print/", f"{base}/proposals/{p.pk}/print/"]
    for url in urls:
        response = c.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(event="print.correction", actor=cc.ws).count() == len(urls)
    # another office's staff: not found
    assert client(cc.qd).get(urls[2]).status_code == 404


def test_stats_page_and_excel(cc, today_is):
    today_is(date(2026, 10, 20))
    s = supervised(cc)
    services.record_sanction(s.pk, cc.chief, Sanction.Kind.WARNING, date(2026, 10, 20), "未报告")
    c = client(cc.leader)
    response = c.get("/community-correction/stats/?year=2026&month=10")
    assert response.status_code == 200
    row = response.context["f"]["rows"][0]
    headers = response.context["f"]["headers"]
    assert row["office"] == "闻韶司法所"
    assert row["cells"][headers.index("警告")] == 1
    assert row["cells"][headers.index("月末在矫")] == 1
    xlsx = c.get("/community-correction/stats/?year=2026&month=10&export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(event="export.correction_monthly", actor=cc.leader).exists()


def test_section_pages_open_for_the_section_and_the_offices(cc, today_is):
    for user in (cc.clerk, cc.ws, cc.leader):
        c = client(user)
        for url in (
            "/community-correction/events/",
            "/community-correction/hazards/",
            "/community-correction/training/",
            "/community-correction/committee/",
            "/community-correction/social/",
            "/community-correction/plans/",
        ):
            assert c.get(url).status_code == 200, (user.username, url)
    assert client(cc.office_chief).get("/community-correction/hazards/").status_code == 403


def test_a_subject_action_refused_shows_the_reason(cc, today_is):
    today_is(date(2026, 10, 8))
    s = supervised(cc)
    c = client(cc.ws)
    response = c.post(
        f"/community-correction/subjects/{s.pk}/do/travel/",
        {
            "travel-destination": "上海",
            "travel-reason": "务工",
            "travel-start_on": "2026-10-09",
            "travel-end_on": "2026-11-20",
        },
        follow=True,
    )
    assert "单次外出不得超过30日" in response.content.decode()
