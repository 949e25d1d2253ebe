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
    t = services.request_travel(s.pk, cc.ws, "济南", "探亲", date(2026, 10, 8), date(2026, 10, 10))
    services.decide_travel(t.pk, cc.ws_chief, True)
    services.record_return(t.pk, cc.ws, date(2026, 10, 8))
    w = services.record_sanction(s.pk, cc.ws, Sanction.Kind.WARNING, date(2026, 10, 8), "未按规定报告")
    services.decide_sanction(w.pk, cc.chief, True)
    at = timezone.make_aware(datetime(2026, 10, 8, 9))
    p = services.submit_proposal(
        s.pk, cc.clerk, Proposal.Kind.REVOCATION, ExternalUnit.objects.get(code="court_district"), "理由"
    )
    services.decide_proposal(p.pk, cc.chief, True)
    services.decide_proposal(p.pk, cc.leader, True)
    services.serve_proposal(p.pk, cc.clerk, at)
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
    # the handler's forms carry the ID number in full (an audited read); an overseer's copy is masked
    assert all(e.detail["id_number_in_full"] for e in AuditEvent.objects.filter(event="print.correction", actor=cc.ws))
    leader_copy = client(cc.leader).get(urls[2])
    assert leader_copy.status_code == 200
    assert not AuditEvent.objects.filter(event="print.correction", actor=cc.leader).get().detail["id_number_in_full"]
    # another office's staff: not found
    assert client(cc.qd).get(urls[2]).status_code == 404


def test_printed_certificate_text_has_the_full_id_for_the_handler(cc, today_is, monkeypatch):
    from apps.community_correction import views

    seen = {}
    real = views.render_pdf

    def spy(template, context, request):
        seen[request.user.username] = context["id_number"]
        return real(template, context, request)

    monkeypatch.setattr(views, "render_pdf", spy)
    today_is(date(2026, 10, 8))
    s = supervised(cc, on=date(2026, 10, 8))
    client(cc.ws).get(f"/community-correction/subjects/{s.pk}/print/announce/")
    client(cc.leader).get(f"/community-correction/subjects/{s.pk}/print/announce/")
    assert seen["ws.staff"] == s.id_number.plain
    assert seen["cc.leader"] == s.id_number.masked != s.id_number.plain


def test_stats_page_and_excel(cc, today_is):
    today_is(date(2026, 10, 20))
    s = supervised(cc)
    w = services.record_sanction(s.pk, cc.ws, Sanction.Kind.WARNING, date(2026, 10, 20), "未报告")
    services.decide_sanction(w.pk, cc.chief, True)
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
