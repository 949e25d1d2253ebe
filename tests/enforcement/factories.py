from datetime import date, timedelta

from apps.enforcement import services
from apps.enforcement.models import ActKind, CertKind, Finding
from apps.org.models import ExternalUnit
from apps.workflow import api
from apps.workflow.models import Task


def unit(code="dept_market"):
    return ExternalUnit.objects.get(code=code)


def new_complaint(clerk, received_on=None, **extra):
    data = {
        "complainant": "王五",
        "id_number": "",
        "phone": "13800138000",
        "unit": unit(),
        "act_kind": ActKind.PENALTY,
        "content": "区市场监管局对个体户罚款未告知陈述申辩权利",
        "received_on": received_on or date(2026, 9, 23),
        **extra,
    }
    return services.register_complaint(clerk, data)


def pending(case):
    return Task.objects.pending().get(case=case)


def approve_all(case, *people, opinion="同意。"):
    for person in people:
        api.approve(case.pk, pending(case).pk, person, opinion)


def to_followup(
    enf,
    finding=Finding.OPINION,
    received_on=date(2026, 9, 23),
    accepted_on=date(2026, 9, 29),
    proposed_on=date(2026, 10, 9),
    issued_on=date(2026, 10, 12),
    served_on=date(2026, 10, 13),
):
    case = new_complaint(enf.clerk, received_on)
    services.accept_complaint(case.pk, enf.clerk, accepted_on)
    services.propose(
        case.pk,
        enf.clerk,
        "经调阅案卷，处罚决定前未告知陈述申辩权利。",
        finding,
        "请依法纠正。",
        proposed_on,
        "revoke" if finding == Finding.DECISION else "",
    )
    approvers = [enf.chief, enf.leader] + ([enf.director] if finding == Finding.DECISION else [])
    approve_all(case, *approvers)
    services.issue(case.pk, enf.clerk, issued_on, served_on)
    return case


def new_certificate(clerk, kind=CertKind.ENFORCEMENT, applied_on=date(2025, 9, 1), **extra):
    data = {
        "kind": kind,
        "holder": "李四",
        "id_number": "370305198301127530",
        "unit": unit(),
        "post": "执法队员",
        "areas": "市场监管",
        "applied_on": applied_on,
        **extra,
    }
    return services.apply_certificate(clerk, data)


def issued_certificate(clerk, issued_on=date(2025, 10, 9), number="SD-ZF-0001", expires_on=date(2030, 10, 8), **extra):
    """Applied, checked and examined on the application day (default 40 days before issue)."""
    applied_on = extra.pop("applied_on", None) or issued_on - timedelta(days=40)
    cert = new_certificate(clerk, applied_on=applied_on, **extra)
    services.check_certificate(cert.pk, clerk, True, "", applied_on)
    services.record_exam(cert.pk, clerk, "86", applied_on)
    return services.issue_certificate(cert.pk, clerk, number, issued_on, expires_on)
