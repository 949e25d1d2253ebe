from datetime import timedelta

from django.utils import timezone

from apps.inspections import services
from apps.inspections.models import Mode, PlanKind, Severity


def approved_plan(corr, title="2026年度社区矫正执法规范化检查", kind=PlanKind.ANNUAL):
    plan = services.create_plan(
        corr.clerk, corr.section, {"year": 2026, "kind": kind, "title": title, "scope": "各司法所执法规范化"}
    )
    return services.approve_plan(plan.pk, corr.chief)


def check_with_findings(corr, plan=None, target=None, findings=2, days_ago=1):
    plan = plan or approved_plan(corr)
    check = services.record_check(
        corr.clerk,
        plan.pk,
        {
            "target": target if target is not None else corr.office,
            "mode": Mode.ONSITE,
            "checked_on": timezone.localdate() - timedelta(days=days_ago),
            "inspectors": [corr.clerk, corr.colleague],
        },
    )
    for i in range(findings):
        services.add_finding(
            corr.clerk,
            check.pk,
            {"text": f"问题{i + 1}：走访记录缺失", "severity": Severity.SERIOUS, "requirement": f"整改要求{i + 1}"},
        )
    return check
