"""Role tests: with the demo data loaded, only the section, the responsible 司法所's staff, the
division leader and the director see a subject, a count, a search hit or an export row; every
view and reveal is audited; no plaintext ID number or phone anywhere in the database."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client

from apps.accounts.models import AdminRole, OfficeRole, OfficeRoleGrant, User
from apps.audit.models import AuditEvent
from apps.community_correction import demo
from apps.community_correction.models import Assessment, Subject
from apps.org.management.commands.seed_demo import ADMINS, LEADERS, OFFICE_ROLE_USERS, SECTION_STAFF
from apps.org.models import Section
from apps.workflow.models import Case, Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(bureau):
    """Every demo account seed_demo makes (from its own tables), and this app's 司法所 staff."""
    users = {}
    for code, (_, people) in SECTION_STAFF.items():
        for username, name, rank in people:
            users[username] = User.objects.create_user(
                username=username, password="x", full_name=name, section=bureau[code], rank=rank
            )
    for username, name, role in OFFICE_ROLE_USERS:
        users[username] = User.objects.create_user(
            username=username, password="x", full_name=name, section=bureau["office"]
        )
        OfficeRoleGrant.objects.create(user=users[username], role=role)
    for username, name, rank, led in LEADERS:
        users[username] = User.objects.create_user(
            username=username, password="x", full_name=name, section=bureau["leadership"], rank=rank
        )
        for code in led:
            Section.objects.filter(code=code).update(division_leader=users[username])
    for username, name, role in ADMINS:
        users[username] = User.objects.create_user(
            username=username, password="x", full_name=name, admin_role=role, rank="", is_staff=role != AdminRole.AUDIT
        )
    assert OfficeRole  # (the roles above are granted through OfficeRoleGrant)
    demo.create_demo_cases(users)
    users.update({u.username: u for u in User.objects.filter(username__startswith="jo.")})
    return users


ALL = {"correct.chief", "correct.clerk", "leader.zhang", "director"}


def expected_subjects(user):
    if user.username in ALL:
        return set(Subject.objects.values_list("pk", flat=True))
    if user.username.startswith("jo."):
        return set(Subject.objects.filter(office_id=user.section_id).values_list("pk", flat=True))
    return set()


def client(user):
    c = Client()
    c.force_login(user)
    return c


def test_every_demo_user_sees_exactly_their_subjects(demo_users):
    assert Subject.objects.count() == 11
    names = list(Subject.objects.values_list("name", flat=True))
    for username, user in demo_users.items():
        mine = expected_subjects(user)
        assert set(Subject.objects.visible_to(user).values_list("pk", flat=True)) == mine, username
        c = client(user)
        pages = [
            "/community-correction/",
            "/community-correction/subjects/",
            "/community-correction/subjects/?q=某",
            "/community-correction/stats/",
            "/community-correction/assessments/",
        ]
        for url in pages:
            response = c.get(url)
            if not mine and not user.username.startswith("jo."):
                assert response.status_code in (302, 403), (username, url)
                continue
            assert response.status_code == 200, (username, url)
            text = response.content.decode()
            for subject in Subject.objects.exclude(pk__in=mine):
                assert f'/subjects/{subject.pk}/"' not in text, (username, url)
        for subject in Subject.objects.all():
            status = c.get(f"/community-correction/subjects/{subject.pk}/").status_code
            assert (status == 200) == (subject.pk in mine), (username, subject.pk, status)
        # a person's name never appears on anything an outsider can open
        if not mine and not user.username.startswith("jo."):
            for url in ("/", "/inbox/"):
                text = c.get(url).content.decode() if c.get(url).status_code == 200 else ""
                assert not any(name in text for name in names), (username, url)


def office_of_case(case):
    record = case.process_def.domain(case)
    return getattr(record, "office_id", None) or record.subject.office_id


def test_correction_cases_are_seen_only_by_their_audience(demo_users):
    """Through the engine too (待办, 超期, case pages, 科室队列): the section, the leaders in
    charge and the responsible office only, never another section's scope, grant or delegate."""
    cases = list(Case.objects.filter(process__startswith="correction."))
    assert {c.process for c in cases} >= {
        "correction.subject",
        "correction.assessment",
        "correction.travel",
        "correction.monitoring",
        "correction.sanction",
        "correction.proposal",
        "correction.relocation",
    }
    for username, user in demo_users.items():
        seen = set(Case.objects.visible_to(user).filter(process__startswith="correction.").values_list("pk", flat=True))
        if username in ALL:
            expected = {c.pk for c in cases}
        elif username.startswith("jo."):
            expected = {c.pk for c in cases if office_of_case(c) == user.section_id}
        else:
            expected = set()
        assert seen == expected, username
        # nobody holds a correction task on a case they cannot see
        held = set(
            Task.objects.filter(assignee=user, case__process__startswith="correction.").values_list("case", flat=True)
        )
        assert held <= seen, username


def test_the_office_s_inbox_has_its_correction_work_with_masked_titles(demo_users):
    names = list(Subject.objects.values_list("name", flat=True)) + list(
        Assessment.objects.values_list("person", flat=True)
    )
    for username in ("jo.wenshao", "jo.wenshao.staff", "jo.qidu", "jo.qidu.staff", "jo.jixia", "correct.chief"):
        c = client(demo_users[username])
        text = c.get("/inbox/").content.decode()
        assert "社区矫正对象" in text or "调查评估" in text, username
        assert not any(name in text for name in names), username
    # the case page of the office's own subject opens (audited); another office's does not exist for them
    mine = Subject.objects.filter(office__code="jo_wenshao").exclude(case=None).first()
    other = Subject.objects.filter(office__code="jo_qidu").exclude(case=None).first()
    c = client(demo_users["jo.wenshao.staff"])
    assert c.get(mine.case.get_absolute_url()).status_code == 200
    assert AuditEvent.objects.filter(event="correction.case_view", actor=demo_users["jo.wenshao.staff"]).exists()
    assert c.get(other.case.get_absolute_url()).status_code == 404
    assert client(demo_users["lawyer.chief"]).get(mine.case.get_absolute_url()).status_code == 404


def test_counts_on_the_dashboard_are_only_the_office_s(demo_users):
    jo = demo_users["jo.jixia"]
    response = client(jo).get("/community-correction/")
    mine = Subject.objects.filter(office_id=jo.section_id)
    assert response.context["counts"]["supervised"] == mine.filter(status=Subject.Status.SUPERVISED).count()
    assert response.context["counts"]["supervised"] < Subject.objects.filter(status=Subject.Status.SUPERVISED).count()
    assert (
        response.context["counts"]["assessments"]
        == Assessment.objects.filter(office_id=jo.section_id, case__status="active").count()
    )


def test_export_is_capped_purpose_stated_and_only_visible_rows(demo_users):
    jo = demo_users["jo.wenshao"]
    c = client(jo)
    assert c.get("/community-correction/subjects/export/").status_code == 200
    assert c.post("/community-correction/subjects/export/", {"reason": ""}).status_code == 200  # a purpose is required
    response = c.post("/community-correction/subjects/export/", {"reason": "季度核对在矫人员"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.filter(event="export.correction_subjects", actor=jo).get()
    assert event.detail["rows"] == Subject.objects.filter(office_id=jo.section_id).count()
    assert event.detail["purpose"] == "季度核对在矫人员"
    assert client(demo_users["lawyer.chief"]).get("/community-correction/subjects/export/").status_code == 403


def test_every_view_and_reveal_is_audited(demo_users):
    s = Subject.objects.filter(office__code="jo_wenshao").first()
    for username in ("jo.wenshao.staff", "leader.zhang", "correct.clerk"):
        user = demo_users[username]
        client(user).get(f"/community-correction/subjects/{s.pk}/")
        assert AuditEvent.objects.filter(event="correction.view", actor=user, object_id=str(s.pk)).count() == 1
    # the handler reveals with a reason (audited); the division leader only oversees: masked, refused, audited
    staff = client(demo_users["jo.wenshao.staff"])
    url = f"/privacy/reveal/community_correction.subject/{s.pk}/id_number/"
    response = staff.post(url, {"reason": "核对身份办理外出审批"})
    assert response.status_code == 200 and s.id_number.plain in response.content.decode()
    assert (
        AuditEvent.objects.filter(event="pii.reveal", actor=demo_users["jo.wenshao.staff"], outcome="success").count()
        == 1
    )
    assert client(demo_users["leader.zhang"]).post(url, {"reason": "查看"}).status_code == 403
    assert (
        AuditEvent.objects.filter(event="pii.reveal", actor=demo_users["leader.zhang"], outcome="denied").count() == 1
    )
    assert client(demo_users["jo.qidu"]).post(url, {"reason": "查看"}).status_code == 404
    assert client(demo_users["office.clerk"]).get(url).status_code == 404


def test_no_plaintext_id_number_or_phone_anywhere_in_the_database(demo_users):
    plain = []
    for s in Subject.objects.all():
        plain += [s.id_number.plain, s.phone.plain, s.family_phone.plain]
    for a in Assessment.objects.all():
        plain.append(a.id_number.plain)
    assert len(plain) > 30
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        for table in tables:
            columns = [
                c.name
                for c in connection.introspection.get_table_description(cursor, table)
                if c.type_code in (25, 1043, 3802, 114)  # text, varchar, jsonb, json (PostgreSQL oids)
            ]
            for column in columns:
                for value in plain:
                    cursor.execute(f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1', [f"%{value}%"])
                    assert cursor.fetchone() is None, (table, column)


def test_list_query_count_does_not_grow(demo_users, django_assert_max_num_queries, today_is):
    c = client(demo_users["correct.chief"])
    c.get("/community-correction/subjects/")
    with django_assert_max_num_queries(14):
        c.get("/community-correction/subjects/")
    from .factories import id_number

    base = Subject.objects.first()
    for i in range(15):
        Subject.objects.create(
            name=f"加量{i}",
            id_number=id_number(100 + i),
            sentence_type=base.sentence_type,
            crime="x",
            deciding_body=base.deciding_body,
            judgment_no="x",
            effective_on=date(2026, 1, 1),
            start_on=date(2026, 1, 1),
            end_on=date(2027, 1, 1),
            office=base.office,
            created_by=base.created_by,
            report_due=date(2026, 1, 11),
        )
    with django_assert_max_num_queries(14):
        c.get("/community-correction/subjects/")
    with django_assert_max_num_queries(20):
        c.get("/community-correction/stats/")
    with django_assert_max_num_queries(20):
        c.get("/community-correction/")
