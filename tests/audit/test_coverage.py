"""What the audit log must hold (SECURITY.md C1, C4; issue 3 item 3): every workflow
transition, every grant, prints and exports, rule and role changes in the admin, and nothing
happens when its audit row cannot be written."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import DatabaseError, connection
from django.test import Client
from django.utils import timezone

from apps.audit.admin_log import AuditedAdminMixin
from apps.audit.models import AuditEvent
from apps.workflow import deadlines, services
from apps.workflow.models import ApprovalRule, Case, CaseEvent, CaseGrant, Task
from tests.matters.factories import new_request

pytestmark = pytest.mark.django_db


def task(case, user):
    return Task.objects.get(case=case, assignee=user, status=Task.Status.PENDING)


def approve(case, user):
    services.approve(case.pk, task(case, user).pk, user, "同意")


def submitted(p):
    return new_request(p.clerk, submit=True)


def closed(p):
    case = submitted(p)
    approve(case, p.chief)
    approve(case, p.leader)
    services.complete(case.pk, task(case, p.clerk).pk, p.clerk, "已落实")
    return case


def circulated(p):
    case = closed(p)
    services.circulate(case.pk, p.clerk, [p.outsider], "请知悉")
    return case


def at_countersign(p):
    case = new_request(p.clerk, countersign=("lawyers",), submit=True)
    approve(case, p.chief)
    return case


def confidential(p):
    case = new_request(p.clerk)
    Case.objects.filter(pk=case.pk).update(is_confidential=True)
    services.submit(case.pk, p.clerk)
    return case


# transition -> (the case before it, the move, the audit event it must write)
TRANSITIONS = {
    "create": (None, lambda p, c: new_request(p.clerk), "workflow.create"),
    "submit": (lambda p: new_request(p.clerk), lambda p, c: services.submit(c.pk, p.clerk), "workflow.submit"),
    "approve": (submitted, lambda p, c: approve(c, p.chief), "workflow.approve"),
    "countersign": (at_countersign, lambda p, c: approve(c, p.other_chief), "workflow.countersign"),
    "reject": (
        submitted,
        lambda p, c: services.reject(c.pk, task(c, p.chief).pk, p.chief, "不同意"),
        "workflow.reject",
    ),
    "return": (
        submitted,
        lambda p, c: services.return_case(c.pk, task(c, p.chief).pk, p.chief, -1, "请补充"),
        "workflow.return",
    ),
    "transfer": (
        submitted,
        lambda p, c: services.transfer(c.pk, task(c, p.chief).pk, p.chief, p.colleague, "请代办"),
        "workflow.transfer",
    ),
    "withdraw": (submitted, lambda p, c: services.withdraw(c.pk, p.clerk), "workflow.withdraw"),
    "done": (None, lambda p, c: closed(p), "workflow.done"),
    "circulate": (closed, lambda p, c: services.circulate(c.pk, p.clerk, [p.outsider], "请知悉"), "workflow.circulate"),
    "read": (circulated, lambda p, c: services.mark_read(c.pk, task(c, p.outsider).pk, p.outsider), "workflow.read"),
    "archive": (closed, lambda p, c: services.archive(c.pk, p.archivist), "workflow.archive"),
    "grant": (
        confidential,
        lambda p, c: services.grant_case_access(c.pk, p.secadmin, p.colleague),
        "permission.grant_case",
    ),
    "clock": (
        submitted,
        lambda p, c: deadlines.start_clock(c, "supervision-district-handoff", timezone.localdate(), p.chief),
        "workflow.clock",
    ),
}
EVENT_OF = {CaseEvent.Action.GRANT: "permission.grant_case"}


@pytest.mark.parametrize("name", TRANSITIONS)
def test_each_transition_writes_its_audit_row(people, name):
    before_case, move, event = TRANSITIONS[name]
    case = before_case(people) if before_case else None
    last_audit = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    last_event = CaseEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    result = move(people, case)
    case = case or result
    new_audit = AuditEvent.objects.filter(id__gt=last_audit)
    assert new_audit.filter(event=event, object_type="workflow.Case", object_id=str(case.pk)).exists(), event
    # and every step of the business log written by the move has its audit row, same actor
    for business in CaseEvent.objects.filter(id__gt=last_event).select_related("actor"):
        expected = EVENT_OF.get(business.action, f"workflow.{business.action}")
        assert new_audit.filter(event=expected, object_id=str(business.case_id), actor=business.actor).exists(), (
            expected
        )
    for row in new_audit:
        assert row.actor_id and row.actor_name and row.created_at and row.hash, row.event


@pytest.mark.parametrize("name", ["approve", "grant"])
def test_a_failing_audit_write_rolls_the_action_back(people, name):
    """C4: the audit row is written in the action's transaction; if the audit store refuses it,
    the action does not happen."""
    before_case, move, _ = TRANSITIONS[name]
    case = before_case(people)
    state = (
        Case.objects.filter(pk=case.pk).values_list("status", "version", "current_step").get(),
        sorted(Task.objects.filter(case=case).values_list("pk", "status")),
        CaseEvent.objects.filter(case=case).count(),
        CaseGrant.objects.count(),
    )
    with refusing_audit_store():
        with pytest.raises(DatabaseError):
            move(people, case)
    assert state == (
        Case.objects.filter(pk=case.pk).values_list("status", "version", "current_step").get(),
        sorted(Task.objects.filter(case=case).values_list("pk", "status")),
        CaseEvent.objects.filter(case=case).count(),
        CaseGrant.objects.count(),
    )


class refusing_audit_store:
    """The audit table refuses new rows: a trigger on PostgreSQL (the database itself says no),
    a failing save elsewhere."""

    def __enter__(self):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("""
                    CREATE FUNCTION test_refuse_audit() RETURNS trigger AS $$
                    BEGIN RAISE EXCEPTION 'audit store unavailable'; END; $$ LANGUAGE plpgsql;
                    CREATE TRIGGER test_refuse_audit BEFORE INSERT ON audit_auditevent
                        FOR EACH ROW EXECUTE FUNCTION test_refuse_audit();
                """)
        else:
            self._save = AuditEvent.save

            def refuse(*args, **kwargs):
                raise DatabaseError("audit store unavailable")

            AuditEvent.save = refuse
        return self

    def __exit__(self, *exc):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("DROP TRIGGER test_refuse_audit ON audit_auditevent; DROP FUNCTION test_refuse_audit();")
        else:
            AuditEvent.save = self._save


def test_an_admin_rule_change_that_cannot_be_audited_does_not_happen(people):
    client = Client(raise_request_exception=True)
    client.force_login(people.sysadmin)
    rule = ApprovalRule.objects.order_by("pk").first()
    label = rule.label
    form = rule_form(rule, label="改过的环节名")
    with refusing_audit_store(), pytest.raises(DatabaseError):
        client.post(f"/admin/workflow/approvalrule/{rule.pk}/change/", form)
    rule.refresh_from_db()
    assert rule.label == label


def rule_form(rule, **changes):
    data = {
        "process_chain": f"{rule.process}::{rule.chain}",
        "change_reason": "测试修改",
        "seq": rule.seq,
        "label": rule.label,
        "role": rule.role,
        "user": rule.user_id or "",
        "fact": rule.fact,
        "min_value": rule.min_value if rule.min_value is not None else "",
        "max_value": rule.max_value if rule.max_value is not None else "",
        "time_limit_days": rule.time_limit_days or "",
        "applicant_ranks": [r for r in rule.applicant_ranks.split(",") if r],
        "active": "on" if rule.active else "",
    }
    for field in ApprovalRule._meta.concrete_fields:
        if field.name not in data and field.name not in ("id", "process", "chain") and not field.auto_created:
            value = getattr(rule, field.attname)
            data[field.name] = "" if value is None else value
    data.update(changes)
    return {k: v for k, v in data.items() if v not in ("", None, False)}


# --- grants: one audited function -------------------------------------------------------------

GRANT_WRITES = re.compile(
    r"CaseGrant\.objects\.(create|get_or_create|update_or_create|bulk_create)|\bassign_perm\(|bulk_assign_perm|"
    r"UserObjectPermission\.objects\.|GroupObjectPermission\.objects\."
)


def test_grants_are_made_only_by_the_one_audited_function():
    """guardian's bulk helpers fire no signals: if grants could be made elsewhere, they could be
    made without an audit row. Only services.grant_view creates CaseGrant rows."""
    root = Path(settings.BASE_DIR) / "apps"
    found = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for match in GRANT_WRITES.finditer(path.read_text(encoding="utf-8")):
            found.append(f"{path.relative_to(root.parent)}:{match.group(0)}")
    assert found == ["apps/workflow/services.py:CaseGrant.objects.get_or_create"], found


def test_every_grant_row_has_its_audit_row(people):
    case = confidential(people)
    services.grant_case_access(case.pk, people.secadmin, people.colleague)
    services.grant_case_access(case.pk, people.secadmin, people.outsider)
    for grant in CaseGrant.objects.all():
        assert AuditEvent.objects.filter(
            event="permission.grant_case", object_id=str(grant.content_object_id), detail__grantee=grant.user_id
        ).exists()


# --- prints and exports ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "url", "event"),
    [
        ("clerk", "/print/cases/{case}/approval-form.pdf", "print.approval_form"),
        ("clerk", "/matters/?export=xlsx", "export.general_requests"),
        ("clerk", "/inbox/?tab=mine&export=xlsx", "export.inbox"),
        ("auditor", "/audit/?export=xlsx", "export.audit"),
        ("clerk", "/attachments/{attachment}/", "file.download"),
    ],
)
def test_prints_exports_and_downloads_are_audited(people, client, user, url, event):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.workflow.attachments import save_attachment

    case = submitted(people)
    attachment = save_attachment(case, SimpleUploadedFile("a.txt", b"abc", content_type="text/plain"), people.clerk)
    actor = getattr(people, user)
    client.force_login(actor)
    response = client.get(url.format(case=case.pk, attachment=attachment.pk))
    assert response.status_code == 200
    row = AuditEvent.objects.filter(event=event).latest("id")
    assert row.actor == actor and row.ip == "127.0.0.1" and row.request_id


# --- rule and role changes in the admin -----------------------------------------------------------


def test_every_admin_is_audited():
    """Every model registered in the admin writes audit rows for its changes (through
    RoleRestrictedAdmin, the base of every admin here)."""
    unaudited = [
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdminMixin)
    ]
    assert not unaudited


def sysadmin_client(people):
    client = Client()
    client.force_login(people.sysadmin)
    return client


def test_rule_changes_in_the_admin_name_the_changed_fields(people):
    client = sysadmin_client(people)
    rule = ApprovalRule.objects.order_by("pk").first()
    response = client.post(f"/admin/workflow/approvalrule/{rule.pk}/change/", rule_form(rule, label="改过的环节名"))
    assert response.status_code == 302, response.content.decode()[:3000]
    row = AuditEvent.objects.get(event="config.approval_rule")
    assert row.actor == people.sysadmin and row.object_id == str(rule.pk)
    assert row.detail["action"] == "change" and row.detail["fields"] == ["label"]
    assert "改过的环节名" not in str(row.detail)  # names of fields, not their values


def test_org_changes_in_the_admin_are_audited_as_config_changes(people, bureau):
    from apps.org.models import Duty, Post

    client = sysadmin_client(people)
    office = bureau["office"]
    data = {
        "name": "办公室（新）",
        "alt_name": office.alt_name,
        "kind": office.kind,
        "order": office.order,
        "code": office.code,
        "division_leader": office.division_leader_id or "",
    }
    for field in type(office)._meta.concrete_fields:
        if field.name not in data and field.name != "id":
            value = getattr(office, field.attname)
            data[field.name] = "" if value is None else value
    response = client.post(
        f"/admin/org/section/{office.pk}/change/", {k: v for k, v in data.items() if v not in (None, False)}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    row = AuditEvent.objects.get(event="config.change", object_type="org.Section")
    assert row.detail["action"] == "change" and "name" in row.detail["fields"]

    duties = list(Duty.objects.order_by("pk")[:2])
    response = client.post(
        "/admin/org/duty/", {"action": "delete_selected", "_selected_action": [d.pk for d in duties], "post": "yes"}
    )
    assert response.status_code == 302
    deleted = AuditEvent.objects.filter(event="config.change", object_type="org.Duty", detail__action="delete")
    assert sorted(deleted.values_list("object_id", flat=True)) == sorted(str(d.pk) for d in duties)
    assert not Duty.objects.filter(pk__in=[d.pk for d in duties]).exists()
    assert Post.objects.exists()


def test_role_changes_in_the_admin_are_audited_as_permission_changes(people):
    from apps.accounts.models import Clearance
    from tests.conftest import PASSWORD

    client = Client()
    client.force_login(people.secadmin)
    client.post("/accounts/reauth/", {"password": PASSWORD})
    user = people.colleague
    page = client.get(f"/admin/accounts/user/{user.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: v for k, v in data.items() if v is not False and k != "password"}
    data.update(
        {
            "clearance": Clearance.WORK_SECRET,
            "office_roles-TOTAL_FORMS": "1",
            "office_roles-INITIAL_FORMS": "0",
            "office_roles-0-role": "archivist",
            "office_roles-0-user": str(user.pk),
        }
    )
    for key in ("last_login", "date_joined", "password_changed_at"):
        data.pop(key, None)
    response = client.post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    row = AuditEvent.objects.get(event="permission.change", object_id=str(user.pk))
    assert row.actor == people.secadmin and "clearance" in row.detail["fields"]
    assert (
        row.detail["inlines"][0]["model"] == "accounts.OfficeRoleGrant"
        and row.detail["inlines"][0]["action"] == "create"
    )
