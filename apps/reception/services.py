"""Logging a visit or a call, and what it becomes, in one transaction: the contact row and the
petition, the disclosure request or the 转交 note commit together or not at all."""

import importlib.util
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from apps.org.models import Section
from apps.privacy.values import plain_text
from apps.workflow import api
from apps.workflow.api import TransitionError
from apps.workflow.models import Notification

from .models import OFFICE, Contact, Kind, Outcome
from .processes import HANDOFF


def disclosure_available():
    """The 转为政府信息公开申请 option exists only once apps.disclosure is installed."""
    from django.apps import apps

    return apps.is_installed("apps.disclosure") and importlib.util.find_spec("apps.disclosure.services") is not None


def outcomes():
    return [(v, label) for v, label in Outcome.choices if v != Outcome.DISCLOSURE or disclosure_available()]


def may_log(user):
    return bool(getattr(user, "is_authenticated", False) and user.is_active and not user.admin_role and user.section_id)


def _text(value, what, limit=None):
    value = (value or "").strip()
    if not value:
        raise TransitionError(f"请填写{what}。")
    if limit and len(value) > limit:
        raise TransitionError(f"{what}不能超过 {limit} 个字。")
    return value


@transaction.atomic
def log_contact(actor, data):
    """Record a contact with its outcome. `data`: kind, occurred_at, name, phone, headcount,
    summary, outcome, and per outcome: answer; id_number, address (petition, disclosure);
    reply_form (disclosure); section, note (转交科室). Returns the Contact."""
    if not may_log(actor):
        raise TransitionError("只有科室工作人员可以登记来访、来电。")
    occurred_at = data.get("occurred_at") or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        raise TransitionError("接待时间不能晚于现在。")
    headcount = int(data.get("headcount") or 1)
    if headcount < 1:
        raise TransitionError("人数至少为 1 人。")
    outcome = data.get("outcome")
    if outcome not in dict(outcomes()):
        raise TransitionError("请选择处理方式。")
    contact = Contact(
        kind=data.get("kind") or Kind.VISIT,
        occurred_at=occurred_at,
        name=_text(data.get("name"), "姓名", 40),
        phone=plain_text(data.get("phone")).strip(),
        headcount=headcount,
        summary=_text(data.get("summary"), "反映事项"),
        outcome=outcome,
        first_responder=actor,
    )
    if outcome == Outcome.ANSWERED:
        contact.answer = _text(data.get("answer"), "解答内容")
    elif outcome == Outcome.PETITION:
        contact.case = _to_petition(actor, contact, data)
    elif outcome == Outcome.DISCLOSURE:
        contact.case = _to_disclosure(actor, contact, data)
    else:
        contact.section = data.get("section")
        if contact.section is None:
            raise TransitionError("请选择转交的科室。")
        contact.note = (data.get("note") or "").strip()
        _hand_off(actor, contact)
        return contact
    contact.save()
    return contact


def _to_petition(actor, contact, data):
    from apps.petitions.services import register_from_contact

    # Registered for the office (whoever is on duty there); the one who logged it stays the
    # registrar and handler (首问责任制).
    return register_from_contact(
        actor,
        visit=contact.kind == Kind.VISIT,
        received_on=timezone.localdate(contact.occurred_at),
        petitioner=contact.name,
        phone=plain_text(contact.phone),
        id_number=plain_text(data.get("id_number")).strip(),
        address=plain_text(data.get("address")).strip(),
        headcount=contact.headcount,
        demands=contact.summary,
        section=Section.objects.filter(code=OFFICE).first(),
    )


def _to_disclosure(actor, contact, data):
    if contact.kind != Kind.VISIT:
        # 政府信息公开条例 §29: a request is made in writing; only one who cannot write may make it
        # orally in person, and the office fills the form in for them.
        raise TransitionError(
            "政府信息公开申请应书面提出（确有困难的可当面口头提出），电话不能登记为申请；请一次性告知来电人申请方式。"
        )
    from apps.disclosure.services import register_oral_request

    return register_oral_request(
        actor,
        applicant=contact.name,
        content=contact.summary,
        received_on=timezone.localdate(contact.occurred_at),
        id_number=plain_text(data.get("id_number")).strip(),
        phone=plain_text(contact.phone),
        address=plain_text(data.get("address")).strip(),
        reply_form=data.get("reply_form") or "",
    )


def _hand_off(actor, contact):
    title = f"{contact.get_kind_display()}转交：{contact.name}（{contact.summary[:30]}）"
    case = api.create_case(HANDOFF, initiator=actor, section=contact.section, title=title[:200], step_label="首问登记")
    contact.case = case
    contact.save()  # the route reads the contact (case.reception_contact)
    case = api.submit(case.pk, actor)
    chief = case.tasks.get(status="pending").assignee
    Notification.objects.get_or_create(
        key=f"reception-handoff:{case.pk}:{chief.pk}",
        defaults={
            "user": chief,
            "case": case,
            "kind": Notification.Kind.INFO,
            "url": case.get_absolute_url(),
            "message": f"{actor.full_name}转交{contact.get_kind_display()}事项：{contact.name}，{contact.summary[:60]}，请签收。",
        },
    )
    return case
