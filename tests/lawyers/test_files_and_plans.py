"""Licence files (律师法 §6, §18; 行政许可法 §32), the annual assessment (7.3) with its
dashboard of who has not reported, and the plans with tasks chased by the sweep."""

from datetime import date

import pytest
from django.test import Client

from apps.lawyers import services
from apps.lawyers.models import AssessmentStage, LicenceStage, Status
from apps.workflow.api import TransitionError
from apps.workflow.models import Case, Notification
from apps.workflow.sweep import run_sweep
from tests.lawyers.factories import make_firm, make_lawyer

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


def licence(actor, received_on=date(2026, 9, 28), kind="lawyer"):
    return services.register_licence(
        actor, {"kind": kind, "applicant": "郭子涵", "phone": "13800138000", "firm": None, "received_on": received_on}
    )


def test_a_licence_file_from_receipt_through_one_itemised_notice_to_the_provinces_decision(bureau, people, today):
    p = people
    today.set(date(2026, 9, 28))
    case = licence(p.outsider)
    # 5 WD from Monday 28 Sept (行政许可法 §32(四), §82): 29, 30 Sept, 8, 9, Saturday 10 Oct.
    assert case.clocks.get(rule__code=services.SUPPLEMENT_NOTICE_RULE).due_date == date(2026, 10, 10)
    today.set(date(2026, 9, 30))
    with pytest.raises(TransitionError):
        services.forward_licence(case.pk, p.outsider, date(2026, 9, 30))  # not checked yet
    services.check_materials(case.pk, p.outsider, ["qualification"], date(2026, 9, 30), "须由市律协出具")
    f = case.lawyer_licence
    f.refresh_from_db()
    assert f.stage == LicenceStage.SUPPLEMENT
    assert f.missing_labels == [
        "律师协会出具的申请人实习考核合格的材料",
        "申请人的身份证明",
        "律师事务所出具的同意接收申请人的证明",
    ]
    with pytest.raises(TransitionError):  # one notice only
        services.check_materials(case.pk, p.outsider, [], date(2026, 9, 30))
    c = client_for(p.outsider)
    response = c.get(f"/lawyers/licences/{case.pk}/print/supplement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert c.get(f"/lawyers/licences/{case.pk}/print/forward.pdf").status_code == 302  # not forwarded yet

    today.set(date(2026, 10, 9))
    services.receive_supplement(case.pk, p.outsider, date(2026, 10, 9))
    services.forward_licence(case.pk, p.outsider, date(2026, 10, 9))
    # The city's 20 days from 9 Oct: 29 Oct (a Thursday).
    assert case.clocks.get(rule__code=services.CITY_RULE).due_date == date(2026, 10, 29)
    today.set(date(2026, 10, 27))
    services.record_city(case.pk, p.outsider, date(2026, 10, 27), True, "审查通过，报省厅")
    # The province's 10 days from 27 Oct: 6 Nov.
    assert case.clocks.get(rule__code=services.PROVINCE_RULE).due_date == date(2026, 11, 6)
    today.set(date(2026, 11, 5))
    with pytest.raises(TransitionError, match="证号"):
        services.record_province(case.pk, p.outsider, date(2026, 11, 5), True)
    services.record_province(case.pk, p.outsider, date(2026, 11, 5), True, "13703202611122233")
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.lawyer_licence.stage == LicenceStage.GRANTED
    c = client_for(p.outsider)
    assert c.get(f"/lawyers/licences/{case.pk}/print/forward.pdf").status_code == 200
    # The office does not see it.
    assert client_for(p.clerk).get(f"/cases/{case.pk}/").status_code == 404
    assert c.get("/lawyers/licences/?export=xlsx").status_code == 200


def test_the_annual_assessment_and_who_has_not_reported(bureau, people, today):
    p = people
    today.set(date(2026, 3, 20))
    firm = make_firm()
    other = make_firm(name="山东稷下律师事务所", licence_no="L2")
    make_firm(name="注销所", licence_no="L3", status=Status.CANCELLED)
    a = make_lawyer(firm)
    b = make_lawyer(other, name="王志刚", licence_no="N2")
    make_lawyer(None, name="孙浩然", licence_no="N3", kind="public", employer="临淄区司法局")
    firms, lawyers = services.not_reported(p.outsider, 2025)
    assert {f.name for f in firms} == {"山东齐都律师事务所", "山东稷下律师事务所"}
    assert {x.name for x in lawyers} == {"李明远", "王志刚"}  # 公职律师 assessed by their unit
    r1 = services.receive_report(p.outsider, 2025, date(2026, 3, 2), firm=firm)
    r2 = services.receive_report(p.outsider, 2025, date(2026, 3, 3), lawyer=a)
    with pytest.raises(TransitionError):
        services.receive_report(p.outsider, 2025, date(2026, 3, 3), lawyer=a)
    with pytest.raises(TransitionError):
        services.receive_report(p.other_leader, 2025, date(2026, 3, 3), lawyer=b)  # leaders oversee
    firms, lawyers = services.not_reported(p.outsider, 2025)
    assert [f.name for f in firms] == ["山东稷下律师事务所"] and [x.name for x in lawyers] == ["王志刚"]
    with pytest.raises(TransitionError):
        services.forward_reports(p.outsider, 2025, date(2026, 3, 10))  # nothing reviewed
    services.review_report(p.outsider, r1.pk, "pass", "材料齐全，实地检查无问题。", date(2026, 3, 10))
    services.review_report(p.outsider, r2.pk, "basic", "有一件投诉在调查。", date(2026, 3, 10))
    assert services.forward_reports(p.outsider, 2025, date(2026, 3, 12)) == 2
    with pytest.raises(TransitionError):
        services.review_report(p.outsider, r1.pk, "fail", "改", date(2026, 3, 13))
    services.record_assessment_result(p.outsider, r1.pk, "pass", date(2026, 3, 20))
    r1.refresh_from_db()
    assert r1.stage == AssessmentStage.DONE
    c = client_for(p.outsider)
    page = c.get("/lawyers/assessment/?year=2025").content.decode()
    assert "未报送材料（1 家律所、1 名律师）" in page and "王志刚" in page
    assert c.get("/lawyers/assessment/print.pdf?year=2025").status_code == 200
    # Through the page's forms.
    response = c.post("/lawyers/assessment/receive", {"year": "2025", "lawyer": b.pk, "received_on": "2026-03-20"})
    assert response.status_code == 302 and b.reports.count() == 1
    assert client_for(p.clerk).get("/lawyers/assessment/print.pdf?year=2025").status_code == 404
    assert client_for(p.clerk).post("/lawyers/assessment/receive", {"year": "2025"}).status_code == 403


def test_plan_tasks_are_reminded_then_chased_each_notice_once(bureau, people, today):
    p = people
    today.set(date(2026, 9, 1))
    plan = services.create_plan(
        p.outsider,
        {
            "title": "2026年律所规范化建设指导监督计划",
            "kind": "supervision",
            "year": 2026,
            "summary": "要点",
            "issued_on": date(2026, 9, 1),
        },
    )
    # Due Friday 9 Oct: reminded from 3 WD before, Tuesday 29 Sept (30 Sept, 8 Oct, 9 Oct to go).
    task = services.add_task(
        p.outsider, plan.pk, {"content": "专项检查", "owner": p.outsider, "due_on": date(2026, 10, 9)}
    )
    with pytest.raises(TransitionError):
        services.add_task(p.outsider, plan.pk, {"content": "早于计划", "owner": p.outsider, "due_on": date(2026, 8, 1)})

    def notes():
        return sorted(
            (n.user.username, n.kind) for n in Notification.objects.filter(key__startswith=f"lawyers-task:{task.pk}:")
        )

    for day in (date(2026, 9, 28), date(2026, 9, 28)):
        today.set(day, hour=2)
        run_sweep(today=day)
    assert notes() == []
    for day in (date(2026, 9, 29), date(2026, 9, 29), date(2026, 10, 8)):
        today.set(day, hour=2)
        run_sweep(today=day)
    assert notes() == [("outsider", "remind")]
    for day in (date(2026, 10, 12), date(2026, 10, 13)):
        today.set(day, hour=2)
        run_sweep(today=day)
    assert notes() == [("otherchief", "overdue"), ("outsider", "overdue"), ("outsider", "remind")]
    today.set(date(2026, 10, 14))
    services.complete_task(p.outsider, task.pk, date(2026, 10, 14), "检查律所 4 家。")
    with pytest.raises(TransitionError):
        services.complete_task(p.outsider, task.pk, date(2026, 10, 14), "again")
    run_sweep(today=date(2026, 10, 15))
    assert len(notes()) == 3
    page = client_for(p.other_leader).get(f"/lawyers/plans/{plan.pk}/").content.decode()
    assert "专项检查" in page and "登记完成" not in page
    assert client_for(p.clerk).get(f"/lawyers/plans/{plan.pk}/").status_code == 404
    assert client_for(p.outsider).get(f"/lawyers/plans/{plan.pk}/print.pdf").status_code == 200


def test_an_advisers_term_end_is_told_to_the_section_once(bureau, people, today):
    from apps.lawyers.models import LegalAdviser

    today.set(date(2026, 12, 1))
    a = LegalAdviser.objects.create(
        unit="临淄区人民政府",
        adviser="李明远",
        kind="outside_lawyer",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    run_sweep(today=date(2026, 11, 20))
    assert not Notification.objects.filter(key__startswith=f"lawyers-adviser:{a.pk}:").exists()
    run_sweep(today=date(2026, 12, 1))
    run_sweep(today=date(2026, 12, 2))
    keys = Notification.objects.filter(key__startswith=f"lawyers-adviser:{a.pk}:")
    assert sorted(n.user.username for n in keys) == ["otherchief", "outsider"]
    run_sweep(today=date(2027, 1, 4))
    assert keys.filter(kind="overdue").count() == 2


def test_the_complaint_acceptance_clock_is_reminded_once_by_the_engine(bureau, people, today):
    from tests.lawyers.factories import new_complaint

    today.set(date(2026, 9, 28))
    case = new_complaint(people.outsider)  # acceptance due Friday 16 Oct; remind 3, 1 WD before
    for day in (date(2026, 10, 13), date(2026, 10, 13), date(2026, 10, 15), date(2026, 10, 15)):
        today.set(day, hour=2)
        run_sweep(today=day)
    reminders = Notification.objects.filter(case=case, clock__rule__code=services.ACCEPT_RULE, kind="remind")
    assert reminders.count() == 2  # the chief holding 分办, at 3 and at 1 working day before
